"""Article sources: find the input files and read them as raw records, one record per article."""
from __future__ import annotations

import codecs
import glob
import hashlib
import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ARTICLE_SUFFIXES = {".txt", ".md", ".json", ".jsonl", ".ndjson", ".html", ".htm"}
LINE_SUFFIXES = {".jsonl", ".ndjson"}
# A record larger than this is rejected unread beyond this point, so one huge input cannot exhaust memory.
MAX_RECORD_BYTES = 8 * 1024 * 1024
# JSON Lines written by Windows tools often come in UTF-16 or UTF-32 with a byte order mark.
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


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
    sha256: str | None = None     # of the whole record, when the payload was cut at MAX_RECORD_BYTES


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
        if path.is_dir():  # only a folder the walk could not list is in the list
            yield RawRecord(printable(str(path)), "unknown", b"", name, 0, error=f"cannot list folder: {_list_error(path)}")
        elif suffix not in ARTICLE_SUFFIXES:
            yield RawRecord(printable(str(path)), "unknown", b"", name, _size(path),
                            error=f"unsupported file type {printable(suffix) or '(none)'}")
        elif suffix in LINE_SUFFIXES:
            yield from _read_lines(path, name)
        else:
            yield _read_whole(path, name, present)


def printable(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (kept by Python as surrogates) shown as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def open_regular(path: Path):
    """The file opened for binary reading, or OSError if it is not a regular file: a named pipe or a device in
    the input folder must not block or stream forever."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((k for test, k in _KINDS if test(mode)), "not a regular file")
            raise OSError(f"{kind}, not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def fingerprint_files(files: list[Path]) -> str:
    """A digest of the files' names, sizes and contents, streaming: the same input gives the same digest."""
    import hashlib

    h = hashlib.sha256()
    for path in files:
        h.update(str(path.name).encode("utf-8", "surrogateescape") + b"\0")
        try:
            with open_regular(path) as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
        except OSError as e:
            h.update(f"unreadable:{e.errno}:{e}".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _walk(root: Path) -> list[Path]:
    # Follows directory links but never the same directory twice, so a symlink loop ends.
    seen: set[str] = set()
    out: list[Path] = []
    def unlisted(error: OSError) -> None:
        out.append(Path(error.filename))  # a folder that cannot be listed is answered, not skipped

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted, followlinks=True):
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


def _list_error(path: Path) -> str:
    try:
        os.listdir(path)
    except OSError as e:
        return e.strerror or str(e)
    return "it could not be read when the input was listed"


def _text_twin(path: Path, present: set[Path]) -> bool:
    return any(path.with_suffix(s) in present for s in (".txt", ".md", ".html", ".htm"))


def _relative_name(root: Path, path: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return printable(rel.with_suffix("").as_posix())


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_whole(path: Path, name: str, present: set[Path]) -> RawRecord:
    fmt = {".json": "json", ".md": "markdown", ".html": "html", ".htm": "html"}.get(path.suffix.lower(), "text")
    ref = printable(str(path))
    try:
        with open_regular(path) as f:
            payload = f.read(MAX_RECORD_BYTES + 1)
            size, digest = len(payload), None
            if size > MAX_RECORD_BYTES:  # read on only to measure and hash what is rejected
                size, digest = _rest(f, payload)
    except OSError as e:
        return RawRecord(ref, fmt, b"", name, _size(path), error=f"cannot read file: {e.strerror or e}")
    sidecar = None
    twin = path.with_suffix(".json")
    if fmt != "json" and twin in present:
        try:
            with open_regular(twin) as f:
                sidecar = f.read(MAX_RECORD_BYTES + 1)
        except OSError:
            sidecar = b""
    return RawRecord(ref, fmt, payload, name, size, sidecar, sha256=digest)


def _read_lines(path: Path, name: str) -> Iterator[RawRecord]:
    ref = printable(str(path))
    try:
        f = open_regular(path)
    except OSError as e:
        yield RawRecord(ref, "jsonl", b"", name, _size(path), error=f"cannot read file: {e.strerror or e}")
        return
    with f:
        head = f.peek(4)[:4]
        encoding = next((enc for bom, enc in _WIDE_BOMS if head.startswith(bom)), None)
        records = 0
        for number, (line, size, digest) in enumerate(_wide_lines(f, encoding) if encoding else _byte_lines(f), 1):
            if line.strip():
                records += 1
                yield RawRecord(f"{ref}:{number}", "jsonl", line, f"{name}:{number}", size, sha256=digest)
    if not records:
        # A file without a single record is answered too: an empty export is a failure upstream.
        yield RawRecord(ref, "jsonl", b"", name, _size(path), error="empty file: it holds no records")


def _byte_lines(f) -> Iterator[tuple[bytes, int, str | None]]:
    while line := f.readline(MAX_RECORD_BYTES + 1):
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            # Skip the rest of an oversized line without holding it in memory; hash all of it.
            h, size = hashlib.sha256(line), len(line)
            while chunk := f.readline(MAX_RECORD_BYTES):
                h.update(chunk)
                size += len(chunk)
                if chunk.endswith(b"\n"):
                    break
            yield line, size, h.hexdigest()
        else:
            yield line, len(line), None


def _wide_lines(f, encoding: str) -> Iterator[tuple[bytes, int, str | None]]:
    """The lines of a UTF-16/32 file, as UTF-8; bytes that do not decode stay as they were, to be rejected."""
    text = io.TextIOWrapper(f, encoding=encoding, errors="surrogateescape", newline="")
    limit = MAX_RECORD_BYTES // 2  # characters: a line longer than this is too large whatever its encoding
    while line := text.readline(limit + 1):
        data = line.encode("utf-8", "surrogateescape")
        if len(line) > limit and not line.endswith("\n"):
            h, size = hashlib.sha256(data), len(data)
            while chunk := text.readline(limit):
                piece = chunk.encode("utf-8", "surrogateescape")
                h.update(piece)
                size += len(piece)
                if chunk.endswith("\n"):
                    break
            yield data, max(size, MAX_RECORD_BYTES + 1), h.hexdigest()
        else:
            yield data, len(data), None


def _rest(f, payload: bytes) -> tuple[int, str]:
    h, size = hashlib.sha256(payload), len(payload)
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
        size += len(chunk)
    return size, h.hexdigest()
