"""Shared helpers and fixtures for the test suite."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CASES_DIR = Path(__file__).parent / "cases"
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def pytest_sessionstart(session) -> None:
    from flows.compiled import stale_message, stale_modules

    if stale := stale_modules():
        pytest.exit(stale_message(stale), returncode=2)  # the tests would test the old build


def load_cases(name: str) -> list[dict]:
    """The table-driven cases of tests/cases/<name>, one JSON object a line."""
    with open(CASES_DIR / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip() and not line.startswith("//")]


@pytest.fixture(scope="session")
def prefect_env(tmp_path_factory) -> dict[str, str]:
    """The environment for running newsfacts in a subprocess, with a Prefect home of the test session's own."""
    env = dict(os.environ)
    env["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect_home"))
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    return env


def run_cli(args: list[str], env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    """Run `newsfacts ARGS` as a user would, capturing its output."""
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=REPO)


def read_table(output: Path, name: str) -> list[dict]:
    """All rows of an output table, as the scorers read it."""
    import pyarrow.dataset as ds

    return ds.dataset(str(output / name), format="parquet").to_table().to_pylist()


# Fixtures of the operations tests (servers, ports, a seeds output folder) live in tests/ops_fixtures.py.
pytest_plugins = ["ops_fixtures"]
