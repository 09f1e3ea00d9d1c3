"""Temporal-expression rules compiled from lexicon/dates/rules.txt and its word lists."""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from transforms import lexicon
from transforms.word_scan import WordStarts
from transforms.word_trie import fold_case

# The regex parser, looked up by name: mypy, and so the mypyc build, has no stubs for re._constants and re._parser,
# and sre_constants and sre_parse, which it has, warn on import that they are deprecated.
sre_constants = importlib.import_module("re._constants")
sre_parse = importlib.import_module("re._parser")

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


@lru_cache(maxsize=4096)
def normalize(word: str) -> str:
    """The lookup key of a word-list entry or of matched text: lower case, single spaces, no final period."""
    return " ".join(fold_case(word).replace("-", " ").split()).rstrip(".")


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


def _entry_atoms(entry: str, case_sensitive: frozenset[str]) -> tuple[str, ...]:
    """The regex atoms of one word-list entry: one per character, with white space, hyphens, a
    capital-only first letter and an optional final period as their own atoms."""
    abbreviation = entry.endswith(".")
    word = entry.rstrip(".")
    atoms = [r"\s+" if ch == " " else r"[-\s]?" if ch == "-" else re.escape(ch) for ch in word]
    if normalize(word) in case_sensitive:
        atoms[0] = f"(?-i:{word[0].upper()})"
    if abbreviation:
        atoms.append(r"\.?")
    return tuple(atoms)


def _piece_regex(name: str) -> str:
    """The entries of a word list as one regex, shaped as a trie (much faster to match than a
    flat alternation); at each branch the longer entries are tried first."""
    case_sensitive = lexicon.words("dates/case_sensitive.txt")
    root: dict = {}
    for entry in _raw_entries(name):
        node = root
        for atom in _entry_atoms(entry, case_sensitive):
            node = node.setdefault(atom, {})
        node[""] = {}
    return _atoms_regex(root)


def _depth(node: dict) -> int:
    return max((1 + _depth(child) for key, child in node.items() if key), default=0)


def _atoms_regex(node: dict) -> str:
    children = sorted((k for k in node if k), key=lambda k: (-_depth(node[k]), k))
    branches = [atom + _atoms_regex(node[atom]) for atom in children]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


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


# Where a rule may begin: not inside a word, an amount or a tag.
_WORD_START = r"(?<![\w$£€#])"


def _boundaries(body: str) -> str:
    return rf"{_WORD_START}{body}(?!\w)"


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


@dataclass(frozen=True, slots=True)
class Dispatch:
    """Which rules can start with a token (`single`) or with a pair of tokens (`pair`), by rule index."""

    single: dict[str, tuple[int, ...]]
    pair: dict[str, tuple[int, ...]]


@cache
def dispatch() -> Dispatch:
    """The rules indexed by the key of their first token, or of their first two tokens."""
    single: dict[str, set[int]] = {}
    pair: dict[str, set[int]] = {}
    for i, rule in enumerate(rules()):
        for key in first_keys(rule.regex.pattern):
            (pair if " " in key else single).setdefault(key, set()).add(i)
    return Dispatch({k: tuple(sorted(v)) for k, v in single.items()},
                    {k: tuple(sorted(v)) for k, v in pair.items()})


@cache
def lowered_rules() -> tuple[re.Pattern, ...]:
    """Every rule for lower-cased text, compiled once: it matches case-sensitively and costs much less
    (see lower_pattern())."""
    return tuple(re.compile(lower_pattern(rule.regex.pattern)) for rule in rules())


def first_rule_match(lowered: str, start: int, end: int, indices: tuple[int, ...]) -> tuple[int, re.Match[str]] | None:
    """The first of the rules `indices` (by priority) that matches the lower-cased text at `start` (before `end`):
    its index and its match.

    One pattern tries them all: each call of a regex costs about as much as a failed try of a rule, and most tries
    fail (a number is tried against fifteen rules). The rule found is then matched alone, for its groups."""
    if not indices:
        return None
    if len(indices) == 1:
        m = lowered_rules()[indices[0]].match(lowered, start, end)
        return (indices[0], m) if m is not None else None
    first = rule_sets()[indices].match(lowered, start, end)
    if first is None:
        return None
    name = first.lastgroup
    assert name is not None  # the group "rule<k>" holds the whole match, so it is the one closed last
    index = indices[int(name[len("rule"):])]
    m = lowered_rules()[index].match(lowered, start, end)
    assert m is not None  # the rule alone matches where its alternative did
    return index, m


