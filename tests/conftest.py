"""Shared helpers for the test suite."""
from __future__ import annotations

import json
from pathlib import Path

CASES_DIR = Path(__file__).parent / "cases"


def load_cases(name: str) -> list[dict]:
    """The table-driven cases of tests/cases/<name>, one JSON object a line."""
    with open(CASES_DIR / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip() and not line.startswith("//")]
