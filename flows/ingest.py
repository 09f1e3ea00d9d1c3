"""Turn raw records into articles, or into rejections that say why not."""
from __future__ import annotations

import codecs
import json
import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from flows.html_text import PageTooLarge, page_encoding, page_from_html
from flows.records import Article, Rejection, rejection, sha256_hex
from flows.sources import MAX_RECORD_BYTES, RawRecord
from transforms.dateline import find_dateline_date

# Longer texts are rejected: no news article comes near it (the longest of the evaluation sets has 11,000), and the
# extraction of one article stays within seconds even on hostile text.
MAX_TEXT_CHARS = 200_000
EARLIEST_PUBLICATION = date(1800, 1, 1)
_METADATA_FIELDS = ("title", "source", "url")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


# The first word of a source's read error -> the reason code of the rejection.
_ERROR_REASONS = {"unsupported": "unsupported_file_type", "empty": "empty_input"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


class BadRecord(Exception):
    """A record that cannot become an article; args: reason, detail."""

    def __init__(self, reason: str, detail: str):
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


def ingest_record(record: RawRecord, now: datetime) -> list[Article | Rejection]:
    """The articles a raw record holds (a JSON file may hold several), or the rejection of it."""
    try:
        if record.error:
            raise BadRecord(_ERROR_REASONS.get(record.error.split(" ", 1)[0], "unreadable"), record.error)
        if record.size > MAX_RECORD_BYTES:
            raise BadRecord("too_large", f"record of {record.size} bytes exceeds the limit of {MAX_RECORD_BYTES}")
        if record.fmt in ("jsonl", "json"):
            return _from_json(record, now)
        return [_from_document(record, now)]
    except BadRecord as e:
        reason, detail = e.reason, e.detail
    except Exception as e:  # noqa: BLE001 - a record that trips a bug is rejected with it; the run goes on
        reason, detail = "ingest_error", f"{type(e).__name__}: {e}"[:500]
    whole = (record.size, record.sha256) if record.sha256 else None
    return [rejection("ingest", "articles", reason, detail, record.ref, record.payload, whole=whole)]


def _from_json(record: RawRecord, now: datetime) -> list[Article | Rejection]:
    if not record.payload.strip():
        raise BadRecord("empty_input", "the record is empty")
    try:
        obj = json.loads(_decode(record.payload))
    except (ValueError, RecursionError) as e:
        raise BadRecord("invalid_json", f"not valid JSON: {str(e)[:200]}") from None
    if record.fmt == "json" and isinstance(obj, list):
        out: list[Article | Rejection] = []
        for i, item in enumerate(obj):
            ref = f"{record.ref}[{i}]"
            try:
                out.append(_from_mapping(item, ref, f"{record.name}-{i}", now))
            except BadRecord as e:
                out.append(rejection("ingest", "articles", e.reason, e.detail, ref, _json_text(item)))
        return out
    return [_from_mapping(obj, record.ref, record.name, now)]


def _from_mapping(obj: object, ref: str, default_id: str, now: datetime) -> Article:
    if not isinstance(obj, dict):
        raise BadRecord("not_an_object", f"expected a JSON object, got {type(obj).__name__}")
    if "text" not in obj:
        raise BadRecord("missing_text", "the record has no `text` field")
    text = obj["text"]
    if not isinstance(text, str):
        raise BadRecord("invalid_text", f"`text` must be a string, got {type(obj['text']).__name__}")
    article_id = _article_id(obj.get("id"), text)
    meta = {k: obj.get(k) for k in _METADATA_FIELDS}
    # A record fetched from a page says the date came from the page (flows/feeds.py); anything else is metadata.
    source = "page" if obj.get("published_at_source") == "page" else "metadata"
    return _article(article_id, text, meta, obj.get("published_at"), source, ref, now)


def _from_document(record: RawRecord, now: datetime) -> Article:
    text = _decode_html(record.payload) if record.fmt == "html" else _decode(record.payload)
    meta: dict[str, object] = {}
    published: object = None
    if record.sidecar is not None:
        if len(record.sidecar) > MAX_RECORD_BYTES:
            raise BadRecord("invalid_metadata", f"the sidecar .json is larger than {MAX_RECORD_BYTES} bytes")
        try:
            side = json.loads(record.sidecar)
        except ValueError as e:
            raise BadRecord("invalid_metadata", f"the sidecar .json is not valid JSON: {str(e)[:200]}") from None
        if not isinstance(side, dict):
            raise BadRecord("invalid_metadata", "the sidecar .json is not a JSON object")
        meta.update(side)
    if record.fmt == "html":
        try:
            page = page_from_html(text)
        except PageTooLarge as e:
            raise BadRecord("too_large", str(e)) from None
        text = page.text
        meta.setdefault("title", page.title)
        meta.setdefault("url", page.url)
        if "published_at" not in meta and page.published:
            return _article(_article_id(meta.get("id"), text, record.name), text, meta, page.published, "page", record.ref, now)
    else:
        front = _FRONT_MATTER.match(text)
        if front:
            meta.update(_parse_front_matter(front.group(1)))
            text = text[front.end():]
    published = meta.get("published_at")
    return _article(_article_id(meta.get("id"), text, record.name), text, meta, published, "metadata", record.ref, now)


def _article(article_id: str, text: str, meta: dict, published: object, published_source: str,
             ref: str, now: datetime) -> Article:
    _check_text(text)
    published_at, published_date = parse_published(published, now)
    if published_at is None and (day := find_dateline_date(text)) is not None:
        try:  # no date given: the article's own wire dateline or byline, if it has one
            published_at, published_date = parse_published(day.isoformat(), now)
            published_source = "dateline"
        except BadRecord:
            pass
    return Article(
        article_id=article_id,
        text=text,
        title=_optional_str(meta.get("title")),
        source=_optional_str(meta.get("source")),
        url=_optional_str(meta.get("url")),
        published_at=published_at,
        published_date=published_date,
        published_at_source=published_source if published_at else "none",
        input_ref=ref,
    )


def parse_published(value: object, now: datetime) -> tuple[datetime | None, date | None]:
    """Publication time (UTC) and date as written, from an ISO 8601 or RFC 2822 string; (None, None) when absent."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if not isinstance(value, str):
        raise BadRecord("invalid_published_at", f"`published_at` must be a string, got {type(value).__name__}")
    raw = value.strip()
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00") if raw.endswith("Z") else raw)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            raise BadRecord("invalid_published_at", f"`published_at` is not an ISO 8601 date or time: {raw[:80]!r}") from None
    local_date = parsed.date()
    utc = parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)
    if local_date < EARLIEST_PUBLICATION:
        raise BadRecord("invalid_published_at", f"`published_at` {raw[:80]!r} is before {EARLIEST_PUBLICATION}")
    if utc > now + timedelta(days=1):
        raise BadRecord("published_at_in_future", f"`published_at` {raw[:80]!r} is later than the run's time")
    return utc, local_date


def _check_text(text: str) -> None:
    if not text.strip():
        raise BadRecord("empty_text", "the article text is empty or white space only")
    if len(text) > MAX_TEXT_CHARS:
        raise BadRecord("too_large", f"the text has {len(text)} characters, more than the limit of {MAX_TEXT_CHARS}")
    if "\x00" in text:
        raise BadRecord("binary_content", "the text contains NUL bytes: binary data, not an article")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise BadRecord("invalid_text", f"the text holds an unpaired surrogate at character {e.start}") from None


def _decode(payload: bytes) -> str:
    for bom, encoding in _BOMS:
        if payload.startswith(bom):
            try:
                return payload.decode(encoding)
            except UnicodeDecodeError as e:
                raise BadRecord("invalid_encoding", f"not valid {encoding}: {e.reason} at byte {e.start}") from None
    if b"\x00" in payload[:8192]:
        raise BadRecord("binary_content", "the file contains NUL bytes: binary data, not an article")
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadRecord("invalid_encoding", f"not valid UTF-8: {e.reason} at byte {e.start}") from None


def _decode_html(payload: bytes) -> str:
    """A page's text: UTF-8 (or a byte order mark) first, else the charset its head declares."""
    try:
        return _decode(payload)
    except BadRecord as e:
        declared = _HTML_CHARSET.search(payload[:4096]) if e.reason == "invalid_encoding" else None
        codec = page_encoding(declared.group(1).decode("ascii")) if declared else None
        if codec is None:
            raise
        try:
            return payload.decode(codec)
        except UnicodeDecodeError:
            raise e from None


def _parse_front_matter(block: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip().lower()] = value.strip().strip("'\"")
    return meta


def _article_id(value: object, text: str, fallback: str | None = None) -> str:
    if isinstance(value, bool) or (value is not None and not isinstance(value, (str, int))):
        raise BadRecord("invalid_id", f"`id` must be a string, got {type(value).__name__}")
    if value is not None and str(value).strip():
        article_id = str(value).strip()
        if len(article_id) > 512:
            raise BadRecord("invalid_id", "`id` is longer than 512 characters")
        if not _encodable(article_id):
            raise BadRecord("invalid_id", f"`id` holds an unpaired surrogate: {article_id[:80]!r}")
        return article_id
    if value is not None:
        raise BadRecord("invalid_id", "`id` is empty")
    return fallback or "text-" + sha256_hex(text.encode("utf-8", "surrogatepass"))[:16]


def _optional_str(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    if not _encodable(value):  # metadata is kept, its broken characters replaced
        value = _SURROGATE.sub("\ufffd", value)
    return value.strip() or None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_text(obj: object) -> str:
    try:
        return json.dumps(obj, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(obj)
