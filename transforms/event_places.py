"""Places an article names: capitalized names after place cues, kinds of places, and what 'the town' refers to."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from transforms import gazetteer, lexicon
from transforms.dateline_place import DATELINE
from transforms.sentences import Sentence
from transforms.word_trie import fold_case, word_starting

_NOUNS = {k: int(v) for k, v in lexicon.table("events_place_nouns.tsv").items()}
_CUES = lexicon.words("events_place_cues.txt")
_NOT_PLACES = lexicon.words("events_not_places.txt")
_PERSON_TITLES = lexicon.words("events_person_titles.txt")
_DIRECTIONS = lexicon.words("events_directions.txt")
_BEFORE_A_PLACE = _DIRECTIONS | lexicon.words("events_place_adjectives.txt")  # "the northern", "the occupied"
_MOVEMENT_VERBS = lexicon.words("events_movement_verbs.txt")
_CAPTURE_VERBS = lexicon.words("events_capture_verbs.txt")
_BORDER_NOUNS = frozenset({"border", "borders", "frontier"})
_REGION_KINDS = frozenset({"region", "province", "state"})
_CITY_KINDS = frozenset({"city", "town"})

_WORD = r"(?:(?:[A-Z]\.){2,}|St\.|[A-Z][\w'’]*(?:-[\w'’]+)*)"
# "Plaza de la Independencia", "Democratic Republic of (the) Congo"
_PARTICLES = (r"al-\w+|de\s+(?:la|las|los|le|les)|de|del|el|es|e|da|das|do|dos|di|du"
              r"|of(?<=Republic\sof)(?:\s+the)?")
# (?=[A-Zadeo]): what a word of a name or a particle begins with; a name is most often followed by a word in lower
# case, given up at this one test instead of a try of each alternative.
_NAME = rf"{_WORD}(?:\s+(?=[A-Zadeo])(?:{_WORD}|al-[A-Z]\w*|(?:{_PARTICLES})\b(?=\s+[A-Z])))*"
# The same words with their capital first: a pattern that begins with a character class lets a scan of the whole
# text skip to the next capital instead of trying the pattern at every character.
_WORD_FROM_CAPITAL = r"[A-Z](?:\.(?:[A-Z]\.)+|(?<=S)t\.|[\w'’]*(?:-[\w'’]+)*)"
_DIR = "|".join(sorted(_DIRECTIONS, key=len, reverse=True))
_NOUN = "|".join(re.escape(n) for n in sorted(_NOUNS, key=len, reverse=True))
# "the town", "there", "the provincial": each begins with the "t" matched first (see word_starting); not "the state
# capital", the capital of the state.
# "the mountainous region", "the restive province": a word that describes a place may stand before its kind.
_DESCRIBING = "|".join(sorted(map(re.escape, _BEFORE_A_PLACE), key=len, reverse=True))
_ANAPHOR = re.compile(word_starting("t") + r"(?:(?:he|(?P<this>his))\s+"
                      rf"(?:whole\s+|same\s+|entire\s+|(?:{_DESCRIBING})\s+)?(?P<kind>{_NOUN})\b(?!\s+of\b)"
                      rf"(?!\s+(?:{_NOUN})\b)|(?P<there>here)\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|seems?|remains?|appears?)\b)"
                      rf"|he\s+(?P<adj>provincial|province['’]s)\b)", re.I)
_CAPS = re.compile(_WORD_FROM_CAPITAL + _NAME[len(_WORD):])
_LEADING_FIRST = frozenset(w.capitalize() for w in _CUES | _NOT_PLACES if " " not in w)
_LEADING_WORDS = re.compile(rf"(?:(?:{'|'.join(sorted(_LEADING_FIRST, key=len, reverse=True))})\s+)+(?=[A-Z])")
_KIND_AT_END = re.compile(rf"\s+(?:{_NOUN})$", re.I)
_OF_A_NAME = re.compile(r" of [A-Z]")
_PLACED_BY = re.compile(r"\b(?:(?:across|over)\s+the\s+(?:border|river|street|road|bay)\s+from"
                        r"|on\s+the\s+(?:shores?|banks?|edge)\s+of|at\s+the\s+foot\s+of)\s+$", re.I)
_CAPITAL_AFTER = re.compile(r"['’]s\s+capital\b")
_VOTED = re.compile(r"vot(?:ed|ers)\b|elected\b")
# "the deadliest wildfire in California history", "the worst attack in the Horn of Africa nation's history", "the
# deadliest attacks in France since World War Two": the frame of a comparison, not where it happened.
_SUPERLATIVE_IN_BEFORE = re.compile(
    rf"\b(?:{'|'.join(sorted(map(re.escape, lexicon.words('events_superlatives.txt')), key=len, reverse=True))})"
    r"(?:\s+[\w'’-]+){0,6}\s+in\s+(?:the\s+)?$", re.IGNORECASE)
_SINCE_AFTER = re.compile(r"\s+since\b")
_SINCE_WHEN = re.compile(r"\s+since\s+[^,.;]{0,30},\s+when\b")
_HISTORY_AFTER = re.compile(r"(?:\s+of\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?(?:\s+[a-z]+)?(?:['’]s)?\s+history\b")
# "Pakistan's deadly floods": the place whose event it is, a possessive up to two words before the event's word.
_OWNER = r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)['’]s\s+((?:[a-z-]+\s+){0,2})"
_OWNER_BEFORE = re.compile(_OWNER + "$")
# "won Taiwan's presidential election": the owner inside the words of the event.
_OWNER_WITHIN = re.compile(_OWNER + "(?=[a-z])")
# A body of water, a shore or a street, named after "on": "capsized on Lake Victoria", "struck on the Bhola coast",
# "clashes on Republic Square".
_SITE_ON = re.compile(r"(?:Lake|Loch)\s+[A-Z]|(?:[A-Z][\w'’-]*\s+){1,3}(?:River|Lake|Sea|Canal|[Cc]oast|Square|Street|"
                    r"Avenue|Boulevard|Bridge|Highway|Road)\b")
_ARTICLES = frozenset({"the", "a", "an", "nearby", "whole", "same"})
_ON_VERBS = lexicon.words("events_on_verbs.txt")
_LANDMARK_NOUNS = lexicon.words("events_landmark_nouns.txt")
_NAMED_BY_REST = frozenset({"Mount", "Mt.", "Mt", "Lake"})  # a place later told by the rest of its name
_NAMED_BY_REST_STARTS = tuple(f"{w} " for w in _NAMED_BY_REST)
_TARGET_NOUNS = frozenset(w.split()[-1] for w in lexicon.words("events_target_nouns.txt"))
_BEFORE_WORDS = frozenset({c for c in _CUES if " " not in c} | {"of", "the", "with", "to", "on", "against", "capital,"}
                          | _CAPTURE_VERBS | _BEFORE_A_PLACE | set(_NOUNS) | _ARTICLES
                          | {n + s for n in _NOUNS for s in ("'s", "’s")})
_ACTORS = lexicon.words("events_actors.txt")
_PEOPLE_ADJECTIVES = lexicon.words("events_people_adjectives.txt")
_WEEKDAYS = frozenset(lexicon.table("dates/weekday.tsv"))
_EVENT_NAME_ENDS = lexicon.words("events_named_event_ends.txt")
_ACTOR_AFTER = re.compile(rf"\s+(?:{'|'.join(sorted(map(re.escape, _ACTORS), key=len, reverse=True))})\b", re.I)
_KIND_AFTER = re.compile(rf"\s+(?P<kind>{_NOUN})\b")
_LIST_GAP = re.compile(r",\s*|,?\s+and\s+|,\s+and\s+")
_POSSESSIVE_SPLIT = re.compile(r"['’]s\s+(?=[A-Z])")
_POSSESSIVE_AFTER = re.compile(r"['’]s\s+(?:[a-z][a-z-]*\s+){0,3}(?=[A-Z])")  # "Baghdad's heavily fortified Green Zone"
_COMPOUND_ADJECTIVE = re.compile(r"-(?:[a-z]+ed|held|led|run|built|born|made)$")
_LAUNCHED = re.compile(r"\b(?:fired|launched|shot|lobbed)\s+from\s+$", re.I)
_LOWER_WORD_AFTER = re.compile(r"\s+([a-z]+)\b")
_FUNCTION_WORDS = lexicon.words("language_en.txt")
_BASED = re.compile(r"\b(?:based|headquartered|registered|exiled|born)\s+in\s+$", re.I)
_INSTITUTION_IN = re.compile(
    r"\bby\s+(?:the\s+)?(?:[A-Z][\w.&'-]*\s+){0,5}"
    rf"(?i:{'|'.join(sorted(lexicon.words('events_institution_nouns.txt')))})\s+in\s+$")
# Cues of names that are places but not where anything happened: where a missile came from, a landmark to measure
# from, where a group has its seat ("a rights group based in Norway").
NOT_EVENT_CUES = frozenset({"fired from", "distance from", "based in"})
# The words before where something was taken (see ArticlePlaces.destination).
_DESTINATION_WORDS = frozenset({"to", "into", "onto", "on", "in", "at", "reached", "reaching"})
_DISTANCE = re.compile(r"\d[\d,.]*\s*(?:km|kilomet\w*|miles?|meters|metres)\b[^.]{0,40}$", re.I)
_PARENT = re.compile(rf"\s+(?:in|near)\s+(?:the\s+)?(?:(?:{_DIR})\s+)?(?P<name>{_NAME})")
# A word in lower case after its capital, but not "Turkish-born"; the capital is matched first (then the word
# boundary before it), so that a search skips from one capital to the next instead of trying every character.
_CAPITALIZED_WORD = re.compile(r"[A-Z](?<!\w.)[a-z]+\b(?!-)")


# Not frozen: one is built for every place named and every later mention of it (see amounts.Amount for why);
# nothing changes one after it is built.
@dataclass(slots=True)
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
        self.mentions, caps, self._caps_matches = _find(text, taken)
        self.names = {m.name for m in self.mentions if m.cue not in NOT_EVENT_CUES}
        self._by_name = {m.name: m for m in self.mentions}
        for m in self.mentions:  # "Mount Sinabung", then "Sinabung's southern flank"
            first, _, rest = m.name.partition(" ")
            if first in _NAMED_BY_REST and rest and m.cue not in NOT_EVENT_CUES:
                self._by_name.setdefault(rest, m)
                self.names.add(rest)
        # Every later mention of a name once seen as a place ("Kunduz itself has suffered ...").
        placed = {(m.start, m.end) for m in self.mentions}
        self._occurrences = sorted(
            [(m.start, m.end, m) for m in self.mentions]
            + [(st, en, self._by_name[n]) for st, en, n, _ in caps
               if n in self.names and (st, en) not in placed and not _inside_any(st, en, placed)
               and not _framed(text, st, en)])
        self._starts = [o[0] for o in self._occurrences]
        self._caps = caps
        self._spans: dict[tuple[int, int], list[PlaceMention]] = {}
        self.main_is_dateline = DATELINE.match(text) is not None
        codes = (gazetteer.lookup(m.name) for m in self.mentions if m.level <= 2)
        self.countries = frozenset(p.country for p in codes if p is not None and p.country)

    @cached_property
    def main(self) -> PlaceMention | None:
        """The article's main place; asked only for an event that names no place of its own, in some articles."""
        return _main_place(self.text, self.mentions, [m.group() for m in self._caps_matches])

    def in_span(self, start: int, end: int) -> list[PlaceMention]:
        """The places named between two offsets, in order, with the names seen elsewhere and the anaphors resolved."""
        cached = self._spans.get((start, end))
        if cached is not None:
            return cached
        found = []
        for st, en, m in self._occurrences[bisect_left(self._starts, start):bisect_right(self._starts, end)]:
            if en > end:
                continue
            if m.level == 1 and _CAPITAL_AFTER.match(self.text, en):
                m = self._capital_of(m) or m  # "in Somalia's capital", with MOGADISHU in the dateline
            found.append(m if m.start == st else PlaceMention(st, en, m.name, m.level, m.kind, m.parent))
        covered = [(m.start, m.end) for m in found]
        for match in _ANAPHOR.finditer(self.text, start, end):
            if _overlaps(match.start(), match.end(), covered) \
                    or any(match.end() < st <= match.end() + 2 for st, _ in covered):
                continue  # (nor "the capital, Maputo": the name that follows says which)
            if match.group("kind") and match.group("kind")[0].isupper():
                continue  # "the State Emergency Management Agency": a name, not "the state" told before
            kind = (match.group("kind") or "").lower() or ("province" if match.group("adj") else None)
            if match.group("this") and kind in ("city", "town", "capital") and self.main_is_dateline:
                target = self.main  # "escaped from a state prison in this city": the city filed from
            else:
                target = self.referent(match.start(), kind)
            if target is None and kind == "capital":
                target = self.capital_named(match.start())
            if target is None and kind in ("country", "nation"):
                # "Nigerian police say ... five days of violence in the country's north": the country named before,
                # by its people too; else the one country of an article on Haiti ("The country is still rebuilding")
                target = self.country_before(match.start()) or self.sole_country

            if target is None and kind == "city" and self.main_is_dateline and self.main is not None \
                    and not self.text.startswith(("'s", "’s"), match.end()) \
                    and self.main.name in self.text[self.main.end:match.start()]:
                # "TRIPOLI - ... Tripoli has been controlled by armed groups. Clashes in the city in August": the
                # city filed from, when the article names it again
                target = self.main
            if target is not None:
                found.append(PlaceMention(match.start(), match.end(), target.name, target.level, target.kind,
                                          target.parent))
        found.sort(key=lambda m: m.start)
        self._spans[(start, end)] = found
        return found

    def referent(self, offset: int, kind: str | None) -> PlaceMention | None:
        """The last place of that kind named before `offset` (any place for 'there')."""
        kind = _singular(kind)
        best = None
        # Every naming counts, not only the first: "seized Tikrit, north of Baghdad, a day after overrunning Mosul
        # ... The fall of Mosul ... killed in clashes there" is Mosul, named last.
        for start, _, m in self._occurrences:
            if start >= offset:
                break
            # "the camp" is the "Jenin refugee camp" named before, "the city" the "port city of Hodeidah".
            if kind is None or m.kind == kind or (m.kind is not None and m.kind.endswith(" " + kind)) \
                    or (kind == "area" and m.level == 3) \
                    or (kind in _REGION_KINDS and m.kind is None and m.level == 2) \
                    or (kind in _CITY_KINDS and m.kind is None and m.level >= 2 and gazetteer.is_city(m.name)):
                # ("the region" after "the South Waziristan tribal region": a region the gazetteer knows, of no kind
                # written right after it; "the city" after "Osh", a city and the province named for it, or after
                # "Bangui", a city of no kind written)
                best = m
        return best

    def _capital_of(self, country: PlaceMention) -> PlaceMention | None:
        """The capital of a country, at the country's mention, when the article names that city."""
        known = gazetteer.lookup(country.name)
        named = self._named_capital(known.country) if known is not None and known.country else None
        return PlaceMention(country.start, country.end, named.name, 3, "capital", named.parent) if named else None

    def capital_named(self, offset: int) -> PlaceMention | None:
        """The capital of the country in focus before an offset, when the article names that city (its dateline
        counts): "NAIROBI, Kenya - Police fired tear gas at protesters in the capital" -> Nairobi."""
        country = self.country_before(offset)
        dateline = self.main if self.main_is_dateline else None
        codes = [gazetteer.lookup(p.name) for p in (country, dateline) if p is not None]
        for code in dict.fromkeys(p.country for p in codes if p is not None and p.country):
            named = self._named_capital(code)
            if named is not None:
                return PlaceMention(named.start, named.end, named.name, 3, "capital", named.parent)
        return None

    def _named_capital(self, code: str) -> PlaceMention | None:
        """Where the article names the capital of a country (ISO code), its dateline included, or None."""
        capital = gazetteer.capital_of(code)
        named = self._by_name.get(capital) if capital else None
        if named is None and self.main_is_dateline and self.main is not None and capital \
                and self.main.name.lower() == capital.lower():  # "PORT-AU-PRINCE" is Port-au-Prince
            named = self.main
        return named

    def country_before(self, offset: int) -> PlaceMention | None:
        """The country the article names last before an offset, by name or by its people ('Colombians')."""
        named = [m for m in self.mentions if m.level == 1 and m.start < offset]
        if named:
            return named[-1]
        people = self.demonyms(0, offset)
        if people:
            return people[-1]
        # "Chile's government said ...": a country named only as an owner
        for start, end, name, _ in reversed(self._caps):
            if start < offset and self.text.startswith(("'s", "’s"), end) and (known := gazetteer.lookup(name)) \
                    is not None and known.level == 1:
                return PlaceMention(start, end, name, 1, "country")
        return None

    @cached_property
    def sole_country(self) -> PlaceMention | None:
        """The one country the article names, as a place, an owner or in the dateline; None if it names several."""
        found: dict[str, PlaceMention] = {}
        for start, end, name, _ in self._caps:
            if (known := gazetteer.lookup(name)) is not None and known.level == 1:
                assert known.country is not None  # the gazetteer knows every country by its code
                found.setdefault(known.country, PlaceMention(start, end, name, 1, "country"))
        return next(iter(found.values())) if len(found) == 1 else None

    def names_near(self, start: int, end: int, owner: bool = False) -> list[PlaceMention]:
        """Places written as an adjective right before a word ('the California earthquake'), and with `owner` as a
        possessive before it or in its words ("Pakistan's deadly floods", "won Taiwan's presidential election")."""
        out = []
        found = (_OWNER_BEFORE.search(self.text, max(0, start - 50), start)
                 or _OWNER_WITHIN.search(self.text, start, end)) if owner else None
        if found is not None and not _ACTORS.intersection(found.group(2).split()) \
                and (place := gazetteer.lookup(found.group(1))) is not None:  # but "Egypt's military ousted"
            out.append(PlaceMention(found.start(1), found.end(1), found.group(1), place.level,
                                    "country" if place.level == 1 else None))
        for match in _CAPS.finditer(self.text, max(0, start - 40), start):
            if match.end() + 1 != start:
                continue
            words = match.group().split()
            determined = words[0].lower() in _ARTICLES or \
                self.text[max(0, match.start() - 4):match.start()].lower().endswith(("the ", " a ", "an "))
            while words and words[0].lower() in _NOT_PLACES:
                words = words[1:]  # "The California earthquake"
            name = " ".join(words)
            if len(name) < 3 or _is_adjective(name) or not (determined or owner and _VOTED.match(self.text, start)):
                # "Police detained 35 people": the subject of a verb, not a place named as an adjective; but who
                # voted is where the vote was ("Scotland voted against independence", "Riverton voters elected")
                continue
            place = gazetteer.lookup(name)
            if place is not None:
                out.append(PlaceMention(match.end() - len(name), match.end(), name, place.level,
                                        "country" if place.level == 1 else None))
        return out

    def destination(self, start: int, end: int) -> PlaceMention | None:
        """The first place between two offsets named right after a word of destination ("flown tents to Faizabad",
        "dropped rice on Sandwip and Hatiya", "reached Rustaq", "landed in Luganville"), a place the article names
        elsewhere or the gazetteer knows; None when there is none ("from Tajikistan" is no destination)."""
        names = self._caps
        placed = {m.start: m for m in self.mentions}
        for i in range(bisect_left(names, (start,)), len(names)):
            st, en, name, parent = names[i]
            if st >= end:
                break
            before = self.text[max(0, st - 16):st].lower().split()
            if before[-1:] == ["the"]:
                before = before[:-1]
            if parent is not None or not before or before[-1] not in _DESTINATION_WORDS:
                continue
            if st in placed and placed[st].cue not in NOT_EVENT_CUES:
                return placed[st]  # as found with its kind: "to Takhar province"
            if name not in self.names and gazetteer.lookup(name) is None:
                continue
            j = _list_end(self.text, names, i)
            place = _place(self.text[st:names[j][1]], st, names[j][1], None, None, before[-1])
            if place is not None:
                return place
        return None

    def demonyms(self, start: int, end: int) -> list[PlaceMention]:
        """Countries named by an adjective of nationality ('the Zambian government' -> Zambia)."""
        out = []
        for match in _CAPITALIZED_WORD.finditer(self.text[start:end]):
            country = gazetteer.demonym_country(match.group())
            if country:
                out.append(PlaceMention(start + match.start(), start + match.end(), country, 1, "country"))
        return out


