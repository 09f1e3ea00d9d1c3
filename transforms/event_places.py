"""Places an article names: capitalized names after place cues, kinds of places, and what 'the town' refers to."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from transforms import gazetteer, lexicon
from transforms.sentences import Sentence

_NOUNS = {k: int(v) for k, v in lexicon.table("events_place_nouns.tsv").items()}
_NOUNS_LONGEST = sorted(_NOUNS, key=len, reverse=True)
_CUES = lexicon.words("events_place_cues.txt")
_NOT_PLACES = lexicon.words("events_not_places.txt")
_DIRECTIONS = lexicon.words("events_directions.txt")

_WORD = r"(?:(?:[A-Z]\.){2,}|St\.|[A-Z][\w'’]*(?:-[\w'’]+)*)"
_NAME = rf"{_WORD}(?:\s+(?:{_WORD}|al-\w+|de|el|e))*"
_LIST = rf"{_NAME}(?:(?:,\s*{_NAME})*,?\s+and\s+{_NAME})?"
_DIR = "|".join(sorted(_DIRECTIONS, key=len, reverse=True))
_NOUN = "|".join(re.escape(n) for n in sorted(_NOUNS, key=len, reverse=True))
_CUE = "|".join(re.escape(c) for c in sorted(_CUES, key=len, reverse=True))
# "in the northern Afghan province of Kunduz", "east of Jabalia refugee camp", "in Baquba and Ramadi".
_CUED = re.compile(
    rf"\b(?P<cue>(?i:{_CUE}))\s+(?:(?:the|a|an|nearby|whole|same)\s+)*(?:(?:{_DIR})\s+)?"
    rf"(?:(?:[A-Z]\w+\s+)?(?P<kind_of>{_NOUN})\s+of\s+(?:the\s+)?|(?P<kind_before>{_NOUN}),?\s+(?=[A-Z]))?"
    rf"(?P<name>{_LIST})"
    rf"(?:\s+(?P<kind_after>{_NOUN})\b)?"
)
# "struck southern Peru": a direction word before a name makes it a place.
_DIRECTED = re.compile(rf"\b(?P<cue>{_DIR})\s+(?P<name>{_NAME})")
# "the town of Beit Hanoun", "the province of Kunduz" without a cue before them.
_KIND_OF = re.compile(rf"\b(?:the\s+)?(?:(?:{_DIR})\s+)?(?:[A-Z]\w+\s+)?(?P<kind_of>{_NOUN})\s+of\s+(?P<name>{_NAME})")
# "Baghdad's Sadr City": a place inside another.
_POSSESSIVE = re.compile(rf"\b(?P<parent>{_NAME})['’]s\s+(?P<name>{_NAME})")
_ANAPHOR = re.compile(rf"\b(?:the\s+(?:whole\s+|same\s+|entire\s+)?(?P<kind>{_NOUN})\b(?!\s+of\b)|(?P<there>there)\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|seems?|remains?|appears?)\b)"
                      rf"|the\s+(?P<adj>provincial|province['’]s)\b)", re.I)
_CAPS = re.compile(_NAME)
_LAUNCHED = re.compile(r"\b(?:fired|launched|shot|lobbed)\s+$", re.I)
_DISTANCE = re.compile(r"\d[\d,.]*\s*(?:km|kilomet\w*|miles?|meters|metres)\b[^.]{0,25}$", re.I)
_PARENT = re.compile(rf"\s+(?:in|near)\s+(?:the\s+)?(?:(?:{_DIR})\s+)?(?P<name>{_NAME})")
_DATELINE = re.compile(r"^\s*(?P<name>[A-Z][A-Z'’ -]+[A-Z])(?:,\s*[A-Z][\w ]+)?,\s+\w+\.?\s+\d")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text: its name as written, where, how specific (1 country .. 3 local) and its kind."""

    start: int
    end: int
    name: str
    level: int
    kind: str | None          # town, province, country, ... when the text or the gazetteer says
    parent: str | None = None  # a place the text puts it in ("X in Y", "Y's X")
    cue: str | None = None     # the word before it ("in", "from", ...)


