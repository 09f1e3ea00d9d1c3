from datetime import date

import pytest

from conftest import load_cases
from transforms.dateline import find_dateline_date


@pytest.mark.parametrize("case", load_cases("dateline.jsonl"), ids=lambda c: c["text"][:30])
def test_dateline(case):
    expected = date.fromisoformat(case["date"]) if case["date"] else None
    assert find_dateline_date(case["text"]) == expected
