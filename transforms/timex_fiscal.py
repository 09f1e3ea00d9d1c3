"""Which government fiscal year a day falls in, by the country an article is datelined in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from transforms import gazetteer, lexicon
from transforms.dateline_place import dateline_place


@dataclass(frozen=True, slots=True)
class FiscalYear:
    number: int  # as TimeML writes it after "FY"
    first_day: date
    last_day: date


def fiscal_year(day: date, country: str | None, offset: int = 0) -> FiscalYear | None:
    """The fiscal year of `country` (ISO code) that `day` falls in, or `offset` years after it; None where the
    country's fiscal year is the calendar year or not known (a plain year then says as much)."""
    start = _starts().get((country or "").lower())
    if start is None:
        return None
    (month, first_day), named_by_end = start
    began = (day.year if (day.month, day.day) >= (month, first_day) else day.year - 1) + offset
    return FiscalYear(began + 1 if named_by_end else began, date(began, month, first_day),
                      date(began + 1, month, first_day) - timedelta(days=1))


def dateline_country(text: str) -> str | None:
    """The country (ISO code) of the place in the article's dateline, or None when it has none the gazetteer knows."""
    name = dateline_place(text)
    place = gazetteer.lookup(name) if name is not None else None
    return place.country if place is not None else None


@cache
def _starts() -> dict[str, tuple[tuple[int, int], bool]]:
    starts = {}
    for country, row in lexicon.table("dates/fiscal_year_starts.tsv").items():
        start, named_by = row.split("\t")
        month, first_day = start.split("-")
        starts[country] = ((int(month), int(first_day)), named_by == "end")
    return starts