@cache
def rule_sets() -> dict[tuple[int, ...], re.Pattern]:
    """For each set of several rules that rules_at() can give, one pattern for lower-cased text whose k-th
    alternative, the group "rule<k>", is the k-th rule of the set. All are built at once, with the rules: built as
    they are first asked for, they would cost more than the tries they save in a run of a thousand articles."""
    index = dispatch()
    sets = {_rules_for(key, None) for key in index.single} | {_rules_for(*key.split(" ", 1)) for key in index.pair}
    patterns = lowered_rules()
    # The rules' own groups are dropped (rules share group names); the match of the rule alone has them. Every rule
    # begins with the test of a word start (_boundaries): made once, before the alternatives, not once in each.
    bodies = [_GROUP.sub("(?:", p.pattern.removeprefix(_WORD_START)) for p in patterns]
    return {indices: re.compile(_WORD_START + "(?:" + "|".join(f"(?P<rule{k}>{bodies[i]})"
                                                               for k, i in enumerate(indices)) + ")")
            for indices in sets if len(indices) > 1}


def lower_pattern(pattern: str) -> str:
    """A case-insensitive pattern turned into one for lower-cased text.

    Literal letters are lower-cased; a word that only counts when capitalized, "(?-i:M)ay", becomes
    plain "may", so a match over lower-cased text must be checked for such words (CASE_SENSITIVE_WORD).
    """
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("(?-i:", i):
            close = pattern.index(")", i)
            out.append(pattern[i + 5:close].lower())
            i = close + 1
        elif pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):
            close = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i:close + 1])
            i = close + 1
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


@cache
def has_capital_only_words(index: int) -> bool:
    """Whether rule `index` can match a word that counts only when capitalized ("May", "Sun")."""
    return "(?-i:" in rules()[index].regex.pattern


def case_sensitive_word() -> re.Pattern:
    """The words that only count when capitalized, as found in lower-cased text."""
    return _CASE_SENSITIVE_WORD


_CASE_SENSITIVE_WORD = re.compile(r"\b(?:" + "|".join(sorted(lexicon.words("dates/case_sensitive.txt"), key=len, reverse=True)) + r")\b")


NEXT_TOKEN = re.compile(r"[\s-]+([^\W\d_]+|\d+|[^\w\s])")
_SEPARATOR = re.compile(r"[\s-]+")
_DIGITS = re.compile(r"\d+")


def _number_start() -> str:
    """Where a number may begin an expression: a year, a numeric date, the end of a year range ("2009-10"),
    or a number (with a clock time, decimal or fraction) before a unit, a month, a time zone or a word of
    number_followers.txt."""
    words = {normalize(w) for name in ("units", "month", "timezones", "number_followers") for w in _raw_entries(name)}
    followers = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    # The first digit comes first, so that the scan passes a word with one test of its first character.
    return (rf"\d(?<![\w$£€#.,]\d)(?:\d{{3}}|(?<=\d[-–]\d)\d(?!\d)|\d*(?=/\d|(?:[.:]\d+)?(?:\s[1-9]/[1-9])?"
            rf"(?:[\s-]*(?:{followers})(?![^\W\d_])|'s\b)))")


@cache
def candidates(flags: int = 0) -> WordStarts:
    """Where a rule may start: a trie of the dispatch keys at the start of a word, and digits; for a scan of the
    lower-cased text (no flags) or, ignoring case, of the text itself.

    A key of two tokens ("the last") is only found with its second token, so the many words that
    begin an expression only in company ("the", "its") cost nothing elsewhere. Keys that begin with no
    letter ("'80s") may start anywhere.
    """
    index = dispatch()
    keys = [k for k in list(index.single) + list(index.pair) if k[0].isalpha()]
    others: dict[str, list[str]] = {}  # by first character, each a scan of its own (see word_scan)
    for k in list(index.single) + list(index.pair):
        if not k[0].isalpha() and k[0] != "0":
            others.setdefault(k[0], []).append(k)
    # The number start is one more branch of the trie's first level rather than an alternative to the whole trie:
    # the regex engine tries it without entering one more group at every word (a sixteenth less for the scan).
    return WordStarts(_trie(keys, _number_start()), r"\w", tuple(_trie(ks) for _, ks in sorted(others.items())),
                      flags)


def _trie(keys: list[str], also: str | None = None) -> str:
    """The keys as one pattern shaped as a prefix tree; `also`, a pattern, is one more branch of its first level."""
    root: dict = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(root, also=also)


def _trie_regex(node: dict, after_letter: bool = False, also: str | None = None) -> str:
    # A key ends where its word ends: no letter may follow a final letter (a digit may: "Q3", "FY2014").
    branches = [r"(?![^\W\d_])" if after_letter else ""] if "" in node else []
    for ch in sorted(k for k in node if k):
        atom = r"[\s-]+" if ch == " " else r"\d" if ch == "0" else re.escape(ch)
        branches.append(atom + _trie_regex(node[ch], ch.isalpha()))
    if also is not None:
        branches.append(also)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def token_key(token: str) -> str:
    """The dispatch key of one token: lower case, "0" for a run of digits."""
    return token.lower() if token.isalpha() else _DIGITS.sub("0", token.lower())


