"""Fixtures shared by the operations tests: an output folder built from the seeds, a PostgreSQL server, ports."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEEDS, run_cli

POSTGRES_ENV = "NEWSFACTS_TEST_POSTGRES_URL"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float, process: subprocess.Popen | None = None) -> None:
    """Wait until something accepts connections on 127.0.0.1:port (fail early if `process` exits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with status {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def stop(process: subprocess.Popen) -> None:
    """Stop a process this test started: terminate, then kill if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def venv_bin(name: str) -> str:
    """The path of a console script installed beside this Python."""
    return str(Path(sys.executable).parent / name)


@pytest.fixture(scope="session")
def seeds_output(tmp_path_factory, prefect_env) -> Path:
    """An output folder written by one `newsfacts run` on the shipped seeds; tests copy it before changing it."""
    out = tmp_path_factory.mktemp("seeds_output") / "data"
    result = run_cli(["run", "--input", str(SEEDS), "--output", str(out), "--no-progress"], prefect_env)
    assert result.returncode == 0, result.stderr
    return out


def copy_output(src: Path, dest: Path) -> Path:
    """A copy of an output folder, so a test may add runs to it."""
    shutil.copytree(src, dest)
    return dest


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of a PostgreSQL server for the tests (.ci/run starts one and sets it)."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server configured: set {POSTGRES_ENV} (start one with `.ci/postgres start DIR`)")
    return url
