"""The work of each pipeline stage as plain functions over paths: Prefect tasks wrap these, tests call them directly."""
from __future__ import annotations

import json
import pickle
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

from expectations.suites import LATEST_DATE, TEXT_LENGTH
from expectations.validate import validate_frame
from flows.ingest import ingest_record
from flows.records import Article, Rejection, rejection
from flows.rows import TableRows, article_rows, rejected_rows
from flows.sources import read_records, resolve_inputs
from flows.store import Known, write_parquet
from transforms.extract import extract_facts

MENTION_TABLES = ("figures", "dates", "events")
# Rejections are written in parts of this many rows so a run of bad input stays in bounded memory.
REJECT_PART_ROWS = 5000


@dataclass
class IngestOutcome:
    batches: list[str] = field(default_factory=list)       # pickled article batches to extract
    rejected_parts: list[str] = field(default_factory=list)
    inputs: int = 0
    new: int = 0
    unchanged: int = 0
    replaced: list[str] = field(default_factory=list)      # ids of changed articles whose old rows must go
    rejects: Counter = field(default_factory=Counter)      # reason -> count


@dataclass
class BatchOutcome:
    staged: dict[str, str] = field(default_factory=dict)   # table -> staged Parquet file
    rows: Counter = field(default_factory=Counter)          # table -> rows written
    rejects: Counter = field(default_factory=Counter)       # reason -> count
    articles_rejected: int = 0                              # input articles among the rejections
    validation: list[dict] = field(default_factory=list)    # per table and expectation: result counts


def ingest_input(spec: str, known: Known, staging: Path, run_id: str, version: str,
                 batch_size: int, now: datetime) -> IngestOutcome:
    """Read every input record; stage new or changed articles in batches and every rejection, with its reason."""
    root, files = resolve_inputs(spec)
    out = IngestOutcome()
    ids: dict[str, str] = dict(known.articles)          # article id -> content hash, known or seen in this run
    hashes: dict[str, str] = {h: i for i, h in known.articles.items()}
    seen_in_run: set[str] = set()
    batch: list[Article] = []
    rejects: list[Rejection] = []

    def flush_batch() -> None:
        if batch:
            path = staging / "ingest" / f"batch-{len(out.batches) + 1:05d}.pkl"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
            out.batches.append(str(path))
            batch.clear()

    def flush_rejects() -> None:
        fresh = [r for r in rejects if r.reject_id not in known.rejects]
        if fresh:
            path = staging / "rejected" / f"part-{run_id}-ingest-{len(out.rejected_parts) + 1:05d}.parquet"
            write_parquet("rejected", sorted(rejected_rows(fresh, run_id, version), key=_reject_key), path)
            out.rejected_parts.append(str(path))
        rejects.clear()

    for record in read_records(root, files):
        for item in ingest_record(record, now):
            out.inputs += 1
            if isinstance(item, Article):
                item = _classify(item, ids, hashes, seen_in_run, out)
            if isinstance(item, Rejection):
                out.rejects[item.reason] += 1
                rejects.append(item)
                if len(rejects) >= REJECT_PART_ROWS:
                    flush_rejects()
            elif item is not None:
                batch.append(item)
                if len(batch) >= batch_size:
                    flush_batch()
    flush_batch()
    flush_rejects()
    return out


def _classify(article: Article, ids: dict[str, str], hashes: dict[str, str], seen_in_run: set[str],
              out: IngestOutcome) -> Article | Rejection | None:
    """The article if it is to be extracted, None if the tables already hold it unchanged, else a rejection."""
    aid, chash = article.article_id, article.content_hash
    raw = article.text
    if aid in seen_in_run:
        same = "the same text" if ids.get(aid) == chash else "a different text"
        return rejection("ingest", "articles", "duplicate_id", f"id {aid!r} appeared earlier in this input, with {same}",
                         article.input_ref, raw, aid)
    seen_in_run.add(aid)
    if ids.get(aid) == chash:
        out.unchanged += 1
        return None
    twin = hashes.get(chash)
    if twin is not None and twin != aid:
        return rejection("ingest", "articles", "duplicate_text", f"same text as article {twin!r}",
                         article.input_ref, raw, aid)
    if aid in ids:
        out.replaced.append(aid)
        hashes.pop(ids[aid], None)
    ids[aid] = chash
    hashes[chash] = aid
    out.new += 1
    return article


