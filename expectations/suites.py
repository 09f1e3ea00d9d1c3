"""The expectations of each table, as data: built from the schema, plus the rules a column's meaning implies."""
from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from expectations.schema import TABLES, Table

QUALIFIERS = ["exact", "approx", "at_least", "more_than", "at_most", "less_than", "range"]
METRICS = ["killed", "injured", "missing", "displaced", "returned", "affected", "trapped", "rescued", "arrested",
           "captured", "surrendered", "kidnapped", "deployed", "strength", "participants", "voted", "seats",
           "candidates", "damaged", "aid", "cost", "budget", "trade", "earnings", "age", "population"]
TIMEX_TYPES = ["DATE", "TIME", "DURATION", "SET"]
EVENT_TYPES = ["battle", "explosion_remote_violence", "violence_against_civilians", "protest", "riot",
               "strategic_development", "displacement", "natural_disaster", "political_statement", "other"]
PRECISIONS = ["time", "day", "week", "month", "quarter", "season", "half", "year", "decade", "century", "millennium"]
ANCHORS = ["absolute", "published_at", "unanchored"]
PUBLISHED_SOURCES = ["metadata", "page", "dateline", "none"]
STAGES = ["ingest", "extract", "validate"]
# Well-formed TIMEX3 values: calendar points (with X for unknown digits), weeks, quarters, halves, seasons,
# parts of day and clock times, durations, and the reference words.
TIMEX_VALUE = (
    r"^(?:PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|P(?:(?:\d+(?:\.\d+)?|X+)(?:Y|M|W|D|DE|CE|ML|Q|H|WE))+(?:T(?:(?:\d+(?:\.\d+)?|X+)[HMS])+)?"
    r"|PT(?:(?:\d+(?:\.\d+)?|X+)[HMS])+"
    r"|(?:FY)?(?:\d{1,4}|X{1,4})"
    r"(?:-(?:\d{2}|XX|W\d{2}|WXX|Q[1-4X]|H[12X]|SP|SU|FA|WI|WE))?"
    r"(?:-(?:\d{2}|XX|WE|[1-7]))?"
    r"(?:T(?:\d{2}(?::\d{2}){0,2}|MO|AF|EV|NI|DT|MI))?)$"
)
# Columns added to a frame for validation only: they are never written.
TEXT_LENGTH = "_text_length"
LATEST_DATE = "_latest_date"
MAX_MAGNITUDE = 1e300
_BOUNDED_INTS = ("_start", "_end", "_count", "_length", "_size")


@dataclass(frozen=True)
class Spec:
    """One expectation: the GX class name and its keyword arguments."""

    type: str
    kwargs: dict = field(default_factory=dict)

    def label(self) -> str:
        target = self.kwargs.get("column") or "/".join(
            str(self.kwargs[k]) for k in ("column_A", "column_B") if k in self.kwargs)
        return f"{self.type}({target})"


def _in_set(column: str, values: list[str]) -> Spec:
    return Spec("ExpectColumnValuesToBeInSet", {"column": column, "value_set": values})


def _a_at_least_b(a: str, b: str) -> Spec:
    return Spec("ExpectColumnPairValuesAToBeGreaterThanB",
                {"column_A": a, "column_B": b, "or_equal": True, "ignore_row_if": "either_value_is_missing"})


def _between(column: str, low: float | None = None, high: float | None = None) -> Spec:
    return Spec("ExpectColumnValuesToBeBetween", {"column": column, "min_value": low, "max_value": high})


