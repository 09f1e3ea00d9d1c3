"""Calendar periods (a day, an ISO week, a month, a quarter ...) with their TIMEX3 value and day range."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

SEASONS = ("SP", "SU", "FA", "WI")
_SEASON_FIRST_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


# Not frozen: periods are built for every temporal expression (see amounts.Amount for why); nothing changes one
# after it is built (`dataclasses.replace` makes a new one).
@dataclass(slots=True)
class Period:
    """A calendar period at one precision.

    `year` is the calendar year (the ISO year for weeks, the first year of a decade, the century
    digits for centuries, 19 for the 1900s); `index` is the month, ISO week, quarter, half or season number (1-based,
    seasons in the order of SEASONS); `day` is set for day and time precision; `clock` is the
    TIMEX3 time part ("T09:30", "TNI") for time precision.
    """

    precision: str
    year: int
    index: int = 0
    day: date | None = None
    clock: str = ""
    weekend: bool = False

    @property
    def value(self) -> str:
        """The TIMEX3 value of the period."""
        p = self.precision
        if p in ("day", "time"):
            return self.first_day.isoformat() + (self.clock if p == "time" else "")
        if p == "week":
            return f"{self.year:04d}-W{self.index:02d}" + ("-WE" if self.weekend else "")
        if p == "month":
            return f"{self.year:04d}-{self.index:02d}"
        if p == "quarter":
            return f"{self.year:04d}-Q{self.index}"
        if p == "half":
            return f"{self.year:04d}-H{self.index}"
        if p == "season":
            return f"{self.year:04d}-{SEASONS[self.index - 1]}"
        if p == "year":
            return f"{self.year:04d}"
        if p == "decade":
            return f"{self.year // 10:03d}"
        return f"{self.year:02d}"  # century: "19" for the 1900s

    @property
    def first_day(self) -> date:
        """The first calendar day the period covers."""
        p, y, i = self.precision, self.year, self.index
        if p in ("day", "time"):
            assert self.day is not None  # set at these precisions
            return self.day
        if p == "week":
            return date.fromisocalendar(y, i, 6 if self.weekend else 1)
        if p == "month":
            return date(y, i, 1)
        if p == "quarter":
            return date(y, 3 * i - 2, 1)
        if p == "half":
            return date(y, 6 * i - 5, 1)
        if p == "season":
            return date(y, _SEASON_FIRST_MONTH[SEASONS[i - 1]], 1)
        if p == "year":
            return date(y, 1, 1)
        if p == "decade":
            return date(max(y, 1), 1, 1)
        return date(max(y * 100, 1), 1, 1)

    @property
    def last_day(self) -> date:
        """The last calendar day the period covers (inclusive)."""
        p, y, i = self.precision, self.year, self.index
        if p in ("day", "time"):
            return self.first_day
        if p == "week":
            return date.fromisocalendar(y, i, 7)
        if p == "month":
            return _month_end(y, i)
        if p == "quarter":
            return _month_end(y, 3 * i)
        if p == "half":
            return _month_end(y, 6 * i)
        if p == "season":
            first = _SEASON_FIRST_MONTH[SEASONS[i - 1]] + 2
            return _month_end(y + (first - 1) // 12, (first - 1) % 12 + 1)
        if p == "year":
            return date(y, 12, 31)
        if p == "decade":
            return date(y + 9, 12, 31)
        return date(y * 100 + 99, 12, 31)

    def with_clock(self, clock: str) -> "Period":
        """The same day at a time of day."""
        return replace(self, precision="time", clock=clock)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, months: int) -> date:
    """`d` moved by whole months, the day clamped to the length of the target month."""
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def shift(d: date, amount: int, unit: str) -> date:
    """`d` moved by `amount` calendar units (D, W, M, Q, Y, DE, CE)."""
    if unit == "D":
        return d + timedelta(days=amount)
    if unit == "W":
        return d + timedelta(weeks=amount)
    months = {"M": 1, "Q": 3, "H": 6, "Y": 12, "DE": 120, "CE": 1200}[unit]
    return add_months(d, amount * months)


def season_of(d: date) -> tuple[int, int]:
    """(year, season number) of a day; January and February belong to the winter of the year before."""
    if d.month in (1, 2):
        return d.year - 1, 4
    return d.year, (d.month - 3) // 3 + 1


def period_of(d: date, precision: str) -> Period:
    """The period of the given precision that contains day `d`."""
    if precision == "day":
        return Period("day", d.year, day=d)
    if precision == "week":
        iso = d.isocalendar()
        return Period("week", iso.year, iso.week)
    if precision == "month":
        return Period("month", d.year, d.month)
    if precision == "quarter":
        return Period("quarter", d.year, (d.month - 1) // 3 + 1)
    if precision == "half":
        return Period("half", d.year, (d.month - 1) // 6 + 1)
    if precision == "season":
        year, index = season_of(d)
        return Period("season", year, index)
    if precision == "year":
        return Period("year", d.year)
    if precision == "decade":
        return Period("decade", d.year - d.year % 10)
    return Period("century", d.year // 100)


UNIT_PRECISION = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "H": "half", "Y": "year",
                  "DE": "decade", "CE": "century"}
