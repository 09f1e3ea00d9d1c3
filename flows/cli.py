"""The `newsfacts` command line."""
from __future__ import annotations

import argparse
import os
import sys
import threading
import traceback
import warnings
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
# Quiet by default: a clean console on success. Users can override any of these in their environment.
QUIET_ENVIRONMENT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    # Run logs (INFO) go to the Prefect server's database; the console shows warnings and errors only.
    "PREFECT_LOGGING_LEVEL": "INFO",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "GX_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}


class UsageError(Exception):
    """Bad usage: reported as one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsfacts", description="Turn news articles into validated Parquet tables "
                                                   "of figures, dates and events.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=None, metavar="FILE",
                        help="a TOML settings file (default: $NEWSFACTS_CONFIG, else ./newsfacts.toml if present)")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    run = commands.add_parser("run", parents=[common], help="ingest articles and write the tables")
    _run_options(run)
    run.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")
    serve = commands.add_parser("serve", parents=[common],
                                help="run on a cron schedule, served by this process (needs a Prefect server)")
    _run_options(serve)
    serve.add_argument("--cron", dest="serve_cron", default=None, metavar="EXPR",
                       help='the schedule, e.g. "*/30 * * * *" (UTC); or [serve] cron in the config file')
    serve.add_argument("--name", dest="serve_name", default=None, metavar="NAME",
                       help="the deployment's name (default: newsfacts-scheduled)")
    load = commands.add_parser("load", parents=[common], help="load the tables into DuckDB or PostgreSQL")
    load.add_argument("--from", dest="output", default=None, metavar="DIR",
                      help="the output folder of `newsfacts run` (default: ./data)")
    load.add_argument("--to", dest="load_to", default=None, metavar="URL",
                      help="duckdb:///FILE.duckdb (relative), duckdb:////FILE (absolute) or "
                           "postgresql://USER:PASSWORD@HOST:PORT/DB (default: duckdb:///newsfacts.duckdb)")
    load.add_argument("--schema", dest="load_schema", default=None, metavar="NAME",
                      help="database schema for the tables (default: the database's default)")
    return parser


def _run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", default=None, metavar="PATH",
                        help="a JSON Lines file, a folder of .txt/.md/.json/.jsonl/.html files, a glob, or the "
                             "http(s) URL of a feed or an article page (default: the shipped seeds/)")
    parser.add_argument("--output", default=None, metavar="DIR", help="output folder (default: ./data)")
    parser.add_argument("--batch-size", type=_positive_int, default=None, metavar="N",
                        help="articles per batch task (default: 2000)")
    parser.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                        help="processes that extract facts on this machine (default: one per CPU; 1: all in "
                             "this process; ignored with --task-runner dask, whose workers are used)")
    parser.add_argument("--feed", dest="feeds", action="append", default=None, metavar="URL",
                        help="an RSS/Atom feed (its items are fetched) or an article page; repeat for more")
    parser.add_argument("--task-runner", default=None, choices=["thread", "dask"],
                        help="where the batch tasks run: threads here (default) or a Dask cluster")
    parser.add_argument("--dask-address", default=None, metavar="tcp://HOST:PORT",
                        help="the scheduler of an existing Dask cluster (with --task-runner dask)")
    parser.add_argument("--load-to", default=None, metavar="URL",
                        help="after the run, load the tables into this warehouse (see `newsfacts load --help`)")


def _settings(args: argparse.Namespace):
    from flows.config import load_settings

    flags = {k: v for k, v in vars(args).items() if k not in ("command", "config", "version", "no_progress")}
    return load_settings(args.config, flags)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.version:
            from importlib.metadata import version

            print(f"newsfacts {version('newsfacts')}")
            return 0
        if args.command is None:
            raise UsageError("a command is required: run, serve or load (see `newsfacts --help`)")
        from flows.compiled import stale_message, stale_modules
        from flows.config import ConfigError

        try:
            settings = _settings(args)
        except ConfigError as e:
            raise UsageError(str(e)) from None
        if args.command in ("run", "serve") and (stale := stale_modules()):
            raise UsageError(stale_message(stale))
        if args.command == "run":
            return _run(settings, args.no_progress)
        if args.command == "serve":
            return _serve(args, settings)
        return _load(settings)
    except UsageError as e:
        print(f"newsfacts: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsfacts: interrupted; the tables are as they were before this run", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output has gone (`newsfacts run | head -1`): nothing more to say, and Python must not
        # fail again flushing stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _run(settings, no_progress: bool) -> int:
    if settings.input is None and not settings.feeds:
        settings = replace(settings, input=str(SEEDS_DIR))
    _quiet()
    from flows.preflight import prepare
    from flows.sources import InputError
    from flows.store import StoreError

    try:
        store, _ = prepare(settings.input, settings.output, settings.feeds)
        # The lock first: a run refused because another holds the folder says so in one line, before Prefect starts.
        with store.locked():
            summary = _run_flow(settings, no_progress)
    except (InputError, StoreError) as e:
        raise UsageError(str(e)) from None
    except Exception as e:  # noqa: BLE001 - report, keep the traceback out of the console
        log = _save_traceback(settings.output)
        print(f"newsfacts: error: the run failed ({type(e).__name__}: {e}); the tables are as they were "
              f"before this run; details in {log}", file=sys.stderr)
        return 1
    print(_format_summary(summary))
    if settings.load_to:
        return _load(settings)
    return 0


def _run_flow(settings, no_progress: bool):
    """Run the flow. What it needs in processes of their own (the extraction pool's forkserver, Prefect's temporary
    server) is started first: they come up on the other core while this process imports the flow's packages."""
    from flows import temporary_server

    server = temporary_server.start_if_needed()
    try:
        from flows.workers import default_workers, start_forkserver

        if settings.task_runner != "dask" and (settings.workers or default_workers()) > 1:
            start_forkserver()
        # Great Expectations takes seconds to import: do it while the flow's own imports are done and the server
        # starts.
        threading.Thread(target=_import_great_expectations, daemon=True).start()
        from flows.pipeline import make_task_runner, run_with_settings

        make_task_runner(settings.task_runner, settings.dask_address)
        with server.serving(_server_timeout()) if server else nullcontext():
            return run_with_settings(settings, show_progress=False if no_progress else None)
    finally:
        if server:
            server.stop()


