"""A run's summary for people: log lines and a Prefect artifact (rows per table, rejects by reason, top figures)."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
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
    counts: dict[str, int] = {}
    best: dict[str, dict] = {}
    # Record batch by record batch, with Arrow's kernels: a run of millions of figures stays in bounded memory.
    for batch in ds.dataset([str(f) for f in files], format="parquet").to_batches(columns=columns):
        table = pa.Table.from_batches([batch])
        table = table.append_column("size", pc.coalesce(table["value"], table["high"], table["low"]))
        table = table.filter(pc.and_(pc.is_valid(table["metric"]), pc.is_valid(table["size"])))
        if table.num_rows == 0:
            continue
        largest = table.group_by("metric").aggregate([("size", "count"), ("size", "max")])
        for row in largest.to_pylist():
            counts[row["metric"]] = counts.get(row["metric"], 0) + row["size_count"]
        joined = table.join(largest.select(["metric", "size_max"]), "metric")
        for row in joined.filter(pc.equal(joined["size"], joined["size_max"])).to_pylist():
            key = (row["size"], row["article_id"], row["text"])
            held = best.get(row["metric"])
            if held is None or key > (held["size"], held["article_id"], held["text"]):
                best[row["metric"]] = row
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    top = []
    for metric, count in ranked:
        row = best[metric]
        top.append({"metric": metric, "figures": count, "largest": row["size"], "unit": row["unit"] or "",
                    "as written": row["text"], "article_id": row["article_id"],
                    "as_of": str(row["as_of"]) if row["as_of"] else ""})
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
