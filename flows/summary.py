"""A run's summary for people: log lines and a Prefect artifact (rows per table, rejects by reason, top figures)."""
from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds

ARTIFACT_KEY = "newsfacts-run-summary"
TABLE_ORDER = ("articles", "figures", "dates", "events", "rejected")
TOP_METRICS = 10


def top_figures(files: list[Path], limit: int = TOP_METRICS) -> list[dict]:
    """For the most frequent metrics among the figures in `files`, the largest figure of each."""
    files = [f for f in files if f.exists()]
    if not files:
        return []
    columns = ["article_id", "text", "value", "low", "high", "unit", "metric", "as_of"]
    rows = ds.dataset([str(f) for f in files], format="parquet").to_table(columns=columns).to_pylist()
    by_metric: dict[str, list[dict]] = {}
    for row in rows:
        size = next((row[k] for k in ("value", "high", "low") if row[k] is not None), None)
        if row["metric"] and size is not None:
            by_metric.setdefault(row["metric"], []).append({**row, "size": size})
    ranked = sorted(by_metric.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    top = []
    for metric, group in ranked:
        best = max(group, key=lambda r: (r["size"], r["article_id"], r["text"]))
        top.append({"metric": metric, "figures": len(group), "largest": best["size"], "unit": best["unit"] or "",
                    "as written": best["text"], "article_id": best["article_id"],
                    "as_of": str(best["as_of"]) if best["as_of"] else ""})
    return top


def summary_markdown(summary, top: list[dict]) -> str:
    """The run's summary as Markdown: counts, rows per table, rejects by reason, top figures."""
    lines = [f"# newsfacts run {summary.run_id}", "",
             f"{summary.inputs} input records -> {summary.articles_new} articles written "
             f"({summary.articles_replaced} replaced), {summary.articles_unchanged} unchanged, "
             f"{summary.articles_rejected} rejected; tables in `{summary.output}` in {summary.seconds:.1f}s.", "",
             "| table | rows written |", "|---|---:|"]
    lines += [f"| {t} | {summary.rows.get(t, 0)} |" for t in TABLE_ORDER]
    lines += ["", "| rejected because | records |", "|---|---:|"]
    lines += [f"| {reason} | {n} |" for reason, n in sorted(summary.rejects.items())] or ["| (none) | 0 |"]
    if top:
        lines += ["", "| metric | figures | largest | unit | as written | article | as of |", "|---|---:|---:|---|---|---|---|"]
        lines += [f"| {r['metric']} | {r['figures']} | {r['largest']:g} | {r['unit']} | {_cell(r['as written'])} | "
                  f"{_cell(r['article_id'])} | {r['as_of']} |" for r in top]
    return "\n".join(lines) + "\n"


def publish_summary(summary, figure_files: list[Path]) -> None:
    """Log the summary through Prefect's run logger and publish it as the run's Markdown artifact."""
    from prefect import get_run_logger
    from prefect.artifacts import create_markdown_artifact

    log = get_run_logger()
    top = top_figures(figure_files)
    log.info("rows written: %s", ", ".join(f"{t} {summary.rows.get(t, 0)}" for t in TABLE_ORDER))
    if summary.rejects:
        log.info("rejected by reason: %s", ", ".join(f"{r} {n}" for r, n in sorted(summary.rejects.items())))
    for r in top:
        log.info("top %s: %s (%g %s) in %s", r["metric"], r["as written"], r["largest"], r["unit"], r["article_id"])
    create_markdown_artifact(markdown=summary_markdown(summary, top), key=ARTIFACT_KEY,
                             description=f"newsfacts run {summary.run_id}: rows per table, rejects, top figures")


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
