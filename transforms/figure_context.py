"""What a figure counts (unit, subject), what happened to it (metric) and who says so."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from transforms import lexicon
from transforms.word_lists import WordList
from transforms.word_scan import WordStarts
from transforms.word_trie import starts_with, trie_pattern, word_starting

if TYPE_CHECKING:
    from transforms.figures import Draft, Figure
    from transforms.sentences import Sentence

UNITS = lexicon.table("figures_units.tsv")
_METRIC_ROWS = [(phrase, *spec.split()) for phrase, spec in lexicon.table("figures_metrics.tsv").items()]
VERB_TRIGGERS = {p: m for p, m, role in _METRIC_ROWS if role == "verb"}
NOUN_TRIGGERS = {p: m for p, m, role in _METRIC_ROWS if role == "noun"}
MONEY_TRIGGERS = {p: m for p, m, role in _METRIC_ROWS if role == "money"}
ATTRIBUTION_VERBS = lexicon.words("figures_attribution_verbs.txt")
_MONEY_PRIORITY = ("cost", "budget", "trade", "aid", "revenue", "earnings", "voted", "population")
_MONEY_RANK = {metric: rank for rank, metric in enumerate(_MONEY_PRIORITY)}
_PEOPLE = frozenset({"people", "civilians", "children", "fighters", "soldiers", "troops", "police",
                     "security forces", "members", "families", "households", "bodyguards"})
_MEASURES = frozenset({"km", "miles", "km/h", "mph", "m", "cm", "mm", "feet", "inches", "g",
                       "hectares", "acres", "km2", "square miles",
                       "degrees", "magnitude", "years", "months", "weeks", "days", "times", "fraction"})
_EQUIPMENT = frozenset({"tanks", "helicopters", "jets", "warships", "aircraft", "armored vehicles",
                        "armoured vehicles", "vehicles", "planes", "drones", "ships"})
_OBJECTS = frozenset("""homes houses buildings villages towns cities districts provinces trucks lorries tonnes kg
vehicles tanks rockets missiles shells mortars airstrikes strikes bombs schools hospitals mosques churches bridges
roads hectares acres convoys flights planes aircraft helicopters ships boats weapons guns rifles""".split())
_CIVILIAN_UNITS = frozenset({"people", "civilians", "children", "families", "households"})
_PLACES = frozenset("""countries nations states provinces districts regions towns cities villages counties
municipalities areas neighbourhoods neighborhoods camps sites locations""".split())
_PEOPLE_METRICS = frozenset({"killed", "injured", "missing", "displaced", "returned", "affected", "trapped",
                             "rescued", "arrested", "kidnapped", "surrendered", "participants", "voted", "age",
                             "population"})


_PUBLIC_WORDS = ("government", "ministry", "minister", "treasury", "budget", "fiscal", "parliament", "gdp", "state")
# A company's results speak of its "fiscal 1989" too: per-share figures and net income say the article is a company's.
# (A quick test of the first character comes first; see word_trie.starts_with.)
_CORPORATE = re.compile(starts_with(["a", "per", "net"], ignore_case=True)
                        + r"(?:\b(?:a|per)[ \t]+share\b|\bnet[ \t]+(?:income|loss|profit)\b)", re.I)
# The same in an ASCII text in lower case, the word boundary before them written as the character before (a class
# the regex engine skips through, where a pattern that opens with a lookahead is tried at every character).
_CORPORATE_LOWER = re.compile(r"[^a-z0-9_](?:(?:a|per)[ \t]+share\b|net[ \t]+(?:income|loss|profit)\b)")
# Any case, as a tree of letter classes (word_trie): no flag, so the scan skips with a table look-up (word_scan).
_PUBLIC = WordStarts(starts_with(_PUBLIC_WORDS, ignore_case=True) + trie_pattern(_PUBLIC_WORDS, any_case=True) + r"\b",
                     r"\w")


def _names_public(text: str) -> bool:
    """Whether one of _PUBLIC_WORDS stands in `text` as a word of its own, in any case."""
    if not text.isascii():
        return _PUBLIC.scan(text).next(0) is not None  # re.I also matches a few letters beyond ASCII ("ſ")
    # In ASCII the words are looked up in the text in lower case, a quicker scan than the pattern's: each place one
    # is found is then taken if no word character comes right before or after it.
    lower = text.lower()
    for word in _PUBLIC_WORDS:
        at = lower.find(word)
        while at >= 0:
            end = at + len(word)
            if not (at and _is_word_char(lower[at - 1])) and not (end < len(lower) and _is_word_char(lower[end])):
                return True
            at = lower.find(word, end)
    return False


def _corporate(text: str) -> bool:
    """Whether `text` speaks of a company's results (see _CORPORATE)."""
    if text.isascii():
        lower = text.lower()
        # Each match holds "share" or "net" and a space: the text is first looked through for those (a quicker
        # scan than the pattern's, which tries a match after every character that is no letter).
        if "share" not in lower and "net " not in lower and "net\t" not in lower:
            return False
        return _CORPORATE_LOWER.search(" " + lower) is not None  # a space for the start of the text
    return _CORPORATE.search(text) is not None


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _triggers(phrases) -> WordList:
    """The phrases (as written, capitalized or in capitals) where a word starts, not after a hyphen."""
    return WordList([v for p in phrases for v in {p, p.capitalize(), p.upper()}], not_before=r"\w-", not_after=r"\w")


