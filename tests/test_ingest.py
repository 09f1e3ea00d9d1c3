"""Ingestion: every input record becomes an article or a rejection with a reason."""
import base64
import hashlib
import os
import pickle
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import load_cases
from expectations.schema import TABLES
from flows.html_text import MAX_HTML_CHARS, PageTooLarge, page_from_html
from flows.ingest import MAX_TEXT_CHARS, ingest_record
from flows.records import RAW_KEEP_CHARS, Article
from flows.sources import MAX_RECORD_BYTES, fingerprint_files, read_records, resolve_inputs
from flows.stages import IngestOutcome, ingest_batches
from flows.store import Store

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


def ingest_dir(path) -> list:
    root, files = resolve_inputs(str(path))
    return [item for record in read_records(root, files) for item in ingest_record(record, NOW)]


def test_a_50_mb_article_is_rejected_cheaply_with_the_size_and_hash_of_all_of_it(tmp_path):
    path = tmp_path / "huge.txt"
    block = b"Four people were killed on Monday. " * 1000
    with open(path, "wb") as f:
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            f.write(block)
    data = path.read_bytes()
    [rejected] = ingest_dir(tmp_path)
    assert rejected.reason == "too_large"
    assert (rejected.raw_size, rejected.raw_sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert len(rejected.raw) == RAW_KEEP_CHARS


def test_an_oversized_line_without_newline_is_skipped_and_the_next_lines_read(tmp_path):
    line = b'{"id": "big", "text": "' + b"x" * (MAX_RECORD_BYTES + 10) + b'"}'
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"id": "before", "text": "x y"}\n' + line + b'\n{"id": "after", "text": "x y"}')
    before, big, after = ingest_dir(tmp_path)
    assert (before.article_id, big.reason, after.article_id) == ("before", "too_large", "after")
    assert big.raw_size == len(line) + 1 and big.raw_sha256 == hashlib.sha256(line + b"\n").hexdigest()


