"""Extraction on worker processes: the same tables as in one process, in bounded slices, failures rejected."""
import pickle
import signal
import subprocess
import sys
from datetime import date, datetime, timezone

import pytest
from conftest import SEEDS, read_table, run_cli

import flows.workers as workers
from flows.records import Article
from flows.stages import IngestOutcome, StagedBatch, extract_batch, ingest_batches
from flows.store import Known
from flows.workers import SLICE_ARTICLES, extract_slice


def test_ingest_stages_batches_in_slices_as_it_reads(tmp_path):
    source = tmp_path / "in.jsonl"
    count = 2 * SLICE_ARTICLES + 10
    source.write_text("".join(f'{{"id": "a{i}", "text": "Article {i} of the test."}}\n' for i in range(count)))
    out = IngestOutcome()
    batches = ingest_batches(str(source), Known({}, set()), tmp_path / "staging", "run", "0", SLICE_ARTICLES + 3,
                             datetime.now(timezone.utc), out)
    first = next(batches)
    assert out.inputs == SLICE_ARTICLES + 3  # the rest of the input is not read yet
    rest = list(batches)
    sizes = [[len(pickle.loads(open(p, "rb").read())) for p in b.slices] for b in [first, *rest]]
    assert sizes == [[SLICE_ARTICLES, 3], [SLICE_ARTICLES, 3], [4]]
    assert [b.number for b in [first, *rest]] == [1, 2, 3] and out.batches == 3 and out.new == count


def _article(i: int, text: str) -> Article:
    return Article(f"a{i}", text, None, None, None, None, date(2020, 1, 2), "metadata", f"in:{i}")


def test_an_article_whose_extraction_fails_is_rejected_and_the_others_kept(tmp_path, monkeypatch):
    batch = tmp_path / "batch.pkl"
    batch.write_bytes(pickle.dumps([_article(i, f"Text {i}: 3 people were hurt.") for i in range(3)]))
    real = workers.extract_facts

    def flaky(text, published):
        if text.startswith("Text 1"):
            raise ValueError("boom")
        return real(text, published)

    monkeypatch.setattr(workers, "extract_facts", flaky)
    result = extract_slice(str(batch), str(tmp_path / "out.pkl"), "run", "0")
    rows, failures = pickle.loads((tmp_path / "out.pkl").read_bytes())
    assert (result.articles, result.failures) == (3, 1)
    assert [r["article_id"] for r in rows["articles"]] == ["a0", "a2"]
    assert [(f.article_id, f.reason, f.detail) for f in failures] == [("a1", "extractor_error", "ValueError: boom")]


def test_workers_and_batches_do_not_change_the_tables(tmp_path, prefect_env):
    outputs = {}
    for name, args in (("pool", ["--workers", "2", "--batch-size", "2"]), ("inline", ["--workers", "1"])):
        out = tmp_path / name
        result = run_cli(["run", "--input", str(SEEDS), "--output", str(out), "--no-progress", *args], prefect_env)
        assert result.returncode == 0, result.stderr
        outputs[name] = out
    for table in ("articles", "figures", "dates", "events"):
        rows = {name: sorted(read_table(out, table), key=lambda r: str(sorted(r.items())))
                for name, out in outputs.items()}
        assert rows["pool"] == rows["inline"], table
        assert rows["pool"], table


def test_top_figures_counts_every_figure_and_keeps_the_largest_across_files(tmp_path):
    from flows.store import write_parquet
    from flows.summary import top_figures

    def figure(i, metric, value=None, low=None, high=None, article="a"):
        return {"figure_id": f"f{i}", "article_id": article, "char_start": i, "char_end": i + 1, "text": f"t{i}",
                "sentence": "s", "sentence_start": 0, "sentence_end": 9, "value": value, "low": low, "high": high,
                "qualifier": "exact", "unit": "people", "metric": metric, "subject": None, "attributed_to": None,
                "period_start": None, "period_end": None, "as_of": None, "date_id": None, "run_id": "r",
                "extractor_version": "0"}

    first = [figure(1, "killed", 5.0), figure(2, "killed", None, 3.0, 40.0), figure(3, "injured", 7.0),
             figure(4, None, 900.0), figure(5, "injured")]
    second = [figure(6, "killed", 40.0, article="b"), figure(7, "displaced", 1000.0)]
    files = [write_parquet("figures", first, tmp_path / "one.parquet"),
             write_parquet("figures", second, tmp_path / "two.parquet")]
    top = top_figures(files)
    assert [(t["metric"], t["figures"], t["largest"], t["article_id"]) for t in top] == [
        ("killed", 3, 40.0, "b"), ("displaced", 1, 1000.0, "a"), ("injured", 1, 7.0, "a")]


class _KillsItsReader:
    """Unpickling this kills the process that reads it, as the out-of-memory killer would."""

    def __reduce__(self):
        return signal.raise_signal, (signal.SIGKILL,)


def test_a_worker_that_dies_is_reported_with_its_cause_not_a_bare_broken_pool(tmp_path):
    ingest = tmp_path / "staging" / "ingest"
    ingest.mkdir(parents=True)
    deadly = ingest / "batch-00007-0000.pkl"
    deadly.write_bytes(pickle.dumps(_KillsItsReader()))
    workers.start_pool(2)
    try:
        with pytest.raises(workers.WorkerDied) as died:
            extract_batch(StagedBatch(7, (str(deadly),), 1), "run", "0")
    finally:
        workers.stop_pool(cancel=True)
    message = str(died.value)
    assert "killed by SIGKILL" in message and "out-of-memory" in message and "extracting batch 7" in message


def test_exit_codes_are_told_in_words():
    assert workers.describe_exit(-signal.SIGSEGV) == "crashed (SIGSEGV)"
    assert workers.describe_exit(-signal.SIGTERM) == "was killed by SIGTERM"
    assert workers.describe_exit(3).startswith("exited with status 3")


def test_a_warmed_worker_has_its_built_patterns_frozen_out_of_the_collector():
    # In a process of its own: freezing is for the rest of a process's life.
    probe = "import gc; from flows.workers import warm_up; warm_up(); print(gc.get_freeze_count())"
    frozen = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert int(frozen.stdout) > 10_000


def test_a_warmed_worker_has_built_the_gazetteer_before_its_first_article():
    # The cities table takes most of a second to build: built lazily, it fell on a worker's first articles (and on
    # the bench's timed ones), after gc.freeze.
    probe = ("from flows.workers import warm_up; from transforms import gazetteer; warm_up(); "
             "print(all(t.cache_info().currsize for t in (gazetteer._countries, gazetteer._regions, gazetteer._cities)))")
    built = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert built.stdout.strip() == "True"
