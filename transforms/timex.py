"""Temporal expressions (TIMEX3 DATE, TIME, DURATION, SET) with values resolved against the publication date."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from transforms.timex_patterns import rules, union
from transforms.timex_resolve import Discourse, resolve


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression: offsets into the article (end exclusive), its TIMEX3 reading and day range."""

    start: int
    end: int
    text: str
    timex_type: str            # DATE | TIME | DURATION | SET
    value: str                 # TIMEX3 value
    mod: str | None            # TimeML mod (START, MID, END, APPROX, MORE_THAN, ...)
    range_start: date | None   # first calendar day covered
    range_end: date | None     # last calendar day covered, inclusive
    precision: str | None      # time, day, week, month, quarter, season, half, year, decade, century
    anchor: str                # absolute | published_at | unanchored
    rule: str = ""             # the recognition rule that found it


def find_timexes(text: str, published: date | None) -> list[Timex]:
    """Every temporal expression in `text`, sorted by start and non-overlapping."""
    all_rules = rules()
    ctx = Discourse(text, published)
    out: list[Timex] = []
    for m in union().finditer(text):
        rule = all_rules[int(m.lastgroup[1:])]
        own = rule.regex.match(text, m.start())
        groups = {k: v for k, v in own.groupdict().items() if v is not None}
        r = resolve(rule.resolve, groups, ctx, m.start(), m.end())
        if r is None:
            continue
        out.append(Timex(m.start(), m.end(), m.group(), r.timex_type, r.value, r.mod, r.range_start,
                         r.range_end, r.precision, r.anchor, rule.name))
    return out
