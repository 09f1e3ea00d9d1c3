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
_CLAUSE_START = re.compile(r"[.!?;:]\s|\n|\"|“|”")
_WINDOW = 160


def tense_at(text: str, start: int, end: int) -> int:
    """PAST, FUTURE or UNKNOWN for the expression text[start:end], from the nearest tense marker."""
    lo = max(0, start - _WINDOW)
    hi = min(len(text), end + _WINDOW)
    before = text[lo:start]
    cut = None
    for m in _CLAUSE_START.finditer(before):
        cut = m.end()
    if cut is not None:
        lo += cut
    stop = _CLAUSE_START.search(text, end, hi)
    if stop is not None:
        hi = stop.start() + 1
    best, best_distance = UNKNOWN, None
    for m in _MARKER.finditer(text, lo, hi):
        if start <= m.start() < end:
            continue
        word = m.group()
        if word == "May" or (m.lastgroup == "past" and word.lower() in _NOT_PAST_ED):
            continue  # the month, or an -ed word that is no past tense
        direction = FUTURE if m.lastgroup == "future" else PAST
        if direction == FUTURE and _BACKSHIFT.search(text, max(lo, m.start() - 20), m.start()):
            direction = PAST  # "was scheduled to", "had been expected": a plan that is past
        distance = start - m.end() if m.end() <= start else m.start() - end
        if best_distance is None or distance < best_distance:
            best, best_distance = direction, distance
    return best
