"""What a figure counts (unit, subject), what happened to it (metric) and who says so."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from transforms import lexicon

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
_PEOPLE = frozenset({"people", "civilians", "children", "fighters", "soldiers", "troops", "police",
                     "security forces", "members", "families", "households", "bodyguards"})
_MEASURES = frozenset({"km", "miles", "km/h", "mph", "m", "cm", "mm", "feet", "inches", "g",
                       "hectares", "acres", "km2", "square miles",
                       "degrees", "magnitude", "years", "months", "weeks", "days", "times", "fraction"})
_EQUIPMENT = frozenset({"tanks", "helicopters", "jets", "warships", "aircraft", "armored vehicles",
                        "armoured vehicles", "vehicles", "planes", "drones", "ships"})
_PUBLIC = re.compile(r"\b(?:government|ministry|minister|treasury|budget|fiscal|parliament|gdp|state)\b", re.I)


def _trigger_re(phrases) -> re.Pattern:
    body = "|".join(re.escape(p).replace(r"\ ", r"[ \t]+") for p in sorted(phrases, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w])", re.I)


_VERB_RE = _trigger_re(VERB_TRIGGERS)
_MONEY_RE = _trigger_re(MONEY_TRIGGERS)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*")
_NP_STOP = frozenset("""of in on at to from by with for into near during after before since across over under
were was are is had have has been be being will would could may might can should must did do does and or but
who which that said say says according as than per a an the these those their its his her they we he she it
there here when where while if because though although also only not no""".split())
_GAP_OK = frozenset("""at least some about around nearly almost a an the only another more than over up to as
many high much just roughly approximately""".split())
_ANAPHORA = re.compile(r"\b(?:that|this|the|these)[ \t]+(?:number|figure|figures|toll|total|count|estimate)\b", re.I)
_OTHERS = frozenset({"others", "other", "more", "another"})
_ATTRIB_SKIP = re.compile(r"^,[ \t]*(?:said|says|according[ \t]+to)[ \t]+[^,.;]{1,60},")
_PER_HOUR = re.compile(r"^[ \t]*(?:\([^)]{0,30}\)[ \t]*)?(?:per|an|a)[ \t]+hour\b|^/h\b", re.I)


@dataclass(frozen=True, slots=True)
class Info:
    unit: str | None
    metric: str | None
    subject: str | None
    attributed_to: str | None


class Context:
    """Article-level memory: earlier figures (for "five others", "that number") and named sources."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.previous: list[tuple[Figure, int]] = []  # figure, sentence start
        self._money_default: str | None | bool = False
        self._public = None

    def remember(self, figure: Figure, sentence: Sentence | None) -> None:
        self.previous.append((figure, sentence.start if sentence else figure.start))

    def public(self) -> bool:
        if self._public is None:
            self._public = bool(_PUBLIC.search(self.text))
        return self._public

    def money_default(self) -> str | None:
        if self._money_default is False:
            counts: dict[str, int] = {}
            for m in _MONEY_RE.finditer(self.text):
                metric = self.resolve(MONEY_TRIGGERS[_norm(m.group())])
                if metric in ("cost", "budget", "trade", "aid", "earnings"):
                    counts[metric] = counts.get(metric, 0) + 1
            self._money_default = max(counts, key=counts.get) if counts else None
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
    strong = re.match(r"[ \t]*-[ \t]*strong\b", text[d.end:d.end + 10], re.I)
    np_end = d.end
    if strong:
        np_end = d.end + strong.end()
    np_words, np_span = _noun_phrase(text, np_end, s_end)
    if unit is None and re.search(r"\bmagnitude[ \t]+(?:of[ \t]+)?\Z|\bmagnitude[ \t]*[-–]?\Z", text[max(0, d.start - 14):d.start], re.I):
        unit = "magnitude"
    if unit is None:
        unit, head, subject = _counted(np_words, d.value == 1)
        if unit in ("km", "miles") and _PER_HOUR.match(text, np_span[1] if np_span else d.end):
            unit = "km/h" if unit == "km" else "mph"
        if unit is None and not np_words:
            unit, head, subject = _partitive(text, d.end, s_end)
    prev = _previous(ctx, s_start, d)
    metric = None
    if strong:
        metric = "strength"
        unit = unit or "troops"
    elif unit in _MEASURES:
        metric = None
    elif unit == "percent" or (unit and unit.isupper()):
        metric = _money_metric(ctx, text, s_start, s_end, d)
    else:
        metric = _metric(ctx, text, s_start, s_end, d, np_words, np_span, head, unit, prev)
        if unit is None and (head is None or head in _OTHERS):
            if prev is not None and prev.unit not in _MEASURES and prev.unit != "percent" and not (
                    prev.unit or "").isupper():
                unit = prev.unit
            elif metric in ("killed", "injured", "missing", "displaced", "arrested", "kidnapped", "returned",
                            "affected", "trapped", "rescued"):
                unit = "people"
        if metric is None:
            metric = _default_metric(ctx, text, s_start, s_end, unit)
    if metric == "captured" and (unit == "people" or re.search(r"\bsuspects?\b", text[s_start:s_end], re.I)):
        metric = "arrested"
    return Info(unit, metric, subject, source)


