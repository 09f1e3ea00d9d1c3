"""Numbers in text: digits, number words, fractions and vague magnitudes, with their values."""
from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

from transforms import lexicon
from transforms.word_lists import WordList
from transforms.word_scan import WordStarts


# Not frozen: one is built for every number of every article (see amounts.Amount for why). Nothing changes it
# after it is built.
@dataclass(slots=True)
class Numeral:
    """A number as written (offsets end exclusive); `low`/`high` bound a vague magnitude."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    kind: str  # cardinal | fraction | vague | ordinal
    approx: bool = False  # "a dozen", "two dozen": counted loosely
    words: bool = False  # written (at least partly) in words
    scaled: bool = False  # carries a scale word or suffix ("million", "bn", "k")


# Not frozen: tokens are built by the dozen for every article (see amounts.Amount for why).
@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    kind: str
    value: float
    text: str
    hyphen: bool = False  # joined to the previous token by a hyphen


def _load_words() -> dict[str, tuple[str, float]]:
    out = {}
    for word, spec in lexicon.table("numbers_words.tsv").items():
        kind, value = spec.split()
        out[word] = (kind, float(value))
    return out


def _load_vague() -> list[tuple[str, float, float, list[str]]]:
    out = []
    for phrase, spec in lexicon.table("numbers_vague.tsv").items():
        bounds, _, followers = spec.partition("\t")
        low, high = bounds.split()
        out.append((phrase, float(low), float(high), followers.split("|") if followers else []))
    return out


WORDS = _load_words()
DIGIT_SCALES = {k: float(v) for k, v in lexicon.data("numbers_digit_scales.json").items() if k[0] != "_"}
# (phrase, low, high, the words it must come before, if any)
VAGUE = _load_vague()

_FRACTION_KINDS = frozenset({"ord", "ordc", "half", "quarter"})
_CONNECTORS = frozenset({"and", "a", "point", "ratio", "minus"})
_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"

_NUMBER_BODY = r"""
    (?:\d{1,3}(?:,\d{3})+                                   # 1,234,567
      |\d{1,3}(?:[\u202f\u2009\u00a0]\d{3})+                # 1 234 567 with thin spaces
      |\d{1,3}(?:,[ ]\d{3})+(?=[ ]?(?:trillion|billion|million|thousand|bn|mn)\b)  # a broken "9, 357 billion"
      |\d+)(?:\.\d+)?
    |\.\d+
