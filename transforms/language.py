"""Language of an article, from the share of very frequent function words (English is all we extract from)."""
from __future__ import annotations

import re

from transforms import lexicon

_ENGLISH = lexicon.words("language_en.txt")
_WORD = re.compile(r"[^\W\d_]+")
# English news prose runs at 35-45% function words; other Latin-script languages share few of these.
_ENGLISH_SHARE = 0.15
_SAMPLE_CHARS = 5000


def detect_language(text: str) -> str:
    """'en' when the text reads as English, else 'und' (undetermined)."""
    words = _WORD.findall(text[:_SAMPLE_CHARS].lower())
    if len(words) < 3:
        return "und"
    share = sum(w in _ENGLISH for w in words) / len(words)
    return "en" if share >= _ENGLISH_SHARE else "und"