class ArticlePlaces:
    """Every place named in an article, with the article's main place and its referents for 'the town'."""

    def __init__(self, text: str, sentences: Sequence[Sentence], taken: Sequence[tuple[int, int]]):
        self.text = text
        self._taken = taken
        self.mentions = _find(text, taken)
        self.names = {m.name for m in self.mentions if m.cue not in ("fired from", "distance from")}
        self._by_name = {m.name: m for m in self.mentions}
        self.main = _main_place(text, self.mentions)
        codes = (gazetteer.lookup(m.name) for m in self.mentions if m.level <= 2)
        self.countries = frozenset(p.country for p in codes if p is not None and p.country)

    def in_span(self, start: int, end: int) -> list[PlaceMention]:
        """The places named between two offsets, in order, with the names seen elsewhere and the anaphors resolved."""
        found = [m for m in self.mentions if start <= m.start and m.end <= end]
        covered = [(m.start, m.end) for m in found]
        for match in _CAPS.finditer(self.text, start, end):
            name = _strip_direction(match.group())
            if name in self.names and not _overlaps(match.start(), match.end(), covered):
                known = self._by_name[name]
                found.append(PlaceMention(match.start(), match.end(), name, known.level, known.kind, known.parent))
                covered.append((match.start(), match.end()))
        for match in _ANAPHOR.finditer(self.text, start, end):
            if _overlaps(match.start(), match.end(), covered):
                continue
            kind = (match.group("kind") or "").lower() or ("province" if match.group("adj") else None)
            target = self.referent(match.start(), kind)
            if target is not None:
                found.append(PlaceMention(match.start(), match.end(), target.name, target.level, target.kind,
                                          target.parent))
        return sorted(found, key=lambda m: m.start)

    def referent(self, offset: int, kind: str | None) -> PlaceMention | None:
        """The last place of that kind named before `offset` (any place for 'there')."""
        kind = _singular(kind)
        best = None
        for m in self.mentions:
            if m.start >= offset:
                break
            if kind is None or m.kind == kind or (kind == "area" and m.level == 3):
                best = m
        return best

    def names_near(self, start: int, end: int) -> list[PlaceMention]:
        """Places written as an adjective right before a word ('the California earthquake')."""
        out = []
        for match in _CAPS.finditer(self.text, max(0, start - 40), start):
            if match.end() + 1 != start:
                continue
            words = match.group().split()
            while words and words[0].lower() in _NOT_PLACES:
                words = words[1:]  # "The California earthquake"
            name = " ".join(words)
            if len(name) < 3 or _is_adjective(name):
                continue
            place = gazetteer.lookup(name)
            if place is not None:
                out.append(PlaceMention(match.end() - len(name), match.end(), name, place.level,
                                        "country" if place.level == 1 else None))
        return out

    def demonyms(self, start: int, end: int) -> list[PlaceMention]:
        """Countries named by an adjective of nationality ('the Zambian government' -> Zambia)."""
        out = []
        for match in re.finditer(r"\b[A-Z][a-z]+\b", self.text[start:end]):
            country = gazetteer.demonym_country(match.group())
            if country:
                out.append(PlaceMention(start + match.start(), start + match.end(), country, 1, "country"))
        return out


