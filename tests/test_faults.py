"""Runs that die or meet another run: a real `newsfacts run` killed with SIGKILL while writing, or holding the output
folder while a second run starts. The previous tables stay whole, and the next run completes and recovers.

tests/fault_run.py stops the run at a known point of its write path, so what the test sees never depends on timing.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import REPO, read_table, run_cli
from ops_fixtures import copy_output

FAULT_RUN = Path(__file__).parent / "fault_run.py"
TABLES = ("articles", "figures", "dates", "events", "rejected")
IDS = {"articles": "article_id", "figures": "figure_id", "dates": "date_id", "events": "event_id",
       "rejected": "reject_id"}
# Four new articles and a changed seed article: several batches to stage, and rows to replace at the commit.
NEW = [{"id": f"fault-{i}", "text": f"{i + 3} soldiers were killed in a raid near Herat on Monday, officials said.",
        "published_at": "2021-06-0" + str(i + 1)} for i in range(4)]
CHANGED = {"id": "sample-election-2024", "text": "Turnout was 61 percent on Sunday, the commission said.",
           "published_at": "2024-06-10"}
# A guard against a hung test, not a measure: a paused run is normally reached in seconds.
PATIENCE_SECONDS = 300


def new_input(folder: Path) -> Path:
    path = folder / "more.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in [*NEW, CHANGED]), encoding="utf-8")
    return path


def table_bytes(out: Path) -> dict[str, str]:
    """Every file of the five tables, by its path in the output folder, with the SHA-256 of its bytes."""
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for name in TABLES for p in sorted((out / name).rglob("*")) if p.is_file()}


def staged_files(out: Path) -> list[Path]:
    return sorted((out / "_newsfacts" / "staging").rglob("*.parquet"))


def assert_tables_whole(out: Path) -> dict[str, list[dict]]:
    """Every table file is a readable Parquet file; ids are unique; each article's counts match its rows."""
    for name in TABLES:
        for path in (out / name).rglob("*.parquet"):
            pq.read_table(path)
    tables = {name: read_table(out, name) for name in TABLES}
    for name, rows in tables.items():
        ids = Counter(r[IDS[name]] for r in rows)
        assert not [i for i, n in ids.items() if n > 1], f"{name}: duplicate ids"
    articles = {a["article_id"]: a for a in tables["articles"]}
    for name, count in (("figures", "figure_count"), ("dates", "date_count"), ("events", "event_count")):
        per_article = Counter(r["article_id"] for r in tables[name])
        assert set(per_article) <= set(articles), f"{name}: rows of an article not in the tables"
        assert {a: per_article.get(a, 0) for a in articles} == {a: r[count] for a, r in articles.items()}, name
    return tables


class PausedRun:
    """A `newsfacts run` in a session of its own, paused at `point` (see tests/fault_run.py)."""

    def __init__(self, point: str, args: list[str], env: dict[str, str], work: Path):
        self.ready, self.go = work / f"{point}.ready", work / f"{point}.go"
        self.stdout, self.stderr = work / f"{point}.out", work / f"{point}.err"
        env = {**env, "NEWSFACTS_FAULT_POINT": point, "NEWSFACTS_FAULT_READY": str(self.ready),
               "NEWSFACTS_FAULT_GO": str(self.go)}
        with open(self.stdout, "wb") as out, open(self.stderr, "wb") as err:
            # A session of its own: SIGKILL goes to the run and every process it started, as when a machine dies.
            self.process = subprocess.Popen([sys.executable, str(FAULT_RUN), *args], stdout=out, stderr=err,
                                            env=env, cwd=REPO, start_new_session=True)
        deadline = time.monotonic() + PATIENCE_SECONDS
        while not self.ready.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"the run did not reach {point}: {self.stderr.read_text()}")
            time.sleep(0.05)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def go_on(self) -> int:
        self.go.touch()
        return self.process.wait(timeout=PATIENCE_SECONDS)


def run_args(source: Path, out: Path) -> list[str]:
    return ["run", "--input", str(source), "--output", str(out), "--no-progress", "--batch-size", "1",
            "--workers", "1"]


