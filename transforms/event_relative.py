"""Events dated by another event: "two days after the army retook Djibo", "A day earlier, rebels fired rockets"."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from transforms import lexicon
from transforms.event_toll import TOLL_RISE
from transforms.sentences import Sentence
from transforms.word_trie import fold_case, starts_with, trie_pattern

_ROWS = [(phrase, *kind_value.split()) for phrase, kind_value in lexicon.table("events_relative_dates.tsv").items()]
_COUNTS = {p: int(v) for p, k, v in _ROWS if k == "count"}
_UNITS = {p: int(v) for p, k, v in _ROWS if k == "unit"}
_OPENERS = {p: int(v) for p, k, v in _ROWS if k == "opener"}


_SPACE = r"\s+"
# The word lists match in any case without IGNORECASE (see trie_pattern): tried at the start of every sentence, they
# cost a fraction of what they cost under it.
_COUNT = rf"(?P<count>{trie_pattern(_COUNTS, space=_SPACE, any_case=True)}|\d{{1,2}}|several|a\s+few|few)"
_UNIT = rf"(?P<unit>{trie_pattern(_UNITS, space=_SPACE, any_case=True)})"
# "a day after the blast", "days after militants seized": the clause that follows tells of an earlier event.
# What a count or a unit may begin with: a quick test before the patterns that start with one (see starts_with).
_COUNT_OR_UNIT = starts_with([*_COUNTS, *_UNITS, "several", "a", "few"], True, also=r"\d")
_INSIDE = re.compile(rf"{_COUNT_OR_UNIT}\b(?:{_COUNT}\s+)?{_UNIT}\s+(?P<dir>after|before)\s+", re.I)
# A unit word ("days", "Hours") in any case IGNORECASE matches: a sentence without one has no match of _INSIDE, and
# this search costs a fraction of that one (no word boundary to test, no case folding at each place).
_ANY_UNIT = re.compile(starts_with(_UNITS, True) + trie_pattern(_UNITS, any_case=True))
# "A day earlier, ...", "Two days later ...", "Later that day, ...": the sentence follows the event told before.
_OPENER = rf"(?P<opener>{trie_pattern(_OPENERS, space=_SPACE, any_case=True)})"
# (Most sentences begin with a letter no count, unit or opener begins with: a quick test of it comes first.)
_OPENING_FIRST = starts_with([*_COUNTS, *_UNITS, *_OPENERS, "several", "few"], True, also=r"\d")
_OPENING = re.compile(rf"\s*{_OPENING_FIRST}(?:(?:{_COUNT}\s+)?{_UNIT}\s+(?P<dir>earlier|later)|{_OPENER})\b", re.I)
_INLINE = re.compile(rf"{_COUNT_OR_UNIT}\b(?:{_COUNT}\s+)?{_UNIT}\s+(?P<dir>earlier|later)\b(?!\s+than)", re.I)
# "after a day of heavy fighting": a fight of its own, whose day the sentence does not give ("after weeks of
# fighting" tells of a campaign, background).
_SPELL = re.compile(starts_with(["after"], True)
                    + rf"\bafter\s+(?:{_COUNT}\s+)?(?P<unit>hours?|days?|nights?)\s+of\s+", re.I)
# "less than a week after", "more than two weeks before": no day can be told.
_LOOSE = re.compile(r"\b(?:less|more|fewer)\s+than\s+$|\b(?:nearly|almost|over|under|within|barely)\s+$",
                    re.I)
# A clause goes on over ", killing 19 traders": what the participle tells is part of the same event.
_FORWARD = frozenset({"later", "before"})
_CLAUSE_END = re.compile(r"[;:—–()]|,\s+(?!and\b)(?![a-z]+ing\b)|\s-{1,2}\s|\.\s|$")


@dataclass(frozen=True, slots=True)
class RelativeDate:
    """A stretch of text whose events are dated by another event: `days` from the anchor (None: not known)."""

    start: int
    end: int
    days: int | None
    anchor: str  # "sentence": the date the rest of the sentence gives; "previous": the event told before


def relative_dates(text: str, sentences: Sequence[Sentence]) -> list[RelativeDate]:
    """The stretches of the article dated relative to another event, in order."""
    out: list[RelativeDate] = []
    for s in sentences:
        opening = _OPENING.match(text, s.start, s.end)
        if opening is not None:
            if opening.group("opener"):
                days: int | None = _OPENERS[_phrase(opening.group("opener"))]
            else:
                days = _signed_offset(opening)
            out.append(RelativeDate(s.start, s.end, days, "previous"))
            continue
        lowered = text[s.start:s.end].lower()
        inline = _INLINE.search(text, s.start, s.end) if "later" in lowered or "earlier" in lowered else None
        if inline is not None and TOLL_RISE.search(text, s.start, inline.start()) is not None:
            inline = None  # "The death toll rose to 27 on Thursday from 11 a day earlier": when it was counted
        if inline is not None:
            # "Police arrested a man hours later": the whole sentence follows the event told before.
            out.append(RelativeDate(s.start, s.end, _signed_offset(inline), "previous"))
            continue
        if "after" not in lowered and "before" not in lowered:
            continue  # what follows needs one of these words, and most sentences have neither: a quick test first
        if _ANY_UNIT.search(text, s.start, s.end) is not None:  # a quick test of what _INSIDE needs
            for m in _INSIDE.finditer(text, s.start, s.end):
                days = None if _LOOSE.search(text, max(s.start, m.start() - 12), m.start()) else _signed_offset(m)
                out.append(RelativeDate(m.end(), _clause_end(text, m.end(), s.end), days, "sentence"))
        for m in _SPELL.finditer(text, s.start, s.end):
            out.append(RelativeDate(m.end(), _clause_end(text, m.end(), s.end), None, "sentence"))
    return sorted(out, key=lambda r: r.start)


def _clause_end(text: str, start: int, sentence_end: int) -> int:
    end = _CLAUSE_END.search(text, start, sentence_end)
    return min(end.start() if end is not None else sentence_end, sentence_end)


def _signed_offset(m: re.Match) -> int | None:
    """The days from the anchor to the stretch: "two days later", "a day before the vote" count forward;
    "earlier" and "after the blast" (the clause tells of the earlier event) count back."""
    days = _offset(m)
    if days is None:
        return None
    return days if fold_case(m.group("dir")) in _FORWARD else -days


def _offset(m: re.Match) -> int | None:
    unit = _UNITS[fold_case(m.group("unit"))]
    count = m.group("count")
    if unit == 0:
        return 0  # hours or minutes after: the same day
    if count is not None and count.isdigit():
        return int(count) * unit
    n = _COUNTS.get(_phrase(count)) if count is not None else None
    return None if n is None else n * unit  # "days after", "several weeks before": no day can be told


def _phrase(words: str) -> str:
    """Words as the lexicon lists them: lower case, one space between."""
    return " ".join(fold_case(words).split())


def scope_of(scopes: Sequence[RelativeDate], offset: int) -> int | None:
    """The index of the relative stretch that holds an offset, if any."""
    i = bisect_right([r.start for r in scopes], offset) - 1
    return i if i >= 0 and scopes[i].start <= offset < scopes[i].end else None


def shifted(anchor: str | None, days: int | None) -> str | None:
    """A day-precision date moved by a number of days; None unless both are known."""
    if anchor is None or days is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", anchor):
        return None
    return (date.fromisoformat(anchor) + timedelta(days=days)).isoformat()
