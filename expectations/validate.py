"""Run a table's Great Expectations suite on a batch and split its rows into valid and rejected."""
from __future__ import annotations

import hashlib
import logging
import math
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import cache

import pandas as pd

from expectations.suites import table_specs
from expectations.schema import TABLES

ROW = "_row"
# Failing values kept per expectation for the run's report, each cut after so many characters.
MAX_EXAMPLES = 5
EXAMPLE_CHARS = 200
_LABEL_COLUMNS = re.compile(r"\(([^()]*)\)$")
_LOCK = threading.RLock()


@dataclass
class Verdict:
    valid: pd.DataFrame               # the rows that met every expectation, without validation-only columns
    failed: dict[int, list[str]]      # position of each failing row in the input frame -> the expectations it failed
    results: list[dict]               # per expectation: label, success, element_count, unexpected_count, examples


def validate_frame(name: str, frame: pd.DataFrame) -> Verdict:
    """The verdict of table `name`'s suite on `frame`; failing rows are found only when the batch fails."""
    frame = frame.reset_index(drop=True)
    if frame.empty:
        return Verdict(_written_columns(frame), {}, [])
    suite = _validation(name, "all")
    # Pass or fail only: GX's counts and samples of unexpected values cost as much again as the checks themselves,
    # and a batch that fails gets exact counts from the search for its failing rows below.
    verdict = suite.definition.run(batch_parameters={"dataframe": frame},
                                   result_format={"result_format": "BOOLEAN_ONLY"})
    outcome: dict[str, bool] = {}
    for r in verdict.results:  # two expectations may share a label: it passes when both do
        label = suite.labels[r.expectation_config.id]
        outcome[label] = outcome.get(label, True) and bool(r.success)
    if verdict.success:
        return Verdict(_written_columns(frame), {}, _results(outcome, frame, {}))
    positions = list(range(len(frame)))
    failed: dict[int, list[str]] = {}
    if any(_raised(r) for r in verdict.results):
        # A value of the wrong type makes a comparison raise for its whole column: set such rows aside first.
        failed = _failing_rows(_validation(name, "types"), frame, positions)
        positions = [i for i in positions if i not in failed]
    # Only the expectations that failed can fail on a part of the batch: ask for their failing rows alone.
    broken = frozenset(label for label, ok in outcome.items() if not ok)
    for pos, labels in _failing_rows(_validation(name, broken), frame, positions).items():
        failed.setdefault(pos, []).extend(labels)
    keep = [i for i in range(len(frame)) if i not in failed]
    return Verdict(_written_columns(frame.iloc[keep]), failed, _results(outcome, frame, failed))


def build_suite(name: str, kind: str | frozenset[str] = "all"):
    """The Great Expectations suite of table `name`: all its expectations, its type checks, or those labelled."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    suite = gx.ExpectationSuite(name=f"newsfacts_{name}" + ("" if kind == "all" else f"_{_kind_name(kind)}"))
    for spec in _specs(name, kind):
        suite.add_expectation(getattr(gxe, spec.type)(**spec.kwargs))
    return suite


@dataclass(frozen=True)
class _Suite:
    definition: object          # a GX ValidationDefinition
    labels: dict[str, str]      # expectation id -> label


def _specs(name: str, kind: str | frozenset[str]):
    specs = table_specs(name)
    if kind == "all":
        return specs
    if kind == "types":
        return [s for s in specs if s.type == "ExpectColumnValuesToBeInTypeList"]
    return [s for s in specs if s.label() in kind]


def _kind_name(kind: str | frozenset[str]) -> str:
    if isinstance(kind, str):
        return kind
    return "only_" + hashlib.sha256("\x1f".join(sorted(kind)).encode()).hexdigest()[:12]


def _results(outcome: dict[str, bool], frame: pd.DataFrame, failed: dict[int, list[str]]) -> list[dict]:
    """Per expectation: its label, success, the rows checked, the rows that failed it and a few of their values."""
    unexpected = Counter(label for labels in failed.values() for label in labels)
    examples: dict[str, list[dict]] = {}
    for pos, labels in sorted(failed.items()):
        for label in labels:
            if len(examples.setdefault(label, [])) < MAX_EXAMPLES:
                examples[label].append(_example(frame.iloc[pos], label))
    return [{"expectation": label, "success": ok, "element_count": len(frame), "unexpected_count": unexpected[label],
             "examples": examples.get(label, [])} for label, ok in outcome.items()]


def _example(row: pd.Series, label: str) -> dict:
    """The failing row's article and the values of the columns the expectation looks at, printable as JSON."""
    columns = [c for c in _LABEL_COLUMNS.search(label).group(1).split("/") if c in row.index]
    return {"article_id": _printable(row.get("article_id")), "values": {c: _printable(row[c]) for c in columns}}


def _printable(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value if not isinstance(value, str) or len(value) <= EXAMPLE_CHARS else value[:EXAMPLE_CHARS] + "…"
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return _printable(str(value))


def _failing_rows(suite: _Suite, frame: pd.DataFrame, positions: list[int]) -> dict[int, list[str]]:
    if not positions:
        return {}
    part = frame.iloc[positions].assign(**{ROW: positions})
    complete = suite.definition.run(batch_parameters={"dataframe": part.reset_index(drop=True)},
                                    result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]})
    failed: dict[int, list[str]] = {}
    for r in complete.results:
        if r.success:
            continue
        rows = r.result.get("unexpected_index_list")
        hit = [int(x[ROW]) for x in rows] if rows else positions  # a table-level failure: every row
        for pos in hit:
            failed.setdefault(pos, []).append(suite.labels[r.expectation_config.id])
    return failed


def _raised(result) -> bool:
    info = result.exception_info or {}
    if "raised_exception" in info:
        return bool(info["raised_exception"])
    return any(v.get("raised_exception") for v in info.values() if isinstance(v, dict))


def _written_columns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in frame.columns if not c.startswith("_")]]


@cache
def _context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # Some GX modules set their own loggers to INFO; a successful run should print nothing.
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("great_expectations"):
            logging.getLogger(name).setLevel(logging.WARNING)

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context, context.data_sources.add_pandas("newsfacts")


def warm_up(names: tuple[str, ...] = ("articles", "figures", "dates", "events", "rejected")) -> None:
    """Build the tables' suites ahead of the first batch (GX takes seconds to set up); safe from any thread."""
    for name in names:
        _validation(name, "all")


def _validation(name: str, kind: str | frozenset[str]) -> _Suite:
    # One thread at a time: GX's context refuses a second suite of the same name.
    with _LOCK:
        return _build_validation(name, kind)


@cache
def _build_validation(name: str, kind: str | frozenset[str]) -> _Suite:
    import great_expectations as gx

    if name not in TABLES:
        raise KeyError(f"no suite for table {name!r}")
    context, source = _context()
    batch = source.add_dataframe_asset(f"{name}_{_kind_name(kind)}").add_batch_definition_whole_dataframe("batch")
    suite = context.suites.add(build_suite(name, kind))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=f"{name}_{_kind_name(kind)}_validation", data=batch, suite=suite))
    # Results do not come back in suite order: they are matched to their expectation by id.
    labels = {e.id: spec.label() for e, spec in zip(suite.expectations, _specs(name, kind))}
    return _Suite(definition, labels)
