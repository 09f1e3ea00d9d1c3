"""Counts of time units written in digits or words ("13", "thirteen", "twenty four", "a couple of")."""
from __future__ import annotations

import re

from transforms import lexicon
from transforms.numerals import parse_number

# Idioms of counted time that are no numbers on their own: "a day", "half an hour", "a quarter of an hour",
# "a couple of years".
_ARTICLE = re.compile(r"^an?$", re.IGNORECASE)
_HALF_OF = re.compile(r"^half(?:[\s-]+an?)?$", re.IGNORECASE)
_QUARTERS_OF = re.compile(r"^(a|one|three)\s+quarters?\s+of\s+an?$", re.IGNORECASE)
_COUPLE = re.compile(r"^(?:a\s+)?couple(?:\s+of)?$", re.IGNORECASE)
_AND_A_HALF = re.compile(r"^(.+?)\s+and\s+a\s+half$", re.IGNORECASE)
_OF = re.compile(r"\s+of$", re.IGNORECASE)
_SIMPLE = {word: float(spec.split()[1]) for word, spec in lexicon.table("numbers_words.tsv").items()
           if spec.split()[0] in ("unit", "teen", "tens")}


def parse_count(text: str) -> float | None:
    """The number a count phrase stands for, or None when it is not one."""
    if text.isdigit():
        return float(text)
    simple = _SIMPLE.get(text.lower())
    if simple is not None:  # "two", "thirteen": most counts are one word
        return simple
    phrase = _OF.sub("", " ".join(text.split()))
    if _ARTICLE.match(phrase):
        return 1.0
    if _HALF_OF.match(phrase):
        return 0.5
    quarters = _QUARTERS_OF.match(phrase)
    if quarters:
        return 0.75 if quarters.group(1).lower() == "three" else 0.25
    if _COUPLE.match(phrase):
        return 2.0
    m = _AND_A_HALF.match(phrase)
    if m:
        whole = parse_count(m.group(1))
        return None if whole is None else whole + 0.5
    if phrase.lower().startswith(("a ", "an ")) and not phrase.lower().startswith(("a half", "an half")):
        value = parse_number(phrase)
        return value if value is not None else parse_number(phrase.split(None, 1)[1])
    value = parse_number(phrase.replace(",", "") if phrase.replace(",", "").isdigit() else phrase)
    return value