"""
_DIGIT_RE = re.compile(
    rf"""
    (?P<mixed>(?P<whole>\d+)[ \t]+(?P<mn>\d+)/(?P<md>\d+)(?![\d/]))
    |(?P<frac>(?P<fn>\d+)/(?P<fd>\d+)(?![\d/]))
    |(?P<num>{_NUMBER_BODY})
     (?:(?P<exp>[eE][-+]?\d+)|\^(?P<pow>[-+]?\d+)|[ ]?[x×][ ]?10\^(?P<sci>[-+]?\d+))?
     (?P<vulgar>[{_VULGAR}])?
     (?:(?P<suffix>mln|mn|bln|bn|trn|tn|k|K|m|M|b|B|T)|[ ](?P<spaced>bn|mn|mln|bln|tn|M))?
    """,
    re.X,
)
_COUNT_AFTER = re.compile(r"[ \t]+(?:[a-z]+[ \t]+)?(?:[a-z]{2,}s|people|children|men|women)\b")
# Words after "a third", "a quarter" that make it a fraction: "a quarter of the vote", "about a quarter will be
# financed by donors", "a third were children"; before any other word it is an ordinal ("a third attack").
_AFTER_A_FRACTION = frozenset({"of", "and", "or", "percent", "per", "is", "are", "was", "were", "will", "would",
                               "have", "has", "had", "can", "could", "may", "might", "must", "should"})
_FRACTION_DENOMINATORS = frozenset({2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16, 20, 25, 32, 50, 64, 100})
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_GAP_RE = re.compile(r"[ \t\u00a0]*(?:([-–])[ \t]*)?")
_WORD_RE = re.compile(r"[A-Za-z]+")
# The gap and the word after it (group 2, empty when none follows), in one match: _GAP_RE, then _WORD_RE.
_GAP_WORD_RE = re.compile(r"[ \t\u00a0]*(?:([-–])[ \t]*)?([A-Za-z]*)")
_OUT_OF_RE = re.compile(r"out[ \t]+of\b", re.I)
_CURRENCY_BEFORE = re.compile(r"(?:[$£€¥₹₿]|[A-Z]{3})[ ]?\Z")
_SCALED_MONEY_BEFORE = re.compile(r"[$£€¥₹][ ]?\d[\d.,]*[ ]?(?:bn|mn|m|billion|million)\b[^.;]*\Z")
_MEASURED_AFTER = re.compile(r"[ ]+(?:high|long|deep|wide|tall|away|above|below|in\s+(?:height|length|diameter))\b")
_GROUPING = re.compile(r"[,\s\u202f\u2009\u00a0]")  # what separates groups of digits: "1,234", "1 234"
# Digits (in groups of three after commas, with decimals: group "digits") that _DIGIT_RE reads as a plain number,
# known from what follows them: spaces and a scale word (group "scale": "3.5 million", which the token grammar reads
# as one number when no token follows); else, by a lookahead, a space and a word that is no scale ("bn", "mn", "tn",
# "M") and no "x 10^"; punctuation and a white space after which no digit, scale or "x" follows (not "9, 357
# billion", "1 234", "5 1/2", "5 × 10^3"); or a per cent sign. Then nothing after them can be an exponent, a
# fraction, a suffix or an ordinal ending. (Where a scale word follows, the lookahead holds too: the digits alone
# are a plain number when the scale may not be taken.)
_PLAIN_DIGITS = re.compile(r"(?P<digits>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
                           r"(?:[ \t]+(?P<scale>thousand|million|billion|trillion)(?![A-Za-z])"
                           r"|(?=[ \t]+(?!bn|mn|mln|bln|tn|M|x)[A-Za-z]|[.,;:!?)\]\"'”’]*(?:\s(?![ \t]*\d|[x×bmtM])|\Z)|%))")



def _cased(words) -> list[str]:
    return [v for w in words for v in {w, w.capitalize(), w.upper()}]


MULTIPLIERS = {"double": 2.0, "twice": 2.0, "triple": 3.0, "thrice": 3.0, "quadruple": 4.0}
_VAGUE_FIRST = {phrase.split()[0] for phrase, _, _, _ in VAGUE}
_SCAN_WORDS = [w for w, (k, _) in WORDS.items() if k not in ("a", "and", "point", "minus", "ordc")]
# Where a number may begin: a number word where a word starts (not after a letter), a digit or a vulgar fraction.
# The words begin with a lookahead for their first letters (most places fail it at once); the digits are one class,
# not "\d|[...]", so that the regex engine skips straight to the next one.
_ANCHOR_WORDS = _cased(_SCAN_WORDS + list(_VAGUE_FIRST) + list(MULTIPLIERS))
NUMBER_WORDS = WordList(_ANCHOR_WORDS, not_before="A-Za-z", not_after="A-Za-z")
_DIGIT_START = re.compile(r"[\d" + _VULGAR + r"]")
# The same in an ASCII text, where it is [0-9]: the regex engine tests such a class with a table look-up, where
# \d is a call into the Unicode database for every character it passes.
_ASCII_DIGIT = re.compile(r"[0-9]")
_ANCHORS = WordStarts(NUMBER_WORDS.pattern, "A-Za-z", _DIGIT_START.pattern)
_MAX_TOKENS = 24  # a run of number tokens is cut there
_CONTINUES = frozenset(w for w, (k, _) in WORDS.items() if k not in ("unit", "teen", "tens", "zero", "a")) | {
    "over", "in", "out"}
_LEAD_RE = re.compile(r"(?:(?<![A-Za-z])(?:half|minus|negative)[ \t]+)?(?<![A-Za-z])(?:an?[ \t]+)?\Z", re.I)
_MINUS_WORD = re.compile(r"(?<![A-Za-z])(?:minus|negative)[ \t]+\Z", re.I)
_MINUS_WORD_LAST = ("s", "S", "ſ", "e", "E")  # what its words end in under re.I: a quick test first
# The character before the last space or tab before a number where _MINUS_WORD may end: the last letter of its
# word, or more white space.
_MINUS_WORD_LAST_OR_GAP = frozenset(_MINUS_WORD_LAST + (" ", "\t"))
# The same for _LEAD_RE: "a", "an", "half", "minus", "negative" end in these letters under re.I.
_LEAD_LAST_OR_GAP = frozenset("aAnNfFsSſeE \t")
_MULTIPLIER_CONTEXT = re.compile(
    r"[ \t]+(?:the|that|those|this|these|its|their|his|her|what|as|in|from|to|last|a)\b|[ \t]*[.,;)]|$", re.I)
_VAGUE_RE = re.compile(
    r"(?:" + "|".join(
        phrase.replace(" ", r"[ \t]+")
        + ("" if phrase.endswith(" of")
           else rf"(?=[ \t]+(?:{'|'.join(followers)})\b)" if followers else r"(?:[ \t]+of\b)?")
        for phrase, _, _, followers in sorted(VAGUE, key=lambda row: len(row[0]), reverse=True)
    ) + r")(?![\w-])",
    re.I,
)
_VAGUE_BOUNDS = {phrase: (lo, hi) for phrase, lo, hi, _ in VAGUE}


def parse_number(text: str) -> float | None:
    """The value of `text` if the whole of it is one number ("thirteen", "1,500", "two-thirds"), else None."""
    stripped = text.strip()
    if not stripped:
        return None
    numerals = find_numerals(stripped)
    if len(numerals) == 1 and numerals[0].start == 0 and numerals[0].end == len(stripped):
        return numerals[0].value
    return None


def find_numerals(text: str, words: list[tuple[int, int]] | None = None) -> list[Numeral]:
    """Every number written in `text` (digits, words, fractions, vague magnitudes), sorted by start.

    `words` are the spans of NUMBER_WORDS in `text` when the caller found them already (in a scan for other words
    too): the text is then scanned for digits alone."""
    out: list[Numeral] = []
    covered = 0
    scan = _ANCHORS.scan(text) if words is None else _Anchors(text, words)
    end = 0  # of the last anchor
    while (anchor := scan.next(end if end > covered else covered)) is not None:
        at, end = anchor
        first = text[at]
        if first.isdigit():
            if at and text[at - 1] in "-−." and (at < 2 or not (text[at - 2].isalnum() or text[at - 2] in "-–.")):
                at -= 1  # "-4", ".23"
            elif at == 2 and text[0] in "-−" and text[1] == " ":
                at = 0  # "- 1 4/5" opening a text
            elif at and text[at - 1] in " \t" and text[at - 2:at - 1] in _MINUS_WORD_LAST_OR_GAP and (
                    minus := _MINUS_WORD.search(text, max(0, at - 10), at)):
                at = minus.start()
        elif first.isalpha():
            if at and text[at - 1].isalpha():
                continue
            word = text[at:end].lower()
            if word in _VAGUE_FIRST:
                vague = _VAGUE_RE.match(text, at)
                if vague and not (at and text[at - 1] == "-"):
                    out.append(_vague(vague))
                    covered = vague.end()
                    continue
            if word in MULTIPLIERS:
                if not (at and text[at - 1] == "-") and _MULTIPLIER_CONTEXT.match(text, end):
                    value = MULTIPLIERS[word]
                    out.append(Numeral(at, end, value, value, value, "multiplier", False, True))
                    covered = end
                continue
            # A lead ("a", "half", "minus") ends in a space, after one of its last letters or more white space.
            if text[at - 1:at] in (" ", "\t") and text[at - 2:at - 1] in _LEAD_LAST_OR_GAP:
                lead = _LEAD_RE.search(text, at - 16 if at > 16 else 0, at)
                if lead and lead.start() < at and lead.start() >= covered:
                    at = lead.start()
            if at == anchor[0]:
                single = _single_word(text, at, end, word)
                if single is not None:
                    out.append(single)
                    covered = end
                    continue
                if word == "quarter" and not _next_token_may_follow(text, end):
                    covered = end  # a lone "quarter" is a period or a district, no number (see _numeral)
                    continue
        if first.isdigit():
            plain = _plain_digits(text, at)
            if plain is not None:
                out.append(plain)
                covered = plain.end
                continue
        tokens = _tokens(text, at)
        if not tokens:
            covered = end
            continue
        out.extend(_segment(text, tokens))
        covered = tokens[-1].end
    return _fractions_of_scales(text, out) if any(n.kind == "fraction" for n in out) else out


_OF = re.compile(r"[ \t]+of[ \t]+")
_ONE_SCALE = frozenset({1e3, 1e6, 1e9, 1e12})


def _fractions_of_scales(text: str, numerals: list[Numeral]) -> list[Numeral]:
    """The numbers with "a quarter of a million", "three quarters of a billion" read as one number each."""
    out: list[Numeral] = []
    for n in numerals:
        fraction = out[-1] if out and out[-1].kind == "fraction" else None
        if (fraction is not None and n.value in _ONE_SCALE and text.startswith(("a ", "A ", "an "), n.start)
                and _OF.fullmatch(text, fraction.end, n.start)):
            assert fraction.value is not None  # a fraction is read with its value; only a vague magnitude has none
            value = fraction.value * n.value
            out[-1] = Numeral(fraction.start, n.end, value, value, value, "cardinal", fraction.approx, True, True)
        else:
            out.append(n)
    return out


class _Anchors:
    """Where a number may begin, as _ANCHORS.scan finds it: the next of the number words given and of the digits
    (or vulgar fractions), asked for from offsets that only move forward."""

    def __init__(self, text: str, words: list[tuple[int, int]]):
        self._text = text
        self._digits = _ASCII_DIGIT if text.isascii() else _DIGIT_START
        self._words = words
        self._starts = [start for start, _ in words]
        self._digit: tuple[int, int] | None = None  # the next digit found from `_digit_from` on
        self._digit_from = -1

    def next(self, pos: int) -> tuple[int, int] | None:
        i = bisect_left(self._starts, pos)
        found = self._words[i] if i < len(self._words) else None
        if self._digit_from < 0 or (self._digit is not None and self._digit[0] < pos):
            m = self._digits.search(self._text, pos)
            self._digit, self._digit_from = (m.span() if m else None), pos
        if self._digit is not None and (found is None or self._digit[0] < found[0]):
            found = self._digit
        return found


def _plain_digits(text: str, at: int) -> Numeral | None:
    """A number in digits, alone or with a scale word ("3.5 million"), that no other number word follows: the common
    case, read without the grammar."""
    m = _PLAIN_DIGITS.match(text, at)
    if m is not None:
        value = float(m.group("digits").replace(",", ""))
        if m.lastgroup == "scale" and value:  # "0 million" takes the grammar's way
            scaled = value * WORDS[m.group("scale")][1]
            if math.isfinite(scaled) and not _next_token_may_follow(text, m.end()):
                return Numeral(at, m.end(), scaled, scaled, scaled, "cardinal", False, True, True)
            # an overflow, or the number may go on ("3 million and a half", "3 million-4 million"): the digits alone
        if not math.isfinite(value):
            return None  # a run of 400 digits: as _digit_token reads it, an ordinal
        return _unless_continued(text, at, m.end("digits"), value, False)
    tok = _digit_token(text, at, False)
    if tok is None or tok.kind != "digit":
        return None
    return _unless_continued(text, tok.start, tok.end, tok.value, tok.text.endswith("\x00scaled"))


def _single_word(text: str, at: int, end: int, word: str) -> Numeral | None:
    """A number word below a hundred ("two", "twelve", "forty"), read as the token grammar reads it when no token
    follows it."""
    spec = WORDS.get(word)
    if spec is None or spec[0] not in ("unit", "teen", "tens"):
        return None
    if _next_token_may_follow(text, end):
        return None
    return Numeral(at, end, spec[1], spec[1], spec[1], "cardinal", False, True, False)


def _gap_at(text: str, at: int) -> re.Match[str]:
    """The spaces and hyphen at `at`, perhaps none: _GAP_RE matches at every offset."""
    gap = _GAP_RE.match(text, at)
    assert gap is not None
    return gap


def _next_token_may_follow(text: str, end: int) -> bool:
    """Whether _tokens would read another token after `end` (a digit, a number word, "and", "out of") that stays
    in the number: connectors ("and", "in", "over", "a") that no other token follows end the run and are dropped
    ("20 in the city", "3 million and counting")."""
    for _ in range(_MAX_TOKENS):
        gap = _gap_at(text, end)
        after = gap.end()
        if _digits_at(text, after):
            return True
        tok = _word_token(text, after, gap.group(1) is not None)
        if tok is None:
            return False
        if tok.kind not in _CONNECTORS:
            return True
        end = tok.end
    return True


def _digits_at(text: str, at: int) -> bool:
    """Whether a number in digits may begin at `at`: a digit, a vulgar fraction, or a point or minus sign before
    a digit ("-4", ".5", "-.5"); a full stop or a dash alone begins none."""
    first = text[at:at + 1]
    if first.isdigit() or (first and first in _VULGAR):
        return True
    return first in (".", "-", "−") and text[at + 1:at + 2] != "" and (text[at + 1].isdigit() or text[at + 1] == ".")


def _unless_continued(text: str, start: int, end: int, value: float, scaled: bool) -> Numeral | None:
    """The digits read as a number of their own, or None when a number word or more digits follow them."""
    gap = _GAP_WORD_RE.match(text, end)
    assert gap is not None  # the gap and the word may be empty: they are found everywhere
    if gap.group(1) is None:
        word = gap.group(2)
        if word:
            if word.lower() in _CONTINUES and _next_token_may_follow(text, end):
                return None
        elif gap.end() < len(text) and (text[gap.end()].isdigit() or text[gap.end()] in _VULGAR):
            return None
    return Numeral(start, end, value, value, value, "cardinal", False, False, scaled)


# ----------------------------------------------------------------------------- tokens

def _tokens(text: str, pos: int) -> list[_Tok]:
    tokens: list[_Tok] = []
    while len(tokens) < _MAX_TOKENS:
        if tokens:
            gap = _gap_at(text, pos)
            hyphen = gap.group(1) is not None
            at = gap.end()
        else:
            hyphen, at = False, pos
        tok = _digit_token(text, at, hyphen) if at < len(text) and (text[at].isdigit() or text[at] in ".-−" + _VULGAR) else None
        if tok is None:
            tok = _word_token(text, at, hyphen)
        if tok is None:
            break
        if hyphen and tokens and (tok.kind == "digit" or tokens[-1].kind == "digit"):
            break  # "16-45" is a range and "75-year" a compound, never one number
        tokens.append(tok)
        pos = tok.end
        if tok.kind == "ordinal":
            break
    while tokens and tokens[-1].kind in _CONNECTORS:
        tokens.pop()
    return tokens


def _digit_token(text: str, at: int, hyphen: bool) -> _Tok | None:
    try:
        tok = _read_digits(text, at, hyphen)
    except (OverflowError, ZeroDivisionError):  # "10^400", "1e999", "0^-3": a name or a joke, not a figure
        digits = at + len(text[at:at + 3]) - len(text[at:at + 3].lstrip("-− "))
        m = _DIGIT_RE.match(text, digits)
        return _Tok(at, m.end(), "ordinal", 0.0, text[at:m.end()]) if m else None
    if tok is not None and not math.isfinite(tok.value):  # a run of 400 digits: too large to be a figure
        return _Tok(tok.start, tok.end, "ordinal", 0.0, tok.text)
    return tok


def _read_digits(text: str, at: int, hyphen: bool) -> _Tok | None:
    sign = 1.0
    start = at
    if text[at] in "-−":
        if hyphen or (at > 0 and (text[at - 1].isalnum() or text[at - 1] in "-–")):
            return None
        at += 1
        if at < len(text) and text[at] == " " and start == 0:
            at += 1  # "- 1 4/5" at the very start of a text
        sign = -1.0
        if at >= len(text) or not (text[at].isdigit() or text[at] == "."):
            return None
    if text[at] in _VULGAR:
        return _Tok(start, at + 1, "digit", sign * unicodedata.numeric(text[at]), text[start:at + 1])
    m = _DIGIT_RE.match(text, at)
    if m is None:
        return None
    end = m.end()
    if m.group("mixed"):
        den = int(m.group("md"))
        if den == 0:
            return None
        value = int(m.group("whole")) + int(m.group("mn")) / den
    elif m.group("frac"):
        num, den = int(m.group("fn")), int(m.group("fd"))
        if not 0 < num < den or den not in _FRACTION_DENOMINATORS:
            return _Tok(start, end, "ordinal", 0.0, text[start:end])  # "9/11", "24/7": names, not fractions
        value = num / den
    else:
        body = m.group("num")
        value = float(body if body.isdigit() else _GROUPING.sub("", body))
        if m.group("exp"):
            value *= 10.0 ** int(m.group("exp")[1:])
        elif m.group("pow"):
            value = value ** int(m.group("pow"))
        elif m.group("sci"):
            value *= 10.0 ** int(m.group("sci"))
        if m.group("vulgar"):
            value += unicodedata.numeric(m.group("vulgar"))
        suffix = m.group("suffix") or m.group("spaced")
        if suffix and end < len(text) and text[end].isalnum():
            suffix = None  # "150km", "5 Mbps": a unit follows, not a scale
            end = m.start("suffix") if m.group("suffix") else m.start("spaced") - 1
        if suffix:
            if suffix in ("m", "b") and not _CURRENCY_BEFORE.search(text, max(0, start - 5), start) and not (
                    _COUNT_AFTER.match(text, end)) and not _money_told_before(text, start, end):
                end = m.start("suffix")  # "12m" without money or a count after it is 12 metres
            else:
                value *= DIGIT_SCALES[suffix]
                return _Tok(start, end, "digit", sign * value, text[start:end] + "\x00scaled")
        elif ordinal := _ORDINAL_SUFFIX.match(text, end):
            return _Tok(start, ordinal.end(), "ordinal", value, text[start:end])
    return _Tok(start, end, "digit", sign * value, text[start:end])


def _word_token(text: str, at: int, hyphen: bool) -> _Tok | None:
    m = _WORD_RE.match(text, at)
    if m is None:
        return None
    word = m.group().lower()
    if word == "out":
        of = _OUT_OF_RE.match(text, at)
        return _Tok(at, of.end(), "ratio", 0.0, "out of") if of else None
    if word in ("over", "in"):
        return _Tok(at, m.end(), "ratio", 0.0, word)
    spec = WORDS.get(word)
    if spec is None:
        return None
    return _Tok(at, m.end(), spec[0], spec[1], word, hyphen)


# ----------------------------------------------------------------------------- segmentation

def _segment(text: str, tokens: list[_Tok]) -> list[Numeral]:
    """Split a run of number tokens into numbers: fewest tokens left unparsed, then fewest numbers."""
    n = len(tokens)
    # The common case: the whole run is one number, and no split can do better (none left out, one number).
    if tokens[0].kind not in ("and", "ratio", "point"):
        value = _parse(tokens, text)
        if value is not None:
            numeral = _numeral(text, tokens, value)
            return [numeral] if numeral is not None else []
    best: list[tuple[int, int, list[tuple[int, int, float]]] | None] = [None] * (n + 1)
    best[0] = (0, 0, [])
    for i in range(n):
        split = best[i]
        if split is None:
            continue
        skipped, count, spans = split
        penalty = 0 if tokens[i].kind in _CONNECTORS else 1
        _keep(best, i + 1, (skipped + penalty, count, spans))
        if tokens[i].kind in ("and", "ratio", "point"):
            continue
        for j in range(i + 1, n + 1):
            if tokens[j - 1].kind in _CONNECTORS:
                continue
            value = _parse(tokens[i:j], text)
            if value is not None:
                _keep(best, j, (skipped, count + 1, spans + [(i, j, value)]))
    whole = best[n]
    assert whole is not None  # each split is carried one token further: every prefix has a best split
    out = []
    for i, j, value in whole[2]:
        numeral = _numeral(text, tokens[i:j], value)
        if numeral is not None:
            out.append(numeral)
    return out


def _keep(best, j, candidate) -> None:
    if best[j] is None or candidate[:2] < best[j][:2]:
        best[j] = candidate


def _numeral(text: str, toks: list[_Tok], value: float) -> Numeral | None:
    if not math.isfinite(value):
        return None  # scale words multiplied past the largest float
    kinds = {t.kind for t in toks}
    start, end = toks[0].start, toks[-1].end
    if "ordinal" in kinds:
        return Numeral(start, end, value, value, value, "ordinal")
    words = any(t.kind != "digit" for t in toks)
    fraction = bool(kinds & _FRACTION_KINDS)
    if fraction and len(toks) <= 3 and toks[-1].kind in ("ord", "quarter") and not toks[-1].text.endswith("s"):
        if toks[0].kind == "a" or toks[0].text == "one":
            gap = _gap_at(text, end)
            nxt = _WORD_RE.match(text, gap.end())
            if nxt and (gap.group(1) or nxt.group().lower() not in _AFTER_A_FRACTION):
                return None  # "a third attack", "one fifth grader": ordinals, not fractions
    if len(toks) == 1 and toks[0].text == "quarter":
        return None  # a lone "quarter" is a period ("second quarter") or a district
    scaled = "scale" in kinds or any(t.text.endswith("\x00scaled") for t in toks)
    kind = "fraction" if fraction and not scaled and abs(value) < 1 else "cardinal"
    approx = "dozen" in kinds and len(toks) <= 3 and toks[-1].kind == "dozen"
    return Numeral(start, end, value, value, value, kind, approx, words, scaled)


# ----------------------------------------------------------------------------- grammar

def _parse(toks: list[_Tok], text: str) -> float | None:
    if toks[0].kind == "minus":
        if len(toks) == 1 or toks[1].kind == "minus":
            return None
        if toks[0].start == toks[1].start:
            return None
        value = _parse(toks[1:], text)
        return None if value is None else -value
    if toks[0].kind == "ordinal":
        return toks[0].value if len(toks) == 1 else None
    for k, tok in enumerate(toks):
        if tok.kind == "ratio":
            num, den = _plain(toks[:k]), _plain(toks[k + 1:])
            if num is None or not den or (num > den and tok.text != "over"):
                return None  # "12 out of 10" is two numbers
            if tok.text != "out of" and ((num != 1 and den not in (10, 100, 1000)) or tok.text == "over"):
                gap = _gap_at(text, toks[-1].end)
                nxt = _WORD_RE.match(text, gap.end())
                if nxt is not None and nxt.group().lower() not in ("or", "and"):
                    # "5 over two days", "killed 12 in two attacks" stay two numbers (but "one in five people" and
                    # "three in 10 voters" are shares)
                    return None
            return num / den
    return _plain(toks)


def _money_told_before(text: str, start: int, end: int) -> bool:
    """Whether money with a scale comes shortly before in the sentence and no measure after: "$1.2bn in aid, up from
    900m" (but "the $2bn dam is 150m high")."""
    return _SCALED_MONEY_BEFORE.search(text, max(0, start - 80), start) is not None \
        and _MEASURED_AFTER.match(text, end) is None