def _mention_specs() -> list[Spec]:
    return [
        _between("char_start", 0),
        Spec("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "char_end", "column_B": "char_start"}),
        _a_at_least_b(TEXT_LENGTH, "char_end"),
        _a_at_least_b("char_start", "sentence_start"),
        _a_at_least_b("sentence_end", "char_end"),
    ]


def _python_types(type_: pa.DataType) -> list[str]:
    """The Python types a row value of an Arrow type may have (frames are validated with object columns)."""
    if pa.types.is_integer(type_):
        return ["int"]
    if pa.types.is_floating(type_):
        return ["float", "int"]
    if pa.types.is_timestamp(type_):
        return ["datetime"]
    if pa.types.is_date(type_):
        return ["date"]
    if pa.types.is_list(type_):
        return ["list"]
    return ["str"]


def _schema_specs(table: Table) -> list[Spec]:
    specs = [Spec("ExpectTableColumnsToMatchSet", {"column_set": table.column_names, "exact_match": False}),
             Spec("ExpectColumnValuesToBeUnique", {"column": table.key})]
    specs += [Spec("ExpectColumnValuesToNotBeNull", {"column": c.name}) for c in table.columns if not c.nullable]
    specs += [Spec("ExpectColumnValuesToBeInTypeList", {"column": c.name, "type_list": _python_types(c.type)})
              for c in table.columns]
    for c in table.columns:
        if pa.types.is_floating(c.type):  # finite: no inf from a runaway parse
            specs.append(_between(c.name, -MAX_MAGNITUDE, MAX_MAGNITUDE))
        elif pa.types.is_integer(c.type) and not c.name.endswith(_BOUNDED_INTS):
            # A number read from the text (a death toll) must fit the column, or the write would fail;
            # offsets, counts and sizes are bounded by the text and need no check.
            bits = c.type.bit_width - (1 if pa.types.is_signed_integer(c.type) else 0)
            low = -(2 ** bits) if pa.types.is_signed_integer(c.type) else 0
            specs.append(_between(c.name, low, 2 ** bits - 1))
    return specs


def table_specs(name: str) -> list[Spec]:
    """Every expectation of the table `name`."""
    table = TABLES[name]
    specs = _schema_specs(table)
    if name == "articles":
        specs += [
            _in_set("published_at_source", PUBLISHED_SOURCES),
            _between("text_length", 1),
            Spec("ExpectColumnValuesToMatchRegex", {"column": "content_hash", "regex": r"^[0-9a-f]{64}$"}),
            # duplicate_of is an article id, so it is bounded like one (ingest refuses longer or empty ids).
            Spec("ExpectColumnValueLengthsToBeBetween", {"column": "duplicate_of", "min_value": 1, "max_value": 512}),
            _a_at_least_b(LATEST_DATE, "published_date"),
        ]
    elif name == "figures":
        specs += _mention_specs() + [
            _in_set("qualifier", QUALIFIERS),
            _in_set("metric", METRICS),
            _a_at_least_b("high", "low"),
            _a_at_least_b("value", "low"),
            _a_at_least_b("high", "value"),
            _a_at_least_b("period_end", "period_start"),
        ]
    elif name == "dates":
        specs += _mention_specs() + [
            _in_set("timex_type", TIMEX_TYPES),
            _in_set("precision", PRECISIONS),
            _in_set("anchor", ANCHORS),
            Spec("ExpectColumnValuesToMatchRegex", {"column": "value", "regex": TIMEX_VALUE}),
            _a_at_least_b("range_end", "range_start"),
        ]
    elif name == "events":
        specs += _mention_specs() + [
            _in_set("event_type", EVENT_TYPES),
            _in_set("date_precision", PRECISIONS),
            _between("fatalities", 0),
            _a_at_least_b("fatalities_high", "fatalities_low"),
            _a_at_least_b("date_end", "date_start"),
            # Events are reported after they happen: allow a day for time zones.
            _a_at_least_b(LATEST_DATE, "date_start"),
        ]
    elif name == "rejected":
        specs += [_in_set("stage", STAGES), _between("raw_size", 0)]
    return specs


def suite_json(name: str) -> dict:
    """The suite of table `name` as Great Expectations would serialize it (for the docs and reports)."""
    from expectations.validate import build_suite

    return build_suite(name).to_json_dict()
