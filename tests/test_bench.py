"""The benchmark's corpus and a smoke run of bench/run_bench.py (no timings are checked)."""
import hashlib
import json
import subprocess
import sys

from conftest import REPO

from bench.corpus import SEED, articles, describe_sources
from bench.run_bench import results_markdown


def test_the_corpus_is_the_same_for_the_same_seed_and_differs_for_another():
    first = [a["text"] for a in articles(30, SEED)]
    assert first == [a["text"] for a in articles(30, SEED)]
    assert first != [a["text"] for a in articles(30, SEED + 1)]


def test_the_corpus_has_distinct_articles_of_about_five_kilobytes_with_a_publication_date():
    records = list(articles(200))
    assert len({hashlib.sha256(r["text"].encode()).digest() for r in records}) == 200
    assert len({r["id"] for r in records}) == 200
    mean = sum(len(r["text"]) for r in records) / len(records)
    assert 4000 <= mean <= 6000
    assert all(r["published_at"][:2] in ("19", "20") for r in records)


def test_the_bench_runs_end_to_end_on_twenty_articles(tmp_path, prefect_env):
    env = dict(prefect_env)
    result = subprocess.run(
        [sys.executable, "bench/run_bench.py", "--sizes", "20", "--extract-articles", "5", "--ref-articles", "0",
         "--profile", "3", "--workers", "2", "--batch-size", "7", "--work", str(tmp_path), "--no-results"],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text())
    run = report["runs"][0]
    assert run["articles"] == 20 and run["wall_s"] > 0 and run["peak_rss_mb"] > 0
    assert "20 articles written" in run["summary"][0]
    assert report["extraction"]["articles"] == 5
    compiled = not report["machine"]["compiled"].startswith("0 of")
    # cProfile sees the transforms only where they run as Python.
    assert compiled or any(m.startswith("transforms.") for m in report["profile"]["modules"])
    text = results_markdown(report)
    assert "| 20 |" in text and "## Machine" in text and report["machine"]["compiled"] in text
    assert compiled or "### transforms." in text
    assert f"Corpus recombined from {report['sources']}." in text and "seed articles" in report["sources"]


def test_the_sources_say_when_the_corpus_has_only_the_seeds(tmp_path):
    assert describe_sources(tmp_path / "absent").endswith(f"only (no dev sets at {tmp_path / 'absent'})")
    (tmp_path / "one-dev.jsonl").write_text('{"text": "A"}\n{"text": "B"}\n')
    assert describe_sources(tmp_path).endswith(f"the dev texts of {tmp_path} (one-dev.jsonl 2)")