VERB_WORDS = _triggers(VERB_TRIGGERS)


def _by_first_word(phrases) -> dict[str, list[str]]:
    """The phrases of several words, by their first word ("forced" -> ["forced from their homes"])."""
    out: dict[str, list[str]] = {}
    for phrase in phrases:
        if " " in phrase:
            out.setdefault(phrase.split()[0], []).append(phrase)
    return out


_PHRASE_STARTS = _by_first_word(VERB_TRIGGERS)
MONEY_WORDS = _triggers(MONEY_TRIGGERS)
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*")
# A word after nothing but spaces and quotes (group 1): no character of the gap can begin a word, so this finds
# what a search for _WORD would find first.
_NEXT_WORD = re.compile(r"[ \t\"'“”‘’]*(" + _WORD.pattern + ")")
_NP_STOP = frozenset("""of in on at to from by with for into near during after before since across over under
were was are is had have has been be being will would could may might can should must did do does and or but
who which that said say says according as than per a an the these those their its his her they we he she it
there here when where while if because though although also only not no""".split())
_TOLL_BEFORE = re.compile(r"\btoll\b[^.;]{0,50}$", re.I)
_QUANTIFIER_AFTER = re.compile(r"\s+(?:many|most|some|all|none|several|few|a\s+few|scores)\b", re.I)
_GAP_OK = frozenset("""at least some about around nearly almost a an the only another more than over up to as all
many high much just roughly approximately topped reached hit exceeded surpassed stood stands was were is are
totaled totalled numbered its their his her put placed estimated""".split())
_OWN_VERB = re.compile(r"[\w.,]+(?:\s+[\w.,]+){0,3}?\s+(?:were|was|are|is|have|had|has)\b")
_AUXILIARIES = frozenset("were was are is had have has been be will would could said says".split())
# "that number", "the toll": each begins with the "t" matched first (see word_starting).
_ANAPHORA = re.compile(
    word_starting("t") + r"h(?:at|is|e|ese)[ \t]+(?:number|figure|figures|toll|total|count|estimate)\b", re.I)
_OTHERS = frozenset({"others", "other", "more", "another"})
_PLACE_OF = re.compile(r"\b(?:town|city|village|country|nation|island|region|province|district|capital|community)"
                       r"[ \t]+of[ \t]+$", re.I)
_COPULA = re.compile(r"\s+(?:were|was|are|is)\b")
_VERB_BEFORE = re.compile(r"\b[a-z]{3,}ed[ \t]+$")
# Asides between the count and its verb: "17 people, a spokesman said, were killed", "17 people, including three
# police officers, were killed".
# An aside between a count and its verb: ", police said,", ", including five children,", ", most of them women,".
_ATTRIB_SKIP = re.compile(r",[ \t]*(?:said|says|according[ \t]+to|including|among[ \t]+them|"
                          r"(?:\w+[ \t]+)?\w+[ \t]+of[ \t]+(?:them|whom))[ \t]+[^,.;]{1,60},")
# Every branch of these two begins with a literal character (the word boundary is checked behind it), so that a
# search skips straight to the characters where a branch may begin instead of trying each one at every place.
_RIGHT_STOP = re.compile(r",|;|:|\(|\)|\n|--|—|b(?<=\bb)ut\b|w(?<=\bw)h(?:ile|ereas)\b")
_CLAUSE_BREAK = re.compile(r"[,;:()\n]")
# A toll names its cause before the verb that gives its figure, so the two may lie far apart.
_TOLL_WINDOW = 160
_RISES_TO = re.compile(r"\b(?:rose|risen|rises|climbed|climbs|jumped|soared|increased|reached|reaches|hit|stood|stands"
                       r"|stand|passed|topped|exceeded|surpassed)(?:\s+(?:to|at))?\s+$")  # (a qualifier is in the figure)
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whose|where)\b")
_CLAUSE_SPLIT = re.compile(r",|;|w(?<=\bw)hile\b|b(?<=\bb)ut\b|c(?<=\bc)ompared with\b")
_NONSPACE = re.compile(r"\S+")
# Twelve words and the space after them, when a thirteenth follows (possessive: a word is never split in two).
_TWELVE_WORDS = re.compile(r"(?:\s*+\S++){12}\s*+(?=\S)")
_STRONG = re.compile(r"[ \t]*-[ \t]*strong\b", re.I)
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude[ \t]+(?:of[ \t]+)?\Z|\bmagnitude[ \t]*[-–]?\Z", re.I)
_MAGNITUDE_AFTER = re.compile(r"[ \t]*-?[ \t]*magnitude\b", re.I)
_INCLUDING_WORDS = ("including", "among them", "of whom", "of them", "of which")
_INCLUDING = re.compile(r"\b(?:" + "|".join(w.replace(" ", r"[ \t]+") for w in _INCLUDING_WORDS) + r")[ \t]+\Z", re.I)
_INCLUDING_ENDS = frozenset(w[-2:] for w in _INCLUDING_WORDS)  # their last two letters, a quick test first
_NOT_COMPOUND_UNITS = frozenset("""something somethings odd plus fold strong old ish time way sided off on to and or
year years month months week weeks day days hour hours minute minutes""".split())
_COMPOUND = re.compile(r"[-–]([A-Za-z]{2,})\b(?![-–])(?!'s)")
_SUSPECTS = re.compile(r"\bsuspects?\b", re.I)
_BURIED = re.compile(r"\bburied\b", re.I)
_SHARE_OF = re.compile(r"(?:[ \t]*(?:%|per[ \t]?cent\b))?[ \t]+of\b", re.I)
# What a share of people or things can suffer; a share's other metrics come from its clause's money words.
_SHARE_METRICS = frozenset({"killed", "injured", "displaced", "damaged", "affected"})
# "Yemen's", "the country's" (and "estimated") right before a count of people: all who live there
_PLACE_OWNS = re.compile(r"(?:\b[A-Z][a-z]+|\b(?:country|nation|city|town|region|island|province|state|capital))"
                         r"['’]s\s+(?:estimated\s+)?$")
