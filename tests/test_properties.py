"""Properties of the transforms on any text: they never raise, offsets point at the words, values are well formed."""
import math
import os
import re
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from expectations.suites import PRECISIONS, QUALIFIERS, TIMEX_TYPES, TIMEX_VALUE
from transforms.dateline import find_dateline_date
from transforms.extract import extract_facts
from transforms.numerals import find_numerals
from transforms.language import detect_language
from transforms.sentences import sentence_at, split_sentences

from conftest import load_cases

# CI explores the same examples every run, so a red build is reproducible; a developer's run explores new ones
# (NEWSFACTS_PROPERTY_EXAMPLES=5000 for a longer hunt).
PROFILE = settings(max_examples=int(os.environ.get("NEWSFACTS_PROPERTY_EXAMPLES", "150")), deadline=None, derandomize=os.environ.get("CI") == "true",
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TIMEX = re.compile(TIMEX_VALUE)

# Pieces of news prose that exercise the finders, mixed with characters that break naive code.
WORDS = [
    "killed", "wounded", "people", "troops", "families", "about", "more than", "at least", "up to", "between",
    "and", "to", "or", "-", "–", "%", "percent", "$", "£", "€", "million", "billion", "bn", "m", "k",
    "hundred", "thousand", "one", "two", "twelve", "twenty-five", "a dozen", "dozens of", "half", "a third",
    "1", "7", "12", "190", "1,500", "3,000", "10.5", "0.25", "1/2", "1 1/2", "½", "1e400", "10^400", "0^-3",
    "999999999999999999999", "9" * 40, "2015", "1998", "'98", "1990s",
    "January", "Feb.", "May", "may", "March 3", "3 March", "Monday", "last week", "next month", "yesterday",
    "today", "tonight", "the 1990s", "Q3", "FY2014", "2015-05-07", "05/07/2015", "10:30", "a.m.", "p.m.",
    "summer", "the weekend", "two years ago", "for three days", "every Tuesday", "since 2001", "early",
    "late", "mid", "the past 13 days", "in Kabul", "near Kunduz", "said", "according to", "police",
    "attack", "bombing", "clashes", "protest", "earthquake", "Mr.", "U.S.", "Dr", "e.g.",
    ".", ",", ";", ":", "!", "?", "(", ")", "\"", "'", "“", "”", "’", "\n", "\n\n", "\t", " ", "  ",
    "\u200b", "\u200d", "\u200e", "\u202e", "\u2066", "\ufeff", "\u00a0", "\u2009", "\u202f", "\u2028",
    "\U0001F600", "\U0001F1FA\U0001F1F8", "e\u0301", "\u0130", "ß", "ﬁ", "Σ", "١٢٣", "٣٠٠", "一千",
]
prose = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
mixed = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=40).map("".join)
number = st.one_of(st.integers(-10**6, 10**25).map(str), st.integers(0, 10**9).map("{:,}".format),
                   st.floats(0, 1e12, allow_nan=False).map(lambda v: f"{v:g}"),
                   st.sampled_from(["one", "five", "a dozen", "two hundred", "half a million", "3 million", "1e308"]))
ranges = st.tuples(st.sampled_from(["", "between ", "from ", "some ", "up to ", "at least ", "nearly "]), number,
                   st.sampled_from([" and ", " to ", "-", "–", " or ", " out of ", "/", " "]), number,
                   st.sampled_from(["", " people", " were killed", "%", " km", " years old", " days", " dollars"]),
                   st.sampled_from(["", " on Monday", " in 1999", " last May", " between 2001 and 1999", " 2015-13-45"]))
phrase = ranges.map("".join)
texts = st.one_of(prose, mixed, st.lists(phrase, max_size=6).map(". ".join), st.text(max_size=300))
published = st.one_of(st.none(), st.dates(min_value=date(1800, 1, 1), max_value=date(2100, 12, 31)))

HOSTILE = ["", " ", "\n" * 50, "." * 3000, "1." * 1500, "1 " * 1500, "one hundred " * 300, "9" * 5000,
           "There were 10^400 people killed.", "Zero to a negative power: 0^-3 people.", "1e300 trillion dollars", "May 5, " * 300, "\u0130" * 50 + " 5 May",
           "K\u0307illed 5 people", "ΣΑΣ 12 people", "\ud800 12 people"]