def _find(text: str, taken: Sequence[tuple[int, int]]
          ) -> tuple[list[PlaceMention], list[tuple[int, int, str, str | None]], list[re.Match]]:
    """The places an article names, every capitalized name (start, end, name, possessor) for later look-ups, and the
    matches of every capitalized name as written (dates left in)."""
    matches = list(_CAPS.finditer(text))
    names = _names(text, matches, taken)
    found: list[PlaceMention | None] = []  # _place gives None for a name that is no place
    i = 0
    while i < len(names):
        start, end, name, parent = names[i]
        if parent is not None:  # "Baghdad's Sadr City"
            if gazetteer.lookup(parent) is not None and parent.split()[0].lower() not in _NOT_PLACES:
                found.append(_place(parent, start, start + len(parent), None, None, None))
                kind_after = _KIND_AFTER.match(text, end)
                if (_cue_before(text, start) is not None or kind_after is not None
                        or gazetteer.lookup(name) is not None or _KIND_AT_END.search(name) is not None
                        or name.startswith(_NAMED_BY_REST_STARTS)):  # "Indonesia's Mount Sinabung erupted"
                    # "in Baghdad's Sadr City", "Nigeria's Borno state", "Indonesia's Sunda Strait"; but "Syria's Assad
                    # ordered", "Yemen's Houthi movement" name a man and a movement of the country
                    if kind_after is not None and _NOUNS[fold_case(kind_after.group("kind"))] == 2:
                        # "China's Yunnan province": a province, not a town
                        found.append(_place(f"{name} {kind_after.group('kind')}", end - len(name), kind_after.end(),
                                            kind_after.group("kind"), parent, None))
                    else:
                        found.append(_place(name, end - len(name), end, None, parent, None))
            i += 1
            continue
        before = _cue_before(text, start)
        if before is None and _the_before(text, start) and \
                (kind_after := _KIND_AFTER.match(text, end)) is not None and \
                _NOUNS[fold_case(kind_after.group("kind"))] >= 3:
            # "attacked the Krinding camp", "struck the remote Rustaq district": the kind says it is a place
            before = (None, kind_after.group("kind"))
        if before is None and name.startswith(_NAMED_BY_REST_STARTS):
            before = (None, None)  # "an eruption of Mount Merapi": a mountain or a lake is a place, whatever the cue
        if before is None:
            i += 1
            continue
        cue, kind = before
        if (cue == "against" or (cue == "captured" and kind is None)) and gazetteer.lookup(name) is None:
            i += 1
            continue
        j = _list_end(text, names, i)
        end = names[j][1]
        name = text[start:end]
        after = _KIND_AFTER.match(text, end)
        if _framed(text, start, end):
            i = j + 1
            continue
        part_of = after is not None and _OF_A_NAME.match(text, after.end()) is not None
        if part_of and after is not None \
                and not (_NOUNS[fold_case(after.group("kind"))] == 3 and _holds_the_part(text, after.end())):
            i += 1  # "the northern Gaza town of Beit Hanoun": the town is the name after "of"
            continue
        if after is not None and _NOUNS[fold_case(after.group("kind"))] == 1 and gazetteer.lookup(name) is None:
            i += 1  # "the Himalayan nation", "the Balkan country": a country described, named elsewhere
            continue
        capital = _capital_named(text, name, kind, after, end)
        if capital is not None:  # "the capital of Haiti", "the Haitian capital"
            found.append(PlaceMention(start, capital[1], capital[0], 3, "capital", None, cue))
            i = j + 1
            continue
        if _is_adjective(name) or (" " not in name and gazetteer.demonym_country(name)
                                   and (after is not None or _LOWER_WORD_AFTER.match(text, end))) \
                or (_ACTOR_AFTER.match(text, end) and gazetteer.lookup(name) is None) \
                or (name.isupper() and _modifies_noun_after(text, end)):
            # "the northern Afghan province of Kunduz", "the Somali port city of Kismayo", "near the Thai border",
            # "from Tigrayan forces", "in a U.S. drone strike"
            i += 1
            continue
        if after is not None and _NOUNS[fold_case(after.group("kind"))] > 1:
            written = _capital_written(text, name) if after.group("kind").lower() == "capital" else None
            name, end = written or f"{name} {after.group('kind')}", after.end()
            kind = kind or after.group("kind")
        if cue == "from" and _LAUNCHED.search(text, max(0, start - 40), start):
            cue = "fired from"  # where a missile came from, not where it struck
        elif _PLACED_BY.search(text, max(0, start - 30), start):
            # "in this city across the border from Laredo", "at Baga on the shores of Lake Chad": a landmark to
            # place it by
            cue = "distance from"
        elif cue is not None and cue.endswith(" of") and _DISTANCE.search(text, max(0, start - 60), start):
            cue = "distance from"  # "25 km north of Tamale": a landmark to measure from
        elif cue == "in" and (_BASED.search(text, max(0, start - 30), start)
                              or _INSTITUTION_IN.search(text, max(0, start - 80), start)):
            cue = "based in"
        larger = names[j + 1] if part_of and j + 1 < len(names) and names[j + 1][0] == end + 4 else None
        parent = larger[2] if larger is not None else _parent_after(text, end, taken)
        place = _place(name, start, end, kind, parent, cue)
        if place is not None:
            found.append(place)
        i = j + 1
        if larger is not None:  # "the Nad Ali district of Helmand province": the province, of its own kind
            l_start, l_end, l_name, _ = larger
            l_kind = _KIND_AFTER.match(text, l_end)
            if l_kind is not None:
                l_name, l_end = f"{l_name} {l_kind.group('kind')}", l_kind.end()
            found.append(_place(l_name, l_start, l_end, l_kind.group("kind") if l_kind else None, None, "in"))
            i += 1
        owner = _POSSESSIVE_AFTER.match(text, end)
        if place is not None and owner is not None and i < len(names) and names[i][0] == owner.end() \
                and names[i][3] is None:
            # "Helmand province's Nad Ali district": the district, in the province.
            c_start, c_end, c_name, _ = names[i]
            c_kind = _KIND_AFTER.match(text, c_end)
            if c_kind is not None and _NOUNS[fold_case(c_kind.group("kind"))] > 1:
                c_name, c_end = f"{c_name} {c_kind.group('kind')}", c_kind.end()
            child = _place(c_name, c_start, c_end, c_kind.group("kind") if c_kind else None, place.name, "in")
            if child is not None:
                found.append(child)
            i += 1
    return [p for p in found if p is not None], names, matches


