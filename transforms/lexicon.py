"""Loading of the word lists and tables kept as data files in transforms/lexicon/."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parent / "lexicon"


@cache
def words(name: str) -> frozenset[str]:
    """The lower-cased entries of a one-word-a-line list (`#` starts a comment)."""
    return frozenset(line.lower() for line in _lines(name))


@cache
def table(name: str) -> dict[str, str]:
    """A two-column tab-separated table as a dict from the first column to the second."""
    out: dict[str, str] = {}
    for line in _lines(name):
        key, _, value = line.partition("\t")
        out[key.strip().lower()] = value.strip()
    return out


@cache
def data(name: str):
    """A JSON data file, parsed."""
    return json.loads((LEXICON_DIR / name).read_text(encoding="utf-8"))


def _lines(name: str) -> list[str]:
    text = (LEXICON_DIR / name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]