_SPACES = re.compile(r"\s+")
_PER_HOUR = re.compile(r"[ \t]*\)?[ \t]*(?:\([^)]{0,30}\)[ \t]*)?(?:per|an|a)[ \t]+hour\b|/h\b", re.I)


# Not frozen: one is built for every figure (see amounts.Amount for why).
@dataclass(slots=True)
class Info:
    unit: str | None
    metric: str | None
    subject: str | None
    attributed_to: str | None


class Context:
    """Article-level memory: earlier figures (for "five others", "that number") and named sources."""

    def __init__(self, text: str, words: Mapping[str, list[tuple[int, int]]] | None = None) -> None:
        self.text = text
        # The phrases of the whole text by word list ("verb", "money", "attribution"), when the caller found them
        # (in one scan for all the lists); the others are found here, once.
        self._whole: dict[str, tuple[list[tuple[int, int]], list[int]]] = {
            name: (spans, [a for a, _ in spans]) for name, spans in (words or {}).items()}
        self.previous: list[tuple[Figure, int]] = []  # figure, sentence start
        self._money_default: str | None = None
        self._money_default_known = False  # None is a default too: whether it was looked for
        self._public: bool | None = None
        self.sources: dict[int, str | None] = {}
        self._verbs: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        self._money: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        self._all_money: list[tuple[int, int, str]] | None = None  # of the whole text, found once
        self._clause_splits: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.last_source: str | None = None
        self.names: dict[str, str] = {}
        self.starts: list[int] = []  # every figure of the article, sorted, to keep triggers to their own figure
        self.ends: list[int] = []    # sorted
        self.timex_starts: list[int] = []  # sorted: a counted noun ends where a date begins ("rose by 16,000 last month")

    def remember(self, figure: Figure, sentence: Sentence | None) -> None:
        self.previous.append((figure, sentence.start if sentence else figure.start))

    def verbs(self, s_start: int, s_end: int) -> list[tuple[int, int, str]]:
        """Predicate triggers of a sentence (start, end, metric), found once per sentence."""
        key = (s_start, s_end)
        if key not in self._verbs:
            self._verbs[key] = [(a, b, VERB_TRIGGERS[_norm(self.text[a:b])])
                                for a, b in self.phrases("verb", VERB_WORDS, s_start, s_end)]
        return self._verbs[key]

    def phrases(self, name: str, words: WordList, start: int, end: int) -> list[tuple[int, int]]:
        """The phrases of `words` (the list called `name`) in text[start:end], taken from those of the whole text."""
        if name not in self._whole:
            found = list(words.finditer(self.text))
            self._whole[name] = (found, [a for a, _ in found])
        found, starts = self._whole[name]
        return words.within(self.text, found, starts, start, end)

    def money(self, s_start: int, s_end: int) -> list[tuple[int, int, str]]:
        """Money-domain keywords of a sentence (start, end, metric), found once per sentence."""
        key = (s_start, s_end)
        if key not in self._money:
            self._money[key] = self._money_metrics(self.phrases("money", MONEY_WORDS, s_start, s_end))
        return self._money[key]

    def all_money(self) -> list[tuple[int, int, str]]:
        """Money-domain keywords of the whole text (start, end, metric), found once."""
        if self._all_money is None:
            self._all_money = self._money_metrics(self.phrases("money", MONEY_WORDS, 0, len(self.text)))
        return self._all_money

    def _money_metrics(self, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        return [(a, b, self.resolve(MONEY_TRIGGERS[_norm(self.text[a:b])])) for a, b in spans]

    def clause_splits(self, s_start: int, s_end: int) -> list[tuple[int, int]]:
        """Where a sentence splits into clauses (start, end of each split), found once per sentence."""
        key = (s_start, s_end)
        if key not in self._clause_splits:
            self._clause_splits[key] = [m.span() for m in _CLAUSE_SPLIT.finditer(self.text, s_start, s_end)]
        return self._clause_splits[key]

    def public(self) -> bool:
        if self._public is None:
            self._public = _names_public(self.text) and not _corporate(self.text)
        return self._public

    def money_default(self) -> str | None:
        if not self._money_default_known:
            counts: dict[str, int] = {}
            for _, _, metric in self.all_money():
                if metric in ("cost", "budget", "trade", "aid", "earnings"):
                    counts[metric] = counts.get(metric, 0) + 1
            self._money_default = max(counts, key=counts.__getitem__) if counts else None
            self._money_default_known = True
        return self._money_default

    def resolve(self, metric: str) -> str:
        if metric == "revenue":
            return "budget" if self.public() else "earnings"
        return metric


def describe(ctx: Context, sentence: Sentence | None, d: Draft) -> Info:
    """Unit, metric, subject and source of a draft figure, read from its sentence."""
    text = ctx.text
    s_start = sentence.start if sentence else max(0, d.start - 200)
    s_end = sentence.end if sentence else min(len(text), d.end + 200)
    source = _attribution(ctx, s_start, s_end)
    if d.fixed:
        return Info(d.unit, d.metric, None, source)
    unit = d.unit
    subject = None
    head = None
    strong = _STRONG.match(text, d.end)
    np_end = d.end
    if strong:
        np_end = strong.end()
    # The noun after the number says what it counts, unless the form gave the unit already (money, percent, a
    # measure): then the metric comes from elsewhere and the noun is not read.
    needs_noun = unit is None or not (strong or unit in _MEASURES or unit == "percent" or unit.isupper())
    np_limit = _before_timex(ctx, np_end, s_end)
    np_words, np_span = _noun_phrase(text, np_end, np_limit) if needs_noun else ([], None)
    if unit is None and (_magnitude_before(text, d.start) or _MAGNITUDE_AFTER.match(text, d.end)):
        unit = "magnitude"
    compound = _COMPOUND.match(text, d.end) if unit is None and not strong else None
    if compound and compound.group(1).lower() not in _NOT_COMPOUND_UNITS:  # "a 225-member parliament", "a 50-metre wall"
        word = compound.group(1).lower()
        unit = UNITS.get(word) or _pluralize(word)
        head = word
    if unit is None and not np_words:
        alternative = _ALTERNATIVE.match(text, d.end)  # "four or five people"
        if alternative:
            np_words, np_span = _noun_phrase(text, alternative.end(), np_limit)
    if unit is None:
        unit, head, subject = _counted(np_words, d.value == 1)
        if unit in ("km", "miles") and _PER_HOUR.match(text, np_span[1] if np_span else d.end):
            unit = "km/h" if unit == "km" else "mph"
        if unit is None and not np_words:
            unit, head, subject = _partitive(text, d.end, s_end)
        if unit is None and not np_words:
            unit, head, subject = _appositive(text, s_start, d.start)
        if head == "cases" and np_span:  # "200 cases of civilian injuries"
            of = _OF.match(text, np_span[1])
            if of:
                inner, inner_span = _noun_phrase(text, of.end(), np_limit)
                inner_unit = _counted(inner)[0] or "people"  # cases of injury or disease count persons
                unit = inner_unit
                if inner_span:
                    np_words, np_span = np_words + inner, (np_span[0], inner_span[1])
    metric = None
    if strong:
        metric = "strength"
        unit = unit or "troops"
    elif unit in _MEASURES:
        metric = _share_metric(ctx, text, s_start, s_end, d) if unit == "fraction" else None
    elif unit == "percent" or (unit and unit.isupper()):
        left = _left_trigger(ctx, text, s_start, s_end, d.start) if unit == "percent" else None
        metric = left if left in _SHARE_METRICS else (
            (_share_metric(ctx, text, s_start, s_end, d) if unit == "percent" else None)
            or _money_metric(ctx, text, s_start, s_end, d))
    else:
        prev = _previous(ctx, s_start, d)  # the figure before, for "five others" and "that number"
        metric = _metric(ctx, text, s_start, s_end, d, np_words, np_span, head, unit, prev)
        if unit is None and (head is None or head in _OTHERS):
            if _TOLL_BEFORE.search(text, d.start - 60 if d.start - 60 > s_start else s_start, d.start):
                unit = "people"  # "the death toll rose to 16": the dead, whoever the figure before counted
            elif prev is not None and prev.unit is not None and prev.unit not in _MEASURES and prev.unit != "percent" \
                    and not prev.unit.isupper() and (metric not in _PEOPLE_METRICS or is_person(prev.unit)):
                unit = prev.unit
            elif metric in _PEOPLE_METRICS or metric == "captured":
                unit = "people"
        if unit in _OBJECTS and metric in _PEOPLE_METRICS:
            metric = None  # lorries do not flee, rockets are not killed
        elif metric == "damaged" and unit is not None and (unit == "bodies" or is_person(unit)):
            # People are not damaged: buried they are dead ("2,000 people buried by the landslide", "3,800 bodies were
            # buried"); "30,000 soldiers ... collapsed" tells of something else.
            metric = "killed" if _BURIED.search(text, s_start, s_end) else None
        elif unit in _PLACES and metric not in ("damaged", "affected"):
            metric = None  # "troops from five countries": the places are not what was deployed
        if metric is None:
            metric = _default_metric(ctx, text, s_start, s_end, unit)
    if metric in ("deployed", "strength") and unit in _CIVILIAN_UNITS:
        metric = None  # "some 2,000 Canadians stranded in Peru": people are not deployed
    if metric == "captured" and (unit == "people" or _SUSPECTS.search(text, s_start, s_end)):
        metric = "arrested"
    return Info(unit, metric, subject, source)


def _share_metric(ctx: Context, text: str, s_start: int, s_end: int, d: Draft) -> str | None:
    """What happened to a share of something, told by the verb after it: "Nearly two-thirds of the rice crop ... was
    destroyed", "about 80 percent of the shops had been looted"."""
    of = _SHARE_OF.match(text, d.end)
    if of is None:
        return None
    metric = _right_trigger(ctx, text, of.end(), s_start, s_end, False)
    return metric if metric in _SHARE_METRICS else None


def _magnitude_before(text: str, start: int) -> bool:
    """Whether "magnitude" ends right before `start` ("a magnitude 6.1 quake"); its "magn" first, a quick test."""
    lo = start - 14 if start > 14 else 0
    return "magn" in text[lo:start].lower() and _MAGNITUDE_BEFORE.search(text, lo, start) is not None


# ----------------------------------------------------------------------------- counted noun

def _before_timex(ctx: Context, pos: int, limit: int) -> int:
    """Where the words after `pos` stop being a noun phrase: at the sentence end or at the next date."""
    k = bisect_left(ctx.timex_starts, pos)
    return ctx.timex_starts[k] if k < len(ctx.timex_starts) and ctx.timex_starts[k] < limit else limit


def _noun_phrase(text: str, pos: int, limit: int) -> tuple[list[tuple[str, int, int]], tuple[int, int] | None]:
    words: list[tuple[str, int, int]] = []
    at = pos
    while len(words) < 6:
        m = _NEXT_WORD.match(text, at, at + 40 if at + 40 < limit else limit)
        if m is None or (m.start(1) == at and words):
            break
        word = m.group(1)
        low = word.lower()
        if low in _NP_STOP:
            if low == "and" and words and not any(_unit_of(w[0]) or _plural(w[0]) for w in words):
                at = m.end()
                continue
            break
        if low in VERB_TRIGGERS or (low.endswith("ed") and words and _unit_of(words[-1][0])) or (
                low in _PHRASE_STARTS and _starts_trigger_phrase(text, m.start(1), low)):
            break  # "8.5 million forced from their homes": the verb, not a noun counted
        if word[0].isdigit() or (low.endswith("ing") and words):
            break  # "25 lorries carrying 500 tonnes": the noun phrase ends before the next verb or number
        words.append((word, m.start(1), m.end()))
        at = m.end()
    span = (words[0][1], words[-1][2]) if words else None
    return words, span


def _starts_trigger_phrase(text: str, pos: int, first: str) -> bool:
    """Whether a verb phrase of several words (figures_metrics.tsv) begins at `pos` with the word `first`."""
    return any(_norm(text[pos:pos + len(phrase) + 8]).startswith(phrase) for phrase in _PHRASE_STARTS[first])


def _counted(words: list[tuple[str, int, int]], single: bool = False) -> tuple[str | None, str | None, str | None]:
    if not words:
        return None, None, None
    for i, (word, _, _) in enumerate(words):
        if i + 1 < len(words):
            pair = f"{word} {words[i + 1][0]}".lower()
            unit = UNITS.get(pair) or UNITS.get(_singular(pair))
            if unit:
                return unit, words[i + 1][0].lower(), _subject(words, i + 1)
        if word.lower() == "other" and i + 1 < len(words):
            continue  # "nine other suspects"
        if word.lower() in _OTHERS:
            return None, "others", None  # "five others": the unit comes from the figure before
        unit = _unit_of(word)
        if unit and not (word.lower() == "dead" and i + 1 < len(words)):
            return unit, word.lower(), _subject(words, i)
    for i in range(len(words) - 1, -1, -1):
        word = words[i][0]
        if _plural(word) or (word[0].isupper() and word.endswith("s") and len(word) > 3):
            low = word.lower()
            if word[0].isupper() and low.endswith(("ans", "is", "ese", "ers", "ks", "ts", "ns")):
                return "people", low, _subject(words, i)
            return low, low, _subject(words, i)
    if single and words[0][0].isalpha() and words[0][0].islower():
        last = len(words) - 1
        low = words[last][0].lower()
        return _pluralize(low), low, _subject(words, last)  # "one missile" counts missiles
    return None, None, None


def _pluralize(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _partitive(text: str, pos: int, limit: int) -> tuple[str | None, str | None, str | None]:
    """The noun of "10 of the 55 members", "three of the province's seven districts"."""
    m = re.match(r"[ \t]+of[ \t]+(?:(?:the|its|their|his|her|these|those)[ \t]+)?(?=\S)", text[pos:limit])
    if not m:
        return None, None, None
    words = []
    for w in _WORD.finditer(text, pos + m.end(), min(limit, pos + m.end() + 60)):
        if w.group().lower() in _NP_STOP:
            break
        if w.group()[0].isdigit():
            continue
        words.append((w.group(), w.start(), w.end()))
        if _unit_of(w.group()) or _plural(w.group()):
            return _counted(words)
    return None, None, None


_ALTERNATIVE = re.compile(r"[ \t]+(?:or|to)[ \t]+(?:\d[\d,.]*|[a-z]+(?:-[a-z]+)?)(?=[ \t]+[a-z])")
_OF = re.compile(r"[ \t]+of[ \t]+")
_NUMBER_OF_WORDS = ("number", "total", "toll", "tally", "count")
_NUMBER_OF = re.compile(r"\b(?:number|total|toll|tally|count)[ \t]+of[ \t]+(?:the[ \t]+)?([A-Za-z][\w'’-]*)", re.I)
_APPOSITIVE = re.compile(r"([A-Za-z][\w'’-]*)[ \t]*,[ \t]*(?:numbering|estimated[ \t]+at|totall?ing|put[ \t]+at|"
                         r"said[ \t]+to[ \t]+number|some|about|around)?[ \t]*\Z", re.I)


def _appositive(text: str, s_start: int, start: int) -> tuple[str | None, str | None, str | None]:
    """The noun of "the insurgents, estimated at between 7,000 and 9,000", "the number of the X ... to nine"."""
    total = None
    lo = max(s_start, start - 120)
    # The words of _NUMBER_OF in lower case first, a quick test (none of their letters has a third case under re.I).
    window = text[lo:start].lower()
    if any(w in window for w in _NUMBER_OF_WORDS):
        for total in _NUMBER_OF.finditer(text, lo, start):
            pass
    if total is not None and not _CLAUSE_BREAK.search(text, total.end(), start):
        unit = _unit_of(total.group(1)) or ("people" if total.group(1)[0].isupper() and total.group(1).endswith("s")
                                            else None)
        if unit:
            return unit, total.group(1).lower(), total.group(1)
    lo = max(s_start, start - 40)
    m = _APPOSITIVE.search(text, lo, start) if "," in text[lo:start] else None  # it wants a comma
    if m is None or m.group(0).rstrip().endswith(","):
        return None, None, None  # a bare comma is too loose: "In Biaro, 30 people"
    word = m.group(1)
    unit = _unit_of(word)
    if unit:
        return unit, word.lower(), word
    return None, None, None


# The same words come back in every article ("people", "percent", "troops"): what they count is looked up once.
@lru_cache(maxsize=8192)
def _unit_of(word: str) -> str | None:
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        return None
    return UNITS.get(low) or UNITS.get(_singular(low))


_PERSON_NOUNS = lexicon.words("person_nouns.txt")


def is_person(word: str) -> bool:
    """Whether a noun names a person who can be counted among the dead: 'soldier', 'sergeant', 'man'."""
    return _unit_of(word) in _PEOPLE or _singular(word.lower()) in _PERSON_NOUNS


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=8192)
def _plural(word: str) -> bool:
    low = word.lower()
    if low.endswith("men") and len(low) > 4 and word[0].islower():
        return True  # "fishermen", "firemen"
    return (low.endswith("s") and not low.endswith(("ss", "us", "'s", "’s")) and len(low) > 3
            and low not in _NP_STOP and word[0].islower())


def _subject(words, head_index: int) -> str:
    return " ".join(w[0] for w in words[:head_index + 1])


# ----------------------------------------------------------------------------- metric

def _metric(ctx, text, s_start, s_end, d, np_words, np_span, head, unit, prev) -> str | None:
    if unit == "people" and _place_of(text, d.start - 25 if d.start - 25 > s_start else s_start, d.start):
        return "population"  # "Thumane, a town of about 8,000 people where blocks collapsed"
    left = _left_trigger(ctx, text, s_start, s_end, d.start)
    if left:
        return left
    right = _right_trigger(ctx, text, np_span[1] if np_span else d.end, s_start, s_end,
                           _verb_before(text, d.start - 30 if d.start - 30 > s_start else s_start, d.start))
    if right:
        return right
    own = []
    past_head = False
    for word in np_words:  # the counted noun, its modifiers and compounds, not the verb after it
        low = word[0].lower()
        if past_head and not (low in NOUN_TRIGGERS or _unit_of(low) or _plural(word[0])):
            break
        own.append(low)
        past_head = past_head or low == head
    for low in own + ([head] if head else []):
        noun = NOUN_TRIGGERS.get(low) or (VERB_TRIGGERS.get(low) if low in ("dead",) else None)
        if noun is None and MONEY_TRIGGERS.get(low) in ("voted", "population", "aid"):
            noun = MONEY_TRIGGERS[low]
        if noun:
            return noun
    if unit == "people" and head in ("people", "inhabitants", "residents", "citizens") and _PLACE_OWNS.search(
            text, d.start - 40 if d.start - 40 > s_start else s_start, d.start):
        return "population"  # "40 percent of Yemen's 23 million people live on less than $2 a day": all who live there
    window = text[d.start - 60 if d.start - 60 > s_start else s_start:d.start]
    if prev is not None and prev.metric != "age" and (
            _ANAPHORA.search(window) or head in _OTHERS or _after_including(window)
            or (head is None and unit is None and (prev.start >= s_start or _COPULA.match(text, d.end))
                and not _verb_before(text, d.start - 30 if d.start - 30 > s_start else s_start, d.start))):
        # A bare count takes the figure before's metric in its sentence ("12 were killed and 30 wounded"), and after
        # it only when it says what they were ("Twelve were children"), not what they did ("thousands had camped");
        # a verb of its own says something else ("killed 1,700 and infected 300,000").
        if prev.metric:
            return prev.metric
    if unit in _PEOPLE or unit is None:
        best = None
        # The nearest other figures on each side, by bisection: a scan of all of them is quadratic in a long article.
        before = bisect_right(ctx.ends, d.start)
        after = bisect_left(ctx.starts, d.end)
        lo = ctx.ends[before - 1] if before and ctx.ends[before - 1] > s_start else s_start
        hi = ctx.starts[after] if after < len(ctx.starts) and ctx.starts[after] < s_end else s_end
        for v_start, v_end, v_metric in ctx.verbs(s_start, s_end):
            if lo <= v_start and v_end <= hi and v_start >= d.end and not _counts_next(ctx, text, v_end) \
                    and not _RELATIVE_CLAUSE.search(text, d.end, v_start):
                # the predicate that follows the count, but not one of a relative clause about something else
                # ("charged 2,000 people over the protests, which erupted after the death of a woman")
                distance = d.start - v_end if v_end <= d.start else v_start - d.end
                if best is None or distance < best[0]:
                    best = (distance, v_metric)
        if best and best[1] not in ("strength",):
            return best[1]
    return None


# Three searches through the window before a figure for what must end right before it: the last letters first, a
# quick test that spares most figures the search (which tries a match at every place of the window). The text is
# stripped of a line break too, which "$" lets come after a match.

def _place_of(text: str, lo: int, end: int) -> bool:
    """Whether a place and "of" end right before `end`: "a town of 8,000 people"."""
    return text[lo:end].rstrip(" \t\n")[-2:].lower() == "of" and _PLACE_OF.search(text, lo, end) is not None


def _after_including(window: str) -> bool:
    """Whether `window` ends in "including", "of whom" and the like and a space."""
    return window.rstrip(" \t")[-2:].lower() in _INCLUDING_ENDS and _INCLUDING.search(window) is not None


def _verb_before(text: str, lo: int, end: int) -> bool:
    """Whether a verb in the past ("camped") and a space end right before `end`."""
    return text[lo:end].rstrip(" \t\n")[-2:] == "ed" and _VERB_BEFORE.search(text, lo, end) is not None


def _left_trigger(ctx: Context, text: str, s_start: int, s_end: int, start: int) -> str | None:
    window_start = start - _TOLL_WINDOW if start - _TOLL_WINDOW > s_start else s_start
    last = None
    for found in ctx.verbs(s_start, s_end):
        if found[0] >= window_start and found[1] <= start:
            last = found
    if last is None:
        return None
    gap = text[last[1]:start]
    if gap.strip() == ":":
        return last[2]  # "Injured: 4,877"
    if _CLAUSE_BREAK.search(gap):
        return None
    if text.endswith("toll", last[0], last[1]) and _RISES_TO.search(gap):
        return last[2]  # "the death toll from the country's worst floods in 80 years climbed to 1,600"
    if last[0] < start - 80:
        return None
    words = [w.lower() for w in _WORD.findall(gap)]
    if all(w in _GAP_OK for w in words) or (words and words[-1] in ("to", "of") and len(words) <= 8):
        return last[2]
    if 2 <= len(words) <= 7 and words[-1] == "and" and not _AUXILIARIES.intersection(words) \
            and not _OWN_VERB.match(text, start):
        return last[2]  # "killed the mayor and two of his bodyguards": a second object of the same verb
        # (but "... and about 60 soldiers were missing" has a verb of its own)
    return None


def _right_trigger(ctx: Context, text: str, pos: int, s_start: int, s_end: int, object_of_verb: bool) -> str | None:
    skip = _ATTRIB_SKIP.match(text, pos, s_end)
    offset = pos + (skip.end() - pos if skip else 0)
    stop = _RIGHT_STOP.search(text, offset, s_end)
    window_end = stop.start() if stop else s_end
    twelve = _TWELVE_WORDS.match(text, offset, window_end)
    if twelve:
        window_end = twelve.end()  # at most twelve words
    k = bisect_left(ctx.starts, offset)
    if object_of_verb and k < len(ctx.starts) and ctx.starts[k] < window_end:
        # "recovered 34 bodies and dozens remain missing": the count is a verb's object, and the verb after the next
        # count is that count's (but in "Nine police and six soldiers were killed" the verb is both counts')
        window_end = ctx.starts[k]
    for v_start, v_end, v_metric in ctx.verbs(s_start, s_end):
        if v_start >= offset and v_end <= window_end and not _counts_next(ctx, text, v_end):
            return None if v_metric == "strength" else v_metric
    return None


def _counts_next(ctx: Context, text: str, verb_end: int) -> bool:
    """Whether the figure right after a verb is its object: "infected 12.5 million people and killed 560,000" does
    not say the 12.5 million were killed."""
    i = bisect_left(ctx.starts, verb_end)
    return (i < len(ctx.starts) and text[verb_end:ctx.starts[i]].isspace()) or \
        _QUANTIFIER_AFTER.match(text, verb_end) is not None  # "an assault by 3,000 rebels, killing many of them"


def _money_metric(ctx: Context, text: str, s_start: int, s_end: int, d: Draft) -> str | None:
    found = ctx.money(s_start, s_end)
    if found:
        lo, hi = s_start, s_end
        for split_start, split_end in ctx.clause_splits(s_start, s_end):
            if split_end <= d.start:
                lo = split_end
            elif split_start >= d.end:
                hi = split_start
                break
        for a, b in ((lo, hi), (s_start, s_end)):
            metrics = [metric for start, end, metric in found if a <= start and end <= b]
            if metrics:
                return min(metrics, key=_money_rank)
    if d.unit == "percent":
        return None
    return ctx.money_default()


def _money_rank(metric: str) -> int:
    return _MONEY_RANK.get(metric, 99)


def _default_metric(ctx, text, s_start, s_end, unit) -> str | None:
    if unit in ("troops", "peacekeepers", "monitors", "observers"):
        return "deployed"  # soldiers, by contrast, are as often counted dead or captured as sent
    if unit == "fighters":
        return "strength"
    if unit in _EQUIPMENT:
        return "deployed"
    if unit in ("trucks", "lorries", "tonnes", "kg", "convoys", "flights", "planes", "litres", "barrels", "pounds"):
        if any(metric == "aid" for _, _, metric in ctx.money(s_start, s_end)):
            return "aid"
    return None


def _previous(ctx: Context, s_start: int, d: Draft):
    for figure, sentence_start in reversed(ctx.previous):
        if figure.end <= d.start and (sentence_start >= s_start or s_start - sentence_start < 400):
            return figure
        break
    return None


def _norm(phrase: str) -> str:
    if phrase.isalpha():
        return phrase.lower()  # one word: no white space to fold
    return _SPACES.sub(" ", phrase.lower())


# ----------------------------------------------------------------------------- attribution

_ACCORDING = re.compile(r"\baccording[ \t]+to[ \t]+(?:the[ \t]+)?([^,.;:\"”()]{2,60})", re.I)
ATTRIBUTION_WORDS = WordList(ATTRIBUTION_VERBS, not_before=r"\w", not_after=r"\w")
_SOURCE_WORDS = frozenset("""officials official leaders leader sources source residents resident witnesses eyewitnesses
medics doctors police authorities spokesman spokeswoman agency government local senior military security army
ministry minister officers survivors villagers diplomats analysts experts and of the un""".split())
_SOURCE_WORDS_AFTER = _SOURCE_WORDS - {"and", "of"}  # after the verb a source ends at "and", "of"
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_TOKEN = re.compile(r"[A-Za-z][\w'’-]*|[^\w\s]")
# The same tokens in an ASCII text, \w and \s written out as the ASCII characters they hold (\s holds the separators
# \x1c-\x1f too): the regex engine tests such classes with a table look-up, where \w and \s ask the Unicode database
# about every character.
_ASCII_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_'-]*|[^A-Za-z0-9_ \t\n\r\x0b\x0c\x1c-\x1f]")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their)[ \t]+\Z")


def _attribution(ctx: Context, s_start: int, s_end: int) -> str | None:
    if s_start in ctx.sources:
        return ctx.sources[s_start]
    source = _find_source(ctx, s_start, s_end)
    if source:
        if source not in ctx.names:
            ctx.names[source] = _fullest(ctx.text, source)
        source = ctx.names[source]
    if source == "":
        source = ctx.last_source  # "he said": the source named last
    elif source is not None:
        ctx.last_source = source
    ctx.sources[s_start] = source
    return source


def _find_source(ctx: Context, s_start: int, s_end: int) -> str | None:
    """The source named in the sentence; "" for a pronoun ("he said"); None when there is none."""
    text = ctx.text
    # "accord" in lower case, a quick test first (not "according": under re.I its "i" also matches a dotless "ı")
    m = _ACCORDING.search(text, s_start, s_end) if "accord" in text[s_start:s_end].lower() else None
    if m:
        words = _trim_source(m.group(1).split())
        return " ".join(words[:6]) if words else None
    for verb in ctx.phrases("attribution", ATTRIBUTION_WORDS, s_start, s_end):
        if _DETERMINER_BEFORE.search(text[verb[0] - 8 if verb[0] - 8 > s_start else s_start:verb[0]]):
            continue  # "the reported heavy losses"
        source = _source_around(text, s_start, s_end, verb)
        if source is not None:
            return source
    return None


def _source_around(text: str, s_start: int, s_end: int, verb: tuple[int, int]) -> str | None:
    token = _ASCII_TOKEN if text.isascii() else _TOKEN
    after: list[str] = token.findall(text, verb[1], verb[1] + 80 if verb[1] + 80 < s_end else s_end)
    named = []
    for tok in after:
        if tok[0].isupper() or tok.lower() in _SOURCE_WORDS_AFTER or tok == "the":
            named.append(tok)
            continue
        break
    if named and (len(after) == len(named) or after[len(named)] in ",.;"):
        words = _trim_source(named)
        if words:
            return "" if words[0].lower() in _PRONOUNS else " ".join(words)
    before: list[str] = token.findall(text, verb[0] - 80 if verb[0] - 80 > s_start else s_start, verb[0])
    words = []
    for tok in reversed(before):
        if tok[0].isupper() or tok.lower() in _SOURCE_WORDS:
            words.append(tok)
            continue
        if tok.lower() in _PRONOUNS and not words:
            return ""
        break
    words = _trim_source(list(reversed(words)))
    return " ".join(words) if words else None


def _trim_source(words: list[str]) -> list[str]:
    while words and (words[0].lower() in ("and", "of", "the", "in", "despite", "but", "however")
                     or words[0].endswith(("'s", "’s"))):
        words = words[1:]
    while words and words[-1].lower() in ("and", "of", "the"):
        words = words[:-1]
    return words


_NAME_BEFORE = re.compile(r"(?:[A-Z][\w'’-]+[ \t]+){1,3}\Z")


def _fullest(text: str, name: str) -> str:
    """The longest form of a one-word name in the article ("Safi" -> "Mohammed Omar Safi")."""
    if " " in name or not name[:1].isupper():
        return name
    best = name
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if end == len(text) or not text[end].isalnum():
            m = _NAME_BEFORE.search(text, max(0, at - 60), at)
            if m and len(m.group()) + len(name) > len(best):
                best = m.group() + name
        at = text.find(name, end)
    return best
