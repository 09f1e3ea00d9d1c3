"""The run's validation report: the JSON results and the HTML page beside them, with failing values."""
import json
import re

import pandas as pd

from expectations.suites import TEXT_LENGTH
from expectations.validate import MAX_EXAMPLES, validate_frame
from flows.validation_report import report_html, write_report
from test_validation import figure_row


def record(validation):
    return {"run_id": "abc123", "started_at": "2026-01-02T03:04:05+00:00", "extractor_version": "0.1",
            "inputs": 3, "articles_new": 2, "articles_unchanged": 0, "articles_replaced": 0, "articles_rejected": 1,
            "rows": {"articles": 2, "figures": 4}, "rejects": {"invalid_json": 1}, "validation": validation}


def test_a_failing_expectation_keeps_a_few_failing_values():
    rows = [figure_row(i) for i in range(3)] + [figure_row(3 + i, char_start=-1 - i) for i in range(MAX_EXAMPLES + 2)]
    verdict = validate_frame("figures", pd.DataFrame(rows, dtype=object))
    result = next(r for r in verdict.results if r["expectation"] == "ExpectColumnValuesToBeBetween(char_start)")
    assert (result["success"], result["element_count"], result["unexpected_count"]) == (False, 10, MAX_EXAMPLES + 2)
    assert result["examples"] == [{"article_id": "a1", "values": {"char_start": -1 - i}} for i in range(MAX_EXAMPLES)]
    pair = next(r for r in verdict.results if r["expectation"] == "ExpectColumnPairValuesAToBeGreaterThanB(char_end/char_start)")
    assert pair["success"]
    assert pair["examples"] == []
    json.dumps(verdict.results)  # kept as JSON as they are


def test_a_pair_expectation_shows_both_values_and_odd_values_stay_printable():
    rows = [figure_row(0), figure_row(1, low=200.0, high=100.0, value=None),
            figure_row(2, char_end=5000, sentence_end=5000, text="x" * 1000)]
    verdict = validate_frame("figures", pd.DataFrame(rows, dtype=object))
    results = {r["expectation"]: r for r in verdict.results}
    assert results["ExpectColumnPairValuesAToBeGreaterThanB(high/low)"]["examples"] == [
        {"article_id": "a1", "values": {"high": 100.0, "low": 200.0}}]
    beyond = results[f"ExpectColumnPairValuesAToBeGreaterThanB({TEXT_LENGTH}/char_end)"]["examples"]
    assert beyond == [{"article_id": "a1", "values": {TEXT_LENGTH: 1000, "char_end": 5000}}]


def test_the_page_lists_each_table_and_expectation_with_counts_and_failing_values(tmp_path):
    validation = [
        {"table": "figures", "expectation": "ExpectColumnValuesToBeBetween(value)", "success": False,
         "element_count": 40, "unexpected_count": 2,
         "examples": [{"article_id": "<script>alert(1)</script>", "values": {"value": 1e301}}]},
        {"table": "figures", "expectation": "ExpectColumnValuesToNotBeNull(article_id)", "success": True,
         "element_count": 40, "unexpected_count": 0, "examples": []},
        {"table": "articles", "expectation": "ExpectColumnValuesToBeUnique(article_id)", "success": True,
         "element_count": 2, "unexpected_count": 0, "examples": []},
    ]
    path = tmp_path / "run.json"
    path.write_text(json.dumps(record(validation)))
    page = write_report(path).read_text(encoding="utf-8")
    assert write_report(path) == tmp_path / "run.html"
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.index('id="articles"') < page.index('id="figures"')
    assert "figures: 1 of 2 expectations passed" in page and "articles: 1 of 1 expectations passed" in page
    failing = re.search(r"<tr><td><code>ExpectColumnValuesToBeBetween\(value\)</code></td>(.*?)</tr>", page).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", failing)[:3] == ["FAIL", "40", "2"]
    assert "value = 1e+301" in failing
    assert "1 expectations failed on some rows" in page
    assert "<td>invalid_json</td><td class=n>1</td>" in page


def test_a_run_that_validated_nothing_says_so():
    page = report_html(record([]))
    assert "Every expectation passed." in page and "No rows were validated in this run" in page