def _names(text: str, matches: list[re.Match], taken: Sequence[tuple[int, int]]
           ) -> list[tuple[int, int, str, str | None]]:
    # Capitalized names, cut where a date begins ("Philippines Friday"), split at a possessive.
    out: list[tuple[int, int, str, str | None]] = []
    ends = dict(taken)
    starts = sorted(ends)
    for m in matches:  # of _CAPS
        start, end = m.span()
        k = bisect_right(starts, start)
        if k and ends[starts[k - 1]] > start:
            continue
        if k < len(starts) and starts[k] < end:
            end = start + len(text[start:starts[k]].rstrip(" ,"))
        name = text[start:end]
        if name.isalpha():  # one plain word, the most common name: no cue word, possessive or "'s" in it
            out.append((start, end, name, None))
            continue
        # Only a name whose first word is a cue can start with cue words (the pattern's words are followed by space).
        first = name.split(None, 1)
        lead = _LEADING_WORDS.match(name) if first and first[0] in _LEADING_FIRST else None
        if lead is not None:  # "At UN offices", "In Lima": a capitalized cue is no part of the name
            start += lead.end()
            name = text[start:end]
        if not name:
            continue
        possessive = _POSSESSIVE_SPLIT.search(name) if "'" in name or "’" in name else None
        if possessive is not None:
            parent, child = name[:possessive.start()], name[possessive.end():]
            out.append((start, end, child, parent) if child else (start, start + len(parent), parent, None))
            continue
        if name.endswith(("'s", "’s")):
            name, end = name[:-2], end - 2
        out.append((start, end, name, None))
    return out


