"""The `newsfacts-run` Prefect flow: ingest, extract, validate and write, one task per batch of articles."""
from __future__ import annotations

import json
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version as package_version
from pathlib import Path

import pyarrow.dataset as ds
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.task_runners import ThreadPoolTaskRunner

from flows.feeds import FetchOptions, FetchOutcome, fetch_sources, fetch_stamp
from flows.preflight import prepare, split_sources
from flows.progress import Progress
from flows.records import digest
from flows.rows import rejected_rows
from flows.sources import InputError, fingerprint_files
from expectations.validate import MAX_EXAMPLES, warm_up as warm_up_suites
from flows.stages import BatchOutcome, IngestOutcome, StagedBatch, extract_batch, ingest_batches, validate_batch
from flows.store import Store, write_parquet
from flows.summary import publish_summary
from flows.validation_report import write_report
from flows.workers import default_workers, start_pool, stop_pool

# Articles per batch task: Great Expectations costs about a second per table and run whatever the rows, so
# a batch must be large to amortize it; the batch's rows are what the validating process holds in memory.
DEFAULT_BATCH_SIZE = 2000
# Fetch failures that another try would not cure: such links are not fetched again.
LASTING_FETCH_FAILURES = {"unsupported_content_type", "too_large", "no_article_text", "disallowed_by_robots"}


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
    report: str = ""       # the validation report, an HTML page
    results: str = ""      # the run record with the validation results, JSON


@task(name="fetch", cache_policy=NO_CACHE)
def fetch_task(sources: list[str], output: str, options: FetchOptions, started: datetime) -> FetchOutcome:
    store = Store(Path(output))
    return fetch_sources(sources, known_urls(store), store.meta / "fetched" / fetch_stamp(started), options,
                         get_run_logger())


@task(name="ingest", cache_policy=NO_CACHE)
def ingest_task(input_spec: str, output: str, run_id: str, batch_size: int,
                started: datetime) -> Iterator[StagedBatch | IngestOutcome]:
    """Each batch as soon as it is staged, then the outcome of the whole ingest."""
    store = Store(Path(output))
    outcome = IngestOutcome()
    yield from ingest_batches(input_spec, store.known(), store.staging_dir(run_id), run_id, extractor_version(),
                              batch_size, started, outcome)
    get_run_logger().info("ingest: %d input records, %d new or changed articles in %d batches, %d unchanged, "
                          "%d rejected", outcome.inputs, outcome.new, outcome.batches, outcome.unchanged,
                          sum(outcome.rejects.values()))
    yield outcome


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(batch: StagedBatch, run_id: str) -> list[str]:
    return extract_batch(batch, run_id, extractor_version())


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(extracted: list[str], output: str, batch_no: int, run_id: str, started: datetime) -> BatchOutcome:
    staging = Store(Path(output)).staging_dir(run_id)
    outcome = validate_batch(extracted, staging, batch_no, run_id, extractor_version(), started)
    get_run_logger().info("batch %d: %s", batch_no, ", ".join(f"{t} {n}" for t, n in sorted(outcome.rows.items())))
    return outcome


@task(name="write", cache_policy=NO_CACHE)
def write_task(output: str, run_id: str, staged: dict[str, list[str]], replaced: list[str]) -> dict[str, int]:
    files = Store(Path(output)).commit(run_id, {t: [Path(p) for p in ps] for t, ps in staged.items()}, set(replaced))
    get_run_logger().info("committed %d files to %s", sum(files.values()), output)
    return files


def make_task_runner(kind: str = "thread", dask_address: str | None = None):
    """The task runner of the batch tasks: threads in this process, or a Dask cluster (prefect-dask)."""
    if kind == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError:
            raise InputError("the dask task runner needs prefect-dask: pip install 'newsfacts[dask]'") from None
        return DaskTaskRunner(address=dask_address) if dask_address else DaskTaskRunner()
    return ThreadPoolTaskRunner()


@flow(name="newsfacts-run", log_prints=False)
def newsfacts_run(input_spec: str | None, output: str, batch_size: int = DEFAULT_BATCH_SIZE,
                  show_progress: bool | None = None, feeds: list[str] | None = None,
                  fetch: FetchOptions | None = None, workers: int | None = None) -> RunSummary:
    """Turn the articles named by `input_spec`, or fetched from the `feeds` URLs, into the Parquet tables under
    `output`.

    Batches stream through: each is extracted as soon as it is read (on `workers` processes of this machine,
    default one per CPU, or on the Dask cluster's workers), then validated and staged here, with only a few
    batches in flight, so memory does not grow with the input. The staged files are committed together at the end.
    """
    clock = time.monotonic()
    started = datetime.now(timezone.utc)
    log = get_run_logger()
    local, urls = split_sources(input_spec, feeds or [])
    store, files = prepare(local, output, urls)
    with store.locked():
        fetched = None
        if urls:
            fetched = fetch_task(urls, output, fetch or FetchOptions(), started)
            local, files = fetched.path, [Path(fetched.path)]
        run_id = digest(fingerprint_files(files), extractor_version(),
                        *(r.reject_id for r in (fetched.rejections if fetched else [])))[:12]
        summary = RunSummary(run_id=run_id, output=output)
        log.info("run %s: %s -> %s", run_id, local if not urls else ", ".join(urls), output)
        suites = threading.Thread(target=warm_up_suites, daemon=True)
        suites.start()
        local_workers = _local_workers(workers)
        parallel = local_workers or _dask_threads()
        if local_workers:
            start_pool(local_workers)
        try:
            staged, validations, ingested = _stream_batches(local, output, run_id, batch_size, started, parallel,
                                                            summary, suites, show_progress)
        finally:
            stop_pool(cancel=True)
        if fetched and fetched.rejections:
            staged["rejected"] = sorted(staged.get("rejected", []) +
                                        _stage_fetch_rejections(store, run_id, fetched, summary))
        write_task(output, run_id, staged, ingested.replaced)
        if fetched and not fetched.articles:
            Path(fetched.path).unlink(missing_ok=True)
    summary.inputs += ingested.inputs
    summary.articles_new = summary.rows["articles"]
    summary.articles_unchanged = ingested.unchanged
    summary.articles_replaced = len(ingested.replaced)
    summary.rejects.update(ingested.rejects)
    summary.articles_rejected += sum(ingested.rejects.values())
    summary.rows["rejected"] += sum(ingested.rejects.values())
    summary.validation_failures = sum(r["unexpected_count"] for r in validations if not r["success"])
    summary.seconds = time.monotonic() - clock
    record = _write_run_record(store, summary, started, validations)
    summary.results, summary.report = str(record), str(write_report(record))
    publish_summary(summary, [store.root / "figures" / Path(p).name for p in staged.get("figures", [])])
    return summary


