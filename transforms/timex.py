"""Temporal expressions (TIMEX3 DATE, TIME, DURATION, SET) with values resolved against the publication date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from transforms.timex_patterns import FLAGS, alternation, candidates, rules, rules_at
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
    lowered = text.lower()
    scan = candidates()
    if len(lowered) != len(text):  # a few characters change length in lower case: scan the text itself
        lowered, scan = text, re.compile(scan.pattern, FLAGS)
    found = scan.search(lowered)
    while found is not None:
        start = found.start()
        indices = rules_at(text, start, found.group())
        m = alternation(indices).match(text, start) if indices else None
        if m is None:
            # a key of two words may hide the start of another ("at the beginning"): go on after one
            found = scan.search(lowered, start + _first_token_length(found.group()))
            continue
        rule = all_rules[int(m.lastgroup[1:])]
        own = rule.regex.match(text, start)
        groups = {k: v for k, v in own.groupdict().items() if v is not None}
        r = resolve(rule.resolve, groups, ctx, start, m.end())
        if r is None:
            found = scan.search(lowered, start + _first_token_length(found.group()))
            continue
        found = scan.search(lowered, m.end())
        out.append(Timex(start, m.end(), m.group(), r.timex_type, r.value, r.mod, r.range_start,
                         r.range_end, r.precision, r.anchor, rule.name))
    return out


_SPACE = re.compile(r"\s")


def _first_token_length(found: str) -> int:
    space = _SPACE.search(found)
    return space.start() if space else len(found)
