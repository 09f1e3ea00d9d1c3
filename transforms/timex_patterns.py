"""Temporal-expression rules compiled from lexicon/dates/rules.txt and its word lists."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from transforms import lexicon

RULES_FILE = "dates/rules.txt"
FLAGS = re.IGNORECASE

_MACRO = re.compile(r"(?<!\?P)<(\w+)>")
_PIECE = re.compile(r"\{(~?)([A-Za-z_]\w*)(?::(\w+))?\}")
_GROUP = re.compile(r"\(\?P<(\w+)>")
_EXAMPLE = re.compile(r"^(?P<text>.*?)\s*=>\s*(?P<type>DATE|TIME|DURATION|SET)\s+(?P<value>\S+)\s*$")


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence a rule must recognize, with the extent and the value expected."""

    text: str
    start: int
    end: int
    timex_type: str
    value: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One recognition rule: its compiled pattern, the resolver kind and its examples."""

    name: str
    resolve: str
    regex: re.Pattern
    examples: tuple[Example, ...]


def normalize(word: str) -> str:
    """The lookup key of a word-list entry or of matched text: lower case, single spaces, no final period."""
    return " ".join(word.lower().replace("-", " ").split()).rstrip(".")


@cache
def word_table(name: str) -> dict[str, str]:
    """The entries of word list dates/<name> keyed by normalize(); a plain list maps to empty strings."""
    try:
        raw = lexicon.table(f"dates/{name}.tsv")
    except FileNotFoundError:
        raw = {word: "" for word in lexicon.words(f"dates/{name}.txt")}
    return {normalize(key): value for key, value in raw.items()}


def _raw_entries(name: str) -> list[str]:
    try:
        return list(lexicon.table(f"dates/{name}.tsv"))
    except FileNotFoundError:
        return list(lexicon.words(f"dates/{name}.txt"))


def _entry_regex(entry: str, case_sensitive: frozenset[str]) -> str:
    abbreviation = entry.endswith(".")
    word = entry.rstrip(".")
    parts = re.split(r"([ -])", word)
    rx = "".join(r"\s+" if p == " " else r"[-\s]?" if p == "-" else re.escape(p) for p in parts)
    if normalize(word) in case_sensitive:
        rx = f"(?-i:{word[0].upper()}){rx[1:]}"
    if abbreviation:
        rx += r"\.?"
    return rx


def _piece_regex(name: str) -> str:
    case_sensitive = lexicon.words("dates/case_sensitive.txt")
    entries = sorted(_raw_entries(name), key=lambda e: (-len(e), e))
    return "|".join(_entry_regex(e, case_sensitive) for e in entries)


def _spaces(pattern: str) -> str:
    """A literal space outside a character class stands for a run of white space (" ?" for an optional one)."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            out.append(r"\s" if ch == " " else ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif ch == " " and pattern[i + 1:i + 2] == "?":
            out.append(r"\s*")
            i += 1
        else:
            out.append(r"\s+" if ch == " " else ch)
        i += 1
    return "".join(out)


def _expand(pattern: str, macros: dict[str, str]) -> str:
    for _ in range(10):
        expanded = _MACRO.sub(lambda m: macros[m.group(1)], pattern)
        if expanded == pattern:
            break
        pattern = expanded

    def piece(m: re.Match) -> str:
        bare, name, group = m.group(1), m.group(2), m.group(3) or m.group(2)
        body = _piece_regex(name)
        return f"(?:{body})" if bare else f"(?P<{group}>{body})"

    return _PIECE.sub(piece, pattern)


def _dedupe_groups(pattern: str) -> str:
    """Rename a repeated group name to name_2, name_3 ... so that one rule can use a list twice."""
    seen: dict[str, int] = {}

    def rename(m: re.Match) -> str:
        name = m.group(1)
        seen[name] = seen.get(name, 0) + 1
        return m.group(0) if seen[name] == 1 else f"(?P<{name}_{seen[name]}>"

    return _GROUP.sub(rename, pattern)


def _parse_example(line: str) -> Example:
    m = _EXAMPLE.match(line)
    if m is None:
        raise ValueError(f"{RULES_FILE}: malformed example {line!r}")
    text = m.group("text")
    if "[" in text:
        start = text.index("[")
        end = text.index("]") - 1
        text = text.replace("[", "", 1).replace("]", "", 1)
    else:
        start, end = 0, len(text)
    return Example(text, start, end, m.group("type"), m.group("value"))


def _boundaries(body: str) -> str:
    return rf"(?<![\w$£€#]){body}(?!\w)"


@cache
def rules() -> tuple[Rule, ...]:
    """The rules of lexicon/dates/rules.txt, compiled, in priority order."""
    macros: dict[str, str] = {}
    specs: list[dict] = []
    for raw in (lexicon.LEXICON_DIR / RULES_FILE).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("define "):
            name, _, body = line[len("define "):].partition("=")
            macros[name.strip()] = body.strip()
            continue
        key, _, rest = line.partition(":")
        rest = rest.strip()
        if key == "rule":
            specs.append({"name": rest, "examples": []})
        elif key in ("resolve", "pattern"):
            specs[-1][key] = rest
        elif key == "example":
            specs[-1]["examples"].append(_parse_example(rest))
        else:
            raise ValueError(f"{RULES_FILE}: unknown line {raw!r}")
    out = []
    for spec in specs:
        body = _dedupe_groups(_spaces(_expand(spec["pattern"], macros)))
        out.append(Rule(spec["name"], spec["resolve"], re.compile(_boundaries(body), FLAGS),
                        tuple(spec["examples"])))
    return tuple(out)


@cache
def union() -> re.Pattern:
    """One alternation of every rule (group r<i> for rule i), for a single scan of the text."""
    alternatives = []
    for i, rule in enumerate(rules()):
        body = _GROUP.sub("(?:", rule.regex.pattern)
        alternatives.append(f"(?P<r{i}>{body})")
    return re.compile("|".join(alternatives), FLAGS)
