"""Counts of time units written in digits or words ("13", "thirteen", "twenty four", "a couple of")."""
from __future__ import annotations

from transforms.timex_patterns import normalize, word_table

_WORDS = {k: float(v) for k, v in word_table("number_words").items()} | {"a": 1.0, "an": 1.0}
_ARTICLES = ("a", "an")


def parse_count(text: str) -> float | None:
    """The number a count phrase stands for, or None when it is not one."""
    # A private fallback until transforms/numerals.parse_number is on main.
    plain = text.replace(",", "").strip()
    try:
        return float(plain)
    except ValueError:
        pass
    words = [w for w in normalize(text).split() if w not in ("and", "of")]
    if not words or any(w not in _WORDS for w in words):
        return None
    half = 0.0
    if len(words) > 1 and words[-1] == "half":  # "one and a half", "a year and a half"
        half = 0.5
        words = words[:-1]
        if words[-1] in _ARTICLES:
            words = words[:-1]
    if words and words[0] == "half":  # "half a", "half a dozen"
        rest = parse_count(" ".join(words[1:])) if len(words) > 1 else 1.0
        return None if rest is None else rest * 0.5
    total = current = 0.0
    for w in words:
        value = _WORDS[w]
        if w in _ARTICLES:
            current = current or 1.0
        elif w in ("hundred", "dozen", "couple"):
            current = (current or 1.0) * value
        elif value >= 1000:
            total += (current or 1.0) * value
            current = 0.0
        else:
            current += value
    result = total + current + half
    return result or None
