"""Money and percentages around a number: currency symbols, codes and names, per cent, cents."""
from __future__ import annotations

import re
from dataclasses import dataclass
from string import ascii_letters

from transforms import lexicon
from transforms.numerals import Numeral
from transforms.word_trie import fold_case, trie_pattern

CURRENCIES = {k.lower(): v for k, v in lexicon.table("figures_currencies.tsv").items()}
CURRENCIES["#"] = "GBP"  # older wire copy writes the pound sign as "#"; the lexicon format cannot hold it
ISO_CODES = frozenset(code.upper() for line in lexicon.words("figures_iso_codes.txt") for code in line.split())
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "m": 1e6}

_PREFIX_WORDS = ("rs", "rs.", "dlrs", "dlr")  # written before the amount: "Rs 500", "dlrs 50 million"
_SYMBOLS = sorted((k for k in CURRENCIES if not k[0].isalpha() or "$" in k or k in _PREFIX_WORDS),
                  key=len, reverse=True)
_NAMES = sorted((k for k in CURRENCIES if k[0].isalpha() and "$" not in k and k not in _PREFIX_WORDS),
                key=len, reverse=True)
# Prefix trees, not flat alternations: a number is tried against each code and name, and a tree tests a letter
# once. Codes all have three letters and names are literals, so the tree matches what the flat lists matched.
_CODES = trie_pattern(ISO_CODES, any_case=True)
# A currency written as letters right before a number is the whole word there (the patterns want no letter
# before it): a word outside this set rules the prefix out before the pattern is tried.
_LETTER_PREFIXES = frozenset({c.lower() for c in ISO_CODES} | {"m" + c.lower() for c in ISO_CODES}
                             | {s for s in _SYMBOLS if s.isalpha()})
_LONGEST_LETTER_PREFIX = max(map(len, _LETTER_PREFIXES))
_SYMBOL_ENDS = frozenset(s[-1] for s in _SYMBOLS if not s[-1].isalpha())  # "$", "£", "#", "." of "rs."


# The symbols as a tree too, its letters as classes of their cases (word_trie): the regex engine passes a branch
# whose first character is no match with one test, where under IGNORECASE it enters each of them; a space in a
# symbol may be left out or be a tab ("US $", "US$").
_PREFIX = re.compile(
    r"(?:(?<![A-Za-z])(?P<sym>" + trie_pattern(_SYMBOLS, space=r"[ \t]?", any_case=True) + r")"
    r"|(?<![A-Za-z])(?P<mcode>M(?:" + _CODES + r"))"
    r"|(?<![A-Za-z])(?P<code>" + _CODES + r"))[ \t]?\Z",
    re.I,
)
_NAME_RE = trie_pattern(_NAMES, space=r"[ \t]+", any_case=True)
_SUFFIX = re.compile(
    r"(?P<attached>[%元₡₿€£¥])"
    r"|(?P<code>[ \t]?(?:M(?P<mcode>" + _CODES + r")|" + _CODES + r"))(?![A-Za-z])(?P<scale>[ \t]+(?:thousand|million|billion|trillion)\b)?"
    r"|[ \t]+(?P<sym2>₡|元)"
    r"|[ \t]*(?P<pct>%|per[ \t]?cent\b|percent(?:s|age[ \t]+points?|age)?\b|pct\b|(?-i:pc)\b)"  # "2.5pc" (British)
    r"|[ \t]+(?P<cents>cents?|pence)\b"
    r"|(?:[ \t]+|-)(?P<name>" + _NAME_RE + r")(?:e?s)?\b",
    re.I,
)
_CENTS_AFTER = re.compile(r"[ \t]+(?:and[ \t]+)?(?P<num>\d{1,2}(?!\d|[.,]\d)|[a-z]+(?:[- ][a-z]+)?)(?:[ \t]+cents?\b)?", re.I)


