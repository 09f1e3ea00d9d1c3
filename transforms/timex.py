"""Temporal expressions (TIMEX3 DATE, TIME, DURATION, SET) with values resolved against the publication date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from transforms.frozen import builder
from transforms.timex_day_lists import add_listed_days
from transforms.timex_patterns import (FLAGS, candidates, case_sensitive_word, has_capital_only_words,
                                       lowered_rules, rules, rules_at)
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


_TIMEX = builder(Timex)  # Timex(...) for less: one is built for every expression (see frozen.py)

# No temporal expression is longer than this; rules are matched within this many characters of their start.
MAX_TIMEX_CHARS = 200


def find_timexes(text: str, published: date | None) -> list[Timex]:
    """Every temporal expression in `text`, sorted by start and non-overlapping."""
    all_rules = rules()
    ctx = Discourse(text, published)
    out: list[Timex] = []
    lowered = text.lower()
    # Rules match the lower-cased text, case-sensitively, which is much faster; where a few
    # characters change length in lower case, they match the text itself, ignoring case.
    same_length = len(lowered) == len(text)
    patterns = lowered_rules()
    if not same_length:
        lowered, patterns = text, [rule.regex for rule in all_rules]
    scan = candidates(0 if same_length else FLAGS).scan(lowered)
    found = scan.next(0)
    while found is not None:
        start, key = found[0], lowered[found[0]:found[1]]
        indices = rules_at(text, start, key)
        m = None
        # A bounded window: a rule that can repeat a token must not scan a hostile run of them to its end.
        window = min(len(text), start + MAX_TIMEX_CHARS)
        # The first rule, in priority order, that matches here; its groups go to the resolver.
        for index in indices:
            m = patterns[index].match(lowered, start, window)
            if m is not None:
                break
        if (m is not None and same_length and has_capital_only_words(index)
                and not _capitalized(text, lowered, start, m.end())):
            m = None  # "may" the verb, "sun" the star: these words count only when capitalized
        if m is None:
            # a key of two words may hide the start of another ("at the beginning"): go on after one
            found = scan.next(start + _first_token_length(key))
            continue
        rule = all_rules[index]
        # Resolvers read the groups in lower case, so those of the lower-cased text serve.
        groups = {k: v for k, v in m.groupdict().items() if v is not None}
        r = resolve(rule.resolve, groups, ctx, start, m.end())
        if r is None:
            found = scan.next(start + _first_token_length(key))
            continue
        found = scan.next(m.end())
        out.append(_TIMEX(start, m.end(), text[start:m.end()], r.timex_type, r.value, r.mod, r.range_start,
                          r.range_end, r.precision, r.anchor, rule.name))
    return add_listed_days(text, out)


def _capitalized(text: str, lowered: str, start: int, end: int) -> bool:
    """Whether every word of text[start:end] that counts only when capitalized is capitalized."""
    for w in case_sensitive_word().finditer(lowered, start, end):
        if not text[w.start()].isupper():
            return False
    return True


_SPACE = re.compile(r"\s")


def _first_token_length(found: str) -> int:
    space = _SPACE.search(found)
    return space.start() if space else len(found)
