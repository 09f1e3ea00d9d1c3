"""The `newsfacts-run` Prefect flow: ingest, extract, validate and write, one task per batch of articles."""
from __future__ import annotations

import json
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version as package_version
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture

from flows.progress import Progress
from flows.records import digest
from flows.sources import fingerprint_files, resolve_inputs
from expectations.validate import warm_up as warm_up_suites
from flows.stages import BatchOutcome, IngestOutcome, StagedBatch, extract_batch, ingest_batches, validate_batch
from flows.store import Store
from flows.workers import default_workers, start_pool, stop_pool

# Articles per batch task: Great Expectations costs about a second per table and run, whatever the rows.
DEFAULT_BATCH_SIZE = 1000


def extractor_version() -> str:
    return package_version("newsfacts")


@dataclass
class RunSummary:
    run_id: str
    output: str
    inputs: int = 0
    articles_new: int = 0
    articles_unchanged: int = 0
    articles_replaced: int = 0
    articles_rejected: int = 0
    rows: Counter = field(default_factory=Counter)
    rejects: Counter = field(default_factory=Counter)
    validation_failures: int = 0
    seconds: float = 0.0
    report: str = ""


@task(name="ingest", cache_policy=NO_CACHE)
def ingest_task(input_spec: str, output: str, run_id: str, batch_size: int,
                started: datetime) -> Iterator[StagedBatch | IngestOutcome]:
    """Each batch as soon as it is staged, then the outcome of the whole ingest."""
    store = Store(Path(output))
    out = IngestOutcome()
    yield from ingest_batches(input_spec, store.known(), store.staging_dir(run_id), run_id, extractor_version(),
                              batch_size, started, out)
    yield out


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(batch: StagedBatch, run_id: str) -> list[str]:
    return extract_batch(batch, run_id, extractor_version())


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(extracted: list[str], output: str, batch_no: int, run_id: str, started: datetime) -> BatchOutcome:
    staging = Store(Path(output)).staging_dir(run_id)
    return validate_batch(extracted, staging, batch_no, run_id, extractor_version(), started)


@task(name="write", cache_policy=NO_CACHE)
def write_task(output: str, run_id: str, staged: dict[str, list[str]], replaced: list[str]) -> dict[str, int]:
    return Store(Path(output)).commit(run_id, {t: [Path(p) for p in ps] for t, ps in staged.items()}, set(replaced))


def prepare(input_spec: str, output: str) -> tuple[Store, list[Path]]:
    """Check the input and the output folder before any work: bad usage fails here, with a clear message."""
    _, files = resolve_inputs(input_spec)
    store = Store(Path(output))
    store.open()
    return store, files


@flow(name="newsfacts-run", log_prints=False)
def newsfacts_run(input_spec: str, output: str, batch_size: int = DEFAULT_BATCH_SIZE,
                  show_progress: bool | None = None, workers: int | None = None) -> RunSummary:
    """Turn the articles named by `input_spec` into the Parquet tables under `output`.

    Batches stream through: each is extracted (on `workers` processes, default one per CPU) as soon as it is
    read, then validated and staged; only a few batches are in flight at a time, so memory does not grow with
    the input. The staged files are committed together at the end.
    """
    clock = time.monotonic()
    started = datetime.now(timezone.utc)
    store, files = prepare(input_spec, output)
    run_id = digest(fingerprint_files(files), extractor_version())[:12]
    summary = RunSummary(run_id=run_id, output=output)
    workers = workers or default_workers()
    with store.locked():
        suites = threading.Thread(target=warm_up_suites, daemon=True)
        suites.start()
        start_pool(workers)
        try:
            staged, validation, ingested = _stream_batches(input_spec, output, run_id, batch_size, started,
                                                           workers, summary, suites, show_progress)
        finally:
            stop_pool(cancel=True)
        write_task(output, run_id, staged, ingested.replaced)
    summary.inputs = ingested.inputs
    summary.articles_new = summary.rows["articles"]
    summary.articles_unchanged = ingested.unchanged
    summary.articles_replaced = len(ingested.replaced)
    summary.rejects.update(ingested.rejects)
    summary.articles_rejected += sum(ingested.rejects.values())
    summary.rows["rejected"] += sum(ingested.rejects.values())
    summary.validation_failures = sum(r["unexpected_count"] for r in validation if not r["success"])
    summary.seconds = time.monotonic() - clock
    summary.report = str(_write_run_record(store, summary, started, validation))
    return summary


def _stream_batches(input_spec: str, output: str, run_id: str, batch_size: int, started: datetime, workers: int,
                    summary: RunSummary, suites: threading.Thread, show_progress: bool | None):
    """Ingest, extract and validate batch after batch, with a bounded number of batches in flight."""
    staged: dict[str, list[str]] = {}
    validation: dict[tuple[str, str], dict] = {}
    progress = Progress("newsfacts", None, show_progress)
    # Enough batches in flight to keep every worker busy while this process validates the oldest one.
    window = max(2, workers) + 1
    pending: deque[tuple[StagedBatch, PrefectFuture]] = deque()
    ingested = IngestOutcome()

    def finish_oldest() -> None:
        batch, future = pending.popleft()
        suites.join()
        outcome: BatchOutcome = validate_task(future.result(), output, batch.number, run_id, started)
        for table, path in outcome.staged.items():
            staged.setdefault(table, []).append(path)
        summary.rows.update(outcome.rows)
        summary.rejects.update(outcome.rejects)
        summary.articles_rejected += outcome.articles_rejected
        _merge_validation(validation, outcome.validation)
        progress.advance(1, batch.count)

    for item in ingest_task(input_spec, output, run_id, batch_size, started):
        if isinstance(item, IngestOutcome):
            ingested = item
            continue
        pending.append((item, extract_task.submit(item, run_id)))
        while len(pending) >= window:
            finish_oldest()
    while pending:
        finish_oldest()
    progress.close()
    staged.setdefault("rejected", [])[:0] = ingested.rejected_parts
    return {t: sorted(ps) for t, ps in staged.items()}, list(validation.values()), ingested


def _write_run_record(store: Store, summary: RunSummary, started: datetime, validations: list[dict]) -> Path:
    path = store.meta / "runs" / f"{started:%Y%m%dT%H%M%SZ}-{summary.run_id}.json"
    record = {
        "run_id": summary.run_id, "started_at": started.isoformat(), "seconds": round(summary.seconds, 3),
        "extractor_version": extractor_version(), "inputs": summary.inputs,
        "articles_new": summary.articles_new, "articles_unchanged": summary.articles_unchanged,
        "articles_replaced": summary.articles_replaced, "articles_rejected": summary.articles_rejected, "rows": dict(summary.rows), "rejects": dict(summary.rejects),
        "validation": validations,
    }
    path.write_text(json.dumps(record, indent=2, default=str), encoding="utf-8")
    return path


def _merge_validation(merged: dict[tuple[str, str], dict], results: list[dict]) -> None:
    """Add a batch's validation results to the run's, per table and expectation."""
    for r in results:
        m = merged.setdefault((r["table"], r["expectation"]), {"table": r["table"], "expectation": r["expectation"],
                                                             "success": True, "element_count": 0, "unexpected_count": 0})
        m["success"] = m["success"] and r["success"]
        m["element_count"] += r["element_count"] or 0
        m["unexpected_count"] += r["unexpected_count"] or 0
