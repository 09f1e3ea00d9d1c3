"""The work of each pipeline stage as plain functions over paths: Prefect tasks wrap these, tests call them directly."""
from __future__ import annotations

import json
import os
import pickle
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
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
from flows.workers import SLICE_ARTICLES, active_pool, extract_slice

MENTION_TABLES = ("figures", "dates", "events")
# Rejections are written in parts of this many rows so a run of bad input stays in bounded memory.
REJECT_PART_ROWS = 5000


@dataclass(frozen=True)
class StagedBatch:
    number: int                                            # 1, 2, ... in input order
    slices: tuple[str, ...]                                # pickled lists of its articles, a worker's job each
    count: int                                             # articles in it


@dataclass
class IngestOutcome:
    batches: int = 0                                        # batches of articles staged for extraction
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
    out = IngestOutcome()
    for _ in ingest_batches(spec, known, staging, run_id, version, batch_size, now, out):
        pass
    return out


def ingest_batches(spec: str, known: Known, staging: Path, run_id: str, version: str, batch_size: int,
                   now: datetime, out: IngestOutcome) -> Iterator[StagedBatch]:
    """Read the input record by record, yielding each batch of new or changed articles as soon as it is staged.

    Only one batch of articles is held in memory; rejections are staged as they come, and the counts go to `out`.
    """
    root, files = resolve_inputs(spec)
    ids: dict[str, str] = dict(known.articles)          # article id -> content hash, known or seen in this run
    first_ids: dict[str, str] = dict(known.first_ids)   # content hash -> id the text was first ingested under
    seen_in_run: set[str] = set()
    batch: list[Article] = []
    rejects: list[Rejection] = []

    def flush_batch() -> StagedBatch:
        out.batches += 1
        folder = staging / "ingest"
        folder.mkdir(parents=True, exist_ok=True)
        slices = []
        for i, lo in enumerate(range(0, len(batch), SLICE_ARTICLES)):
            path = folder / f"batch-{out.batches:05d}-{i:04d}.pkl"
            path.write_bytes(pickle.dumps(batch[lo:lo + SLICE_ARTICLES], protocol=pickle.HIGHEST_PROTOCOL))
            slices.append(str(path))
        staged = StagedBatch(out.batches, tuple(slices), len(batch))
        batch.clear()
        return staged

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
                item = _classify(item, ids, first_ids, seen_in_run, out)
            if isinstance(item, Rejection):
                out.rejects[item.reason] += 1
                rejects.append(item)
                if len(rejects) >= REJECT_PART_ROWS:
                    flush_rejects()
            elif item is not None:
                batch.append(item)
                if len(batch) >= batch_size:
                    yield flush_batch()
    if batch:
        yield flush_batch()
    flush_rejects()


def _classify(article: Article, ids: dict[str, str], first_ids: dict[str, str], seen_in_run: set[str],
              out: IngestOutcome) -> Article | Rejection | None:
    """The article if it is to be extracted, None if the tables already hold it unchanged, else a rejection.

    A text already ingested under another id is a copy (a syndicated story): an article of its own, extracted
    against its own publication date, whose `duplicate_of` names the id the text was first ingested under.
    """
    aid, chash = article.article_id, article.content_hash
    if aid in seen_in_run:
        same = "the same text" if ids.get(aid) == chash else "a different text"
        return rejection("ingest", "articles", "duplicate_id", f"id {aid!r} appeared earlier in this input, with {same}",
                         article.input_ref, article.text, aid)
    seen_in_run.add(aid)
    if ids.get(aid) == chash:
        out.unchanged += 1
        return None
    if aid in ids:
        out.replaced.append(aid)
    ids[aid] = chash
    first = first_ids.setdefault(chash, aid)
    out.new += 1
    return replace(article, duplicate_of=first) if first != aid else article


def extract_batch(batch: StagedBatch, run_id: str, version: str) -> list[str]:
    """Extract the facts of a staged batch, in slices, on this process's worker pool if it has one, else here.

    Returns the pickled (rows, rejections) of each slice, in order; an article whose extraction fails is rejected.
    """
    jobs = [(path, path.replace(f"{os.sep}ingest{os.sep}", f"{os.sep}extracted{os.sep}"), run_id, version)
            for path in batch.slices]
    pool = active_pool()
    if pool is None:
        return [extract_slice(*job).path for job in jobs]
    futures = [pool.submit(*job) for job in jobs]
    return [pool.result(f, f"extracting batch {batch.number}").path for f in futures]


def validate_batch(extracted: list[str], staging: Path, batch_no: int, run_id: str, version: str,
                   now: datetime) -> BatchOutcome:
    """Validate a batch's rows with the tables' suites; stage the valid rows, reject the others with the expectation."""
    rows, failures = _load_slices(extracted)
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
    counts = {t: Counter(r["article_id"] for r in valid[t]) for t in MENTION_TABLES}
    for article in valid["articles"]:
        aid = article["article_id"]
        article["figure_count"], article["date_count"], article["event_count"] = (
            counts[t][aid] for t in MENTION_TABLES)
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


def _load_slices(paths: list[str]) -> tuple[TableRows, list[Rejection]]:
    rows: TableRows = {"articles": [], **{t: [] for t in MENTION_TABLES}}
    failures: list[Rejection] = []
    for path in paths:
        part, failed = pickle.loads(Path(path).read_bytes())
        for table, table_rows in part.items():
            rows[table] += table_rows
        failures += failed
        Path(path).unlink()
    return rows, failures


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