def _find(text: str, taken: Sequence[tuple[int, int]]) -> list[PlaceMention]:
    found: list[PlaceMention] = []
    covered: list[tuple[int, int]] = []

    def add(start: int, end: int, name: str, kind: str | None, parent: str | None = None,
            cue: str | None = None) -> None:
        if name.endswith(("'s", "’s")):
            name, end = name[:-2], end - 2
        for s_, _e in taken:  # "the eastern Philippines Friday": the name stops where a date begins
            if start < s_ < end:
                name = name[: max(0, len(name) - (end - s_))].rstrip(" ,")
                end = start + len(name)
        if _overlaps(start, end, covered) or _overlaps(start, end, taken):
            return
        if not name or name.split()[0].lower() in _NOT_PLACES or _is_adjective(name):
            return
        kind = _singular(kind)
        level = _NOUNS.get(kind, 0) if kind else 0
        known = gazetteer.lookup(name) if not level or " and " not in name else None
        if known is not None:
            level = level or known.level
            kind = kind or ("country" if known.level == 1 else None)
        if not level:
            level = 3
        found.append(PlaceMention(start, end, name, level, kind, parent, cue))
        covered.append((start, end))

    for match in _POSSESSIVE.finditer(text):
        parent = _strip_direction(match.group("parent"))
        if parent.split()[0].lower() in _NOT_PLACES or gazetteer.lookup(parent) is None:
            continue
        name = match.group("name")
        add(match.start("parent"), match.end("parent"), parent, None)
        add(match.start("name"), match.end("name"), name, None, parent)
    for match in _CUED.finditer(text):
        name = _strip_direction(match.group("name"))
        kind = (match.group("kind_of") or match.group("kind_before") or match.group("kind_after") or "").lower() or None
        start, end = match.start("name"), match.end("name")
        if match.group("kind_after") and _NOUNS[match.group("kind_after").lower()] > 1:
            name, end = f"{name} {match.group('kind_after')}", match.end("kind_after")
        elif match.group("kind_after"):
            kind = None
        parent = _parent_after(text, end, taken)
        cue = match.group("cue").lower()
        if cue == "from" and _LAUNCHED.search(text, max(0, match.start() - 20), match.start()):
            cue = "fired from"  # where a missile came from, not where it struck
        elif cue.endswith(" of") and _DISTANCE.search(text, max(0, match.start() - 40), match.start()):
            cue = "distance from"  # "40 kilometres south of Kisangani": a landmark to measure from
        add(start, end, name, kind, parent, cue)
    for match in _DIRECTED.finditer(text):
        add(match.start("name"), match.end("name"), match.group("name"), None, None, "direction")
    for match in _KIND_OF.finditer(text):
        add(match.start("name"), match.end("name"), match.group("name"), match.group("kind_of").lower())
    return sorted(found, key=lambda m: m.start)


def _parent_after(text: str, end: int, taken: Sequence[tuple[int, int]]) -> str | None:
    # "Jabalia refugee camp in northern Gaza Strip": the second place contains the first.
    match = _PARENT.match(text, end)
    if match is None or match.group("name").split()[0].lower() in _NOT_PLACES:
        return None
    stop = min([s for s, _ in taken if match.start("name") <= s < match.end("name")], default=match.end("name"))
    return text[match.start("name"):stop].strip(" ,") or None


def _is_adjective(name: str) -> bool:
    # "the South and West", "the Central Asian nation": directions and nationalities are no place names.
    words = [w for w in name.split() if w.lower() != "and"]
    if all(w.lower() in _DIRECTIONS for w in words):
        return True
    if len(words) != 1 or gazetteer.lookup(name) is not None:
        return False
    return name.endswith(("ian", "ese")) or gazetteer.demonym_country(name) is not None


def _singular(kind: str | None) -> str | None:
    if kind is None:
        return None
    kind = kind.lower()
    if kind.endswith("s") and kind[:-1] in _NOUNS:
        kind = kind[:-1]
    return "country" if kind == "nation" else kind


def bare_name(name: str) -> str:
    """A place name without the kind of place written after it: 'Jabalia refugee camp' -> 'Jabalia'."""
    for noun in _NOUNS_LONGEST:
        if name.lower().endswith(" " + noun):
            return name[: -len(noun) - 1]
    return name


def _strip_direction(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0] in _DIRECTIONS and words[1][:1].isupper():
        words = words[1:]
    return " ".join(words)


def _main_place(text: str, mentions: list[PlaceMention]) -> PlaceMention | None:
    # The dateline's place when the article has one, else the local place it names most often.
    dateline = _DATELINE.match(text)
    if dateline is not None:
        name = dateline.group("name").title()
        return PlaceMention(dateline.start("name"), dateline.end("name"), name, 3, None)
    names = {m.name for m in mentions if m.level >= 2 and " and " not in m.name and "," not in m.name} or {
        m.name for m in mentions if " and " not in m.name and "," not in m.name}
    counts = Counter(n for n in (_strip_direction(c) for c in _CAPS.findall(text)) if n in names)
    if not counts:
        return None
    top = max(counts.values())
    return next(m for m in mentions if counts.get(m.name) == top)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)
