"""The bad-input catalogue (docs/bad-input.md) in one run: it finishes with exit 0, every input record ends in
`articles` or in `rejected` with its reason, and what is kept is right."""
import json
import os
import re
from pathlib import Path

import pytest

from conftest import read_table, run_cli

GOOD = "Four people were killed in an attack in Kabul on Monday, police said."
ZERO_WIDTH = "Twelve\u200b soldiers were \u202ekilled\u202c near Kunduz on \u2066May 5, 2015\u2069; 3\u200d000 fled."
EMOJI = "\U0001F525 Fire: Cafe\u0301 owners said 25 \U0001F468\u200d\U0001F469\u200d\U0001F467 families fled on 3 March 2015."
HUGE_NUMBERS = ("999999999999999999999 people were reported. Militants killed 10^400 people in Kabul. "
                "A bomb killed 1e301 soldiers in Kunduz on Monday. The debt is 1e400 dollars.")
HOSTILE = ["." * 100_000, "one hundred " * 2_000, "1 " * 5_000, "May 5, " * 1_000, "killed " * 10_000]

# (file name, content) -> what each of its records must become: an article id or a rejection reason.
LINES = [
    (json.dumps({"id": "good-1", "text": GOOD, "published_at": "2015-05-04"}), "good-1"),
    ('{"id": "bad-json", "text": ', "invalid_json"),
    ('["not", "an", "object"]', "not_an_object"),
    ('{"id": "no-text", "body": "x"}', "missing_text"),
    ('{"id": "int-text", "text": 42}', "invalid_text"),
    ('{"id": "when-1", "text": "x y", "published_at": "last Tuesday"}', "invalid_published_at"),
    ('{"id": "when-2", "text": "x y", "published_at": "2015-02-30"}', "invalid_published_at"),
    ('{"id": "when-3", "text": "x y", "published_at": "2999-01-01"}', "published_at_in_future"),
    (json.dumps({"id": "good-1", "text": "The same id with another text."}), "duplicate_id"),
    (json.dumps({"id": "good-1-copy", "text": GOOD, "published_at": "2015-05-13"}), "good-1-copy"),
    (json.dumps({"id": "good-1-copy", "text": GOOD}), "duplicate_id"),
    (json.dumps({"id": "good-1-copy-2", "text": GOOD}), "good-1-copy-2"),
    (json.dumps({"id": "zero-width", "text": ZERO_WIDTH, "published_at": "2015-05-07"}), "zero-width"),
    (json.dumps({"id": "emoji", "text": EMOJI, "published_at": "2015-03-04"}), "emoji"),
    (json.dumps({"id": "huge-numbers", "text": HUGE_NUMBERS, "published_at": "2020-01-01"}), "huge-numbers"),
    *[(json.dumps({"id": f"hostile-{i}", "text": t}), f"hostile-{i}") for i, t in enumerate(HOSTILE)],
    ('{"id": "nul", "text": "a\\u0000b"}', "binary_content"),
    ('{"id": "surrogate", "text": "a\\ud800b"}', "invalid_text"),
    ('{"id": ' + "[" * 50_000 + "]" * 50_000 + ', "text": "x"}', "invalid_json"),
]
NESTED = "<html><body>" + "<div>" * 100_000 + "<p>Deep inside, 7 people were hurt.</p>" + "</div>" * 100_000
PAGE = ("<html><head><title>A page</title><script>alert(1)</script><style>p {}</style>"
        '<meta property="article:published_time" content="2024-05-03T10:00:00Z"></head>'
        "<body><p>Caf&eacute; &amp; bar: 40 people &lt;hurt&gt;.</p><script>document.write('x')</script></body></html>")
