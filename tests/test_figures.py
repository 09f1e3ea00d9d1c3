from datetime import date

import pytest

from conftest import load_cases
from transforms.extract import extract_facts
from transforms.figure_context import _CORPORATE, _corporate
from transforms.figures import Figure, find_figures
from transforms.sentences import split_sentences


def _figures(text, taken=()):
    return find_figures(text, split_sentences(text), taken)


@pytest.mark.parametrize("case", load_cases("figures.jsonl"), ids=lambda c: c["text"][:40])
def test_figures(case):
    text = case["text"]
    got = extract_facts(text, date(2020, 6, 15)).figures  # as the pipeline finds them: none inside a date
    assert [f.text for f in got] == [want["text"] for want in case["figures"]]
    for figure, want in zip(got, case["figures"]):
        for key, value in want.items():
            actual = getattr(figure, key)
            if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
                assert actual == pytest.approx(value), (figure.text, key)
            else:
                assert actual == value, (figure.text, key)


def test_offsets_match_text_and_are_sorted():
    text = "About 40 people fled. Later, 3 more were killed and $5m was pledged."
    figures = _figures(text)
    assert figures and all(text[f.start:f.end] == f.text for f in figures)
    assert [f.start for f in figures] == sorted(f.start for f in figures)


def test_taken_spans_are_never_figures():
    text = "The siege lasted seven months and 48 hours later 300 people left."
    spans = [(text.index("seven months"), text.index("seven months") + 12),
             (text.index("48 hours"), text.index("48 hours") + 8)]
    assert [f.text for f in _figures(text, spans)] == ["300"]


def test_figure_is_frozen():
    figure = _figures("Four soldiers died.")[0]
    assert isinstance(figure, Figure)
    with pytest.raises(AttributeError):
        figure.value = 5


@pytest.mark.parametrize("case", load_cases("timex_or_numeral.jsonl"), ids=lambda c: c["text"][:40])
def test_number_or_time_reading(case):
    facts = extract_facts(case["text"], date(2015, 5, 7))
    assert [f.text for f in facts.figures] == case["figures"]
    assert [t.text for t in facts.timexes] == case["timexes"]


# Made-up sentences: the lower-case reading of an ASCII text finds what the pattern finds, at the start of a text too.
@pytest.mark.parametrize("text", [
    "Net income rose to $5 million.", "It earned 40 cents a share.", "Earnings per\tshare fell.", "a share",
    "The cabinet income plan.", "Shareholders met; a shareholder spoke.", "Quarterly NET LOSS widened.",
    "planet profit", "The net profits rose.", "ANet income", "_net loss", "9net loss", "net  income",
    "Le résultat net income", "Über net loss", "résumé a sharehold",
])
def test_corporate_reading_matches_its_pattern(text):
    assert _corporate(text) == (_CORPORATE.search(text) is not None)
