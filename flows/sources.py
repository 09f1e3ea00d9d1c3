"""Article sources: find the input files and read them as raw records, one record per article."""
from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ARTICLE_SUFFIXES = {".txt", ".md", ".json", ".jsonl", ".ndjson", ".html", ".htm"}
LINE_SUFFIXES = {".jsonl", ".ndjson"}
# A record larger than this is rejected unread beyond this point, so one huge input cannot exhaust memory.
MAX_RECORD_BYTES = 8 * 1024 * 1024


class InputError(Exception):
    """The input named by the user cannot be used at all (bad usage, not a bad article)."""


@dataclass(frozen=True)
class RawRecord:
    ref: str                      # where it was read: path, or path:line
    fmt: str                      # jsonl, json, text, markdown, html
    payload: bytes                # the record's bytes (cut at MAX_RECORD_BYTES)
    name: str                     # file name without suffix, relative to the input root: a default article id
    size: int                     # the record's full size in bytes
    sidecar: bytes | None = None  # a .json file of metadata beside a text file
    error: str | None = field(default=None)  # why the record could not be read, if it could not


def resolve_inputs(spec: str) -> tuple[Path, list[Path]]:
    """The root and the sorted list of files named by `spec`: a file, a directory or a glob."""
    path = Path(spec)
    if any(ch in spec for ch in "*?[") and not path.exists():
        files = sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())
        if not files:
            raise InputError(f"no files match {spec}")
        return Path(os.path.commonpath([str(f.parent) for f in files])), files
    if not path.exists():
        raise InputError(f"input not found: {spec}")
    if path.is_dir():
        return path, _walk(path)
    if not path.is_file():
        raise InputError(f"input is not a regular file or directory: {spec}")
    if not os.access(path, os.R_OK):
        raise InputError(f"input is not readable: {spec}")
    return path.parent, [path]


def read_records(root: Path, files: list[Path]) -> Iterator[RawRecord]:
    """Every raw record of the files, in order; sidecar metadata files are attached, not yielded."""
    present = set(files)
    for path in files:
        if path.suffix.lower() == ".json" and _text_twin(path, present):
            continue  # metadata of a text article, read with it
        name = _relative_name(root, path)
        suffix = path.suffix.lower()
        if suffix not in ARTICLE_SUFFIXES:
            yield RawRecord(str(path), "unknown", b"", name, _size(path), error=f"unsupported file type {suffix or '(none)'}")
        elif suffix in LINE_SUFFIXES:
            yield from _read_lines(path, name)
        else:
            yield _read_whole(path, name, present)


def fingerprint_files(files: list[Path]) -> str:
    """A digest of the files' names, sizes and contents, streaming: the same input gives the same digest."""
    import hashlib

    h = hashlib.sha256()
    for path in files:
        h.update(str(path.name).encode("utf-8", "surrogateescape") + b"\0")
        try:
            with open(path, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
        except OSError as e:
            h.update(f"unreadable:{e.errno}".encode())
    return h.hexdigest()


def _walk(root: Path) -> list[Path]:
    # Follows directory links but never the same directory twice, so a symlink loop ends.
    seen: set[str] = set()
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for fn in sorted(filenames):
            if not fn.startswith("."):
                out.append(Path(dirpath) / fn)
    return sorted(out)


def _text_twin(path: Path, present: set[Path]) -> bool:
    return any(path.with_suffix(s) in present for s in (".txt", ".md", ".html", ".htm"))


def _relative_name(root: Path, path: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return rel.with_suffix("").as_posix()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_whole(path: Path, name: str, present: set[Path]) -> RawRecord:
    fmt = {".json": "json", ".md": "markdown", ".html": "html", ".htm": "html"}.get(path.suffix.lower(), "text")
    size = _size(path)
    try:
        with open(path, "rb") as f:
            payload = f.read(MAX_RECORD_BYTES + 1)
    except OSError as e:
        return RawRecord(str(path), fmt, b"", name, size, error=f"cannot read file: {e.strerror or e}")
    sidecar = None
    twin = path.with_suffix(".json")
    if fmt != "json" and twin in present:
        try:
            sidecar = twin.read_bytes()[:MAX_RECORD_BYTES]
        except OSError:
            sidecar = b""
    return RawRecord(str(path), fmt, payload, name, max(size, len(payload)), sidecar)


def _read_lines(path: Path, name: str) -> Iterator[RawRecord]:
    try:
        f = open(path, "rb")
    except OSError as e:
        yield RawRecord(str(path), "jsonl", b"", name, _size(path), error=f"cannot read file: {e.strerror or e}")
        return
    with f:
        number = 0
        while True:
            line = f.readline(MAX_RECORD_BYTES + 1)
            if not line:
                return
            number += 1
            size = len(line)
            if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
                # Skip the rest of an oversized line without holding it in memory.
                while chunk := f.readline(MAX_RECORD_BYTES):
                    size += len(chunk)
                    if chunk.endswith(b"\n"):
                        break
            if line.strip():
                yield RawRecord(f"{path}:{number}", "jsonl", line, f"{name}:{number}", size)
