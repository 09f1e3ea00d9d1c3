"""Days listed after a month and day ("April 24 and 25", "May 5, 6 and 7"): each is a DATE of that month."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from transforms import lexicon

if TYPE_CHECKING:
    from transforms.timex import Timex

# The rules whose match ends with the day of a named month, so a list of more days may follow.
_MONTH_DAY_RULES = ("date_month_day",)
_DAY_VALUE = re.compile(r"^(\d{4}|XXXX)-(\d\d)-\d\d$")
# One more day: after a comma, a conjunction or a range dash; not a decimal, a clock time or a percentage.
_MORE_DAY = re.compile(r"(?:,[ \t]*|[ \t]+(?:and|or|to|through)[ \t]+|[ \t]*[-–][ \t]*)"
                       r"([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w%:.,-]\w|[.,]\d)")
_FOLLOWER = re.compile(r"[ \t]*(?:([A-Za-z]+)|([.,;:!?)\]\"”'’]|\n|$))")


def add_listed_days(text: str, timexes: list[Timex]) -> list[Timex]:
    """`timexes` with a DATE added for every further day listed after a month and day, in text order.

    A listed number is a day only where the list ends the clause or a word of dates/day_list_followers.txt
    follows it ("April 24 and 25 in Geneva"); "May 5, 6 people died" is a date and a count.
    """
    out: list[Timex] = []
    for i, t in enumerate(timexes):
        out.append(t)
        shape = _DAY_VALUE.match(t.value) if t.rule in _MONTH_DAY_RULES else None
        if shape is None:
            continue
        limit = timexes[i + 1].start if i + 1 < len(timexes) else len(text)
        days, end, last = [], t.end, int(t.value[-2:])
        while (m := _MORE_DAY.match(text, end, limit)) is not None and int(m.group(1)) > last:
            days.append((m.start(1), m.end(1), int(m.group(1))))
            end, last = m.end(), int(m.group(1))
        if days and _ends_list(text, end) and all(_real_day(shape, day) for _, _, day in days):
            out += [_day_of(t, shape, text, start, stop, day) for start, stop, day in days]
    return out


def _real_day(shape: re.Match, day: int) -> bool:
    """Whether the month has that day (in a leap year when the year is unknown)."""
    year = 2000 if shape.group(1) == "XXXX" else int(shape.group(1))
    try:
        date(year, int(shape.group(2)), day)
    except ValueError:
        return False
    return True


def _ends_list(text: str, end: int) -> bool:
    m = _FOLLOWER.match(text, end)
    return m is not None and (m.group(2) is not None or m.group(1).lower() in lexicon.words("dates/day_list_followers.txt"))


def _day_of(first: Timex, shape: re.Match, text: str, start: int, end: int, day: int) -> Timex:
    year, month = shape.group(1), int(shape.group(2))
    when = date(int(year), month, day) if year != "XXXX" else None
    return replace(first, start=start, end=end, text=text[start:end], value=f"{year}-{month:02d}-{day:02d}", mod=None,
                   range_start=when, range_end=when, rule="day_list")
