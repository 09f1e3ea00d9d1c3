from datetime import date

import pytest

from conftest import load_cases
from transforms.dateline import find_dateline_date


@pytest.mark.parametrize("case", load_cases("dateline.jsonl"), ids=lambda c: c["text"][:30])
def test_dateline(case):
    expected = date.fromisoformat(case["date"]) if case["date"] else None
    assert find_dateline_date(case["text"]) == expected


def test_an_article_without_a_date_takes_its_dateline_date():
    from datetime import datetime, timezone

    from flows.ingest import _from_mapping

    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    dated = _from_mapping({"id": "a", "text": "KABUL, Nov. 2, 2006 (Xinhua) -- Talks resumed on Thursday."}, "ref", "a", now)
    assert (dated.published_date, dated.published_at_source) == (date(2006, 11, 2), "dateline")
    given = _from_mapping({"id": "b", "text": "KABUL, Nov. 2, 2006 (Xinhua) -- Talks resumed.",
                           "published_at": "2006-11-03"}, "ref", "b", now)
    assert (given.published_date, given.published_at_source) == (date(2006, 11, 3), "metadata")
    undated = _from_mapping({"id": "c", "text": "Talks resumed on Thursday."}, "ref", "c", now)
    assert (undated.published_date, undated.published_at_source) == (None, "none")