def _plain(toks: list[_Tok]) -> float | None:
    if not toks or toks[-1].kind in _CONNECTORS or toks[0].kind in ("and", "point"):
        return None
    kinds = [t.kind for t in toks]
    if "minus" in kinds or "ratio" in kinds or "ordinal" in kinds:
        return None
    if "zero" in kinds and len(toks) > 1 and "point" not in kinds:
        return None
    if "point" in kinds:
        return _decimal(toks, kinds.index("point"))
    if toks[-1].kind in ("ord", "ordc"):
        return _fraction(toks)
    if toks[0].kind == "half" and len(toks) > 2 and toks[1].kind == "a":
        rest = _plain(toks[1:])
        return None if rest is None else rest / 2
    total, last_scale, buf, first = 0.0, math.inf, [], True
    for tok in toks:
        if tok.kind != "scale":
            buf.append(tok)
            continue
        if not buf and not first and tok.value > last_scale:
            # "1.5 lakh crore", "a thousand billion": a scale of the scaled number (lakh crore is 10^12)
            total, last_scale = total * tok.value, last_scale * tok.value
            continue
        seg = 1.0 if len(buf) == 1 and buf[0].kind == "a" else _group(buf, first)
        if not seg or tok.value >= last_scale:
            return None
        total += seg * tok.value
        last_scale, buf, first = tok.value, [], False
    if buf:
        seg = _group(buf, first)
        if seg is None:
            return None
        if not first and buf[0].kind == "and" and buf[-1].kind in _FRACTION_KINDS and seg < 1:
            return total + seg * last_scale  # "two million and a half"
        if seg >= last_scale:
            return None
        total += seg
    return total


