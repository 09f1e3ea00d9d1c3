"""The place a wire dateline names at the top of an article ("NAIROBI, June 13 (Xinhua) --")."""
from __future__ import annotations

import re

# "KUNDUZ, May 6 -", "ALEPPO, Syria, Dec 16 -", and without a date "EL PASO, Texas (AP) -".
DATELINE = re.compile(r"^\s*(?P<name>[A-Z][A-Z'’ -]+[A-Z])(?:,\s*[A-Z][\w ]+)?"
                      r"(?:,\s+\w+\.?\s+\d|\s*\([A-Z][A-Za-z]+\)\s*[-—–]|[ \t]+(?:[—–]|-{1,2})[ \t])")
# The date of a dateline, told right after its place: "CONAKRY, Sept 29", "ALEPPO, Syria, Dec 16" (searched in the
# text before a date).
DATELINE_DATE = re.compile(r"(?:^|\n)\s*[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][\w. ]+)?,\s*$")


def dateline_place(text: str) -> str | None:
    """The place name of the dateline that opens `text`, as written there ("NAIROBI"), or None."""
    match = DATELINE.match(text)
    return match.group("name") if match is not None else None
