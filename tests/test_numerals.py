import pytest

from conftest import load_cases
from transforms.numerals import find_numerals, parse_number


def _rows(text):
    out = []
    for n in find_numerals(text):
        if n.kind == "ordinal":
            continue
        row = [text[n.start:n.end], n.value]
        if n.value is None:
            row += [n.low, n.high]
        out.append(row)
    return out


@pytest.mark.parametrize("case", load_cases("numerals.jsonl"), ids=lambda c: c["text"][:40])
def test_numerals(case):
    got = _rows(case["text"])
    assert [r[0] for r in got] == [r[0] for r in case["numbers"]]
    for row, want in zip(got, case["numbers"]):
        assert row[1:] == pytest.approx(want[1:]), row[0]


@pytest.mark.parametrize(
    "text, value",
    [("thirteen", 13), ("twenty four", 24), ("twenty-four", 24), ("a hundred", 100), ("1,500", 1500),
     ("two-thirds", 2 / 3), ("one hundred and ninety", 190), ("a hundred thirty", 130), ("half", 0.5),
     ("several", None), ("thirteen days", None), ("", None), ("days", None), ("first", None)],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value) if value is not None else parse_number(text) is None
