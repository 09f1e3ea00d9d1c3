"""The Great Expectations suites: a valid batch passes whole, a bad row is rejected with the expectation it failed."""
from datetime import date

import pandas as pd
import pytest

from expectations.suites import TEXT_LENGTH, TIMEX_VALUE, table_specs
from expectations.validate import validate_frame
from expectations.schema import TABLES


def figure_row(i: int, **changes) -> dict:
    row = {
        "figure_id": f"f{i}", "article_id": "a1", "char_start": 10 * i, "char_end": 10 * i + 3, "text": "190",
        "sentence": "190 were killed.", "sentence_start": 10 * i, "sentence_end": 10 * i + 16,
        "value": 190.0, "low": 190.0, "high": 190.0, "qualifier": "exact", "unit": "fighters", "metric": "killed",
        "subject": "fighters", "attributed_to": None, "period_start": date(2015, 4, 24), "period_end": date(2015, 5, 6),
        "as_of": date(2015, 5, 6), "date_id": None, "run_id": "r", "extractor_version": "0",
        TEXT_LENGTH: 1000,
    }
    row.update(changes)
    return row


def frame(rows):
    return pd.DataFrame(rows, dtype=object)


def test_a_valid_batch_passes_whole():
    verdict = validate_frame("figures", frame([figure_row(i) for i in range(5)]))
    assert verdict.failed == {}
    assert len(verdict.valid) == 5
    assert TEXT_LENGTH not in verdict.valid.columns
    assert all(r["success"] for r in verdict.results)


@pytest.mark.parametrize("changes, expectation", [
    ({"qualifier": "roughly"}, "ExpectColumnValuesToBeInSet(qualifier)"),
    ({"metric": "exploded"}, "ExpectColumnValuesToBeInSet(metric)"),
    ({"low": 200.0, "high": 100.0, "value": None}, "ExpectColumnPairValuesAToBeGreaterThanB(high/low)"),
    ({"value": 5.0}, "ExpectColumnPairValuesAToBeGreaterThanB(value/low)"),
    ({"char_end": 5000, "sentence_end": 5000}, "ExpectColumnPairValuesAToBeGreaterThanB(_text_length/char_end)"),
    ({"char_start": -1}, "ExpectColumnValuesToBeBetween(char_start)"),
    ({"article_id": None}, "ExpectColumnValuesToNotBeNull(article_id)"),
    ({"period_start": date(2016, 1, 1)}, "ExpectColumnPairValuesAToBeGreaterThanB(period_end/period_start)"),
    ({"value": "190"}, "ExpectColumnValuesToBeInTypeList(value)"),
    ({"char_start": 5.5}, "ExpectColumnValuesToBeInTypeList(char_start)"),
    ({"unit": 3}, "ExpectColumnValuesToBeInTypeList(unit)"),
    ({"as_of": "2015-05-06"}, "ExpectColumnValuesToBeInTypeList(as_of)"),
])
def test_a_bad_row_is_rejected_with_its_expectation(changes, expectation):
    rows = [figure_row(i) for i in range(4)] + [figure_row(4, **changes)]
    verdict = validate_frame("figures", frame(rows))
    assert list(verdict.failed) == [4]
    assert expectation in verdict.failed[4]
    assert list(verdict.valid["figure_id"]) == ["f0", "f1", "f2", "f3"]


def test_every_table_has_a_suite_that_names_only_its_columns():
    for name, table in TABLES.items():
        for spec in table_specs(name):
            for key in ("column", "column_A", "column_B"):
                column = spec.kwargs.get(key)
                assert column is None or column in table.column_names or column.startswith("_"), (name, spec)


@pytest.mark.parametrize("value", ["2015-05-06", "2015-05", "2015", "199", "19", "2015-W19", "2015-SU", "2015-Q3",
                                   "2016-H1", "FY1996", "XXXX-04-24", "2006-11-02TNI", "2006-11-02T08:30", "P13D",
                                   "PT30M", "PXM", "P1Y", "PRESENT_REF", "PAST_REF", "FUTURE_REF", "2015-W19-WE", "PT2H"])
def test_timex_value_pattern_accepts_timeml_values(value):
    import re

    assert re.match(TIMEX_VALUE, value)


@pytest.mark.parametrize("value", ["", "yesterday", "2015/05/06", "P", "13 days", "2015-13-40-1"])
def test_timex_value_pattern_refuses_other_strings(value):
    import re

    assert not re.match(TIMEX_VALUE, value)


def test_the_table_docs_are_up_to_date():
    from flows.docs import DOCS, tables_markdown

    assert DOCS.read_text(encoding="utf-8") == tables_markdown(), "run `python -m flows.docs` to regenerate docs/tables.md"