def test_a_1_mb_line_without_newline_is_too_long_an_article(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(b'{"id": "long", "text": "' + b"word " * 200_000 + b'"}')
    [rejected] = ingest_dir(tmp_path)
    assert rejected.reason == "too_large" and str(MAX_TEXT_CHARS) in rejected.detail


def test_json_nested_beyond_the_recursion_limit(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "n", "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    assert [r.reason for r in ingest_dir(tmp_path)] == ["invalid_json"]


def test_an_integer_id_of_5000_digits(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": ' + "9" * 5000 + ', "text": "x"}\n')
    assert [r.reason for r in ingest_dir(tmp_path)] == ["invalid_json"]


def test_special_files_in_the_input_folder_are_answered_without_blocking(tmp_path):
    (tmp_path / "ok.txt").write_text("Fine text.")
    os.mkfifo(tmp_path / "pipe.txt")                       # reading it would wait for a writer forever
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop-a.txt").symlink_to(tmp_path / "loop-b.txt")
    (tmp_path / "loop-b.txt").symlink_to(tmp_path / "loop-a.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")         # would stream forever
    items = {item.input_ref.rsplit("/", 1)[-1]: item for item in ingest_dir(tmp_path)}
    assert isinstance(items["ok.txt"], Article)
    for name, words in (("pipe.txt", "named pipe"), ("gone.txt", "No such file"), ("loop-a.txt", "symbolic links"),
                        ("loop-b.txt", "symbolic links"), ("zero.txt", "character device")):
        assert items[name].reason == "unreadable", name
        assert words in items[name].detail, items[name].detail
    assert fingerprint_files(resolve_inputs(str(tmp_path))[1])  # hashing the input does not block either


def test_a_file_that_cannot_be_opened_is_rejected_as_unreadable(tmp_path, monkeypatch):
    # Tests run as root, whom file modes do not stop: the refusal is simulated where the file is opened.
    (tmp_path / "ok.txt").write_text("Fine text.")
    (tmp_path / "secret.jsonl").write_text('{"text": "x"}\n')
    (tmp_path / "secret.txt").write_text("x")
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if str(path).endswith(("secret.jsonl", "secret.txt")):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    items = ingest_dir(tmp_path)
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Rejection"]
    assert all(i.reason == "unreadable" and "Permission denied" in i.detail for i in items[1:])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode (the path is covered above)")
def test_a_file_without_read_permission(tmp_path):
    (tmp_path / "locked.txt").write_text("x")
    (tmp_path / "locked.txt").chmod(0)
    [rejected] = ingest_dir(tmp_path)
    assert rejected.reason == "unreadable"


def test_a_folder_that_cannot_be_listed_is_answered(tmp_path, monkeypatch):
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_text("Fine text.")
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "b.txt").write_text("Never seen.")
    real_scandir = os.scandir

    def refusing_scandir(path="."):
        if str(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    items = ingest_dir(tmp_path)
    assert sorted(type(i).__name__ for i in items) == ["Article", "Rejection"]
    [rejected] = [i for i in items if not isinstance(i, Article)]
    assert rejected.reason == "unreadable" and rejected.input_ref.endswith("closed")


def test_a_file_name_that_is_not_utf8_gives_printable_ids(tmp_path):
    name = os.fsencode(str(tmp_path)) + b"/caf\xe9.txt"
    with open(name, "wb") as f:
        f.write(b"Some text.")
    [article] = ingest_dir(tmp_path)
    assert article.article_id == "caf\\xe9"
    article.input_ref.encode("utf-8")  # no surrogate left to break the Parquet writer


def test_sidecar_metadata_that_is_not_json_or_too_large(tmp_path):
    (tmp_path / "a.txt").write_text("Body.")
    (tmp_path / "a.json").write_text("{not json")
    (tmp_path / "b.txt").write_text("Body two.")
    (tmp_path / "b.json").write_bytes(b'{"title": "' + b"t" * MAX_RECORD_BYTES + b'"}')
    assert [r.reason for r in ingest_dir(tmp_path)] == ["invalid_metadata", "invalid_metadata"]


def test_a_page_longer_than_the_limit_is_refused_before_parsing():
    with pytest.raises(PageTooLarge):
        page_from_html("<p>" + "x" * MAX_HTML_CHARS)


def test_hostile_html_is_parsed_in_bounded_time_and_depth():
    nested = "<div>" * 200_000 + "<p>Deep text.</p>" + "</div>" * 200_000
    assert page_from_html(nested).text == "Deep text."
    assert page_from_html("<a" * 500_000).text == ""          # quadratic in the standard library's parser
    assert page_from_html("<" * 100_000).text == "<" * 100_000
    assert page_from_html("<!--" + "x" * 100_000).text == ""


def test_a_record_that_trips_a_bug_is_rejected_and_the_others_are_read(tmp_path, monkeypatch):
    import flows.ingest

    real = flows.ingest._from_document

    def buggy(record, now):
        if record.name == "b":
            raise ZeroDivisionError("division by zero")
        return real(record, now)

    monkeypatch.setattr(flows.ingest, "_from_document", buggy)
    for name in "abc":
        (tmp_path / f"{name}.txt").write_text(f"Story {name}: five people were hurt.")
    root, files = resolve_inputs(str(tmp_path))
    items = [item for record in read_records(root, files) for item in ingest_record(record, NOW)]
    assert [as_row(i).get("article_id") or as_row(i)["reason"] for i in items] == ["a", "ingest_error", "c"]
    assert items[1].detail == "ZeroDivisionError: division by zero"
    assert items[1].raw == "Story b: five people were hurt."


def _stored_articles(path, rows, drop=()):
    """Write an `articles` table file of (id, text, duplicate_of) rows, without the columns in `drop`."""
    full = [{"article_id": aid, "text": text, "content_hash": hashlib.sha256(text.encode()).hexdigest(),
             "duplicate_of": first} for aid, text, first in rows]
    schema = TABLES["articles"].arrow_schema()
    schema = pa.schema([f.with_nullable(True) for f in schema if f.name not in drop])
    path.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(full, schema=schema), path / "part-1.parquet")


def test_a_copy_in_a_later_run_points_to_the_id_its_text_was_first_stored_under(tmp_path):
    _stored_articles(tmp_path / "out" / "articles", [("b", "Same story.", "a"), ("a", "Same story.", None),
                                                     ("z", "Another story.", None)])
    known = Store(tmp_path / "out").known()
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Same story."}\n{"id": "c", "text": "Same story."}\n'
                      '{"id": "z", "text": "Same story."}\n')
    out = IngestOutcome()
    staged = list(ingest_batches(str(source), known, tmp_path / "staging", "run", "0", 10, NOW, out))
    articles = [a for batch in staged for p in batch.slices for a in pickle.loads(open(p, "rb").read())]
    # a is stored unchanged; c is a new copy; z changed its text to a copy of a's
    assert [(a.article_id, a.duplicate_of) for a in articles] == [("c", "a"), ("z", "a")]
    assert (out.unchanged, out.new, out.replaced) == (1, 2, ["z"])


def test_tables_written_before_duplicate_of_existed_are_read_as_holding_no_copies(tmp_path):
    _stored_articles(tmp_path / "articles", [("a", "One.", None), ("b", "Two.", None)], drop=("duplicate_of",))
    known = Store(tmp_path).known()
    sha = lambda t: hashlib.sha256(t.encode()).hexdigest()  # noqa: E731
    assert known.articles == {"a": sha("One."), "b": sha("Two.")}
    assert known.first_ids == {sha("One."): "a", sha("Two."): "b"}
