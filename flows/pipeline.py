"""The `newsfacts-run` Prefect flow: ingest, extract, validate and write, one task per batch of articles."""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version as package_version
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed

from flows.progress import Progress
from flows.records import digest
from flows.sources import fingerprint_files, resolve_inputs
from flows.stages import BatchOutcome, IngestOutcome, extract_batch, ingest_input, validate_batch
from flows.store import Store

DEFAULT_BATCH_SIZE = 200


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
def ingest_task(input_spec: str, output: str, run_id: str, batch_size: int, started: datetime) -> IngestOutcome:
    store = Store(Path(output))
    return ingest_input(input_spec, store.known(), store.staging_dir(run_id), run_id, extractor_version(),
                        batch_size, started)


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(batch_path: str, run_id: str) -> str:
    return extract_batch(batch_path, batch_path.replace("/ingest/", "/extracted/"), run_id, extractor_version())


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(extracted_path: str, output: str, batch_no: int, run_id: str, started: datetime) -> BatchOutcome:
    staging = Store(Path(output)).staging_dir(run_id)
    return validate_batch(extracted_path, staging, batch_no, run_id, extractor_version(), started)


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
                  show_progress: bool | None = None) -> RunSummary:
    """Turn the articles named by `input_spec` into the Parquet tables under `output`."""
    clock = time.monotonic()
    started = datetime.now(timezone.utc)
    store, files = prepare(input_spec, output)
    run_id = digest(fingerprint_files(files), extractor_version())[:12]
    summary = RunSummary(run_id=run_id, output=output)
    with store.locked():
        ingested = ingest_task(input_spec, output, run_id, batch_size, started)
        staged: dict[str, list[str]] = {"rejected": list(ingested.rejected_parts)}
        progress = Progress("newsfacts", len(ingested.batches), show_progress)
        validations: list[dict] = []
        extracted = [extract_task.submit(path, run_id) for path in ingested.batches]
        checks = [validate_task.submit(fut, output, i + 1, run_id, started) for i, fut in enumerate(extracted)]
        for fut in as_completed(checks):
            outcome: BatchOutcome = fut.result()
            for table, path in outcome.staged.items():
                staged.setdefault(table, []).append(path)
            summary.rows.update(outcome.rows)
            summary.rejects.update(outcome.rejects)
            summary.articles_rejected += outcome.articles_rejected
            validations += outcome.validation
            progress.advance()
        progress.close()
        staged = {t: sorted(ps) for t, ps in staged.items()}
        write_task(output, run_id, staged, ingested.replaced)
    summary.inputs = ingested.inputs
    summary.articles_new = summary.rows["articles"]
    summary.articles_unchanged = ingested.unchanged
    summary.articles_replaced = len(ingested.replaced)
    summary.rejects.update(ingested.rejects)
    summary.articles_rejected += sum(ingested.rejects.values())
    summary.rows["rejected"] += sum(ingested.rejects.values())
    summary.validation_failures = sum(r["unexpected_count"] or 0 for r in validations if not r["success"])
    summary.seconds = time.monotonic() - clock
    summary.report = str(_write_run_record(store, summary, started, validations))
    return summary


def _write_run_record(store: Store, summary: RunSummary, started: datetime, validations: list[dict]) -> Path:
    path = store.meta / "runs" / f"{started:%Y%m%dT%H%M%SZ}-{summary.run_id}.json"
    record = {
        "run_id": summary.run_id, "started_at": started.isoformat(), "seconds": round(summary.seconds, 3),
        "extractor_version": extractor_version(), "inputs": summary.inputs,
        "articles_new": summary.articles_new, "articles_unchanged": summary.articles_unchanged,
        "articles_replaced": summary.articles_replaced, "articles_rejected": summary.articles_rejected, "rows": dict(summary.rows), "rejects": dict(summary.rejects),
        "validation": _merge_validation(validations),
    }
    path.write_text(json.dumps(record, indent=2, default=str), encoding="utf-8")
    return path


def _merge_validation(results: list[dict]) -> list[dict]:
    merged: dict[tuple[str, str], dict] = {}
    for r in results:
        m = merged.setdefault((r["table"], r["expectation"]), {"table": r["table"], "expectation": r["expectation"],
                                                             "success": True, "element_count": 0, "unexpected_count": 0})
        m["success"] = m["success"] and r["success"]
        m["element_count"] += r["element_count"] or 0
        m["unexpected_count"] += r["unexpected_count"] or 0
    return list(merged.values())
