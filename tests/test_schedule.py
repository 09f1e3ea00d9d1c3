"""Schedules on a real Prefect server started on loopback: the prefect.yaml deployment run by a process worker,
`newsfacts serve --cron`, and what each run publishes (its logs and its summary artifact)."""
from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from conftest import REPO, SEEDS, read_table, run_cli
from ops_fixtures import free_port, stop, venv_bin, wait_for_port

SEED_ARTICLES = 6


@pytest.fixture(scope="module")
def server(tmp_path_factory, prefect_env):
    """`prefect server start` on a free port with a Prefect home of its own; the environment that points at it."""
    home = tmp_path_factory.mktemp("prefect_server")
    port = free_port()
    env = {**prefect_env, "PREFECT_HOME": str(home), "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_UI_ENABLED": "false",
           # Let the scheduler service create the upcoming runs of a new deployment within seconds.
           "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
           "PREFECT_RUNNER_POLL_FREQUENCY": "2", "PREFECT_CLI_PROMPT": "false"}
    log = open(home / "server.log", "w")
    process = subprocess.Popen([venv_bin("prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, 180, process)
        deadline = time.monotonic() + 120
        while not _healthy(env) and time.monotonic() < deadline:
            time.sleep(0.5)
        yield env
    finally:
        stop(process)


def _healthy(env) -> bool:
    try:
        return httpx.get(env["PREFECT_API_URL"] + "/health", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def api(env, method: str, path: str, body: dict | None = None):
    # A server busy with a flow run may answer 503 for a moment (seen under load); Prefect's own client retries too.
    for attempt in range(5):
        response = httpx.request(method, env["PREFECT_API_URL"] + path, json=body, timeout=30)
        if response.status_code != 503:
            break
        time.sleep(2 ** attempt)
    response.raise_for_status()
    return response.json()


def prefect(env, *args: str, cwd=REPO, timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run([venv_bin("prefect"), *args], env=env, cwd=cwd, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def flow_runs(env, deployment_id: str) -> list[dict]:
    return api(env, "POST", "/flow_runs/filter", {"flow_runs": {"deployment_id": {"any_": [deployment_id]}}})


def wait_for_state(env, flow_run_id: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = api(env, "GET", f"/flow_runs/{flow_run_id}")["state"]["type"]
        if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            return state
        time.sleep(1)
    return "TIMED OUT"


@pytest.fixture(scope="module")
def deployed_run(server, tmp_path_factory):
    """prefect.yaml deployed to a process work pool, one run of it made and executed by `prefect worker`."""
    work = tmp_path_factory.mktemp("deployment")
    prefect(server, "work-pool", "create", "newsfacts", "--type", "process")
    prefect(server, "deploy", "--name", "hourly")
    deployment = api(server, "GET", "/deployments/name/newsfacts-scheduled/hourly")
    out, warehouse = work / "out", work / "w.duckdb"
    prefect(server, "deployment", "run", "newsfacts-scheduled/hourly", "--param", f"output={out}",
            "--param", f"load_to=duckdb:///{warehouse}")
    [run] = [r for r in flow_runs(server, deployment["id"]) if r["parameters"].get("output") == str(out)]
    # The worker runs from another folder: the flow comes from the installed package, not from this checkout.
    prefect(server, "worker", "start", "--pool", "newsfacts", "--run-once", cwd=work, timeout=600)
    return deployment, run, out, warehouse


def test_the_deployment_has_the_schedule_of_prefect_yaml(server, deployed_run):
    deployment, _, _, _ = deployed_run
    [schedule] = deployment["schedules"]
    assert schedule["schedule"]["cron"] == "0 * * * *" and schedule["active"]
    # The server's scheduler turns the cron into upcoming runs, each at the top of an hour.
    deadline = time.monotonic() + 60
    upcoming: list[dict] = []
    while not upcoming and time.monotonic() < deadline:
        upcoming = [r for r in flow_runs(server, deployment["id"]) if r["state"]["type"] == "SCHEDULED"
                    and r["auto_scheduled"]]
        time.sleep(1)
    assert upcoming
    assert all(r["expected_start_time"][14:19] == "00:00" for r in upcoming)


def test_the_worker_ran_the_deployment_and_wrote_and_loaded_the_tables(server, deployed_run):
    _, run, out, warehouse = deployed_run
    assert wait_for_state(server, run["id"], 60) == "COMPLETED"
    assert len(read_table(out, "articles")) == SEED_ARTICLES
    assert read_table(out, "figures")
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == SEED_ARTICLES
    finally:
        con.close()


def test_a_run_publishes_its_summary_artifact_and_logs(server, deployed_run):
    artifacts = api(server, "POST", "/artifacts/filter", {"artifacts": {"key": {"any_": ["newsfacts-run-summary"]}}})
    assert artifacts, "no summary artifact"
    markdown = artifacts[-1]["data"]
    assert f"| articles | {SEED_ARTICLES} |" in markdown
    assert "| rejected because | records |" in markdown
    assert "| killed |" in markdown  # the top figures: the largest per metric
    logs = api(server, "POST", "/logs/filter", {"limit": 200})
    messages = [entry["message"] for entry in logs]
    assert any(m.startswith("ingest: 6 input records") for m in messages)
    assert any(m.startswith("batch 1: articles 6") for m in messages)
    assert any(m.startswith("rows written: articles 6") for m in messages)
    assert any(m.startswith("loaded into") for m in messages)


def test_newsfacts_serve_serves_the_flow_on_its_cron_schedule(server, tmp_path):
    out = tmp_path / "served"
    log = open(tmp_path / "serve.log", "w")
    # Once a day, twelve hours from now: a run the schedule starts while the test's own run writes the same tables
    # would find them locked (as "*/5 * * * *" did, near the turn of five minutes).
    later = time.gmtime(time.time() + 12 * 3600)
    cron = f"{later.tm_min} {later.tm_hour} * * *"
    process = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "--cron", cron, "--name",
                                "daily", "--input", str(SEEDS), "--output", str(out)],
                               env=server, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        deployment = None
        while deployment is None and time.monotonic() < deadline:
            assert process.poll() is None, open(tmp_path / "serve.log").read()
            try:
                deployment = api(server, "GET", "/deployments/name/newsfacts-scheduled/daily")
            except httpx.HTTPStatusError:
                time.sleep(1)
        assert deployment is not None, open(tmp_path / "serve.log").read()
        assert [s["schedule"]["cron"] for s in deployment["schedules"]] == [cron]
        assert deployment["parameters"]["output"] == str(out)
        run = api(server, "POST", f"/deployments/{deployment['id']}/create_flow_run", {})
        assert wait_for_state(server, run["id"], 300) == "COMPLETED", open(tmp_path / "serve.log").read()
        assert len(read_table(out, "articles")) == SEED_ARTICLES
    finally:
        stop(process)


def test_serve_without_a_server_or_a_schedule_is_refused(prefect_env, tmp_path):
    env = {k: v for k, v in prefect_env.items() if k != "PREFECT_API_URL"}
    result = run_cli(["serve", "--cron", "0 * * * *", "--output", str(tmp_path / "o")], env)
    assert result.returncode == 2 and "needs a Prefect server" in result.stderr
    result = run_cli(["serve", "--output", str(tmp_path / "o")], {**env, "PREFECT_API_URL": "http://127.0.0.1:1/api"})
    assert result.returncode == 2 and "--cron" in result.stderr
    result = run_cli(["serve", "--cron", "every day", "--output", str(tmp_path / "o")],
                     {**env, "PREFECT_API_URL": "http://127.0.0.1:1/api"})
    assert result.returncode == 2 and "not a cron expression" in result.stderr