@pytest.fixture(scope="module")
def killed_while_staging(seeds_output, tmp_path_factory, prefect_env):
    """A run paused after staging its first file; a second run tried meanwhile; then the first killed (SIGKILL).
    Yields the output folder, its table files before, the second run's result and the first run's pid."""
    work = tmp_path_factory.mktemp("killed_while_staging")
    out = copy_output(seeds_output, work / "out")
    before = table_bytes(out)
    run = PausedRun("staged", run_args(new_input(work), out), prefect_env, work)
    try:
        assert staged_files(out), "the run was paused before it wrote anything"
        other = work / "other.jsonl"
        other.write_text(json.dumps({"id": "other-1", "text": "Two bridges were closed on Friday."}) + "\n")
        second = run_cli(run_args(other, out), prefect_env)
    finally:
        run.kill()
    assert run.process.returncode == -signal.SIGKILL
    return out, before, second, run.process.pid


def test_a_second_run_into_a_folder_in_use_is_refused_in_one_line(killed_while_staging):
    out, _, second, holder = killed_while_staging
    assert second.returncode == 2
    assert second.stderr.splitlines() == [f"newsfacts: error: another newsfacts run (pid {holder}) is writing to "
                                          f"{out}; wait for it to finish"], second.stderr
    assert second.stdout == ""


def test_a_run_killed_while_staging_leaves_the_previous_tables_whole(killed_while_staging, seeds_output, tmp_path,
                                                                    prefect_env):
    out, before, _, _ = killed_while_staging
    assert table_bytes(out) == before
    assert_tables_whole(out)

    result = run_cli(run_args(new_input(tmp_path), out), prefect_env)
    assert result.returncode == 0, result.stderr
    assert "5 input records -> 5 articles written (1 replaced)" in result.stdout
    assert not staged_files(out), "the dead run's staged files were left behind"
    tables = assert_tables_whole(out)
    ids = {a["article_id"] for a in tables["articles"]}
    assert ids == {a["article_id"] for a in read_table(seeds_output, "articles")} | {r["id"] for r in NEW}
    assert "other-1" not in ids
    assert [f["text"] for f in tables["figures"] if f["article_id"] == CHANGED["id"]] == ["61"]


def test_a_run_killed_half_way_through_its_commit_is_completed_by_the_next_run(seeds_output, tmp_path, prefect_env):
    out = copy_output(seeds_output, tmp_path / "out")
    before = table_bytes(out)
    source = new_input(tmp_path)
    run = PausedRun("commit", run_args(source, out), prefect_env, tmp_path)
    run.kill()
    journals = list((out / "_newsfacts" / "staging").glob("*/COMMIT"))
    assert len(journals) == 1
    moves = json.loads(journals[0].read_text())["moves"]
    assert sum(not os.path.exists(src) for src, _ in moves) == len(moves) // 2 > 0  # killed half way, truly
    assert table_bytes(out) != before
    for name in TABLES:  # what is there is readable, file by file
        for path in (out / name).rglob("*.parquet"):
            pq.read_table(path)

    result = run_cli(run_args(source, out), prefect_env)  # takes the lock, finishes the journal's moves
    assert result.returncode == 0, result.stderr
    assert "5 input records -> 0 articles written (0 replaced), 5 unchanged" in result.stdout
    assert not list((out / "_newsfacts" / "staging").iterdir()), "the journal was left behind"
    tables = assert_tables_whole(out)
    seeds = {a["article_id"]: a for a in read_table(seeds_output, "articles")}
    assert {a["article_id"] for a in tables["articles"]} == set(seeds) | {r["id"] for r in NEW}
    assert [f["text"] for f in tables["figures"] if f["article_id"] == CHANGED["id"]] == ["61"]
    untouched = lambda t: sorted(json.dumps(r, sort_keys=True, default=str) for r in t  # noqa: E731
                                 if r["article_id"] in seeds and r["article_id"] != CHANGED["id"])
    for name in ("figures", "dates", "events"):
        assert untouched(tables[name]) == untouched(read_table(seeds_output, name)), name


def test_the_lock_is_held_once_per_thread_and_refuses_another_thread(tmp_path):
    import threading

    from flows.store import Store, StoreError

    store = Store(tmp_path / "out")
    store.open()
    refused = []

    def other_thread():
        try:
            with store.locked():
                pass
        except StoreError as e:
            refused.append(str(e))

    with store.locked():
        with store.locked():  # the command line, then the flow in the same thread
            thread = threading.Thread(target=other_thread)
            thread.start()
            thread.join()
    assert refused == [f"another newsfacts run (pid {os.getpid()}) is writing to {tmp_path / 'out'}; wait for it to finish"]
    with store.locked():  # released when the outer holder is done
        pass