def _server_timeout() -> float:
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

    return PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()


def _serve(args: argparse.Namespace, settings) -> int:
    _quiet()
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.settings import PREFECT_API_URL

    if not settings.serve_cron:
        raise UsageError("a schedule is required: --cron EXPR (or [serve] cron in the config file)")
    try:
        CronSchedule(cron=settings.serve_cron, timezone="UTC")
    except ValueError:
        raise UsageError(f"not a cron expression: {settings.serve_cron!r}") from None
    if not PREFECT_API_URL.value():
        raise UsageError("serving on a schedule needs a Prefect server: start one (`prefect server start`) and "
                         "set PREFECT_API_URL, e.g. http://127.0.0.1:4200/api")
    from flows.pipeline import make_task_runner
    from flows.preflight import prepare
    from flows.serve import serve
    from flows.sources import InputError
    from flows.store import StoreError

    try:
        prepare(settings.input if settings.input or settings.feeds else str(SEEDS_DIR), settings.output, settings.feeds)
        make_task_runner(settings.task_runner, settings.dask_address)
    except (InputError, StoreError) as e:
        raise UsageError(str(e)) from None
    given = {k: getattr(args, k) for k in ("input", "output", "feeds", "batch_size", "workers", "task_runner",
                                           "dask_address", "load_to")}
    serve(args.config, settings, given)
    return 0


def _load(settings) -> int:
    from flows.load import DEFAULT_TARGET, LoadError, load_tables, parse_target
    from flows.store import StoreError

    target = settings.load_to or DEFAULT_TARGET
    try:
        parse_target(target)
        if not (Path(settings.output) / "_newsfacts").is_dir():
            raise LoadError(f"{settings.output} holds no newsfacts tables (run `newsfacts run --output "
                            f"{settings.output}` first)")
    except LoadError as e:
        raise UsageError(str(e)) from None
    try:
        results = load_tables(settings.output, target, settings.load_schema)
    except (LoadError, StoreError) as e:
        print(f"newsfacts: error: {e}", file=sys.stderr)
        return 1
    print(f"newsfacts load: {settings.output}/ -> {parse_target(target)}"
          + (f" (schema {settings.load_schema})" if settings.load_schema else ""))
    for r in results:
        print(f"  {r.table}: {r.rows} rows; {r.inserted} inserted, {r.updated} updated, {r.deleted} deleted")
    return 0


def _quiet() -> None:
    for key, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    # urllib3 warns, on import by requests (Great Expectations), that SOCKS proxies would need PySocks: none is used.
    warnings.filterwarnings("ignore", message="SOCKS support in urllib3")


def _format_summary(s) -> str:
    lines = [
        f"newsfacts run {s.run_id}: {s.inputs} input records -> {s.articles_new} articles written "
        f"({s.articles_replaced} replaced), {s.articles_unchanged} unchanged, {s.articles_rejected} rejected",
        "  rows written: " + ", ".join(f"{t} {s.rows.get(t, 0)}" for t in ("articles", "figures", "dates", "events", "rejected")),
    ]
    if s.rejects:
        lines.append("  rejected by reason: " + ", ".join(f"{r} {n}" for r, n in sorted(s.rejects.items())))
    lines.append(f"  validation: {s.validation_failures} failed expectation checks; report {s.report} "
                 f"(results {s.results})")
    lines.append(f"  tables in {s.output}/ in {s.seconds:.1f}s")
    return "\n".join(lines)


def _import_great_expectations() -> None:
    try:
        import great_expectations  # noqa: F401
    except Exception:  # noqa: BLE001 - the validate task imports it again and reports any error
        pass


def _save_traceback(output: str) -> str:
    path = Path(output) / "_newsfacts" / "last-error.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(traceback.format_exc(), encoding="utf-8")
        return str(path)
    except OSError:
        return "(could not write the error log)"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


if __name__ == "__main__":
    sys.exit(main())