def check_span(text: str, start: int, end: int, written: str | None = None) -> None:
    assert 0 <= start <= end <= len(text)
    if written is not None:
        assert text[start:end] == written


def check_bounds(low, value, high) -> None:
    # Finite, whatever the magnitude: the suites reject a row beyond MAX_MAGNITUDE with the failed expectation.
    assert all(v is None or math.isfinite(v) for v in (low, value, high))
    if low is not None and high is not None:
        assert low <= high
    if value is not None:
        assert low is None or low <= value
        assert high is None or value <= high


@PROFILE
@given(texts, published)
@example("Four people were killed on Monday, May 5, 2015.", date(2015, 5, 7))
def test_extract_facts_on_any_text(text, day):
    facts = extract_facts(text, day)
    for s in facts.sentences:
        check_span(text, s.start, s.end)
        assert text[s.start:s.end] == text[s.start:s.end].strip() and s.end > s.start
    assert all(a.end <= b.start for a, b in zip(facts.sentences, facts.sentences[1:]))
    for t in facts.timexes:
        check_span(text, t.start, t.end, t.text)
        assert TIMEX.match(t.value), t.value
        assert t.timex_type in TIMEX_TYPES
        assert t.precision is None or t.precision in PRECISIONS
        if t.range_start is not None and t.range_end is not None:
            assert t.range_start <= t.range_end
    assert all(a.end <= b.start for a, b in zip(facts.timexes, facts.timexes[1:]))
    assert len(facts.periods) == len(facts.figures)
    for f, period in zip(facts.figures, facts.periods):
        check_span(text, f.start, f.end, f.text)
        check_bounds(f.low, f.value, f.high)
        assert f.qualifier in QUALIFIERS
        assert period.start is None or period.end is None or period.start <= period.end
        assert not any(t.start < f.end and f.start < t.end for t in facts.timexes)
    for e in facts.events:
        check_span(text, e.sentence_start, e.sentence_end)
        check_span(text, e.trigger_start, e.trigger_end)
        assert e.sentence_start <= e.trigger_start and e.trigger_end <= e.sentence_end
        assert e.date_start is None or e.date_end is None or e.date_start <= e.date_end
        assert e.fatalities is None or e.fatalities >= 0
        if e.fatalities_low is not None and e.fatalities_high is not None:
            assert e.fatalities_low <= e.fatalities_high
        assert all(0 <= i < len(facts.figures) for i in e.figure_indexes)
        assert all(0 <= i < len(facts.timexes) for i in e.timex_indexes)


@PROFILE
@given(texts)
def test_numerals_on_any_text(text):
    previous_end = 0
    for n in find_numerals(text):
        check_span(text, n.start, n.end)
        assert n.start >= previous_end
        previous_end = n.end
        check_bounds(n.low, n.value, n.high)


@PROFILE
@given(texts)
def test_sentences_cover_every_word(text):
    sentences = split_sentences(text)
    covered = "".join(text[s.start:s.end] for s in sentences)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text)
    for s in sentences:  # the sentence of a mention is found from any offset inside it
        assert sentence_at(sentences, s.start) == s and sentence_at(sentences, s.end - 1) == s


@PROFILE
@given(texts)
def test_language_on_any_text(text):
    assert detect_language(text) in ("en", "und")


@PROFILE
@given(texts)
def test_dateline_on_any_text(text):
    found = find_dateline_date(text)
    assert found is None or isinstance(found, date)


def test_hostile_texts():
    for text in HOSTILE:
        test_extract_facts_on_any_text.hypothesis.inner_test(text, date(2020, 1, 1))
        test_numerals_on_any_text.hypothesis.inner_test(text)
        test_sentences_cover_every_word.hypothesis.inner_test(text)
        test_language_on_any_text.hypothesis.inner_test(text)


# What IGNORECASE matches to an ASCII letter besides its two cases: a matched word may hold one ("Tueſday").
LOOKALIKES = [("s", "ſ"), ("k", "\u212a"), ("i", "ı"), ("I", "\u0130")]


def test_letters_that_match_as_ascii_under_ignorecase():
    for name in ["timex.jsonl", "events.jsonl", "figures.jsonl"]:
        for case in load_cases(name):
            for ascii_letter, lookalike in LOOKALIKES:
                test_extract_facts_on_any_text.hypothesis.inner_test(
                    case["text"].replace(ascii_letter, lookalike), date(2015, 5, 7))
