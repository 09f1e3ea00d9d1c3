"""Figures: every quantity in an article with its bounds, qualifier, unit, metric and source."""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from transforms import lexicon
from transforms.amounts import measure
from transforms.figure_context import ATTRIBUTION_WORDS, MONEY_WORDS, VERB_WORDS, Context, describe
from transforms.figure_guards import in_non_figure_span, is_non_figure
from transforms.frozen import builder
from transforms.numerals import NUMBER_WORDS, WORDS, find_numerals
from transforms.sentences import Sentence
from transforms.word_lists import WordLists
from transforms.word_trie import trie_pattern


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantity as written, normalized (CONTRACT.md `figures`); offsets end exclusive."""

    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str  # exact approx at_least more_than at_most less_than range
    unit: str | None
    metric: str | None
    subject: str | None
    attributed_to: str | None


_FIGURE = builder(Figure)  # Figure(...) for a quarter of the cost (see frozen.py)


@dataclass(slots=True)
class Draft:
    """A figure being assembled; `fixed_unit`/`fixed_metric` are set by the form itself (ages, money)."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None = None
    metric: str | None = None
    fixed: bool = False  # unit and metric come from the form (ages, multipliers)
    core_start: int = 0  # the number itself, without qualifier words
    core_end: int = 0
    scaled: bool = False


_QUALIFIERS = lexicon.table("figures_qualifiers.tsv")
_SUFFIX_QUALIFIERS = lexicon.table("figures_qualifier_suffixes.tsv")


_QUALIFIER_WORDS = max(len(p.split()) for p in _QUALIFIERS)
# The last two words of each qualifier phrase of several words: where the two words before a number are no such
# pair, only the last one alone may be a qualifier.
_QUALIFIER_PAIRS = frozenset(tuple(p.split(" ")[-2:]) for p in _QUALIFIERS if " " in p)
# The word counts of the qualifier phrases by their last word: a phrase of k words is looked up only when one of
# that many words ends in the word before the number.
_QUALIFIER_LENGTHS: dict[str, set[int]] = {}
for _phrase in _QUALIFIERS:
    _QUALIFIER_LENGTHS.setdefault(_phrase.split(" ")[-1], set()).add(len(_phrase.split(" ")))
_OPENERS = "(\"'“‘[—–"  # stripped from the first word of a qualifier: '("more than', "—about"
_TOKEN = re.compile(r"\S+")
_SUFFIX_Q = re.compile(
    r"[ \t]*-?(?P<q>" + trie_pattern(_SUFFIX_QUALIFIERS, space=r"[ \t]+", any_case=True) + r")(?![\w])(?![ \t]+than\b)",
    re.I,
)
_LOWER = ("more_than", "at_least")
_UPPER = ("less_than", "at_most")
_CHANGE_VERB = (r"\b(?:rose|rise|rising|risen|fell|fall|falling|fallen|increased?|increasing|decreased?|"
                r"eased|gained|lost|slid|sank|added|shed|edged|tumbled|plunged|soared|rallied|dipped|"
                r"inched|firmed|retreated|widened|narrowed|"
                r"declined?|dropped|drop|grew|grow|jumped|climbed|slipped|surged|advanced|up|down|"
                r"raised|cut|reduced|went|changed?|moved?|shifted)")
_CHANGE_BEFORE = re.compile(_CHANGE_VERB + r"[ \t]+(?:\w+[ \t]+)?\Z", re.I)
# "raised taxes on fuel from 8% to 16%": what changed may take a few words before "from".
_CHANGED_FROM = re.compile(_CHANGE_VERB + r"[ \t]+(?:\w+[ \t]+){0,3}\Z", re.I)
_BY_BEFORE = re.compile(r"\bby[ \t]+\Z", re.I)
_AND_BUT = re.compile(r"[ \t]+(?:and|but)[ \t]+")
_AND = re.compile(r"[ \t]+and[ \t]+")
_RANGE_JOINT = re.compile(r"[ \t]+(?:to|through|and)[ \t]+|[ \t]*[-–~][ \t]*")
_JOINT_FIRST = (" ", "\t", "-", "–", "~")  # what _AND_BUT, _AND and _RANGE_JOINT begin with
_BETWEEN_BEFORE = re.compile(r"\bbetween[ \t]+\Z", re.I)
_FROM_BEFORE = re.compile(r"\bfrom[ \t]+\Z", re.I)
_AGE_AFTER = re.compile(r"[ \t]*[-–]?[ \t]*(?P<u>year|month|week|day)s?[ \t]*[-–]?[ \t]*old\b", re.I)
_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages|at[ \t]+the[ \t]+age[ \t]+of)[ \t]+(?:between[ \t]+|of[ \t]+)?\Z", re.I)
_NAME_AGE = re.compile(r"(?:[A-Z][\w'’.-]*[ \t]+)?[A-Z][\w'’-]+,[ \t]\Z")
_DECADE_AGE = re.compile(r"\b(?:in|their|his|her|early|mid|late)[ \t-]+\Z", re.I)
# The words looked up in an article, found in one scan of it rather than one for each list (see word_lists).
_ARTICLE_WORDS = WordLists({"number": NUMBER_WORDS, "money": MONEY_WORDS, "verb": VERB_WORDS,
                            "attribution": ATTRIBUTION_WORDS})


