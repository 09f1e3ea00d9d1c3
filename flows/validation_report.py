"""A run's validation report as one HTML page: per table, each expectation, pass or fail, counts, failing values."""
from __future__ import annotations

import json
from html import escape
from pathlib import Path

TABLE_ORDER = ("articles", "figures", "dates", "events", "rejected")
_STYLE = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;
vertical-align:top}td.n{text-align:right}.pass{color:#176f2c}.fail{color:#b00020;font-weight:bold}
code{font-size:12px}"""


def report_html(record: dict) -> str:
    """The page for a run record (the JSON kept under _newsfacts/runs/): its counts, then each table's checks."""
    failed = sum(1 for r in record["validation"] if not r["success"])
    rows = record.get("rows", {})
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>newsfacts run {escape(record['run_id'])}: validation</title><style>{_STYLE}</style></head><body>",
        f"<h1>newsfacts run {escape(record['run_id'])}</h1>",
        f"<p>Started {escape(str(record['started_at']))}, extractor {escape(str(record['extractor_version']))}. "
        f"{record['inputs']} input records: {record['articles_new']} articles written "
        f"({record['articles_replaced']} replaced), {record['articles_unchanged']} unchanged, "
        f"{record['articles_rejected']} rejected.</p>",
        f"<p class=\"{'fail' if failed else 'pass'}\">"
        + (f"{failed} expectations failed on some rows; those rows are in the <code>rejected</code> table."
           if failed else "Every expectation passed.") + "</p>",
        "<h2>Rows written</h2><table><tr><th>table</th><th>rows</th></tr>",
        *(f"<tr><td>{t}</td><td class=n>{rows.get(t, 0)}</td></tr>" for t in TABLE_ORDER), "</table>",
    ]
    if record.get("rejects"):
        parts += ["<h2>Rejected, by reason</h2><table><tr><th>reason</th><th>records</th></tr>",
                  *(f"<tr><td>{escape(r)}</td><td class=n>{n}</td></tr>" for r, n in sorted(record["rejects"].items())),
                  "</table>"]
    by_table: dict[str, list[dict]] = {}
    for result in record["validation"]:
        by_table.setdefault(result["table"], []).append(result)
    for table in sorted(by_table, key=lambda t: (TABLE_ORDER.index(t) if t in TABLE_ORDER else 99, t)):
        results = by_table[table]
        passed = sum(r["success"] for r in results)
        parts += [f'<h2 id="{escape(table)}">{escape(table)}: {passed} of {len(results)} expectations passed</h2>',
                  "<table><tr><th>expectation</th><th>result</th><th>rows checked</th><th>rows failed</th>"
                  "<th>failing values (article: column = value)</th></tr>"]
        for r in sorted(results, key=lambda r: (r["success"], r["expectation"])):
            verdict = '<td class="pass">pass</td>' if r["success"] else '<td class="fail">FAIL</td>'
            parts.append(f"<tr><td><code>{escape(r['expectation'])}</code></td>{verdict}"
                         f"<td class=n>{r['element_count']}</td><td class=n>{r['unexpected_count']}</td>"
                         f"<td>{_examples(r.get('examples', []))}</td></tr>")
        parts.append("</table>")
    if not by_table:
        parts.append("<p>No rows were validated in this run (nothing new to write).</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report(json_path: Path) -> Path:
    """Write the HTML page of the run record at `json_path` beside it; returns the page's path."""
    record = json.loads(json_path.read_text(encoding="utf-8"))
    path = json_path.with_suffix(".html")
    path.write_text(report_html(record), encoding="utf-8")
    return path


def _examples(examples: list[dict]) -> str:
    items = []
    for e in examples:
        values = ", ".join(f"{escape(str(c))} = {escape(json.dumps(v, ensure_ascii=False))}"
                           for c, v in e.get("values", {}).items())
        items.append(f"<code>{escape(str(e.get('article_id')))}</code>: {values}")
    return "<br>".join(items)
