"""Bad usage gets one clear line on stderr and a non-zero exit, never a traceback."""
import os
import subprocess
import sys

import pytest

from conftest import REPO, run_cli


def assert_one_line_error(result, *words):
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("newsfacts: error: ")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_missing_input(tmp_path, prefect_env):
    result = run_cli(["run", "--input", str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "out")], prefect_env)
    assert_one_line_error(result, "input not found", "nope.jsonl")
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_input_file(tmp_path, prefect_env):
    path = tmp_path / "locked.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n')
    path.chmod(0)
    result = run_cli(["run", "--input", str(path), "--output", str(tmp_path / "out")], prefect_env)
    assert_one_line_error(result, "not readable")


def test_input_that_is_not_a_file(tmp_path, prefect_env):
    result = run_cli(["run", "--input", "/dev/null", "--output", str(tmp_path / "out")], prefect_env)
    assert_one_line_error(result, "not a regular file")


def test_unknown_flag(prefect_env):
    assert_one_line_error(run_cli(["run", "--bogus"], prefect_env), "--bogus")


def test_bad_batch_size(prefect_env):
    assert_one_line_error(run_cli(["run", "--batch-size", "0"], prefect_env), "batch-size")


def test_no_command(prefect_env):
    assert_one_line_error(run_cli([], prefect_env), "command")


def test_glob_that_matches_nothing(tmp_path, prefect_env):
    result = run_cli(["run", "--input", str(tmp_path / "*.jsonl"), "--output", str(tmp_path / "out")], prefect_env)
    assert_one_line_error(result, "no files match")


def test_output_folder_with_foreign_files_is_refused(tmp_path, prefect_env):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    article = tmp_path / "a.jsonl"
    article.write_text('{"id": "a", "text": "Four people were killed on Monday."}\n')
    result = run_cli(["run", "--input", str(article), "--output", str(out)], prefect_env)
    assert_one_line_error(result, "not empty")
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]


def test_version(prefect_env):
    result = run_cli(["--version"], prefect_env)
    assert result.returncode == 0
    assert result.stdout.startswith("newsfacts ")


def test_reader_that_goes_away_gets_no_traceback(prefect_env):
    """`newsfacts ... | head -1`: output to a pipe whose reader has closed it ends quietly."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([sys.executable, "-m", "flows.cli", "--version"], stdout=write_end,
                                stderr=subprocess.PIPE, text=True, env=prefect_env, timeout=120, cwd=REPO)
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert result.stderr == ""