def _the_before(text: str, start: int) -> bool:
    """Whether "the" comes right before, or "the" and one word in lower case ("the remote", "the mountainous")."""
    if start >= 4 and text[start - 4:start].lower() == "the ":
        return True
    if start < 6 or not text[start - 2].islower():
        return False
    words = text[start - 30 if start > 30 else 0:start].rsplit(None, 2)
    return len(words) >= 2 and words[-2].lower() == "the" and words[-1].isalpha()


def _framed(text: str, start: int, end: int) -> bool:
    """Whether the name is the frame of a comparison, not where something happened ("the deadliest wildfire in
    California history", "the fastest-growing refugee crisis in Europe since World War II")."""
    # A country or region framing the comparison is where it happened, as a rule ("the worst floods in Pakistan's
    # history"); a town of that name is not ("the Horn of Africa nation's history": Horn, the Dutch town). And "the
    # deadliest attack in Britain since July 2005, when four suicide bombers killed 52": the event the comparison is
    # measured by happened there too.
    framing = _HISTORY_AFTER.match(text, end) is not None or (
        _SINCE_AFTER.match(text, end) is not None and _SINCE_WHEN.match(text, end) is None
        and _SUPERLATIVE_IN_BEFORE.search(text, max(0, start - 80), start) is not None)
    if not framing:
        return False
    known = gazetteer.lookup(text[start:end])
    return known is None or known.level > 2


