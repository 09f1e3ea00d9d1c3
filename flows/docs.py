"""Write docs/tables.md from the table schemas and suites, so the docs never drift from the code."""
from __future__ import annotations

import sys
from pathlib import Path

from expectations.schema import TABLES
from expectations.suites import table_specs

DOCS = Path(__file__).resolve().parent.parent / "docs" / "tables.md"


def tables_markdown() -> str:
    """The reference of every output table: columns, Arrow types, descriptions and expectations."""
    out = ["# Output tables", "",
           "Generated from `expectations/schema.py` and `expectations/suites.py` by `python -m flows.docs`;",
           "do not edit by hand. Every table is a Parquet dataset under the output folder (`DIR/<table>/*.parquet`).", ""]
    for table in TABLES.values():
        out += [f"## `{table.name}`", "", table.description, "", f"Key: `{table.key}`.", "",
                "| column | Arrow type | null | description |", "|---|---|---|---|"]
        out += [f"| `{c.name}` | `{c.type}` | {'yes' if c.nullable else 'no'} | {c.description} |" for c in table.columns]
        out += ["", "Expectations checked on every batch (rows that fail go to `rejected`):", ""]
        out += [f"- `{spec.label()}`" + (f" {_kwargs(spec.kwargs)}" if _kwargs(spec.kwargs) else "")
                for spec in table_specs(table.name)]
        out.append("")
    return "\n".join(out)


def _kwargs(kwargs: dict) -> str:
    shown = {k: v for k, v in kwargs.items() if k not in ("column", "column_A", "column_B") and v is not None}
    if "value_set" in shown:
        shown["value_set"] = ", ".join(shown["value_set"])
    if "column_set" in shown:
        return ""
    return "; ".join(f"{k}: {v}" for k, v in shown.items())


if __name__ == "__main__":
    DOCS.write_text(tables_markdown(), encoding="utf-8")
    print(f"wrote {DOCS}", file=sys.stderr)