# ----------------------------------------------------------------------------- counted noun

def _noun_phrase(text: str, pos: int, limit: int) -> tuple[list[tuple[str, int, int]], tuple[int, int] | None]:
    words: list[tuple[str, int, int]] = []
    at = pos
    while len(words) < 6:
        m = _WORD.search(text, at, min(limit, at + 40))
        if m is None or text[at:m.start()].strip(" \t\"'“”‘’") or (m.start() == at and words):
            break
        word = m.group()
        low = word.lower()
        if low in _NP_STOP:
            if low == "and" and words and not any(_unit_of(w[0]) or _plural(w[0]) for w in words):
                at = m.end()
                continue
            break
        if low in VERB_TRIGGERS or (low.endswith("ed") and words and _unit_of(words[-1][0])):
            break
        words.append((word, m.start(), m.end()))
        at = m.end()
    span = (words[0][1], words[-1][2]) if words else None
    return words, span


def _counted(words: list[tuple[str, int, int]], single: bool = False) -> tuple[str | None, str | None, str | None]:
    if not words:
        return None, None, None
    for i, (word, _, _) in enumerate(words):
        if i + 1 < len(words):
            pair = f"{word} {words[i + 1][0]}".lower()
            unit = UNITS.get(pair) or UNITS.get(_singular(pair))
            if unit:
                return unit, words[i + 1][0].lower(), _subject(words, i + 1)
        unit = _unit_of(word)
        if unit and not (word.lower() in ("dead", "other", "others") and i + 1 < len(words)):
            return unit, word.lower(), _subject(words, i)
    for i in range(len(words) - 1, -1, -1):
        word = words[i][0]
        if _plural(word) or (word[0].isupper() and word.endswith("s") and i > 0):
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
    m = re.match(r"[ \t]+of[ \t]+(?:the|its|their|his|her|these|those)[ \t]+", text[pos:limit])
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


def _unit_of(word: str) -> str | None:
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        return None
    return UNITS.get(low) or UNITS.get(_singular(low))


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _plural(word: str) -> bool:
    low = word.lower()
    return (low.endswith("s") and not low.endswith(("ss", "us", "'s", "’s")) and len(low) > 3
            and low not in _NP_STOP and word[0].islower())


def _subject(words, head_index: int) -> str:
    return " ".join(w[0] for w in words[:head_index + 1])


# ----------------------------------------------------------------------------- metric

def _metric(ctx, text, s_start, s_end, d, np_words, np_span, head, unit, prev) -> str | None:
    left = _left_trigger(text, s_start, d.start)
    if left:
        return left
    right = _right_trigger(text, np_span[1] if np_span else d.end, s_end)
    if right:
        return right
    for word in np_words:
        low = word[0].lower()
        noun = NOUN_TRIGGERS.get(low) or (VERB_TRIGGERS.get(low) if low in ("dead",) else None)
        if noun:
            return noun
    window = text[max(s_start, d.start - 60):d.start]
    if prev is not None and (_ANAPHORA.search(window) or head in _OTHERS or (head is None and unit is None)):
        if prev.metric:
            return prev.metric
    if unit in _PEOPLE or unit is None:
        best = None
        for m in _VERB_RE.finditer(text, s_start, s_end):
            if m.end() <= d.start or m.start() >= d.end:
                distance = d.start - m.end() if m.end() <= d.start else m.start() - d.end
                if best is None or distance < best[0]:
                    best = (distance, VERB_TRIGGERS[_norm(m.group())])
        if best and best[1] not in ("strength",):
            return best[1]
    return None


def _left_trigger(text: str, s_start: int, start: int) -> str | None:
    window_start = max(s_start, start - 80)
    last = None
    for m in _VERB_RE.finditer(text, window_start, start):
        last = m
    if last is None:
        return None
    gap = text[last.end():start]
    if re.search(r"[,;:()\n]", gap):
        return None
    words = [w.lower() for w in _WORD.findall(gap)]
    if all(w in _GAP_OK for w in words) or (words and words[-1] in ("to", "of") and len(words) <= 8):
        return VERB_TRIGGERS[_norm(last.group())]
    return None