BOMB = ('<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        "<html><body><p>Boom &d;&d;&d;&d; and 5 people.</p></body></html>")


def build_input(folder):
    """Every kind of the catalogue in one folder; returns {input ref suffix: expected article id or reason}."""
    expect: dict[str, str] = {}
    folder.mkdir()

    def put(name, data, outcome):
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        expect[name] = outcome

    (folder / "lines.jsonl").write_text("\n".join(line for line, _ in LINES) + "\n", encoding="utf-8")
    expect.update({f"lines.jsonl:{i}": outcome for i, (_, outcome) in enumerate(LINES, 1)})
    put("empty.txt", b"", "empty_text")
    put("blank.md", b" \n\t \r\n", "empty_text")
    put("empty.jsonl", b"", "empty_input")
    put("blob.txt", bytes(range(256)) * 8, "binary_content")
    put("latin1.txt", "Caf\u00e9 in Latin-1.".encode("latin-1"), "invalid_encoding")
    put("u16.txt", "\ufeffSix people were wounded in Herat.".encode("utf-16-le"), "u16")
    (folder / "u16.jsonl").write_bytes(("\ufeff" + json.dumps({"id": "u16-line", "text": "Nine homes burned."})
                                        + "\r\n").encode("utf-16-le"))
    expect["u16.jsonl:1"] = "u16-line"
    (folder / "mixed.jsonl").write_bytes(json.dumps({"id": "utf8-line", "text": "Café."}).encode() + b"\n"
                                         + b'{"id": "latin1-line", "text": "Caf\xe9."}\n')
    expect.update({"mixed.jsonl:1": "utf8-line", "mixed.jsonl:2": "invalid_encoding"})
    with open(folder / "huge.txt", "wb") as f:  # a 50 MB article
        block = (GOOD + " ").encode() * 1000
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            f.write(block)
    expect["huge.txt"] = "too_large"
    (folder / "oneline.jsonl").write_bytes(b'{"id": "one-mb", "text": "' + b"word " * 210_000 + b'"}')  # no newline
    expect["oneline.jsonl:1"] = "too_large"
    put("page.html", PAGE, "page")
    put("nested.html", NESTED, "nested")
    put("bomb.html", BOMB, "bomb")
    put("photo.png", b"\x89PNG\r\n\x1a\n", "unsupported_file_type")
    put("story.txt", "Body of a story with 3 figures.", "invalid_metadata")
    (folder / "story.json").write_text("{not json")
    os.mkfifo(folder / "pipe.txt")
    expect["pipe.txt"] = "unreadable"
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    expect["gone.txt"] = "unreadable"
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    expect.update({"loop-a.txt": "unreadable", "loop-b.txt": "unreadable"})
    (folder / "zero.txt").symlink_to("/dev/zero")
    if os.geteuid() != 0:  # root reads a file whatever its mode; test_ingest.py refuses the open() for root too
        put("locked.txt", "Never read.", "unreadable")
        (folder / "locked.txt").chmod(0)
    expect["zero.txt"] = "unreadable"
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder)  # a folder loop: walked once
    put("sub/inner.txt", "Two villages were flooded.", "sub/inner")
    with open(os.fsencode(str(folder)) + b"/caf\xe9.txt", "wb") as f:  # a file name that is not UTF-8
        f.write(b"A file name in Latin-1, and 11 people hurt.")
    expect["caf\\xe9.txt"] = "caf\\xe9"
    return expect


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory, prefect_env):
    work = tmp_path_factory.mktemp("bad_input")
    expect = build_input(work / "in")
    out = work / "out"
    result = run_cli(["run", "--input", str(work / "in"), "--output", str(out), "--no-progress"], prefect_env)
    assert result.returncode == 0, result.stderr
    return expect, out, result


def outcome_by_ref(out):
    articles = read_table(out, "articles")
    rejected = [r for r in read_table(out, "rejected") if r["table_name"] == "articles"]
    refs = {}
    for a in articles:
        refs.setdefault(a["input_ref"], []).append(a["article_id"])
    for r in rejected:
        refs.setdefault(r["input_ref"], []).append(r["reason"])
    return articles, rejected, refs


def test_the_run_finishes_cleanly(catalogue):
    _, _, result = catalogue
    for noise in ("Traceback", "ERROR", "Error"):
        assert noise not in result.stdout + result.stderr


def test_every_input_record_is_an_article_or_a_rejection_with_its_reason(catalogue):
    expect, out, result = catalogue
    articles, rejected, refs = outcome_by_ref(out)
    got = {}
    for ref, outcomes in refs.items():
        key = next((k for k in expect if ref.endswith("/" + k)), ref)
        got[key] = outcomes
    assert got == {k: [v] for k, v in expect.items()}
    assert len(articles) + len(rejected) == len(expect)
    assert f"{len(expect)} input records" in result.stdout


def test_a_rejection_keeps_the_raw_input_and_the_size_and_hash_of_all_of_it(catalogue):
    _, out, _ = catalogue
    rejected = {r["input_ref"].rsplit("/", 1)[-1]: r for r in read_table(out, "rejected")}
    huge = rejected["huge.txt"]
    assert huge["raw_size"] > 50 * 1024 * 1024 and len(huge["raw"]) == 65_536
    assert huge["raw"].startswith(GOOD)
    assert rejected["lines.jsonl:2"]["raw"] == '{"id": "bad-json", "text": \n'
    assert "2999-01-01" in rejected["lines.jsonl:8"]["detail"]