def _cue_before(text: str, start: int) -> tuple[str | None, str | None] | None:
    """(cue, kind) when the words before a name make it a place: 'in the town of', 'east of', 'southern'."""
    if start == 0 or not text[start - 1].isspace():
        return None
    # The word right before is the last (the offsets are bounded by a test, not by max(): this is asked for every
    # capitalized word, and a call of the builtin costs more than the rest of the test).
    near = text[start - 30 if start > 30 else 0:start].rsplit(None, 1)
    if not near or near[-1].lower() not in _BEFORE_WORDS:
        return None  # most capitalized words follow no place cue at all
    # The last seven words, after seven empty ones: looking back past the first word finds "", with no index
    # below 0 (the checks below step back at most seven words); `low` holds them in lower case (lower case moves
    # no white space, so the words of the lowered text are these words).
    before = text[start - 90 if start > 90 else 0:start]
    toks = [""] * 7 + before.rsplit(None, 7)[-7:]
    low = [""] * 7 + before.lower().rsplit(None, 7)[-7:]
    k = len(toks) - 1
    kind = cue = None
    if low[k] == "the" and low[k - 1] == "of":
        k -= 1
    if low[k] == "to" and any(low[j] in _MOVEMENT_VERBS for j in range(k - 5, k)):
        return "to", None  # "fled south to Pemba", "sent 300 more troops to Cabo Delgado province"
    if low[k] == "with" and low[k - 1] in _BORDER_NOUNS:
        return "border with", None  # "near the border with Burkina Faso": the border is where it happened
    if low[k] == "of":
        prev = low[k - 1]
        if f"{prev} of" in _CUES:
            return f"{prev} of", None
        if prev == "capital" and low[k - 2].endswith(","):
            return "in", None  # "in Aybak city, capital of Samangan province": the province the city is in
        if _singular(prev) not in _NOUNS:
            return None
        kind, k = prev, k - 2
        if toks[k][:1].isupper() and low[k] not in _NOT_PLACES:
            k -= 1  # "the northern Afghan province of"
    elif (low[k] in _NOUNS or low[k] == "capital,") and toks[k][:1].islower():
        kind, k = low[k].rstrip(","), k - 1  # "through the capital Bogota", "in the capital, Nairobi"
    elif low[k][-2:] in ("'s", "’s") and low[k][:-2] in _NOUNS and toks[k][:1].islower():
        k -= 1  # "in the city's Medina district": a place within the one named before
    if kind is not None and low[k] in _NOUNS and toks[k][:1].islower():
        k -= 1  # "the state capital Maiduguri", "the district headquarters"
    directed = low[k] in _BEFORE_A_PLACE and toks[k][:1].islower()
    if directed:
        k -= 1
    while low[k] in _ARTICLES:
        k -= 1
    if low[k] in _CUES:
        cue = low[k]
    elif low[k] == "to" and any(low[j] in _MOVEMENT_VERBS for j in range(k - 5, k)):
        cue = "to"  # "fled to the Debaga camp"
    elif low[k] == "of" and f"{low[k - 1]} of" in _CUES:
        cue = f"{low[k - 1]} of"  # "south of the town of Chitral"
    elif low[k] == "on" and (low[k - 1] in _TARGET_NOUNS or low[k - 1] in _ON_VERBS
                             or f"{low[k - 2]} {low[k - 1]}" in _ON_VERBS):
        cue = "on"  # "air strikes on Aleppo": where they struck; "advanced on Kyiv": where they went
    elif low[k] == "against" and low[k - 1] in _TARGET_NOUNS:
        cue = "against"  # "air strikes against Yugoslavia" (a known place only: "attacks against Kurds" are on people)
    elif low[k] in _CAPTURE_VERBS:
        cue = "captured"  # "troops had recaptured Zakho" (a known place only: "seized Mayor Pito" took a man)
    elif low[k] == "on" and _SITE_ON.match(text, start):
        cue = "on"  # "capsized on Lake Victoria", "on the Niger River", "on the Bhola coast"
    elif directed and kind is None and k == len(toks) - 2:
        cue = "direction"  # "struck southern Peru"
    if cue is None and kind is None:
        return None
    return cue, kind


