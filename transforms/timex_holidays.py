"""The day of a named holiday (Christmas, Thanksgiving Day, Election Day) in a given year."""
from __future__ import annotations

import calendar
from datetime import date, timedelta

from transforms.timex_patterns import word_table

_RULES = word_table("holidays")


def holiday_date(name: str, year: int) -> date:
    """The day the holiday `name` (a key of dates/holidays.tsv, normalized) falls on in `year`."""
    month, *rest = _RULES[name].split("-")
    if len(rest) == 1:
        return date(year, int(month), int(rest[0]))
    weekday, nth = int(rest[0]), rest[1]
    nth, _, shift = nth.partition("+")
    days = calendar.monthrange(year, int(month))[1]
    if nth == "L":
        last = date(year, int(month), days)
        day = last - timedelta(days=(last.isoweekday() - weekday) % 7)
    else:
        first = date(year, int(month), 1)
        day = first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (int(nth) - 1))
    return day + timedelta(days=int(shift or 0))


def holiday_month(name: str) -> int:
    """The month the holiday `name` falls in."""
    return int(_RULES[name].split("-")[0])


def fixed_day(name: str) -> int | None:
    """The day of the month of a holiday that keeps it every year (Christmas: 25), None for one that moves."""
    parts = _RULES[name].split("-")
    return int(parts[1]) if len(parts) == 2 else None