def _stream_batches(input_spec: str, output: str, run_id: str, batch_size: int, started: datetime, parallel: int,
                    summary: RunSummary, suites: threading.Thread, show_progress: bool | None):
    """Ingest, extract and validate batch after batch, with a bounded number of batches in flight."""
    staged: dict[str, list[str]] = {}
    validation: dict[tuple[str, str], dict] = {}
    progress = Progress("newsfacts", None, show_progress)
    # Enough batches in flight to keep every worker busy while this process validates the oldest one.
    window = max(2, parallel) + 1
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
    staged["rejected"] = ingested.rejected_parts + staged.get("rejected", [])
    return {t: sorted(ps) for t, ps in staged.items()}, list(validation.values()), ingested


def _local_workers(workers: int | None) -> int:
    """Extraction processes to start here: none when the batch tasks run on a Dask cluster."""
    runner = _current_task_runner()
    if runner is not None and type(runner).__name__ == "DaskTaskRunner":
        return 0
    return workers or default_workers()


def _dask_threads() -> int:
    """The worker threads of the Dask cluster the batch tasks run on, so that all of them get batches."""
    try:
        from prefect_dask import get_dask_client

        with get_dask_client() as client:
            return max(1, sum(client.nthreads().values()))
    except Exception:  # noqa: BLE001 - no cluster to ask: keep a few batches in flight
        return 2


def _current_task_runner():
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    return context.task_runner if context else None


def run_with_settings(settings, show_progress: bool | None = None) -> RunSummary:
    """Run the flow as the settings say: input or feeds, output, batch size, fetching, task runner."""
    from flows.config import USER_AGENT

    fetch = FetchOptions(
        timeout=settings.fetch_timeout, max_bytes=settings.fetch_max_bytes, retries=settings.fetch_retries,
        backoff=settings.fetch_backoff, host_delay=settings.fetch_host_delay, max_items=settings.fetch_max_items,
        user_agent=settings.fetch_user_agent.replace("{version}", extractor_version())
        if settings.fetch_user_agent == USER_AGENT else settings.fetch_user_agent,
        robots=settings.fetch_robots)
    runner = make_task_runner(settings.task_runner, settings.dask_address)
    with _api_for_workers() if settings.task_runner == "dask" else nullcontext():
        return newsfacts_run.with_options(task_runner=runner)(
            settings.input, settings.output, settings.batch_size, show_progress, list(settings.feeds), fetch,
            settings.workers)


@contextmanager
def _api_for_workers() -> Iterator[None]:
    """Dask workers run the tasks in processes of their own, which must report to this run's Prefect API. With no
    PREFECT_API_URL, the temporary server is started here and named to them (it listens on 127.0.0.1 only: workers
    on other machines need a Prefect server they can reach, given in PREFECT_API_URL)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    with temporary_settings({PREFECT_API_URL: server.api_url}):
        yield


def known_urls(store: Store) -> set[str]:
    """URLs not to fetch again: those of the articles in the tables, and links rejected for a lasting reason."""
    files = store.table_files("articles")
    urls = set(ds.dataset([str(f) for f in files], format="parquet").to_table(columns=["url"])
               .column("url").drop_null().to_pylist()) if files else set()
    rejected = store.table_files("rejected")
    if rejected:
        table = ds.dataset([str(f) for f in rejected], format="parquet").to_table(columns=["reason", "input_ref"])
        urls.update(ref for reason, ref in zip(table.column("reason").to_pylist(), table.column("input_ref").to_pylist())
                    if reason in LASTING_FETCH_FAILURES)
    return urls


def _stage_fetch_rejections(store: Store, run_id: str, fetched: FetchOutcome, summary: RunSummary) -> list[str]:
    summary.inputs += len(fetched.rejections)
    summary.rejects.update(r.reason for r in fetched.rejections)
    summary.articles_rejected += len(fetched.rejections)
    known = store.known().rejects
    fresh = sorted((r for r in fetched.rejections if r.reject_id not in known), key=lambda r: r.reject_id)
    if not fresh:
        return []
    path = store.staging_dir(run_id) / "rejected" / f"part-{run_id}-fetch.parquet"
    write_parquet("rejected", rejected_rows(fresh, run_id, extractor_version()), path)
    summary.rows["rejected"] += len(fresh)
    return [str(path)]


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
                                                             "success": True, "element_count": 0, "unexpected_count": 0,
                                                             "examples": []})
        m["success"] = m["success"] and r["success"]
        m["element_count"] += r["element_count"] or 0
        m["unexpected_count"] += r["unexpected_count"] or 0
        m["examples"] += r.get("examples", [])[:MAX_EXAMPLES - len(m["examples"])]
