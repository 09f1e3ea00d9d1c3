"""Scheduled runs: the `newsfacts-scheduled` flow (run, then load if a warehouse is set) and `newsfacts serve`."""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.config import Settings, load_settings
from flows.pipeline import run_with_settings

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True)
class Scheduled:
    """What a scheduled run did."""

    run_id: str
    articles_new: int
    rows: dict[str, int]
    loaded: dict[str, int]


@task(name="load", cache_policy=NO_CACHE)
def load_task(output: str, target: str, schema: str | None) -> dict[str, int]:
    from flows.load import load_tables

    done = load_tables(output, target, schema)
    get_run_logger().info("loaded into %s: %s", target.split("@")[-1],
                          ", ".join(f"{r.table} +{r.inserted} ~{r.updated} -{r.deleted}" for r in done))
    return {r.table: r.inserted + r.updated + r.deleted for r in done}


@flow(name="newsfacts-scheduled", log_prints=False)
def newsfacts_scheduled(config: str | None = None, input: str | None = None, output: str | None = None,  # noqa: A002
                        feeds: list[str] | None = None, batch_size: int | None = None, workers: int | None = None,
                        task_runner: str | None = None, dask_address: str | None = None,
                        load_to: str | None = None, load_schema: str | None = None) -> Scheduled:
    """One scheduled run: the settings (config file, NEWSFACTS_* variables, then these parameters), the
    `newsfacts-run` flow, and a load into the warehouse when one is set."""
    flags = {"input": input, "output": output, "feeds": feeds, "batch_size": batch_size, "workers": workers,
             "task_runner": task_runner,
             "dask_address": dask_address, "load_to": load_to, "load_schema": load_schema}
    settings = load_settings(config, flags)
    if settings.input is None and not settings.feeds:
        settings = replace(settings, input=str(SEEDS_DIR))
    summary = run_with_settings(settings, show_progress=False)
    loaded = load_task(settings.output, settings.load_to, settings.load_schema) if settings.load_to else {}
    return Scheduled(summary.run_id, summary.articles_new, dict(summary.rows), loaded)


def serve_parameters(config: str | None, settings: Settings, given: dict) -> dict:
    """The deployment's parameters: the config file and the options given on the command line, paths made
    absolute so that runs do not depend on the folder they start in."""
    params: dict = {"config": str(Path(config).resolve()) if config else None}
    for name, value in given.items():
        if value is None or name not in asdict(settings):
            continue
        if name == "feeds":
            value = list(value)
        elif name in ("input", "output") and "://" not in str(value):
            value = str(Path(value).resolve())
        params[name] = value
    return params


def serve(config: str | None, settings: Settings, given: dict) -> None:
    """Serve `newsfacts-scheduled` on the cron schedule of the settings until interrupted."""
    newsfacts_scheduled.serve(name=settings.serve_name, cron=settings.serve_cron,
                              parameters=serve_parameters(config, settings, given),
                              description="newsfacts run (and load) on a schedule")