# Not frozen: one is built for every number of every article, and a frozen dataclass costs several times as
# much to build. Nothing changes it after it is built.
@dataclass(slots=True)
class Amount:
    """A numeral with its money or percent unit; the span includes symbols and codes, not unit words."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit: str | None


def measure(text: str, n: Numeral) -> Amount:
    """The numeral `n` read together with a currency or percent written around it."""
    start, end = n.start, n.end
    value, low, high = n.value, n.low, n.high
    unit = None
    factor = 1.0
    pre = _PREFIX.search(text, start - 8 if start > 8 else 0, start) if _may_follow_currency(text, start) else None
    if pre and pre.group("sym") == "#" and not (n.scaled or "." in text[n.start:n.end]):
        pre = None  # "#3" is a number sign; "#54.8 million" is sterling in older wire copy
    if pre:
        if pre.group("sym"):
            sym = pre.group("sym").lower()
            unit = (CURRENCIES.get(sym.replace("\t", " "))
                    or CURRENCIES.get(sym.replace(" ", "").replace("\t", ""), "USD"))
        elif pre.group("mcode"):
            unit, factor = pre.group("mcode")[1:].upper(), 1e6
        else:
            unit = pre.group("code").upper()
        start = pre.start()
    post = _SUFFIX.match(text, end)
    if post:
        if post.group("attached"):
            sym = post.group("attached")
            unit = "percent" if sym == "%" else CURRENCIES.get(sym, unit)
            end = post.end()
        elif post.group("code") and unit is None:
            code = post.group("code").strip().upper()
            if post.group("mcode"):
                unit, factor = post.group("mcode").upper(), 1e6
                end = post.end("code")
            else:
                unit = CURRENCIES.get(code.lower(), code)
                if not post.group("code")[0].isspace():
                    end = post.end("code")
            if post.group("scale"):
                factor *= _SCALES[fold_case(post.group("scale").strip())]
                end = post.end()
            else:
                cents = _cents(text, post.end())
                if cents is not None and value is not None:
                    value += cents[0]
                    low = high = value
                    end = cents[1]
        elif post.group("sym2") and unit is None:
            unit = CURRENCIES[post.group("sym2")]
            end = post.end()
        elif post.group("pct") and unit is None:
            unit = "percent"
            if post.group("pct") == "%":
                end = post.end()
        elif post.group("cents") and unit is None:
            unit = "GBP" if post.group("cents").lower() == "pence" else "USD"
            factor = 0.01
        elif post.group("name") and unit is None:
            name = re.sub(r"\s+", " ", post.group("name").lower())
            unit = CURRENCIES.get(name)
            cents = _cents(text, post.end())
            if cents is not None and value is not None:
                value += cents[0]
                low = high = value
                end = cents[1]
    if factor != 1.0:
        value = None if value is None else value * factor
        low = None if low is None else low * factor
        high = None if high is None else high * factor
    return Amount(start, end, value, low, high, unit)


def _may_follow_currency(text: str, start: int) -> bool:
    """False when no currency symbol or code can end right before `start`: a quick test before _PREFIX."""
    lo = start - _LONGEST_LETTER_PREFIX - 2
    tail = text[lo if lo > 0 else 0:start]
    if tail[-1:] in (" ", "\t"):
        tail = tail[:-1]  # _PREFIX allows one space or tab before the number
    last = tail[-1:]
    if not (last.isascii() and last.isalpha()):
        # No ASCII letter: only the last character of a symbol ("$", "£", "rs.") ends a currency here, or a letter
        # that re.I folds onto one of a code ("ſ", "K"): those are left to the pattern.
        return last in _SYMBOL_ENDS or last.isalpha()
    word = tail[len(tail.rstrip(ascii_letters)):]
    if len(word) > _LONGEST_LETTER_PREFIX:
        return False
    before = tail[-len(word) - 1:-len(word)]
    if before and not before.isascii():
        return True  # under re.I a few other letters ("ſ", "K") count as A-Z: left to the pattern
    return word.lower() in _LETTER_PREFIXES


def _cents(text: str, pos: int) -> tuple[float, int] | None:
    """The cents written after a currency name: "13 dollars 45", "15 dollars and 50 cents"."""
    from transforms.numerals import parse_number

    m = _CENTS_AFTER.match(text, pos)
    if m is None:
        return None
    amount = parse_number(m.group("num").replace(" ", "-"))
    if amount is None or not (0 < amount < 100) or amount != int(amount):
        return None
    tail = re.match(r"[ \t]+([A-Za-z]+)", text[m.end():m.end() + 20])
    if not m.group().rstrip().lower().endswith(("cent", "cents")) and tail:
        word = tail.group(1).lower()
        if word.endswith("s") and len(word) > 3 or word in CURRENCIES:
            return None  # "15 dollars and 50 people": the second number counts something else
    return amount / 100, m.end()