def find_figures(text: str, sentences: Sequence[Sentence], taken: Sequence[tuple[int, int]] = ()) -> list[Figure]:
    """Every figure in `text`, sorted by start; none overlaps a span in `taken`."""
    blocked = _Spans(taken)
    starts = [s.start for s in sentences]
    drafts: list[Draft] = []
    consumed = 0
    words = _ARTICLE_WORDS.find(text)
    for n in find_numerals(text, words.pop("number")):
        if n.kind == "ordinal" or n.start < consumed or blocked.overlaps(n.start, n.end):
            continue
        if not n.words and in_non_figure_span(text, n.start, n.end):
            continue
        sentence = _sentence_of(sentences, starts, n.start)
        if is_non_figure(text, n, sentence.start if sentence else 0):
            continue
        amount = measure(text, n)
        if (amount.start < n.start or amount.end > n.end) and blocked.overlaps(amount.start, amount.end):
            continue  # a currency or percent sign runs into a date
        if drafts and amount.start < drafts[-1].end:
            continue
        draft = Draft(amount.start, amount.end, amount.value, amount.low, amount.high,
                      "approx" if n.approx else "exact", amount.unit, core_start=amount.start,
                      core_end=amount.end, scaled=n.scaled)
        if n.kind == "fraction" and draft.unit is None:
            draft.unit = "fraction"
        elif n.kind == "multiplier":
            draft.unit, draft.fixed = "times", True
        consumed = amount.end
        drafts.append(draft)
    for d in drafts:
        _qualify(text, d)
    drafts = _ranges(text, drafts)
    _scaled_ranges(text, drafts)
    for d in drafts:
        _age(text, d)
    return _finish(text, sentences, starts, drafts, blocked, words)


def _finish(text, sentences, starts, drafts, blocked: _Spans, words) -> list[Figure]:
    out: list[Figure] = []
    context = Context(text, words)
    context.starts = sorted(d.start for d in drafts if not d.fixed)
    context.ends = sorted(d.end for d in drafts if not d.fixed)
    context.timex_starts = blocked.starts
    for d in drafts:
        if blocked.overlaps(d.start, d.end):
            continue
        if not _finite(d):
            continue  # a scale factor carried a huge number past the largest float
        sentence = _sentence_of(sentences, starts, d.start)
        info = describe(context, sentence, d)
        figure = _FIGURE(d.start, d.end, text[d.start:d.end], d.value, d.low, d.high, d.qualifier,
                         info.unit, info.metric, info.subject, info.attributed_to)
        context.remember(figure, sentence)
        out.append(figure)
    return out


def _finite(d: Draft) -> bool:
    """Whether the value and bounds of a draft are finite numbers or None."""
    return ((d.value is None or math.isfinite(d.value)) and (d.low is None or math.isfinite(d.low))
            and (d.high is None or math.isfinite(d.high)))


def _sentence_of(sentences, starts, offset) -> Sentence | None:
    """The last sentence that starts at or before `offset` (an offset between two sentences goes with the first)."""
    i = bisect_right(starts, offset) - 1
    return sentences[i] if i >= 0 else None


