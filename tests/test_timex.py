from datetime import date

import pytest

from conftest import load_cases
from transforms.timex import find_timexes
from transforms.timex_fiscal import dateline_country, fiscal_year
from transforms.timex_holidays import holiday_date
from transforms.timex_numbers import parse_count
from transforms.timex_patterns import first_keys, rules
from transforms.timex_resolve import duration_value

# The publication date the examples of lexicon/dates/rules.txt are written against.
EXAMPLE_PUBLISHED = date(2015, 5, 7)

EXAMPLES = [(rule.name, example) for rule in rules() for example in rule.examples]


@pytest.mark.parametrize("rule_name,example", EXAMPLES, ids=[f"{r}:{e.text[:30]}" for r, e in EXAMPLES])
def test_rule_example(rule_name, example):
    found = find_timexes(example.text, EXAMPLE_PUBLISHED)
    spans = {(t.start, t.end): t for t in found}
    timex = spans.get((example.start, example.end))
    assert timex is not None, f"{example.text!r}: expected {example.text[example.start:example.end]!r}, got {[t.text for t in found]}"
    assert (timex.timex_type, timex.value) == (example.timex_type, example.value)
    assert timex.rule == rule_name


def test_every_rule_has_an_example():
    assert all(rule.examples for rule in rules())


@pytest.mark.parametrize("case", load_cases("timex.jsonl"), ids=lambda c: c["text"][:40])
def test_cases(case):
    published = date.fromisoformat(case["published"]) if case["published"] else None
    got = [{"text": t.text, "start": t.start, "end": t.end, "type": t.timex_type, "value": t.value, "mod": t.mod,
            "range_start": t.range_start.isoformat() if t.range_start else None,
            "range_end": t.range_end.isoformat() if t.range_end else None,
            "precision": t.precision, "anchor": t.anchor}
           for t in find_timexes(case["text"], published)]
    assert got == case["timexes"]


def test_offsets_sorted_and_non_overlapping():
    text = " ".join(case["text"] for case in load_cases("timex.jsonl"))
    found = find_timexes(text, EXAMPLE_PUBLISHED)
    assert len(found) > 40
    for t in found:
        assert text[t.start:t.end] == t.text
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


def test_without_publication_date_relative_values_are_unanchored():
    found = find_timexes("Last week the talks failed; on Friday they resumed and will end next month.", None)
    assert [(t.text, t.value, t.anchor) for t in found] == [
        ("Last week", "XXXX-WXX", "unanchored"),
        ("Friday", "XXXX-WXX-5", "unanchored"),
        ("next month", "XXXX-XX", "unanchored"),
    ]
    assert all(t.range_start is None for t in found)


def test_every_rule_can_be_dispatched():
    for rule in rules():
        assert first_keys(rule.regex.pattern), rule.name


@pytest.mark.parametrize("words,value", [
    ("13", 13), ("thirteen", 13), ("twenty four", 24), ("twenty-four", 24), ("a", 1), ("half a", 0.5),
    ("one and a half", 1.5), ("a couple of", 2), ("a hundred", 100), ("two thousand", 2000), ("a dozen", 12),
])
def test_parse_count(words, value):
    assert parse_count(words) == value


@pytest.mark.parametrize("n,unit,value", [
    (13, "D", "P13D"), (48, "TH", "PT48H"), (0.5, "TH", "PT30M"), (1.5, "TM", "PT1M30S"), (1.5, "Y", "P1Y6M"),
    (None, "M", "PXM"), (None, "TH", "PTXH"), (None, "DE", "PXDE"), (2, "DE", "P20Y"), (0.5, "CE", "P50Y"),
])
def test_duration_value(n, unit, value):
    assert duration_value(n, unit) == value


@pytest.mark.parametrize("name,year,day", [
    ("thanksgiving day", 2015, date(2015, 11, 26)),   # fourth Thursday of November
    ("election day", 2016, date(2016, 11, 8)),        # the Tuesday after the first Monday
    ("election day", 2015, date(2015, 11, 3)),        # November 1 is a Sunday
    ("memorial day", 2016, date(2016, 5, 30)),        # last Monday of May
    ("labor day", 2017, date(2017, 9, 4)),            # first Monday of September
    ("christmas eve", 2015, date(2015, 12, 24)),
])
def test_holiday_date(name, year, day):
    assert holiday_date(name, year) == day


@pytest.mark.parametrize("day,country,offset,number,first_day", [
    (date(1996, 6, 13), "KE", 0, 1995, date(1995, 7, 1)),    # Kenya's 1995/96 runs to June 30
    (date(1996, 7, 1), "KE", 0, 1996, date(1996, 7, 1)),     # the first day of 1996/97
    (date(2015, 5, 29), "NP", 1, 2015, date(2015, 7, 16)),   # Nepal's begins in mid-July
    (date(2015, 11, 2), "US", 0, 2016, date(2015, 10, 1)),   # named by the year it ends in
    (date(2015, 3, 31), "IN", -1, 2013, date(2013, 4, 1)),
    (date(2015, 5, 29), "FR", 0, None, None),                # the calendar year: no fiscal year of its own
    (date(2015, 5, 29), None, 0, None, None),
])
def test_fiscal_year(day, country, offset, number, first_day):
    year = fiscal_year(day, country, offset)
    assert (year.number, year.first_day) == (number, first_day) if number else year is None
    if year is not None:
        assert fiscal_year(year.last_day, country) == fiscal_year(year.first_day, country)


@pytest.mark.parametrize("text,country", [
    ("NAIROBI, June 13 (Xinhua)\n\nThe budget ...", "KE"),
    ("KATHMANDU, May 29 (Xinhua) --\n\nNepal's ...", "NP"),
    ("The budget for the current fiscal year ...", None),    # no dateline
])
def test_dateline_country(text, country):
    assert dateline_country(text) == country
