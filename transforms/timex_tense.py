"""Whether the clause around a temporal expression looks back or forward from the publication date."""
from __future__ import annotations

import re

from transforms import lexicon

PAST, UNKNOWN, FUTURE = -1, 0, 1

_FUTURE = lexicon.words("dates/future_markers.txt")
_PAST = lexicon.words("dates/past_markers.txt")
_NOT_PAST_ED = lexicon.words("dates/not_past_ed.txt")


def _alternation(words: frozenset[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace(" ", r"\s+")
                    for w in sorted(words, key=lambda w: (-len(w), w)))


# One scan finds every marker: the group tells its direction.  Words ending in -ed are read
# as past-tense verbs unless the exceptions list knows better; "'ll" needs no word boundary.
_MARKER = re.compile(
    rf"(?P<future>\b(?:{_alternation(_FUTURE - {chr(39) + 'll'})})\b|'ll\b)"
    rf"|(?P<past>\b(?:{_alternation(_PAST)})\b|\b[a-z]{{2,}}ed\b)",
    re.IGNORECASE,
)
_BACKSHIFT = re.compile(r"\b(?:was|were|had|had been|would have)\s+$", re.IGNORECASE)
# A passive or adjective in -ed takes its tense from elsewhere: "will be named", "an unspecified date".
_NOT_PAST_PARTICIPLE = re.compile(r"\b(?:be|being)\s+$", re.IGNORECASE)
_CLAUSE_START = re.compile(r"(?P<stop>[.!?])\s|[;:]\s|\n|\"|“|”")
_ABBREVIATION = lexicon.words("abbreviations.txt")
_WORD_BEFORE = re.compile(r"(\w+)$")
_INFINITIVE_MARKER = re.compile(r"ed\s+(?:to|for)$")
_REPORTING = frozenset({"said", "says", "told"})
_AUXILIARIES = frozenset({"was", "were", "had", "did", "been"})
_WINDOW = 160


def tense_at(text: str, start: int, end: int) -> int:
    """PAST, FUTURE or UNKNOWN for the expression text[start:end], from the nearest tense marker."""
    lo = max(0, start - _WINDOW)
    hi = min(len(text), end + _WINDOW)
    before = text[lo:start]
    cut = None
    for m in _CLAUSE_START.finditer(before):
        if not (m.group("stop") == "." and _abbreviation_before(before, m.start())):
            cut = m.end()
    if cut is not None:
        lo += cut
    for stop in _CLAUSE_START.finditer(text, end, hi):
        if not (stop.group("stop") == "." and _abbreviation_before(text, stop.start())):
            hi = stop.start() + 1
            break
    best, best_distance = UNKNOWN, None
    for m in _MARKER.finditer(text, lo, hi):
        if start <= m.start() < end:
            continue
        word = m.group()
        if word in ("May", "Until") or (m.lastgroup == "past" and _not_past(text, m)):
            continue  # the month; "Until Friday, they had ..." looks back; an -ed word that is no past tense
        direction = FUTURE if m.lastgroup == "future" else PAST
        if m.start() >= end and word.lower() in _REPORTING and "," in text[end:m.start()]:
            continue  # "..., a spokesman said": the time of the saying, not of what was said
        if direction == FUTURE and m.start() >= end and _INFINITIVE_MARKER.search(word):
            continue  # "on Friday, they planned to ...": the plan was made that day
        if direction == FUTURE and _BACKSHIFT.search(text, max(lo, m.start() - 20), m.start()):
            direction = PAST  # "was scheduled to", "had been expected": a plan that is past
        distance = start - m.end() if m.end() <= start else m.start() - end
        if best_distance is None or distance < best_distance:
            best, best_distance = direction, distance
    return best


def _not_past(text: str, m: re.Match) -> bool:
    word = m.group().lower()
    if word in _NOT_PAST_ED or (word.startswith("un") and word.endswith("ed")):
        return True
    if word in _AUXILIARIES:
        return False
    return _NOT_PAST_PARTICIPLE.search(text, max(0, m.start() - 8), m.start()) is not None


def _abbreviation_before(text: str, period: int) -> bool:
    """Whether the period at `period` ends an abbreviation or an initial rather than a clause."""
    m = _WORD_BEFORE.search(text, max(0, period - 12), period)
    if m is None:
        return False
    word = m.group(1)
    return (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATION
