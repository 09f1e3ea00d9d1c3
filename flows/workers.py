"""Extraction in worker processes: a pool owned by the run, fed the slices of staged batches.

This module is what a worker process imports, so it imports only the transforms and the row builder: no Prefect,
no pandas, no Great Expectations. Workers come from a forkserver that imported this module (and warmed the
transforms) once, so each worker starts in milliseconds, and no worker is forked from a process with threads.
"""
from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flows.records import Article, Rejection, rejection
from flows.rows import article_rows
from transforms import gazetteer
from transforms.extract import extract_facts

# Articles per job sent to a worker: small enough to keep every worker busy to the end of a batch,
# large enough that sending a job costs nothing beside extracting it.
SLICE_ARTICLES = 100
_WARM_UP_TEXT = ("On Monday, 12 March 2018, at least 25 people were killed and more than 40 wounded in clashes "
                 "near the capital, officials said. About $3.5 million in aid was pledged last week.")


class WorkerDied(RuntimeError):
    """An extraction worker process ended while it had articles to extract (killed, crashed or exited)."""


@dataclass(frozen=True)
class SliceResult:
    path: str          # the pickled (rows, failures) of the slice
    articles: int      # articles extracted
    failures: int      # articles whose extraction failed (rejected)


def default_workers() -> int:
    """The number of CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def warm_up() -> None:
    """Run the transforms once, so that their lazily built patterns are ready before the first article; then
    freeze what they built."""
    extract_facts(_WARM_UP_TEXT, date(2018, 3, 14))
    gazetteer.load()  # the warm-up text reaches only some of its tables
    # The patterns and lexicons live as long as the process. Frozen, they are left out of the collector's full
    # passes (some 150,000 objects, 75 ms a pass: 2% of the extraction's CPU), and the pages a worker shares with
    # the forkserver it came from are not written to by the collector.
    gc.freeze()


def _forkserver_context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    # The forkserver warms the transforms once; every worker is forked from it with them ready.
    context.set_forkserver_preload(["flows.worker_boot"])
    return context


def start_forkserver() -> None:
    """Start the forkserver of the extraction pool now, so that it loads and warms the transforms (about 5 s of CPU)
    while the run is still starting; the pool started later forks its workers from it."""
    _forkserver_context()
    multiprocessing.forkserver.ensure_running()


def _start_worker() -> None:
    # Ctrl-C is the run's to handle: it stops the pool; a worker would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()


def extract_slice(slice_path: str, out_path: str, run_id: str, version: str) -> SliceResult:
    """Extract the articles of a staged slice and pickle their table rows and rejections to `out_path`."""
    source = Path(slice_path)
    articles: list[Article] = pickle.loads(source.read_bytes())
    done = []
    failures: list[Rejection] = []
    for article in articles:
        try:
            done.append((article, extract_facts(article.text, article.published_date)))
        except Exception as e:  # noqa: BLE001 - one article's failure must not stop the run
            failures.append(rejection("extract", "articles", "extractor_error", f"{type(e).__name__}: {e}"[:500],
                                      article.input_ref, article.text, article.article_id))
    rows = article_rows(done, run_id, version)
    path = Path(out_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((rows, failures), protocol=pickle.HIGHEST_PROTOCOL))
    source.unlink()
    return SliceResult(out_path, len(articles), len(failures))


class ExtractionPool:
    """A pool of worker processes for the run, shared by the extract tasks of this process."""

    def __init__(self, workers: int):
        self.workers = workers
        self._executor = ProcessPoolExecutor(workers, mp_context=_forkserver_context(), initializer=_start_worker)
        # Every worker process started, by pid: when the pool breaks, their exit codes tell what ended the one that
        # died (the executor only says "terminated abruptly").
        self._processes: dict[int, multiprocessing.Process] = {}

    def submit(self, slice_path: str, out_path: str, run_id: str, version: str) -> Future:
        future = self._executor.submit(extract_slice, slice_path, out_path, run_id, version)
        self._processes.update(getattr(self._executor, "_processes", None) or {})
        return future

    def result(self, future: Future, what: str) -> SliceResult:
        """The future's result; if a worker died, a WorkerDied that says how, while doing `what`."""
        try:
            return future.result()
        except BrokenProcessPool as e:
            raise WorkerDied(f"an extraction worker process died while {what}: {self.cause_of_death()}") from e

    def cause_of_death(self) -> str:
        """How the worker that broke the pool ended, in words a user can act on."""
        # The pool's own thread reads each worker's exit status too, once it has failed the futures: a second reader
        # at the same time finds the status gone and sees 255. So it is left to finish (it ends the survivors) first.
        self._executor.shutdown(wait=True, cancel_futures=True)
        codes = {pid: process.exitcode for pid, process in self._processes.items()}
        # The pool sends SIGTERM to the survivors: the culprit is one that ended otherwise, if any did. A survivor
        # can also exit with a status of its own when its pipe to the broken pool goes, so a death by a signal is the
        # likelier cause and comes first.
        ended = [(pid, code) for pid, code in codes.items() if code is not None]
        culprits = [(pid, code) for pid, code in ended if code != -signal.SIGTERM]
        culprits = sorted(culprits, key=lambda ended_with: ended_with[1] >= 0) or ended
        if not culprits:
            return "it ended for a reason the pool could not see"
        pid, code = culprits[0]
        return f"process {pid} {describe_exit(code)}"

    def close(self, cancel: bool = False) -> None:
        self._executor.shutdown(wait=True, cancel_futures=cancel)


def describe_exit(code: int) -> str:
    """A process's exit code in words: the signal that killed it, or its exit status."""
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if -code == signal.SIGKILL:
            return (f"was killed by {name}, which is what the kernel's out-of-memory killer sends: check the memory "
                    f"available (dmesg), or run with fewer --workers or a smaller --batch-size")
        if -code in (signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGILL):
            return f"crashed ({name})"
        return f"was killed by {name}"
    return f"exited with status {code} before finishing its work (see the messages above)"


_active: ExtractionPool | None = None
_lock = threading.Lock()


def start_pool(workers: int) -> ExtractionPool | None:
    """Start this process's extraction pool; with one worker, extraction runs in the calling process instead."""
    global _active
    with _lock:
        if _active is None and workers > 1:
            _active = ExtractionPool(workers)
        return _active


def stop_pool(cancel: bool = False) -> None:
    """Stop this process's extraction pool, if there is one."""
    global _active
    with _lock:
        pool, _active = _active, None
    if pool is not None:
        pool.close(cancel)


def active_pool() -> ExtractionPool | None:
    """The extraction pool of this process, or None (a Dask worker, or a run with one worker)."""
    return _active
