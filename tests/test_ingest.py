"""Ingestion: every input record becomes an article or a rejection with a reason."""
import base64
from datetime import datetime, timezone

import pytest

from conftest import load_cases
from flows.ingest import ingest_record
from flows.records import Article
from flows.sources import read_records, resolve_inputs

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def ingest_file(tmp_path, name: str, payload: bytes) -> list:
    (tmp_path / name).write_bytes(payload)
    root, files = resolve_inputs(str(tmp_path))
    return [item for record in read_records(root, files) for item in ingest_record(record, NOW)]


def as_row(item) -> dict:
    if isinstance(item, Article):
        return {"article_id": item.article_id, "title": item.title, "text": item.text,
                "published_at": item.published_at.isoformat() if item.published_at else None,
                "published_date": item.published_date.isoformat() if item.published_date else None,
                "published_at_source": item.published_at_source}
    return {"reason": item.reason, "detail": item.detail}


@pytest.mark.parametrize("case", load_cases("ingest.jsonl"), ids=lambda c: c["name"])
def test_ingest_case(tmp_path, case):
    payload = base64.b64decode(case["content_b64"]) if "content_b64" in case else case["content"].encode("utf-8")
    rows = [as_row(item) for item in ingest_file(tmp_path, case["file"], payload)]
    assert len(rows) == len(case["expect"])
    for row, expected in zip(rows, case["expect"]):
        assert {k: row.get(k) for k in expected} == expected, row


def test_a_rejection_keeps_the_size_and_hash_of_the_whole_raw_input(tmp_path):
    huge = b'{"id": "a", "text": 5, "pad": "' + b"x" * 200_000 + b'"}\n'
    [rejected] = ingest_file(tmp_path, "a.jsonl", huge)
    assert rejected.reason == "invalid_text"
    assert rejected.raw_size == len(huge)
    assert len(rejected.raw) < len(huge)


def test_sidecar_json_gives_metadata_to_a_text_article(tmp_path):
    (tmp_path / "story.json").write_text('{"title": "From the sidecar", "published_at": "2020-01-02"}')
    [article] = ingest_file(tmp_path, "story.txt", b"Body.")
    assert (article.title, str(article.published_date)) == ("From the sidecar", "2020-01-02")


def test_symlink_loop_ends(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    (tmp_path / "sub" / "a.txt").write_text("Some text.")
    root, files = resolve_inputs(str(tmp_path))
    assert [f.name for f in files] == ["a.txt"]
