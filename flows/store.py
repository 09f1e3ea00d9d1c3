"""The output folder: Parquet tables committed atomically, a lock against concurrent runs, and what is already there."""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from expectations.schema import TABLES

META_DIR = "_newsfacts"
COMMIT_FILE = "COMMIT"
# Output folders whose lock a thread of this process holds, with how many holders: the command line takes the lock
# before Prefect starts (so a refusal is one line, not a failed flow run), and the flow, in the same thread, takes it
# again. Another thread opens the lock file anew, and flock() refuses it as it would another process.
_HELD: Counter[tuple[str, int]] = Counter()


class StoreError(Exception):
    """The output folder cannot be used; the message says why."""


@dataclass(frozen=True)
class Known:
    """What the output folder already holds: article ids with their content hashes, and rejection ids."""

    articles: dict[str, str]
    rejects: set[str]
    first_ids: dict[str, str] = field(default_factory=dict)   # content hash -> id the text was first ingested under


class Store:
    def __init__(self, root: Path):
        self.root = root
        self.meta = root / META_DIR

    # ---- setup and safety

    def open(self) -> None:
        """Create the folder if needed, refusing a non-empty folder that holds no newsfacts tables."""
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"output {self.root} exists and is not a folder")
        if self.root.is_dir() and not self.meta.exists():
            foreign = [p.name for p in self.root.iterdir() if p.name not in TABLES and not p.name.startswith(".")]
            if foreign:
                raise StoreError(f"output folder {self.root} is not empty and holds no newsfacts tables "
                                 f"(found {foreign[0]!r}); choose another --output")
        try:
            (self.meta / "runs").mkdir(parents=True, exist_ok=True)
            (self.meta / "staging").mkdir(exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create output folder {self.root}: {e.strerror or e}") from None

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder's lock for a run; a second run at the same time is refused, never interleaved."""
        path = self.meta / "lock"
        key = (str(path.resolve()), threading.get_ident())
        if _HELD[key]:
            _HELD[key] += 1
            try:
                yield
            finally:
                _HELD[key] -= 1
            return
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as e:
                if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
                    raise StoreError(f"another newsfacts run ({holder}) is writing to {self.root}; "
                                     "wait for it to finish") from None
                raise
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
            self.recover()
            _HELD[key] += 1
            try:
                yield
            finally:
                _HELD[key] -= 1
        finally:
            os.close(fd)

    def recover(self) -> None:
        """Finish the commit of a run that died while committing; drop the staged files of runs that died before."""
        staging = self.meta / "staging"
        for run_dir in sorted(staging.iterdir()) if staging.exists() else []:
            journal = run_dir / COMMIT_FILE
            if journal.exists():
                self._apply(json.loads(journal.read_text(encoding="utf-8")))
            shutil.rmtree(run_dir, ignore_errors=True)

    # ---- reading what is there

    def known(self) -> Known:
        """The article ids and content hashes, and the rejection ids, already in the tables."""
        articles = self._read_columns("articles", ["article_id", "content_hash", "duplicate_of"])
        rejects = self._read_columns("rejected", ["reject_id"])
        ids, hashes, copies = (articles.column(c).to_pylist() for c in ("article_id", "content_hash", "duplicate_of"))
        first_ids: dict[str, str] = {}
        for aid, chash, first in zip(ids, hashes, copies):
            if first is None or chash not in first_ids:
                first_ids[chash] = first or aid
        return Known(dict(zip(ids, hashes)), set(rejects.column("reject_id").to_pylist()), first_ids)

    def table_files(self, name: str) -> list[Path]:
        folder = self.root / name
        return sorted(folder.rglob("*.parquet")) if folder.is_dir() else []

    def _read_columns(self, name: str, columns: list[str]) -> pa.Table:
        files = self.table_files(name)
        if not files:
            return pa.table({c: pa.array([], pa.string()) for c in columns})
        # The table's own schema, so a column that files written by an older version lack reads as nulls.
        schema = TABLES[name].arrow_schema()
        return ds.dataset([str(f) for f in files], format="parquet", schema=schema).to_table(columns=columns)

    # ---- writing

    def staging_dir(self, run_id: str) -> Path:
        path = self.meta / "staging" / run_id
        path.mkdir(parents=True, exist_ok=True)
        return path

    def commit(self, run_id: str, staged: dict[str, list[Path]], replaced: set[str]) -> dict[str, int]:
        """Move the staged files into the tables and drop the rows of replaced articles, all or nothing."""
        staging = self.staging_dir(run_id)
        moves: list[tuple[str, str]] = []
        deletes: list[str] = []
        for name in TABLES:
            for path in staged.get(name, []):
                moves.append((str(path), str(self.root / name / path.name)))
            if replaced and name != "rejected":
                self._plan_removal(name, replaced, staging, moves, deletes)
            if not staged.get(name) and not self.table_files(name):
                moves.append((str(write_parquet(name, [], staging / "empty" / name / f"part-{run_id}-empty.parquet")),
                              str(self.root / name / f"part-{run_id}-empty.parquet")))
        journal = {"run_id": run_id, "moves": moves, "deletes": deletes}
        _write_atomic(staging / COMMIT_FILE, json.dumps(journal))
        self._apply(journal)
        shutil.rmtree(staging, ignore_errors=True)
        return {name: len(staged.get(name, [])) for name in TABLES}

    def _plan_removal(self, name: str, replaced: set[str], staging: Path,
                      moves: list[tuple[str, str]], deletes: list[str]) -> None:
        ids = pa.array(sorted(replaced), pa.string())
        for path in self.table_files(name):
            table = pq.read_table(path)
            hit = pa.compute.is_in(table.column("article_id"), value_set=ids)
            if not pa.compute.any(hit).as_py():
                continue
            kept = table.filter(pa.compute.invert(hit))
            if kept.num_rows == 0 and len(self.table_files(name)) > 1:
                deletes.append(str(path))
                continue
            target = staging / "rewrite" / name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(kept, target, compression="zstd")
            moves.append((str(target), str(path)))

    def _apply(self, journal: dict) -> None:
        for src, dst in journal["moves"]:
            if os.path.exists(src):
                Path(dst).parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
        for path in journal["deletes"]:
            if os.path.exists(path):
                os.remove(path)
        for name in TABLES:
            if (self.root / name).is_dir():
                _fsync_dir(self.root / name)


def write_parquet(name: str, rows: list[dict], path: Path) -> Path:
    """Write rows of table `name` to one Parquet file with the table's explicit schema."""
    schema = TABLES[name].arrow_schema()
    table = pa.Table.from_pylist(rows, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd")
    return path


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