def _right_trigger(text: str, pos: int, s_end: int) -> str | None:
    tail = text[pos:s_end]
    skip = _ATTRIB_SKIP.match(tail)
    offset = skip.end() if skip else 0
    stop = re.search(r"[,;:()\n]|--|—|\b(?:but|while|whereas)\b", tail[offset:])
    window_end = pos + offset + (stop.start() if stop else len(tail) - offset)
    words = 0
    for m in re.finditer(r"\S+", text[pos + offset:window_end]):
        words += 1
        if words > 12:
            window_end = pos + offset + m.start()
            break
    found = _VERB_RE.search(text, pos + offset, window_end)
    if found is None:
        return None
    metric = VERB_TRIGGERS[_norm(found.group())]
    return None if metric == "strength" else metric


def _money_metric(ctx: Context, text: str, s_start: int, s_end: int, d: Draft) -> str | None:
    sentence = text[s_start:s_end]
    rel_start, rel_end = d.start - s_start, d.end - s_start
    bounds = [0] + [m.end() for m in re.finditer(r",|;|\bwhile\b|\bbut\b|\bcompared with\b", sentence)] + [len(sentence)]
    clause = (0, len(sentence))
    for a, b in zip(bounds, bounds[1:]):
        if a <= rel_start < b:
            clause = (a, b)
            break
    for lo, hi in (clause, (0, len(sentence))):
        found = [ctx.resolve(MONEY_TRIGGERS[_norm(m.group())]) for m in _MONEY_RE.finditer(sentence, lo, hi)]
        if found:
            return min(found, key=lambda m: _MONEY_PRIORITY.index(m) if m in _MONEY_PRIORITY else 99)
    if d.unit == "percent":
        return None
    return ctx.money_default()


def _default_metric(ctx, text, s_start, s_end, unit) -> str | None:
    if unit == "troops":
        return "deployed"
    if unit == "fighters":
        return "strength"
    if unit in _EQUIPMENT:
        return "deployed"
    if unit in ("trucks", "lorries", "tonnes", "kg", "convoys", "flights", "planes", "litres", "barrels", "pounds"):
        for m in _MONEY_RE.finditer(text, s_start, s_end):
            if MONEY_TRIGGERS[_norm(m.group())] == "aid":
                return "aid"
    return None


def _previous(ctx: Context, s_start: int, d: Draft):
    for figure, sentence_start in reversed(ctx.previous):
        if figure.end <= d.start and (sentence_start >= s_start or s_start - sentence_start < 400):
            return figure
        break
    return None


def _norm(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.lower())


# ----------------------------------------------------------------------------- attribution

_ATTRIB_RE = re.compile(
    r"\baccording[ \t]+to[ \t]+(?:the[ \t]+)?(?P<acc>[^,.;\"”]{2,60}?)(?=[,.;\"”]|$)"
    r"|(?P<before>(?:[A-Z][\w'’.-]*|local|government|senior|military|security|palestinian|officials|"
    r"leaders|sources|residents|witnesses|eyewitnesses|medics|police|officers|authorities|doctors|"
    r"spokesman|spokeswoman|and|the|of|UN|[a-z]+)(?:[ \t]+(?:[A-Z][\w'’.-]*|of|the|and|[a-z]+)){0,5})"
    r"[ \t]+(?P<verb1>said|says|say|told|reported|added|stated|claimed|estimated|announced|insists|insisted)\b"
    r"|\b(?P<verb2>said|says|say|reported|added)[ \t]+(?P<after>(?:the[ \t]+)?(?:[A-Z][\w'’.-]*|[a-z]+)"
    r"(?:[ \t]+(?:[A-Z][\w'’.-]*|[a-z]+)){0,3})(?=[ \t]*[,.;]|$)",
)
_SOURCE_TRIM = re.compile(r"^(?:(?:[a-z]+[ \t]+)*?(?=[A-Z])|(?:in[ \t]+statements?[ \t]+)?)", re.S)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


def _attribution(ctx: Context, s_start: int, s_end: int) -> str | None:
    sentence = ctx.text[s_start:s_end]
    m = _ATTRIB_RE.search(sentence)
    if m is None:
        return None
    raw = m.group("acc") or m.group("before") or m.group("after") or ""
    words = raw.split()
    if m.group("before"):
        while words and words[0].lower() in _NP_STOP | {"in", "statements", "statement", "officials"} - {"officials"}:
            words = words[1:]
        keep = []
        for w in reversed(words):
            if w.lower() in ("that", "who", "which", "when", "and") and keep:
                break
            keep.append(w)
        words = list(reversed(keep))
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if not words or words[0].lower() in _PRONOUNS:
        return None
    source = " ".join(words).strip(" ,")
    return _fullest(ctx.text, source)


def _fullest(text: str, name: str) -> str:
    if " " in name or not name[:1].isupper():
        return name
    best = name
    for m in re.finditer(r"(?:[A-Z][\w'’-]+[ \t]+){1,3}" + re.escape(name) + r"\b", text):
        if len(m.group()) > len(best):
            best = m.group()
    return best