def _decimal(toks: list[_Tok], point: int) -> float | None:
    whole = _plain(toks[:point]) if point else 0.0
    if whole is None or point == len(toks) - 1:
        return None
    digits = []
    for tok in toks[point + 1:]:
        if tok.kind in ("zero", "unit"):
            digits.append(str(int(tok.value)))
        elif tok.kind == "digit" and tok.text.isdigit():
            digits.append(tok.text)
        else:
            return None
    return whole + float("0." + "".join(digits))


def _group(buf: list[_Tok], first: bool) -> float | None:
    if buf and buf[0].kind == "and":
        if first:
            return None
        buf = buf[1:]
    if not buf:
        return None
    if buf[-1].kind in _FRACTION_KINDS:
        return _fraction(buf)
    if any(t.kind in _FRACTION_KINDS for t in buf):
        return None
    return _integer(buf)


def _integer(toks: list[_Tok]) -> float | None:
    """Value of a group below the scale words ("three hundred and two dozen"), or None if malformed."""
    if not toks or toks[-1].kind in ("and", "a"):
        return None
    cur = 0.0
    slot = math.inf  # the next additive word must be below this place value
    last_add = 0.0
    hundred_used = False
    seen = False
    prev = None
    for k, tok in enumerate(toks):
        kind = tok.kind
        if kind == "a":
            if k != 0 or len(toks) < 2 or toks[1].kind not in ("hundred", "dozen"):
                return None
            cur, last_add, slot, seen = 1.0, 1.0, 1.0, True
        elif kind == "and":
            if not seen or prev == "and":
                return None
        elif kind == "zero":
            if len(toks) > 1:
                return None
            return 0.0
        elif kind == "digit":
            v = tok.value
            if not seen:
                cur, last_add, slot, seen = v, v, 1.0, True
            elif v == int(v) and 0 < v < slot and v < 100:
                cur += v
                last_add, slot = v, 1.0
            elif 0 < v < 1 and prev == "and" and "/" in tok.text:
                cur += v  # "ninety-nine and 1/2"
                last_add, slot = 0.0, 0.0
            else:
                return None
        elif kind in ("unit", "teen", "tens"):
            v = tok.value
            need = 10 if kind == "unit" else 100
            if slot < need and not (kind == "unit" and slot >= 10):
                return None
            if kind != "unit" and slot < 100:
                return None
            cur += v
            last_add = v
            slot = 10.0 if kind == "tens" else 1.0
            seen = True
        elif kind == "hundred":
            if not seen or hundred_used or prev == "and" or cur >= 1000 or cur <= 0:
                return None
            cur *= 100
            last_add = 0.0
            slot, hundred_used = 100.0, True
        elif kind == "dozen":
            if not seen or prev == "and" or last_add <= 0:
                return None
            cur += last_add * 11
            last_add, slot = 0.0, 1.0
        else:
            return None
        prev = kind
    return cur if seen else None