class _Spans:
    """Spans (start, end) that figures may not overlap, indexed so that a test costs a bisection, not a scan."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))  # the furthest end among the first k spans

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)  # the spans that start before `end`
        return k > 0 and self.reach[k - 1] > start


# ----------------------------------------------------------------------------- qualifiers

def _qualify(text: str, d: Draft) -> None:
    if d.fixed and d.qualifier != "exact":
        return
    qualifier = None
    start = d.start
    for _ in range(2):
        found = _prefix_qualifier(text, start)
        if found is None:
            break
        q, q_start = found
        if q == "neutral":
            if qualifier is None:
                inner = _prefix_qualifier(text, q_start)
                if inner is None or inner[0] == "neutral":
                    break
                start = q_start
                continue
            break
        if qualifier is None:
            qualifier = q
        start = q_start
    if qualifier is not None:
        d.qualifier = qualifier
        d.start = start
    s = _SUFFIX_Q.match(text, d.end)
    if s:
        suffix: str | None = _SUFFIX_QUALIFIERS[re.sub(r"\s+", " ", s.group("q").lower())]
        if suffix == "at_least" and d.qualifier in ("more_than", "at_least", "exact", "approx"):
            d.qualifier = "at_least"
        elif suffix == "at_most" and d.qualifier in ("less_than", "at_most", "exact", "approx"):
            d.qualifier = "at_most"
        elif suffix == "approx" and d.qualifier in ("exact", "approx"):
            d.qualifier = "approx"
        else:
            suffix = None
        if suffix is not None:
            d.end = s.end() if s.group("q") not in ("+",) else s.end()
    _bounds(d)


def _prefix_qualifier(text: str, start: int) -> tuple[str, int] | None:
    """The qualifier phrase that ends right before `start` ("more than", "an estimated"), longest first."""
    lo = start - 48 if start > 48 else 0
    window = text[lo:start]
    # The last words as _TOKEN finds them (str.split and \S+ know the same white space); where the first of a
    # phrase begins is looked up only for a phrase that is a qualifier. The last two words come first, split off
    # alone: most numbers follow no qualifier.
    last_two = window.rsplit(None, 2)[-2:]
    if not last_two:
        return None
    last = last_two[-1].lower()
    if last.lstrip(_OPENERS) not in _QUALIFIERS and (
            len(last_two) < 2 or (last_two[0].lower().lstrip(_OPENERS), last) not in _QUALIFIER_PAIRS):
        return None  # neither a qualifier of one word nor the end of one of several
    words = window.rsplit(None, _QUALIFIER_WORDS)[-_QUALIFIER_WORDS:]
    lengths = _QUALIFIER_LENGTHS.get(last, ())
    glued = not window[-1].isspace()
    for k in range(len(words), 0, -1):
        if k > 1 and k not in lengths:
            continue  # no qualifier of k words ends in this word
        lead = len(words[-k]) - len(words[-k].lstrip(_OPENERS))
        phrase = " ".join(words[-k:]).lower()[lead:]
        q = _QUALIFIERS.get(phrase)
        if q is None or (glued and phrase[-1].isalnum()):
            continue
        first = list(_TOKEN.finditer(window))[-k]
        if "\n" in window[first.start():]:
            continue
        return q, lo + first.start() + lead
    return None


def _bounds(d: Draft) -> None:
    if d.value is None and d.qualifier == "approx":
        return  # vague magnitudes keep their low/high
    point = d.value if d.value is not None else (d.low if d.low is not None else d.high)
    if d.qualifier in ("exact", "approx"):
        d.value = d.low = d.high = point
    elif d.qualifier in _LOWER:
        d.value, d.low, d.high = None, point, None
    elif d.qualifier in _UPPER:
        d.value, d.low, d.high = None, None, point


# ----------------------------------------------------------------------------- ranges

def _ranges(text: str, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    i = 0
    while i < len(drafts):
        a = drafts[i]
        b = drafts[i + 1] if i + 1 < len(drafts) else None
        merged = _merge(text, a, b) if b is not None else None
        if merged is not None:
            out.append(merged)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def _merge(text: str, a: Draft, b: Draft) -> Draft | None:
    if not text.startswith(_JOINT_FIRST, a.end, b.start):
        return None  # most figures are far apart: none of the joints below begins after the first
    between = text[a.end:b.start]
    if a.qualifier in _LOWER + _UPPER and b.qualifier in _LOWER + _UPPER:
        if _AND_BUT.fullmatch(between):
            lower, upper = (a, b) if a.qualifier in _LOWER else (b, a)
            if lower.qualifier in _LOWER and upper.qualifier in _UPPER:
                # _bounds gave a lower bound its low and an upper bound its high (every numeral has its bounds)
                assert lower.low is not None and upper.high is not None
                if lower.low < upper.high:
                    return Draft(a.start, b.end, None, lower.low, upper.high, "range", a.unit or b.unit,
                                 core_start=a.core_start, core_end=b.core_end)
        return None
    if a.qualifier not in ("exact", "approx") or b.qualifier != "exact" or a.value is None or b.value is None:
        return None
    before = text[a.start - 12 if a.start > 12 else 0:a.start]
    if _AND.fullmatch(between):
        m = _BETWEEN_BEFORE.search(before)
        if not m:
            return None
        start = a.start - (len(before) - m.start())
    elif _RANGE_JOINT.fullmatch(between):
        if between.strip() in ("-", "–", "~") and (a.unit != b.unit and a.unit is not None and b.unit is not None
                                                  or "\n" in between):
            return None  # (but "$3-4 billion" writes the currency once)
        m = _FROM_BEFORE.search(before)
        start = a.start
        if m:
            if _CHANGED_FROM.search(text, a.start - 50 if a.start > 50 else 0, a.start - (len(before) - m.start())):
                return None  # "rose from 40 to 50" is a change, two figures
            start = a.start - (len(before) - m.start())
        elif between.strip() == "to" and ((by := _BY_BEFORE.search(before) is not None)
                                          or _CHANGE_BEFORE.search(text, a.start - 30 if a.start > 30 else 0, a.start)):
            # "rose 10 to 15", "deaths by 210 to 45,678": how much, then to what; but "fell by 3 to 4 percent", two
            # amounts of one change close together, is a range
            if not (by and b.value <= 2 * a.value):
                return None
    else:
        return None
    low, high = a.value, b.value
    if not a.scaled:
        # "two to three million", "between five and six hundred": the scale written once is both ends'
        written = text[b.core_start:b.core_end]
        factor = _scale_factor(written) if b.scaled else \
            100.0 if low < 10 and low == int(low) and _HUNDRED_AT_END.search(written) else None
        if factor and low * factor <= high:
            low *= factor
    if not low < high:
        return None
    unit = a.unit or b.unit
    return Draft(start, b.end, None, low, high, "range", unit, core_start=a.core_start, core_end=b.core_end)


_HUNDRED_AT_END = re.compile(r"\bhundred\Z", re.I)


def _scale_factor(written: str) -> float | None:
    m = re.search(r"([A-Za-z]+)\W*\Z", written)
    if not m:
        return None
    word = m.group(1)
    spec = WORDS.get(word.lower())
    if spec and spec[0] == "scale":
        return spec[1]
    return {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}.get(word)


_MULTIPLE_OF_THOSE = re.compile(r"[ \t]+(?:those|these|that|this|the)[ \t]+(?:figures?|numbers?|estimates?|totals?|"
                                r"counts?|tolls?|levels?|amounts?)\b", re.I)
_RANGE_OPENING = re.compile(r"\b(?:from|between)[ \t]+", re.I)


def _scaled_ranges(text: str, drafts: list[Draft]) -> None:
    """ "from five dead and 30 hurt to triple those numbers": each count becomes a range up to the multiple."""
    for k, m in enumerate(drafts):
        # (a multiple with a qualifier, "more than triple those numbers", has a bound, not a value: no range)
        if m.unit != "times" or m.value is None or not _MULTIPLE_OF_THOSE.match(text, m.end):
            continue
        if not re.search(r"\b(?:to|and)[ \t]+(?:\w+[ \t]+)?\Z", text[max(0, m.start - 20):m.start]):
            continue
        opening = None
        for o in _RANGE_OPENING.finditer(text, max(0, m.start - 160), m.start):
            opening = o
        if opening is None or re.search(r"[.;!?]", text[opening.end():m.start]):
            continue
        for d in drafts[:k]:
            if d.start >= opening.start() and d.value is not None and d.qualifier in ("exact", "approx"):
                d.low, d.high, d.value, d.qualifier = d.value, d.value * m.value, None, "range"


# ----------------------------------------------------------------------------- ages and multipliers

def _age(text: str, d: Draft) -> None:
    if d.unit not in (None, "fraction") or d.value is None and d.qualifier != "range":
        return
    m = _AGE_AFTER.match(text, d.end)
    if m:
        d.unit, d.metric, d.fixed = m.group("u").lower() + "s", "age", True
        return
    before = text[d.start - 30 if d.start > 30 else 0:d.start]
    if before[-1:] in (" ", "\t") and "age" in before.lower() and _AGE_BEFORE.search(before):
        d.unit, d.metric, d.fixed = "years", "age", True
        return
    if d.value is not None and d.value == int(d.value) and 1 <= d.value <= 120 and before[-2:] in (", ", ",\t") and (
            _NAME_AGE.search(before)):
        if re.match(r"[ \t]*(?:[,)]|\.(?:\s|\Z))", text[d.end:d.end + 3]):
            d.unit, d.metric, d.fixed = "years", "age", True
            return
    if text[d.end:d.end + 1] == "s" and d.value is not None and d.value % 10 == 0 and 10 <= d.value <= 90:
        if _DECADE_AGE.search(before):
            d.low, d.high, d.value, d.qualifier = d.value, d.value + 9, None, "range"
            d.end += 1
            d.unit, d.metric, d.fixed = "years", "age", True
