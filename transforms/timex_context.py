"""Clues around a matched expression showing it is a name, a title or an ordinal rather than a time."""
from __future__ import annotations

import re

from transforms import lexicon

_QUOTES = "\"“”'`‘’"
_PREVIOUS_WORD = re.compile(r"([A-Za-z0-9][\w'.-]*)\s*$")
_NEXT_WORD = re.compile(r"[\s-]*([A-Za-z]+|\d)")
_TWO_WORDS = re.compile(r"\s*([A-Za-z]+)(?:[ \t-]+([A-Za-z]+))?")
_ACRONYM = re.compile(r"[A-Z]{2,4}")  # "VOA Today", "CNN Tonight": a broadcaster's name before a title word
_EVENT_NAME = re.compile(r"\s+(?:(?:of|for|on|to)\s+(?:the\s+)?[A-Z]|Day\b)")
_CAPITALIZED_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][a-z]+)\.?[ \t]+$")
_REPORTED_AFTER = re.compile(r"[ \t]+(?:said|says|told|added|announced|insisted|warned|wrote)\b")
_QUOTED_NAME_BEFORE = re.compile(r"\b(?:called|dubbed|named|code-?named|titled|entitled)\s+[\"“‘']+[^\"“”‘’]{0,60}$")


def in_quoted_name(text: str, start: int) -> bool:
    """Whether an expression lies in a quoted name: an operation "the clouds of autumn", a film called "High Noon"."""
    lo = max(0, start - 80)
    window = text[lo:start]
    if "called" not in window and "dubbed" not in window and "named" not in window and "titled" not in window:
        return False  # a quick test first: the pattern is tried only where one of its verbs is written
    return _QUOTED_NAME_BEFORE.search(text, lo, start) is not None


def names_a_person(text: str, start: int, end: int) -> bool:
    """Whether a bare month name is a person's name: "Theresa May", "Mrs May told parliament", "May said"."""
    before = _CAPITALIZED_BEFORE.search(text, max(0, start - 30), start)
    if before is not None and before.group(1).lower() not in lexicon.words("dates/words_before_a_month.txt"):
        return True
    return _REPORTED_AFTER.match(text, end) is not None


def in_title(text: str, start: int) -> bool:
    """Whether a capitalized word at `start` (one written in lower case in prose) is part of a title or name.

    "ABC's "This Week"", "VOA Today", "High Noon", "60 Minutes": the word follows a capitalized
    word or a number, or opens a quotation that follows a word rather than a clause break.
    """
    if not text[start:start + 1].isupper():
        return False
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i > 0 and text[i - 1] in _QUOTES:
        j = i - 1
        while j > 0 and text[j - 1] in _QUOTES + " \t":
            j -= 1
        return j > 0 and (text[j - 1].isalnum())
    m = _PREVIOUS_WORD.search(text, max(0, i - 40), i)
    if m is None or m.end() != i:
        return False
    word = m.group(1)
    if word.endswith("."):
        return False
    return word[0].isdigit() or (word[0].isupper() and any(c.islower() for c in word)) or _ACRONYM.fullmatch(word) is not None


def previous_word(text: str, start: int) -> str:
    """The word right before `start`, across white space only, in lower case ("" after punctuation)."""
    m = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    return m.group(1).lower() if m and m.end() == start and m.group(1)[-1].isalpha() else ""


def next_word(text: str, end: int) -> str:
    """The word right after `end` in lower case ("" at a punctuation mark or the end of the text)."""
    m = _NEXT_WORD.match(text, end)
    return m.group(1).lower() if m else ""


def names_an_event(text: str, end: int) -> bool:
    """Whether a month word ending at `end` heads a proper name ("March for Life", "March of the Mothers", "May Day")."""
    return _EVENT_NAME.match(text, end) is not None


def followed_by(text: str, end: int, listname: str) -> bool:
    """Whether the word after `end` is in the word list dates/<listname>.txt."""
    return next_word(text, end) in lexicon.words(f"dates/{listname}.txt")


def heads_noun_after(text: str, end: int, listname: str) -> bool:
    """Whether the noun after `end`, next or past one modifier ("today's personal computers"), is in dates/<listname>.txt."""
    m = _TWO_WORDS.match(text, end)
    words = lexicon.words(f"dates/{listname}.txt")
    return m is not None and (m.group(1).lower() in words or (m.group(2) or "").lower() in words)