def test_a_text_repeated_under_new_ids_gives_articles_that_point_to_the_first(catalogue):
    _, out, _ = catalogue
    articles = {a["article_id"]: a for a in read_table(out, "articles")}
    copies = {aid: articles[aid]["duplicate_of"] for aid in ("good-1", "good-1-copy", "good-1-copy-2")}
    assert copies == {"good-1": None, "good-1-copy": "good-1", "good-1-copy-2": "good-1"}
    assert sum(a["duplicate_of"] is not None for a in articles.values()) == 2
    # Each copy has its facts, its relative dates resolved on its own publication date (or left open without one).
    mondays = {r["article_id"]: r["value"] for r in read_table(out, "dates")
               if r["article_id"] in copies and r["text"] == "Monday"}
    assert mondays == {"good-1": "2015-05-04", "good-1-copy": "2015-05-11", "good-1-copy-2": "XXXX-WXX-1"}


def test_offsets_stay_right_with_invisible_characters_emoji_and_combining_marks(catalogue):
    _, out, _ = catalogue
    texts = {a["article_id"]: a["text"] for a in read_table(out, "articles")}
    assert texts["zero-width"] == ZERO_WIDTH and texts["emoji"] == EMOJI
    seen = set()
    for name in ("figures", "dates", "events"):
        for row in read_table(out, name):
            text = texts[row["article_id"]]
            assert text[row["char_start"]:row["char_end"]] == row["text"]
            assert text[row["sentence_start"]:row["sentence_end"]] == row["sentence"]
            seen.add((row["article_id"], name, row["text"]))
    assert ("zero-width", "dates", "May 5, 2015") in seen
    assert ("emoji", "figures", "25") in seen and ("emoji", "dates", "3 March 2015") in seen


def test_absurd_magnitudes_never_reach_the_tables(catalogue):
    _, out, _ = catalogue
    figures = [r for r in read_table(out, "figures") if r["article_id"] == "huge-numbers"]
    assert {r["text"] for r in figures} == {"999999999999999999999"}  # 10^400 and 1e400 are not numbers
    too_big = [r for r in read_table(out, "rejected") if r["article_id"] == "huge-numbers"]
    assert {(r["table_name"], r["reason"]) for r in too_big} == {("figures", "expectation_failed"),
                                                                  ("events", "expectation_failed")}
    assert any("ExpectColumnValuesToBeBetween(value)" in r["detail"] for r in too_big)
    assert any("ExpectColumnValuesToBeBetween(fatalities)" in r["detail"] for r in too_big)


def test_untrusted_html_is_text_only_and_bounded(catalogue):
    _, out, _ = catalogue
    texts = {a["article_id"]: a for a in read_table(out, "articles")}
    assert texts["page"]["text"] == "Café & bar: 40 people <hurt>."
    assert texts["page"]["published_at_source"] == "page" and texts["page"]["title"] == "A page"
    assert texts["nested"]["text"] == "Deep inside, 7 people were hurt."
    assert texts["bomb"]["text"] == "Boom &d;&d;&d;&d; and 5 people."


def test_the_summary_links_the_validation_report_with_failing_values(catalogue):
    _, out, result = catalogue
    line = next(line for line in result.stdout.splitlines() if line.strip().startswith("validation:"))
    found = re.search(r"report (\S+\.html) \(results (\S+\.json)\)$", line)
    assert found, line
    page, results = Path(found[1]), Path(found[2])
    assert page.parent == results.parent == out / "_newsfacts" / "runs" and page.stem == results.stem
    record = json.loads(results.read_text(encoding="utf-8"))
    checks = {(r["table"], r["expectation"]): r for r in record["validation"]}
    value = checks[("figures", "ExpectColumnValuesToBeBetween(value)")]
    assert (value["success"], value["unexpected_count"]) == (False, 1)
    assert value["examples"] == [{"article_id": "huge-numbers", "values": {"value": 1e301}}]
    assert all(r["success"] for r in checks.values() if r["table"] == "articles")
    html = page.read_text(encoding="utf-8")
    for table in ("articles", "figures", "dates", "events"):
        assert f'<h2 id="{table}">' in html
    assert "<code>huge-numbers</code>: value = 1e+301" in html
