"""The whole pipeline, run as a user runs it: seeds and bad input in, five validated tables out."""
import json
import shutil

import pytest

from conftest import SEEDS, read_table, run_cli

BAD_LINES = [
    '{"id": "bad-empty", "text": ""}',
    '{"id": "bad-json", "text": ',
    '["not", "an", "object"]',
    '{"id": "kunduz-2015-05-07", "text": "A duplicate id with a different text."}',
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, prefect_env):
    """One run on the seeds plus a file of bad records; yields (input folder, output folder, the run's result)."""
    work = tmp_path_factory.mktemp("pipeline")
    inputs = work / "in"
    shutil.copytree(SEEDS, inputs)
    (inputs / "zz-bad.jsonl").write_text("\n".join(BAD_LINES) + "\n")
    out = work / "out"
    result = run_cli(["run", "--input", str(inputs), "--output", str(out), "--no-progress"], prefect_env)
    assert result.returncode == 0, result.stderr
    return inputs, out, result


def test_a_successful_run_prints_a_summary_and_no_errors(seeded):
    _, _, result = seeded
    assert "input records" in result.stdout and "rows written" in result.stdout
    for noise in ("Traceback", "ERROR", "Error"):
        assert noise not in result.stdout + result.stderr


def test_all_five_tables_are_written(seeded):
    _, out, _ = seeded
    for name in ("articles", "figures", "dates", "events", "rejected"):
        assert list((out / name).glob("*.parquet")), name


def test_every_input_is_accounted_for(seeded):
    _, out, result = seeded
    articles = read_table(out, "articles")
    rejected = [r for r in read_table(out, "rejected") if r["table_name"] == "articles"]
    assert len(articles) == 6
    assert sorted(r["reason"] for r in rejected) == ["duplicate_id", "empty_text", "invalid_json", "not_an_object"]
    assert "10 input records" in result.stdout


def test_offsets_point_at_the_mention(seeded):
    _, out, _ = seeded
    texts = {a["article_id"]: a["text"] for a in read_table(out, "articles")}
    for name in ("figures", "dates", "events"):
        for row in read_table(out, name):
            text = texts[row["article_id"]]
            assert text[row["char_start"]:row["char_end"]] == row["text"]
            assert text[row["sentence_start"]:row["sentence_end"]] == row["sentence"]


def kunduz(out, table):
    return [r for r in read_table(out, table) if r["article_id"] == "kunduz-2015-05-07"]


def test_kunduz_figures(seeded):
    _, out, _ = seeded
    figures = {r["text"]: r for r in kunduz(out, "figures")}
    assert figures["190"]["value"] == 190 and figures["190"]["metric"] == "killed"
    span = next(k for k in figures if "3,000 and 10,000" in k)
    assert (figures[span]["low"], figures[span]["high"], figures[span]["qualifier"]) == (3000, 10000, "range")
    assert figures[span]["unit"] == "families"
    high = next(k for k in figures if k.endswith("15,000"))
    assert (figures[high]["qualifier"], figures[high]["high"], figures[high]["value"]) == ("at_most", 15000, None)


def test_kunduz_dates(seeded):
    _, out, _ = seeded
    dates = {r["text"]: r for r in kunduz(out, "dates")}
    assert dates["April 24"]["value"] == "2015-04-24"
    assert str(dates["April 24"]["range_start"]) == "2015-04-24"


def table_files(out):
    """Every file of the five tables, by its path in the output folder, with its bytes."""
    return {str(p.relative_to(out)): p.read_bytes() for name in ("articles", "figures", "dates", "events", "rejected")
            for p in sorted((out / name).rglob("*")) if p.is_file()}


def test_rerun_on_the_same_input_adds_nothing(seeded, prefect_env):
    inputs, out, _ = seeded
    files = table_files(out)
    before = {name: sorted(json.dumps(r, sort_keys=True, default=str) for r in read_table(out, name))
              for name in ("articles", "figures", "dates", "events", "rejected")}
    result = run_cli(["run", "--input", str(inputs), "--output", str(out), "--no-progress"], prefect_env)
    assert result.returncode == 0, result.stderr
    assert "6 unchanged" in result.stdout
    after = {name: sorted(json.dumps(r, sort_keys=True, default=str) for r in read_table(out, name))
             for name in before}
    assert after == before
    assert table_files(out) == files  # byte for byte: not a file rewritten


