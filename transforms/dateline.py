"""The publication date an article states in its wire dateline or byline."""
from __future__ import annotations

import re
from datetime import date

from transforms.timex import find_timexes

_HEAD_CHARS = 400
_SHORT_PARAGRAPH = 250
# A date in running prose is an event date; a dateline or byline date is introduced by a
# place name and a comma ("GAZA, Nov. 2"), a publishing verb, or stands in a short header line.
_INTRODUCED = re.compile(
    r"(?:\b(?:published|updated|posted|dated|released|last\s+modified)\b[\s:,-]*(?:on\s+)?"
    r"|\b[A-Z][A-Z.' -]{2,},\s+)$",
    re.IGNORECASE,
)


def find_dateline_date(text: str) -> date | None:
    """The day a wire dateline or byline at the top of `text` gives as the publication date, or None."""
    head = text[:_HEAD_CHARS]
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", head)]
    for timex in find_timexes(head, None):
        if timex.precision != "day" or timex.anchor != "absolute" or timex.range_start is None:
            continue
        paragraph = next(((s, e) for s, e in paragraphs if s <= timex.start < e), None)
        if paragraph is None or paragraph[0] >= _HEAD_CHARS // 2 and not _introduced(head, timex.start):
            continue
        short = paragraph[1] - paragraph[0] <= _SHORT_PARAGRAPH and paragraph[1] < len(head)
        if short or _introduced(head, timex.start):
            return timex.range_start
    return None


def _introduced(head: str, start: int) -> bool:
    before = head[max(0, start - 60):start]
    return _INTRODUCED.search(before) is not None