def _fraction(toks: list[_Tok]) -> float | None:
    """A fraction ending in its denominator: "two thirds", "a twenty-first", "one hundred and three quarters"."""
    last = toks[-1]
    if last.kind in ("half", "quarter"):
        return _over(toks[:-1], last.value, allow_empty=True)
    for j in range(len(toks)):
        den = _denominator(toks[j:])
        if den is None:
            continue
        value = _over(toks[:j], den, allow_empty=False)
        if value is not None:
            return value
    return None


def _denominator(toks: list[_Tok]) -> float | None:
    last = toks[-1]
    if len(toks) == 1:
        return None if last.kind == "ordc" else last.value
    if last.value >= 100:
        return None
    kinds = [t.kind for t in toks[:-1]]
    if kinds == ["tens"] and last.value < 10:
        return toks[0].value + last.value
    if len(kinds) >= 2 and toks[0].kind == "unit" and toks[0].value == 1 and kinds[1] in ("hundred", "scale"):
        base = 100.0 if kinds[1] == "hundred" else toks[1].value
        rest = [k for k in kinds[2:] if k != "and"]
        if rest == [] or (rest == ["tens"] and last.value < 10):
            tens = sum(t.value for t in toks[2:-1] if t.kind == "tens")
            return base + tens + last.value
    return None


def _over(num: list[_Tok], den: float, allow_empty: bool) -> float | None:
    if not num:
        return 1 / den if allow_empty else None
    if len(num) == 1 and num[0].kind == "a":
        return 1 / den
    ands = [k for k, t in enumerate(num) if t.kind == "and"]
    if ands and any(t.kind in _FRACTION_KINDS for t in num[:ands[-1]]):
        return None  # "a half and a third" are two fractions, not one sum
    if ands:
        k = ands[-1]
        right = 1.0 if len(num) == k + 2 and num[k + 1].kind == "a" else _plain(num[k + 1:])
        left = _plain(num[:k])
        if right is not None and left is not None and right / den < 1:
            return left + right / den
    whole = _plain(num)
    return None if whole is None else whole / den


# ----------------------------------------------------------------------------- vague magnitudes

def _vague(m: re.Match[str]) -> Numeral:
    phrase = re.sub(r"\s+", " ", m.group().lower())
    key = phrase[:-3] if phrase.endswith(" of") and phrase not in _VAGUE_BOUNDS else phrase
    lo, hi = _VAGUE_BOUNDS[key]
    return Numeral(m.start(), m.end(), None, lo, hi, "vague", True, True, True)
