"""Prefect's temporary server, started by the command line before its imports: up when the flow needs it, gone after
the run, and not started at all where Prefect is told of a server of its own."""
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, run_cli


def processes_with(variable: str, value: str) -> list[int]:
    """The processes whose environment has `variable` set to `value`."""
    found = []
    wanted = f"{variable}={value}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if wanted in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:  # gone meanwhile, or not ours
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads the processes' environments in /proc")
def test_a_run_stops_every_process_it_started(tmp_path, prefect_env):
    env = {**prefect_env, "NEWSFACTS_TEST_MARK": str(tmp_path)}  # inherited by the server, forkserver and workers
    result = run_cli(["run", "--output", str(tmp_path / "out")], env)
    assert result.returncode == 0, result.stderr
    assert "rows written" in result.stdout
    assert result.stderr == ""  # nor "Error logging to API": the logs were sent before the server stopped
    assert processes_with("NEWSFACTS_TEST_MARK", str(tmp_path)) == []


def test_the_server_answers_once_ready_and_is_gone_once_stopped(prefect_env, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", prefect_env["PREFECT_HOME"])
    script = ("from flows.temporary_server import TemporaryServer\n"
              "server = TemporaryServer()\n"
              "server.wait_until_ready(120)\n"
              "print(server.api_url, flush=True)\n"
              "input()\n"
              "server.stop()\n")
    runner = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        api_url = runner.stdout.readline().strip()
        with urllib.request.urlopen(f"{api_url}/health", timeout=10) as response:
            assert response.status == 200
        runner.communicate("\n", timeout=60)
        assert runner.returncode == 0
        with pytest.raises(OSError):
            urllib.request.urlopen(f"{api_url}/health", timeout=5)
    finally:
        runner.kill()


def test_no_server_is_started_where_prefect_has_one(monkeypatch):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows import temporary_server

    monkeypatch.setattr(temporary_server, "TemporaryServer", lambda: pytest.fail("a temporary server was started"))
    with temporary_settings({PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        assert temporary_server.start_if_needed() is None