def _list_end(text: str, names: list, i: int) -> int:
    # "Ali Abad, Chahar Dara, and Imam Sahib": names joined by commas up to an "and" are one place.
    j, last_and = i, i
    while j + 1 < len(names) and names[j + 1][3] is None:
        gap = text[names[j][1]:names[j + 1][0]]
        if not _LIST_GAP.fullmatch(gap):
            break
        j += 1
        if "and" in gap:
            last_and = j
            break
    return last_and


def _place(name: str, start: int, end: int, kind: str | None, parent: str | None,
           cue: str | None) -> PlaceMention | None:
    if not name or name.split()[0].lower() in _NOT_PLACES or _is_adjective(name) or name.lower() in _ACTORS:
        return None  # "attacked Hamas positions": who was attacked, not where
    if any(w.lower() in _PERSON_TITLES for w in name.split()[1:]):
        return None  # "closer to Venezuelan President Hugo Chavez": a man
    last = name.rsplit(None, 1)[-1].lower()
    if last in _WEEKDAYS or last in _EVENT_NAME_ENDS:
        # "from the Easter Sunday bombings", "since Black Monday": a day named, not a place; "the death toll from the
        # Camp Fire": an event named
        return None
    kind = _singular(kind)
    level = _NOUNS.get(kind, 0) if kind else 0
    known = gazetteer.lookup(name) if not level and " and " not in name and ", " not in name else None
    if not level and name.isupper() and name.isalpha() and len(name) <= 5 and (known is None or known.level == 3):
        return None  # "threats from the FARC", "the ADF": a group's initials (a town so named is not what is meant)
    if known is not None:
        level = known.level
        kind = kind or ("country" if known.level == 1 else None)
    return PlaceMention(start, end, name, level or 3, kind, parent, cue)


