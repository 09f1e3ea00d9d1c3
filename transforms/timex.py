"""Temporal expressions (TIMEX3 DATE, TIME, DURATION, SET) with values resolved against the publication date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from transforms.frozen import builder
from transforms.timex_day_lists import add_listed_days
from transforms.timex_patterns import (FLAGS, candidates, case_sensitive_word, first_rule_match,
                                       has_capital_only_words, rules, rules_at)
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
    if not same_length:
        lowered = text
    scan = candidates(0 if same_length else FLAGS).scan(lowered)
    found = scan.next(0)
    while found is not None:
        start, key = found[0], lowered[found[0]:found[1]]
        indices = rules_at(text, start, key)
        # A bounded window: a rule that can repeat a token must not scan a hostile run of them to its end.
        window = min(len(text), start + MAX_TIMEX_CHARS)
        # The first rule, in priority order, that matches here; its groups go to the resolver.
        if same_length:
            found_rule = first_rule_match(lowered, start, window, indices)
        else:
            found_rule = _first_rule_ignoring_case(text, start, window, indices)
        if (found_rule is not None and same_length and has_capital_only_words(found_rule[0])
                and not _capitalized(text, lowered, start, found_rule[1].end())):
            found_rule = None  # "may" the verb, "sun" the star: these words count only when capitalized
        if found_rule is None:
            # a key of two words may hide the start of another ("at the beginning"): go on after one
            found = scan.next(start + _first_token_length(key))
            continue
        index, m = found_rule
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


def _first_rule_ignoring_case(text: str, start: int, end: int, indices: tuple[int, ...]) -> tuple[int, re.Match] | None:
    """first_rule_match() for a text that changes length in lower case: each rule tried in turn on the text itself."""
    all_rules = rules()
    for index in indices:
        m = all_rules[index].regex.match(text, start, end)
        if m is not None:
            return index, m
    return None


def _capitalized(text: str, lowered: str, start: int, end: int) -> bool:
    """Whether every word of text[start:end] that counts only when capitalized is capitalized."""
    for w in case_sensitive_word().finditer(lowered, start, end):
        if not text[w.start()].isupper():
            return False
    return True


_SPACE = re.compile(r"\s")


@lru_cache(maxsize=8192)
def _first_token_length(found: str) -> int:
    """The length of the first token of a key the scan found (keys recur: worked out once each)."""
    space = _SPACE.search(found)
    return space.start() if space else len(found)
