"""The records that flow between the stages: ingested articles and rejections."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

# Raw input kept in `rejected` is cut beyond this many characters; raw_size and raw_sha256 describe the whole.
RAW_KEEP_CHARS = 65_536


@dataclass(frozen=True)
class Article:
    article_id: str
    text: str
    title: str | None
    source: str | None
    url: str | None
    published_at: datetime | None
    published_date: date | None
    published_at_source: str
    input_ref: str
    duplicate_of: str | None = None     # id of the article this text was first ingested under, for a copy

    @property
    def content_hash(self) -> str:
        return sha256_hex(self.text.encode("utf-8"))


@dataclass(frozen=True)
class Rejection:
    stage: str
    table_name: str
    reason: str
    detail: str
    input_ref: str
    raw: str
    raw_size: int
    raw_sha256: str
    article_id: str | None = None

    @property
    def reject_id(self) -> str:
        return digest(self.input_ref, self.raw_sha256, self.table_name, self.reason)


def rejection(stage: str, table_name: str, reason: str, detail: str, input_ref: str,
              raw: bytes | str, article_id: str | None = None, whole: tuple[int, str] | None = None) -> Rejection:
    """A Rejection that keeps the head of the raw input and the size and hash of all of it.

    `whole` gives the size and SHA-256 of the complete input when `raw` is only its head (an input too large to
    hold in memory)."""
    raw_bytes = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    head = raw_bytes[: RAW_KEEP_CHARS * 4].decode("utf-8", "replace")[:RAW_KEEP_CHARS]
    size, sha = whole or (len(raw_bytes), sha256_hex(raw_bytes))
    return Rejection(stage, table_name, reason, detail, input_ref, head, size, sha, article_id)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest(*parts: object) -> str:
    """A short stable id from parts: 16 hex digits of a SHA-256 over them."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]
