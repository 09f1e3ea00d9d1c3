"""Run a table's Great Expectations suite on a batch and split its rows into valid and rejected."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache

import pandas as pd

from expectations.suites import table_specs
from expectations.schema import TABLES

ROW = "_row"


@dataclass
class Verdict:
    valid: pd.DataFrame               # the rows that met every expectation, without validation-only columns
    failed: dict[int, list[str]]      # position of each failing row in the input frame -> the expectations it failed
    results: list[dict]               # per expectation: label, success, element_count, unexpected_count


def validate_frame(name: str, frame: pd.DataFrame) -> Verdict:
    """The verdict of table `name`'s suite on `frame`; failing rows are found only when the batch fails."""
    frame = frame.reset_index(drop=True)
    if frame.empty:
        return Verdict(_written_columns(frame), {}, [])
    definition, labels = _validation(name)
    summary = definition.run(batch_parameters={"dataframe": frame}, result_format={"result_format": "SUMMARY"})
    results = [_result(labels[r.expectation_config.id], r) for r in summary.results]
    if summary.success:
        return Verdict(_written_columns(frame), {}, results)
    # Asking GX for the failing rows is costly, so only a failed batch pays for it.
    indexed = frame.assign(**{ROW: range(len(frame))})
    complete = definition.run(batch_parameters={"dataframe": indexed},
                              result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]})
    failed: dict[int, list[str]] = {}
    for r in complete.results:
        if r.success:
            continue
        rows = r.result.get("unexpected_index_list")
        positions = [int(x[ROW]) for x in rows] if rows else range(len(frame))  # a table-level failure: every row
        for pos in positions:
            failed.setdefault(pos, []).append(labels[r.expectation_config.id])
    keep = [i for i in range(len(frame)) if i not in failed]
    return Verdict(_written_columns(frame.iloc[keep]), failed, results)


def build_suite(name: str):
    """The Great Expectations suite of table `name`."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    suite = gx.ExpectationSuite(name=f"newsfacts_{name}")
    for spec in table_specs(name):
        suite.add_expectation(getattr(gxe, spec.type)(**spec.kwargs))
    return suite


def _written_columns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in frame.columns if not c.startswith("_")]]


def _result(label: str, r) -> dict:
    res = r.result or {}
    return {"expectation": label, "success": bool(r.success),
            "element_count": res.get("element_count"), "unexpected_count": res.get("unexpected_count")}


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


@cache
def _validation(name: str):
    import great_expectations as gx

    if name not in TABLES:
        raise KeyError(f"no suite for table {name!r}")
    context, source = _context()
    batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("batch")
    suite = context.suites.add(build_suite(name))
    definition = context.validation_definitions.add(gx.ValidationDefinition(name=f"{name}_validation", data=batch, suite=suite))
    # Results do not come back in suite order: they are matched to their expectation by id.
    labels = {e.id: spec.label() for e, spec in zip(suite.expectations, table_specs(name))}
    return definition, labels