def extract_batch(batch_path: str, extracted_path: str, run_id: str, version: str) -> str:
    """Extract the facts of every article of a staged batch; an article whose extraction fails is rejected."""
    articles: list[Article] = pickle.loads(Path(batch_path).read_bytes())
    done = []
    failures: list[Rejection] = []
    for article in articles:
        try:
            done.append((article, extract_facts(article.text, article.published_date)))
        except Exception as e:  # noqa: BLE001 - one article's failure must not stop the run
            failures.append(rejection("extract", "articles", "extractor_error", f"{type(e).__name__}: {e}"[:500],
                                      article.input_ref, article.text, article.article_id))
    rows = article_rows(done, run_id, version)
    Path(extracted_path).parent.mkdir(parents=True, exist_ok=True)
    Path(extracted_path).write_bytes(pickle.dumps((rows, failures), protocol=pickle.HIGHEST_PROTOCOL))
    return extracted_path


def validate_batch(extracted_path: str, staging: Path, batch_no: int, run_id: str, version: str,
                   now: datetime) -> BatchOutcome:
    """Validate a batch's rows with the tables' suites; stage the valid rows, reject the others with the expectation."""
    rows, failures = pickle.loads(Path(extracted_path).read_bytes())
    out = BatchOutcome()
    rejects: list[Rejection] = list(failures)
    lengths = {a["article_id"]: a["text_length"] for a in rows["articles"]}
    published = {a["article_id"]: a["published_date"] for a in rows["articles"]}

    articles, bad = _validate("articles", rows["articles"], {LATEST_DATE: (now + timedelta(days=1)).date()}, out)
    refs = {a["article_id"]: a["input_ref"] for a in rows["articles"]}
    rejects += [_row_rejection("articles", row, labels, row["input_ref"]) for row, labels in bad]
    dropped = {row["article_id"] for row, _ in bad}
    valid: TableRows = {"articles": articles}
    for name in MENTION_TABLES:
        kept_rows = [r for r in rows[name] if r["article_id"] not in dropped]
        extra = {TEXT_LENGTH: [lengths[r["article_id"]] for r in kept_rows]}
        if name == "events":
            extra[LATEST_DATE] = [_day_after(published[r["article_id"]]) for r in kept_rows]
        valid[name], bad = _validate(name, kept_rows, extra, out)
        rejects += [_row_rejection(name, row, labels, refs[row["article_id"]]) for row, labels in bad]
    for article in valid["articles"]:
        aid = article["article_id"]
        article["figure_count"], article["date_count"], article["event_count"] = (
            sum(r["article_id"] == aid for r in valid[t]) for t in MENTION_TABLES)
    for name, table_rows in valid.items():
        if table_rows:
            path = staging / name / f"part-{run_id}-{batch_no:05d}.parquet"
            write_parquet(name, sorted(table_rows, key=_row_key(name)), path)
            out.staged[name] = str(path)
            out.rows[name] = len(table_rows)
    if rejects:
        path = staging / "rejected" / f"part-{run_id}-{batch_no:05d}.parquet"
        write_parquet("rejected", sorted(rejected_rows(rejects, run_id, version), key=_reject_key), path)
        out.staged["rejected"] = str(path)
        out.rows["rejected"] = len(rejects)
        out.rejects.update(r.reason for r in rejects)
        out.articles_rejected = sum(r.table_name == "articles" for r in rejects)
    return out


def _validate(name: str, rows: list[dict], extra: dict, out: BatchOutcome) -> tuple[list[dict], list[tuple[dict, list[str]]]]:
    if not rows:
        return [], []
    # Object columns keep each value's Python type, so the suite's type checks look at every row.
    frame = pd.DataFrame(rows, dtype=object)
    for column, values in extra.items():
        frame[column] = pd.Series(values, dtype=object)
    verdict = validate_frame(name, frame)
    out.validation += [{"table": name, **r} for r in verdict.results]
    keep = [row for i, row in enumerate(rows) if i not in verdict.failed]
    return keep, [(rows[i], labels) for i, labels in sorted(verdict.failed.items())]


def _row_rejection(table: str, row: dict, labels: list[str], ref: str) -> Rejection:
    return rejection("validate", table, "expectation_failed", "; ".join(labels), ref,
                     json.dumps(row, ensure_ascii=False, default=str), row.get("article_id"))


def _day_after(day):
    return None if day is None else day + timedelta(days=1)


def _row_key(name: str):
    if name == "articles":
        return lambda r: r["article_id"]
    key = {"figures": "figure_id", "dates": "date_id", "events": "event_id"}[name]
    return lambda r: (r["article_id"], r["char_start"], r["char_end"], r[key])


def _reject_key(row: dict):
    return (row["input_ref"], row["reject_id"])