def test_a_new_article_adds_only_its_rows_and_a_changed_one_replaces_its_rows(seeded, prefect_env, tmp_path):
    _, out, _ = seeded
    mention_tables = {"figures": "figure_id", "dates": "date_id", "events": "event_id"}
    before = {name: read_table(out, name) for name in ("articles", *mention_tables)}
    kunduz_text = next(a["text"] for a in before["articles"] if a["article_id"] == "kunduz-2015-05-07")
    batch = tmp_path / "more.jsonl"
    batch.write_text(
        json.dumps({"id": "new-1", "text": "Seven soldiers were killed on Monday.", "published_at": "2020-03-04"}) + "\n"
        + json.dumps({"id": "sample-election-2024", "text": "Turnout was 55 percent.", "published_at": "2024-06-10"}) + "\n"
        # a copy of an article stored by the earlier run, syndicated a week later
        + json.dumps({"id": "kunduz-copy", "text": kunduz_text, "published_at": "2015-05-14"}) + "\n")
    result = run_cli(["run", "--input", str(batch), "--output", str(out), "--no-progress"], prefect_env)
    assert result.returncode == 0, result.stderr
    assert "3 input records -> 3 articles written (1 replaced)" in result.stdout
    after = {name: read_table(out, name) for name in before}
    by_article = lambda rows, aid: sorted(r["text"] for r in rows if r["article_id"] == aid)  # noqa: E731
    assert by_article(after["figures"], "new-1") == ["Seven"]
    assert by_article(after["figures"], "sample-election-2024") == ["55"]
    assert by_article(after["dates"], "new-1") == ["Monday"]
    assert by_article(after["dates"], "sample-election-2024") == []  # the old text's dates are gone with it
    touched = ("new-1", "sample-election-2024", "kunduz-copy")
    untouched = lambda rows: sorted(json.dumps(r, sort_keys=True, default=str)  # noqa: E731
                                    for r in rows if r["article_id"] not in touched)
    for name, key in mention_tables.items():
        assert untouched(after[name]) == untouched(before[name]), name  # every other row as it was
        ids = [r[key] for r in after[name]]
        assert len(ids) == len(set(ids)), name
    assert untouched(after["articles"]) == untouched(before["articles"])
    assert len(after["articles"]) == 8
    copy = next(a for a in after["articles"] if a["article_id"] == "kunduz-copy")
    assert copy["duplicate_of"] == "kunduz-2015-05-07"
    wednesdays = {r["article_id"]: r["value"] for r in after["dates"]
                  if r["article_id"].startswith("kunduz") and r["text"] == "Wednesday"}
    assert wednesdays == {"kunduz-2015-05-07": "2015-05-06", "kunduz-copy": "2015-05-13"}
    assert next(a for a in after["articles"] if a["article_id"] == "sample-election-2024")["text"] == "Turnout was 55 percent."


def test_kunduz_events(seeded):
    _, out, _ = seeded
    events = kunduz(out, "events")
    figures = {r["figure_id"]: r for r in kunduz(out, "figures")}
    battles = [e for e in events if e["event_type"] == "battle"
               and all(d in (e["location"] or "") for d in ("Ali Abad", "Chahar Dara", "Imam Sahib"))]
    assert len(battles) == 1
    battle = battles[0]
    assert battle["event_date"] == "2015-04" and battle["date_precision"] == "month"
    assert "Kunduz" in battle["location"] and battle["admin1"] == "Kunduz" and battle["country"] == "AF"
    # The press conference's toll: 190 Taliban and 20 security personnel killed, 200 civilians injured.
    assert battle["fatalities"] == 210
    linked = {figures[i]["text"]: figures[i] for i in battle["figure_ids"]}
    assert linked["190"]["metric"] == "killed" and linked["20"]["metric"] == "killed"
    assert linked["200"]["metric"] == "injured"
    assert (battle["fatalities_low"], battle["fatalities_high"]) == (210, 210)
    assert any("Taliban" in a for a in battle["actors"])
    assert battle["sentence"].startswith("Fighting in the northern Afghan province of Kunduz")
    date_text = {d["date_id"]: d["text"] for d in kunduz(out, "dates")}
    assert [date_text[i] for i in battle["date_ids"]] == ["late last month"]
    conference = [e for e in events if e["event_type"] == "political_statement" and e["event_date"] == "2015-05-06"]
    assert len(conference) == 1 and {figures[i]["text"] for i in conference[0]["figure_ids"]} >= {"190"}
    assert conference[0]["location"] == "Kunduz" and conference[0]["fatalities"] is None
    assert [date_text[i] for i in conference[0]["date_ids"]] == ["Wednesday"]
    assert "press conference" in conference[0]["sentence"]
    displacement = [e for e in events if e["event_type"] == "displacement"]
    assert [(e["event_date"], e["location"]) for e in displacement] == [("2015-04", "Kunduz")]
    assert {figures[i]["text"] for i in displacement[0]["figure_ids"]} == {"between 3,000 and 10,000"}
    # Normalized from the offline gazetteer: the province of Kunduz, Afghanistan, with the city's coordinates.
    place = displacement[0]
    assert (place["country"], place["admin1"]) == ("AF", "Kunduz")
    assert abs(place["latitude"] - 36.73) < 0.1 and abs(place["longitude"] - 68.86) < 0.1
    deployed = [e for e in events if e["event_type"] == "strategic_development" and e["event_date"] == "2015-04-24"]
    assert len(deployed) == 1 and deployed[0]["location"] == "Kunduz"
    for e in events:
        dates = {d["date_id"]: d for d in kunduz(out, "dates")}
        assert all(dates[i]["value"].startswith(e["event_date"] or "") for i in e["date_ids"])