def _parent_after(text: str, end: int, taken: Sequence[tuple[int, int]]) -> str | None:
    # "Kakuma refugee camp in northwestern Kenya": the second place contains the first.
    match = _PARENT.match(text, end)
    if match is None or match.group("name").split()[0].lower() in _NOT_PLACES:
        return None
    stop = min([s for s, _ in taken if match.start("name") <= s < match.end("name")], default=match.end("name"))
    name = text[match.start("name"):stop].strip(" ,")
    if name.endswith(("'s", "’s")):
        name = name[:-2]  # "Gamboru Ngala in Nigeria's northeastern Borno state"
    if name and _is_adjective(name):
        return None  # "Takhar province near the Tajik border": a people's border, not a place holding the province
    return name or None


def is_landmark(name: str) -> bool:
    """Whether a name is a building's or a square's ("the U.S. Embassy", "Sharif University", "Tahrir Square")."""
    return name.rsplit(None, 1)[-1].lower() in _LANDMARK_NOUNS


def _holds_the_part(text: str, of_at: int) -> bool:
    """Whether the place after "of" holds the one named before it: a region or country ("the Nad Ali district of
    Helmand province", "the Bajaur area of Pakistan") or a national capital ("the Kamrangirchar area of Dhaka"),
    where "the northern Gaza town of Beit Hanoun" names the town after "of"."""
    larger = _CAPS.match(text, of_at + 4)
    if larger is None:
        return False
    kind = _KIND_AFTER.match(text, larger.end())
    if kind is not None:
        return _NOUNS[fold_case(kind.group("kind"))] <= 2
    place = gazetteer.lookup(larger.group())
    if place is None:
        return False
    return place.level <= 2 or (place.country is not None and gazetteer.capital_of(place.country) == larger.group())