def rules_at(text: str, start: int, found: str) -> tuple[int, ...]:
    """The indices of the rules that can match at `start`, where the candidate scan `found` a key."""
    tokens = _tokens(found)
    if len(tokens) > 1:
        return _rules_for(tokens[0], tokens[1])
    if not _begins_pairs(tokens[0]):
        return _rules_for(tokens[0], None)  # no rule begins with this token and a given next one: no need to find it
    follow = NEXT_TOKEN.match(text, start + len(tokens[0]))
    return _rules_for(tokens[0], follow.group(1) if follow is not None else None)


@lru_cache(maxsize=8192)
def _begins_pairs(first: str) -> bool:
    """Whether some rule is indexed by the token `first` and the token after it ("last week")."""
    return token_key(first) in _pair_firsts()


@cache
def _pair_firsts() -> frozenset[str]:
    return frozenset(key.split(" ", 1)[0] for key in dispatch().pair)


@lru_cache(maxsize=8192)
def _tokens(found: str) -> tuple[str, ...]:
    """The one or two tokens of a key the scan found (a few keys are found again and again: split once each)."""
    return tuple(_SEPARATOR.split(found, 1))


@lru_cache(maxsize=8192)
def _rules_for(first: str, second: str | None) -> tuple[int, ...]:
    """The indices of the rules that can start with the token `first`, or with it and then `second`
    (a handful of words begin most expressions: looked up once each)."""
    index = dispatch()
    key = token_key(first)
    single = index.single.get(key, ())
    if second is None:
        return single
    pair = index.pair.get(key + " " + token_key(second))
    if not pair:
        return single
    return tuple(sorted(set(single) | set(pair))) if single else pair


class _Unbounded(Exception):
    """The first token of a pattern cannot be enumerated (it may start with any word)."""


def first_keys(pattern: str) -> frozenset[str]:
    """The keys of the first token, or first two tokens, that a text matched by `pattern` begins with."""
    out: set[str] = set()
    try:
        _walk(list(sre_parse.parse(pattern, FLAGS)), ("", None), out)
    except _Unbounded:
        raise ValueError(f"a rule may start with any word, which the dispatch cannot index: {pattern[:80]}")
    return frozenset(out)


# The walk state is (first, second): the letters of the first token so far, and None while
# still in it; then "" in the white space after it, and the letters of the second token.


def _walk(items: list, state: tuple[str, str | None], out: set[str]) -> None:
    if not items:
        first, second = state
        if not first:
            raise _Unbounded
        out.add(f"{first} {second}" if second else first)
        return
    op, av = items[0]
    rest = items[1:]
    if op is sre_constants.LITERAL:
        _char(chr(av), rest, state, out)
    elif op is sre_constants.IN:
        for ch in _charset(av):
            _char(ch, rest, state, out)
    elif op is sre_constants.BRANCH:
        for alternative in av[1]:
            _walk(list(alternative) + rest, state, out)
    elif op is sre_constants.SUBPATTERN:
        _walk(list(av[3]) + rest, state, out)
    elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
        low, high, sub = av
        if low == 0:
            _walk(rest, state, out)
        if high == 0:
            return
        # Two more rounds are enough to reach the end of a second token; an unbounded repeat of
        # white space would otherwise never end.
        more = min(high - 1, 2) if high != sre_constants.MAXREPEAT else 2
        again = [(op, (0, more, sub))] if more else []
        _walk(list(sub) + again + rest, state, out)
    elif op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        _walk(rest, state, out)
    else:
        raise _Unbounded


def _char(ch: str, rest: list, state: tuple[str, str | None], out: set[str]) -> None:
    first, second = state
    if len(first) + len(second or "") > 40:
        raise _Unbounded
    separator = ch.isspace() or ch == "-"
    if second is None:  # in the first token
        if ch.isalpha():
            _walk(rest, (first + ch.lower(), None), out)
        elif ch.isdigit() and first and not first[-1].isalpha():
            out.add(first + "0")  # "'80s"
        elif ch.isdigit() and not first:
            out.add("0")
        elif not first:
            _walk(rest, (ch, None), out)
        elif separator and first[-1].isalpha():
            _walk(rest, (first, ""), out)
        else:
            out.add(first)
    elif second == "":  # between the tokens
        if separator:
            _walk(rest, state, out)
        elif ch.isalpha():
            _walk(rest, (first, ch.lower()), out)
        else:
            out.add(f"{first} {'0' if ch.isdigit() else ch}")
    elif ch.isalpha():
        _walk(rest, (first, second + ch.lower()), out)
    else:
        out.add(f"{first} {second}")


def _charset(items: list) -> set[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is sre_constants.LITERAL:
            chars.add(chr(av))
        elif op is sre_constants.RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is sre_constants.CATEGORY and av is sre_constants.CATEGORY_DIGIT:
            chars.add("0")
        elif op is sre_constants.CATEGORY and av is sre_constants.CATEGORY_SPACE:
            chars.add(" ")
        else:
            raise _Unbounded
    return {"0" if c.isdigit() else c for c in chars}
