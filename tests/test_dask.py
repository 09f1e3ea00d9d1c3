"""Scale-out: the batch tasks run on a real Dask cluster (a scheduler and two worker processes on loopback)."""
from __future__ import annotations

import json
import subprocess

import pytest

from conftest import SEEDS, read_table, run_cli
from ops_fixtures import free_port, stop, venv_bin, wait_for_port

pytest.importorskip("prefect_dask", reason="the dask extra is not installed: pip install 'newsfacts[dask]'")
TABLES = ("articles", "figures", "dates", "events", "rejected")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """`dask scheduler` and `dask worker --nworkers 2`, as one would start them on real machines; the address."""
    from distributed import Client

    logs = tmp_path_factory.mktemp("dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen([venv_bin("dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard"], stdout=open(logs / "scheduler.log", "w"), stderr=subprocess.STDOUT)
    workers = None
    try:
        wait_for_port(port, 60, scheduler)
        workers = subprocess.Popen([venv_bin("dask"), "worker", address, "--nworkers", "2", "--nthreads", "1",
                                    "--no-dashboard", "--host", "127.0.0.1"],
                                   stdout=open(logs / "workers.log", "w"), stderr=subprocess.STDOUT)
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in (workers, scheduler):
            if process is not None:
                stop(process)


def executed(address: str) -> dict[str, int]:
    """How many tasks each worker of the cluster has run."""
    from distributed import Client

    with Client(address, timeout=30) as client:
        return client.run(lambda dask_worker: dask_worker.state.executed_count)


def rows(out, name) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in read_table(out, name))


def test_a_run_on_the_dask_cluster_writes_the_same_tables_as_a_local_run(cluster, seeds_output, tmp_path, prefect_env):
    before = executed(cluster)
    assert len(before) == 2
    on_dask = tmp_path / "dask"
    result = run_cli(["run", "--input", str(SEEDS), "--output", str(on_dask), "--no-progress", "--batch-size", "2",
                      "--task-runner", "dask", "--dask-address", cluster], prefect_env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "ERROR" not in result.stderr
    after = executed(cluster)
    articles = len(read_table(seeds_output, "articles"))
    batches = -(-articles // 2)  # two articles a batch, each extracted by a task on a worker (validated here)
    assert sum(after.values()) - sum(before.values()) == batches
    for name in TABLES:
        assert rows(on_dask, name) == rows(seeds_output, name), name


def test_the_dask_options_are_checked_before_the_run(prefect_env, tmp_path):
    result = run_cli(["run", "--output", str(tmp_path / "o"), "--dask-address", "tcp://127.0.0.1:1"], prefect_env)
    assert result.returncode == 2 and "task runner is not dask" in result.stderr
    result = run_cli(["run", "--output", str(tmp_path / "o"), "--task-runner", "ray"], prefect_env)
    assert result.returncode == 2 and "--task-runner" in result.stderr