def _modifies_noun_after(text: str, end: int) -> bool:
    """Whether an abbreviated name is followed by the noun it qualifies: "U.S. troops", not "the U.S. and"."""
    word = _LOWER_WORD_AFTER.match(text, end)
    return word is not None and word.group(1) not in _FUNCTION_WORDS


@lru_cache(maxsize=4096)  # asked again each time a name is written; the answer depends on the name alone
def _is_adjective(name: str) -> bool:
    # "the South and West", "the Central Asian nation": directions and nationalities are no place names.
    words = [w for w in name.split() if w.lower() != "and"]
    if all(w.lower() in _DIRECTIONS for w in words):
        return True
    if len(words) != 1:
        return False
    if _COMPOUND_ADJECTIVE.search(name):
        return True  # "in UN-organised elections", "a Saudi-led coalition", "Houthi-held areas"
    if name.lower() in _PEOPLE_ADJECTIVES:
        return True  # "southern African countries", "the Hema quarter": a people, not a place
    known = gazetteer.lookup(name)
    if known is not None and (known.level < 3 or gazetteer.demonym_country(name) is None):
        return False  # (but "Thai", a people before a town of that name)
    return name.endswith(("ian", "ese")) or gazetteer.demonym_country(name) is not None


def _singular(kind: str | None) -> str | None:
    if kind is None:
        return None
    kind = kind.lower()
    if kind.endswith("ies") and kind[:-3] + "y" in _NOUNS:
        kind = kind[:-3] + "y"  # "the cities of Omdurman and Atbara"
    elif kind.endswith("s") and kind[:-1] in _NOUNS:
        kind = kind[:-1]
    return "country" if kind == "nation" else kind


def bare_name(name: str) -> str:
    """A place name without the kind of place written after it: 'Kakuma refugee camp' -> 'Kakuma'."""
    match = _KIND_AT_END.search(name)
    return name[:match.start()] if match is not None else name


def _strip_direction(name: str) -> str:
    words = name.split()
    if len(words) == 1:
        return words[0]
    while len(words) > 1 and words[0] in _DIRECTIONS and words[1][:1].isupper():
        words = words[1:]
    return " ".join(words)


def _main_place(text: str, mentions: list[PlaceMention], written: list[str]) -> PlaceMention | None:
    # The dateline's place when the article has one, else the local place it names most often.
    dateline = DATELINE.match(text)
    if dateline is not None:
        name = _dateline_name(text, dateline.start("name"), dateline.end("name"))
        return PlaceMention(dateline.start("name"), dateline.end("name"), name, 3, None)
    names = {m.name for m in mentions if m.level >= 2 and " and " not in m.name and "," not in m.name} or {
        m.name for m in mentions if " and " not in m.name and "," not in m.name}
    # Most names are one plain word, which has no direction to strip.
    counts = Counter(n for n in (c if c.isalpha() else _strip_direction(c) for c in written) if n in names)
    if not counts:
        return None
    top = max(counts.values())
    return next(m for m in mentions if counts.get(m.name) == top)


def _capital_named(text: str, name: str, kind: str | None, after: re.Match | None, end: int
                   ) -> tuple[str, int] | None:
    """The capital, as the article writes it, and where its words end, of a country named with "capital": "the
    capital of Haiti" (kind from the words before), "the Haitian capital" ("Haiti's capital" is read where the
    article's places are looked up: ArticlePlaces.in_span)."""
    if kind == "capital":
        country = name
    elif after is not None and after.group("kind").lower() == "capital" \
            and (demonym := gazetteer.demonym_country(name)) is not None:
        country, end = demonym, after.end()
    else:
        return None
    capital = _capital_written(text, country)
    return (capital, end) if capital is not None else None


def _capital_written(text: str, country: str) -> str | None:
    """The capital of a country as the article writes it, when it does: "the Burkina Faso capital" in an article
    filed from OUAGADOUGOU is Ouagadougou."""
    place = gazetteer.lookup(country)
    code = place.country if place is not None and place.level == 1 else None
    capital = gazetteer.capital_of(code) if code else None
    if not capital:
        return None
    found = re.search(rf"\b{re.escape(capital)}\b", text, re.I)
    return _dateline_name(text, found.start(), found.end()) if found is not None else None


def _dateline_name(text: str, start: int, end: int) -> str:
    """A dateline's place as the article writes it further on ("DAR ES SALAAM" -> "Dar es Salaam"), else each word
    capitalized ("COX'S BAZAR" -> "Cox's Bazar", where str.title gives "Cox'S")."""
    upper = text[start:end]
    for match in re.finditer(re.escape(upper), text[end:], re.I):
        if not match.group().isupper():
            return match.group()
    return "".join(part[:1] + part[1:].lower() for part in re.split(r"([ -])", upper))


# These two are asked for every name and anaphor: plain loops, without a generator to build each time.
def _inside_any(start: int, end: int, spans) -> bool:
    for s, e in spans:
        if s <= start and end <= e:
            return True
    return False


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    for s, e in spans:
        if s < end and start < e:
            return True
    return False
