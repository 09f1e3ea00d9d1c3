"""The `newsfacts` command line."""
from __future__ import annotations

import argparse
import os
import sys
import threading
import traceback
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
DEFAULT_OUTPUT = "data"
# Quiet by default: a clean console on success. Users can override any of these in their environment.
QUIET_ENVIRONMENT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_LEVEL": "WARNING",
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
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    run = commands.add_parser("run", help="ingest articles and write the tables")
    run.add_argument("--input", default=None, metavar="PATH",
                     help="a JSON Lines file, a folder of .txt/.md/.json/.jsonl/.html files, or a glob "
                          "(default: the shipped seeds/)")
    run.add_argument("--output", default=DEFAULT_OUTPUT, metavar="DIR", help="output folder (default: ./data)")
    run.add_argument("--batch-size", type=_positive_int, default=None, metavar="N",
                     help="articles per batch task (default: 1000)")
    run.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                     help="processes that extract facts (default: one per CPU; 1 runs all in this process)")
    run.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.version:
            from importlib.metadata import version

            print(f"newsfacts {version('newsfacts')}")
            return 0
        if args.command == "run":
            return _run(args)
        raise UsageError("a command is required: run (see `newsfacts --help`)")
    except UsageError as e:
        print(f"newsfacts: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsfacts: interrupted; the tables are as they were before this run", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    input_spec = args.input if args.input is not None else str(SEEDS_DIR)
    for key, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    # Great Expectations takes seconds to import: do it while Prefect starts its server.
    threading.Thread(target=_import_great_expectations, daemon=True).start()
    from flows.pipeline import DEFAULT_BATCH_SIZE, newsfacts_run, prepare
    from flows.sources import InputError
    from flows.store import StoreError

    try:
        prepare(input_spec, args.output)
    except (InputError, StoreError) as e:
        raise UsageError(str(e)) from None
    try:
        summary = newsfacts_run(input_spec, args.output, args.batch_size or DEFAULT_BATCH_SIZE,
                                show_progress=False if args.no_progress else None, workers=args.workers)
    except (InputError, StoreError) as e:
        raise UsageError(str(e)) from None
    except Exception as e:  # noqa: BLE001 - report, keep the traceback out of the console
        log = _save_traceback(args.output)
        print(f"newsfacts: error: the run failed ({type(e).__name__}: {e}); the tables are as they were "
              f"before this run; details in {log}", file=sys.stderr)
        return 1
    print(_format_summary(summary))
    return 0


def _format_summary(s) -> str:
    lines = [
        f"newsfacts run {s.run_id}: {s.inputs} input records -> {s.articles_new} articles written "
        f"({s.articles_replaced} replaced), {s.articles_unchanged} unchanged, {s.articles_rejected} rejected",
        "  rows written: " + ", ".join(f"{t} {s.rows.get(t, 0)}" for t in ("articles", "figures", "dates", "events", "rejected")),
    ]
    if s.rejects:
        lines.append("  rejected by reason: " + ", ".join(f"{r} {n}" for r, n in sorted(s.rejects.items())))
    lines.append(f"  validation: {s.validation_failures} failed expectation checks; report {s.report}")
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
