"""The toll of an event: people killed (low, best, high) from the casualty figures of the sentences that report it."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transforms import lexicon
from transforms.figure_context import is_person
from transforms.figures import Figure
from transforms.sentences import Sentence
from transforms.word_trie import starts_with, word_starting, words_by_first_letter

_CUES: dict[str, list[str]] = {}
for _cue, _kind in lexicon.table("events_toll_cues.tsv").items():
    _CUES.setdefault(_kind, []).append(re.escape(_cue))
_CUE_WORDS: dict[str, list[str]] = {}  # the same, as written (for their first letters)
for _cue, _kind in lexicon.table("events_toll_cues.tsv").items():
    _CUE_WORDS.setdefault(_kind, []).append(_cue)
_CUMULATIVE = re.compile(rf"{starts_with(_CUE_WORDS['cumulative'], True)}\b(?:{'|'.join(_CUES['cumulative'])})\b", re.I)
_IN_A_LONG_FIGHT = re.compile(rf"{word_starting('i')}n\s+the\s+(?:[\w'’-]+\s+){{0,2}}"
                              rf"(?:{'|'.join(_CUES['long_fight'])})\b", re.I)
_SINCE = re.compile(r"\bsince\b", re.I)
_HAVE_BEEN = re.compile(r"(?:\s+[\w-]+){0,4}?\s+(?:have|has)\s+been\b", re.I)
_SUBSET_BEFORE = re.compile(rf"{starts_with(_CUE_WORDS['subset_before'], True)}\b(?:{'|'.join(_CUES['subset_before'])})\s+$", re.I)
_SUBSET_AFTER = re.compile(rf"^\W*(?:\w+\W+){{0,5}}?(?:{'|'.join(_CUES['subset_after'])})\b", re.I)
_PARTITIVE = re.compile(rf"\s+(?:{'|'.join(_CUES['partitive'])})\b", re.I)
_UNVERIFIED = re.compile(rf"{starts_with(_CUE_WORDS['unverified'], True)}\b(?:{'|'.join(_CUES['unverified'])})\b", re.I)
_UNVERIFIED_SOURCE = "unverified claim"  # who gives a count told as unverified, when no one is named
_RUNNING = "|".join(_CUES["running_total"])
# (?=...): see starts_with
_CLAUSE = re.compile(rf"(?=[;:,w])(?:[;:]|,\s*(?:adding|and|while|but)\b|,\s*(?=(?:{_RUNNING})\s)|\bwhile\b)")
# "..., raising the death toll to 540": the total the figure before it was added to.
_RISE_FROM = re.compile(rf"\b(?:{'|'.join(_CUES['rise'])})(?:\s+to)?\s+[\d,]+\s+from\s+"
                        r"(?:an?\s+(?:initial|earlier|previous)\s+(?:count|toll|figure|estimate)\s+of\s+)?$", re.I)
_MORE_AFTER = re.compile(r"\s+more\b", re.I)
_RUNNING_TOTAL = re.compile(rf"(?:{_RUNNING})\s[^,;]*\b(?:toll|total|tally|number)\b", re.I)
_CLAIM_BREAK = re.compile(r"(?=[;:,w])(?:[;:]|,\s*(?:while|but|whereas|though|although)\b|\b(?:while|whereas)\b)")
_SOURCE = re.compile(r"\b((?:the\s+)?(?:[A-Z][\w'’.-]*\s+){0,3}[\w'’.-]+)\s+(?:said|says|say|reported|put|estimated|told)\b")
# "May" capitalized is the month ("BEIRUT, May 16 - Shelling killed six"), not a modal.
_PROJECTION = re.compile(starts_with(["could", "might", "would", "expected", "feared"], True)
                         + r"\b(?:(?i:could|might|would|will|expected\s+to|feared\s+to)|may)\b")
# "The death toll from the blast rose to 84", "the number of dead had climbed to 21", "the government raised the toll
# to 38": a count the figures module could not tie to its verb. (One class of first letters: see word_starting.)
_RAISED = r"raised\s+(?:the|its)\s+(?:death\s+)?toll"
TOLL_RISE = re.compile(r"(?-i:[tTnNrR])(?<!\w.)(?:(?:(?<=[tT])oll|(?<=[nN])umber\s+of\s+(?:the\s+)?(?:dead|deaths))\b"
                       rf"[^.;]{{0,200}}?\b(?:{'|'.join(_CUES['rise'])})|(?<=[rR]){_RAISED[1:]})\b", re.I)
_RISE_TO = re.compile(rf"\b(?:{'|'.join(_CUES['rise'])}|{_RAISED})(?:\s+(?:to|at))?\s+(?:(?:about|around|nearly|almost|"
                      r"at\s+least|more\s+than|over)\s+)?$", re.I)
# "242 people had died in the country, up from 217 on Wednesday": a count that updates an earlier one.
_UP_FROM = re.compile(r"[^.;]{0,60}?,\s+up\s+from\s+(?:about\s+|around\s+)?\d")
# "causing no casualties", "no one was hurt": the toll is told, and it is nil.
_NO_CASUALTIES = re.compile(words_by_first_letter([
    r"no\s+(?:casualties|deaths|fatalities|injuries)\b", r"without\s+(?:casualties|deaths|fatalities|injuries)\b",
    r"no\s*(?:-\s*)?one\s+(?:was|were|had\s+been)\s+(?:killed|hurt|injured|wounded)\b"]), re.I)
_PERPETRATORS = lexicon.words("events_perpetrators.txt")
# "did not say how many soldiers had been killed": a count not given, not one victim.
_UNKNOWN_COUNT = re.compile(word_starting("h") + r"ow\s+many\b", re.I)
# Counts of "people" next to counts of named victims ("11 guests" ... "30 people") count the same dead.
_GENERIC_UNITS = frozenset({"people", "persons"})
_PLACE_UNITS = frozenset(lexicon.table("events_place_nouns.tsv")) | lexicon.words("events_landmark_nouns.txt")
# "a senior officer was killed", "Mes'eda Hweihi ... was shot dead": one person, no number written.
_KILLINGS = ["killed", "shot dead", "shot and killed", "murdered", "beheaded", "executed", "stabbed to death",
             "beaten to death"]
_KILLING = f"(?:{'|'.join(_KILLINGS)})"
# "was abducted and killed" too.
_ONE_VICTIM = re.compile(words_by_first_letter(["was", "has been", "had been"])
                         + rf"\s+(?:\w+\s+(?:and\s+)?)?{_KILLING}\b", re.I)

# "injuring a Syrian man", "a soldier was wounded", "Hamid was shot in the leg": someone hurt, counted by no figure.
_HURT_UNCOUNTED = re.compile(words_by_first_letter(["injuring", "wounding"]) + r"\s+(?:an?|one)\s|"
                             + words_by_first_letter(["was", "were"])
                             + r"\s+(?:\w+\s+)?(?:wounded|injured|shot\s+in\s+the\s+(?:leg|arm|hand|foot))\b", re.I)
# "killed a soldier and a police officer", "A 26-year-old man ... died": people killed, counted by their articles.
_KILLED_OBJECT = re.compile(words_by_first_letter(["killing"] + _KILLINGS) + r"\s+(?=an?\s)", re.I)
_INDEFINITE = re.compile(r"(an?)\s+([\w'’-]+(?:\s+[\w'’-]+){0,3})", re.I)
# After the first victim, one more may be named by a possessive: "killed a commander and his wife".
_ANOTHER = re.compile(r"(an?|his|her|their)\s+([\w'’-]+(?:\s+[\w'’-]+){0,3})", re.I)
_AND_ANOTHER = re.compile(r"\s*,?\s+and\s+(?=(?:an?|his|her|their)\s)", re.I)
_UNIT_AFTER = re.compile(r"\s+([\w'’-]+)")  # the word a figure counts, right after it
_OWN_VERB = re.compile(r"\s+(?:was|is|has)\b", re.I)  # singular: "and a child was hurt"; "were" joins them
_NOT_IN_PHRASE = frozenset(lexicon.words("language_en.txt"))  # "a soldier guarding", "a man who": the phrase ends
_DIED = re.compile(r"\b(?:died|was killed|was shot dead)\b")


@dataclass(frozen=True, slots=True)
class Part:
    """People killed (or only hurt) as one sentence reports them: best, low and high, what was counted."""

    best: float
    low: float
    high: float | None
    unit: str
    injured_only: bool = False
    source: str | None = None  # who gives the count: two sources are two claims, not two parts
    update: bool = False  # a toll that rose to this count ("the death toll rose to 12"), not a competing claim


@dataclass(frozen=True, slots=True)
class Toll:
    best: int
    low: int
    high: int | None


def casualty_parts(text: str, sentence: Sentence, figure_indexes: Sequence[int],
                   figures: Sequence[Figure], attackers: bool = False) -> list[Part]:
    """The killed counts a sentence reports, without totals over many events, subsets and repeated parts
    (`attackers`: only the attackers' own dead, which count in a battle)."""
    return both_sides_parts(text, sentence, figure_indexes, figures)[1 if attackers else 0]


def both_sides_parts(text: str, sentence: Sentence, figure_indexes: Sequence[int],
                     figures: Sequence[Figure]) -> tuple[list[Part], list[Part]]:
    """casualty_parts of the victims and of the attackers at once: every mention asks for both, and the tests of
    each figure (its clause, totals, subsets) are the same for both sides, so they are made once."""
    killed: list[Part] = []
    attackers_killed: list[Part] = []
    injured = False
    increment = False  # a count told as more of the same ("four more bodies", "another 12")
    for i in figure_indexes:
        f = figures[i]
        metric = f.metric
        update = (_RISE_TO.search(text, max(sentence.start, f.start - 40), f.start) is not None and
                  TOLL_RISE.search(text, sentence.start, f.start) is not None) or (
            f.metric == "killed" and _UP_FROM.match(text, f.end, sentence.end) is not None)
        if metric is None and update:
            metric = "killed"
        if metric not in ("killed", "injured"):
            continue
        clause = _clause_before(text, sentence.start, f.start)
        rest = _CLAUSE.search(text, f.end, sentence.end)
        clause_end = rest.start() if rest else sentence.end
        if _CUMULATIVE.search(clause) or _CUMULATIVE.search(text, f.end, clause_end) \
                or _IN_A_LONG_FIGHT.search(clause) or _IN_A_LONG_FIGHT.search(text, f.end, clause_end):
            continue  # "brought the total to nine", "the toll since the rains began reached 40", "in the Afghan war"
        if f.value is None and f.low is not None and f.high is not None and _HAVE_BEEN.match(text, f.end, clause_end) \
                and not _SINCE.search(text, f.end, clause_end):
            # "Thousands of soldiers and civilians have been killed": a war's dead, told as a magnitude (but "Dozens
            # have been killed in clashes in Kidal since Monday" are the clashes')
            continue
        if killed and not increment and _RUNNING_TOTAL.match(clause):
            # "killed 31 people on Saturday, raising the death toll to 540": the war's toll, not the day's (but "found
            # four more bodies, bringing the death toll from the fire to 9": the fire's)
            continue
        if _RISE_FROM.search(text, max(sentence.start, f.start - 60), f.start):
            continue  # "the death toll rose to 16 from an initial count of nine": the count it replaced
        if _SUBSET_BEFORE.search(text, max(sentence.start, f.start - 30), f.start) or \
                _SUBSET_AFTER.match(text[f.end:f.end + 40]) or _PARTITIVE.match(text, f.end):
            continue  # "including five children", "several foreigners were among those killed"
        if metric == "injured":
            injured = True
            continue
        best = f.value if f.value is not None else (f.low if f.low is not None else f.high)
        if best is None or best != int(best) or f.unit in ("percent", "fraction"):
            continue  # no one counts 6.6 dead, nor 80 percent of the dead: a magnitude, a rate or a share, no toll
        if f.unit and (f.unit in _PLACE_UNITS or f.unit.removesuffix("s") in _PLACE_UNITS
                       or f.unit.removesuffix("es") in _PLACE_UNITS):
            continue  # "fired missiles at two bases ... the killing of": places counted, not the dead
        if _PROJECTION.search(clause):
            continue  # "the toll could reach 25,000": a fear, not a count
        low = f.low if f.low is not None else best
        # The attackers' own deaths are not the toll of their attack (but count in a battle).
        side = attackers_killed if _perpetrator(f.subject) or _perpetrator(f.unit) else killed
        # "killing three policemen and a passer-by": one more victim, named without a number.
        more = _one_more_named(text, sentence, f)
        increment = increment or _MORE_AFTER.match(text, f.end) is not None or \
            text[max(sentence.start, f.start - 8):f.start].lower().endswith("another ")
        side.append(Part(best + more, low + more, None if f.high is None else f.high + more, f.unit or "people",
                         source=_source(text, sentence, f), update=update))
    return _victims(text, sentence, figure_indexes, figures, _whole_only(killed), injured), \
        _whole_only(attackers_killed)


def _whole_only(killed: list[Part]) -> list[Part]:
    if len(killed) > 1 and killed[0].best == sum(p.best for p in killed[1:]):
        return killed[:1]  # "four were killed, three shot dead and one of a heart attack"
    return killed


def _victims(text: str, sentence: Sentence, figure_indexes: Sequence[int], figures: Sequence[Figure],
             killed: list[Part], injured: bool) -> list[Part]:
    nil = _NO_CASUALTIES.search(text, sentence.start, sentence.end)
    one = _ONE_VICTIM.search(text, sentence.start, sentence.end)
    if not killed and one is not None and not any(figures[i].metric == "killed" for i in figure_indexes) \
            and not _perpetrator(_clause_before(text, sentence.start, one.start())) \
            and not _UNKNOWN_COUNT.search(text, sentence.start, one.start()) \
            and not (nil is not None and nil.start() < one.start() < nil.end()):  # "no one was killed"
        killed.append(Part(1, 1, 1, "people"))
    if not killed and one is None and not _UNKNOWN_COUNT.search(text, sentence.start, sentence.end):
        named = _people_named(text, sentence)
        if named:
            killed.append(Part(named, named, named, "people"))
    if not killed and (injured or nil or _HURT_UNCOUNTED.search(text, sentence.start, sentence.end)):
        return [Part(0, 0, 0, "people", injured_only=True)]  # casualties told, no one killed
    return killed


def _people_named(text: str, sentence: Sentence) -> int:
    """People a sentence tells were killed without a number: "killed a soldier and a police officer" (2), "killed
    a commander and his wife" (2), "A 26-year-old man who was shot in Croydon died" (1); but "killed a bill" and
    "killed a total of 40" count none."""
    count = 0
    verb = _KILLED_OBJECT.search(text, sentence.start, sentence.end)
    if verb is not None:
        at, named_by = verb.end(), _INDEFINITE
        while True:
            phrase = named_by.match(text, at, sentence.end)
            if phrase is None:
                break
            words, end = _phrase_words(phrase)
            if not any(is_person(w) for w in words):
                break
            count += 1
            more = _AND_ANOTHER.match(text, end, sentence.end)
            if more is None:
                break
            at, named_by = more.end(), _ANOTHER
        return count
    phrase = _INDEFINITE.match(text, sentence.start, sentence.end)
    if phrase is not None and phrase.group(1)[0].isupper():
        words, end = _phrase_words(phrase)
        if any(is_person(w) for w in words) and _DIED.search(text, end, sentence.end):
            return 1
    return 0


def _one_more_named(text: str, sentence: Sentence, f: Figure) -> int:
    """1 when the people a figure counts are followed by one more, named with an article: "killing three policemen
    and a passer-by"; 0 otherwise, and when the one more starts a clause of its own ("and a child was hurt")."""
    if not f.subject:
        return 0
    counted = _UNIT_AFTER.match(text, f.end, sentence.end)
    if counted is None or counted.group(1) != f.subject.split()[-1]:
        return 0
    more = _AND_ANOTHER.match(text, counted.end(), sentence.end)
    phrase = _INDEFINITE.match(text, more.end(), sentence.end) if more is not None else None
    if phrase is None:
        return 0
    words, end = _phrase_words(phrase)
    if not any(is_person(w) for w in words) or _OWN_VERB.match(text, end, sentence.end):
        return 0
    return 1


def _phrase_words(phrase: re.Match) -> tuple[list[str], int]:
    """The words of an indefinite noun phrase up to the first function word, and where they end."""
    words: list[str] = []
    end = phrase.start(2)
    for word in re.finditer(r"[\w'’-]+", phrase.group(2)):
        if word.group().lower() in _NOT_IN_PHRASE or word.group().lower().endswith("ing"):
            break
        words.append(word.group())
        end = phrase.start(2) + word.end()
    return words, end


def toll(facts: Iterable, attackers: bool = False) -> Toll | None:
    """Killed for one event from its mentions' parts: restated and competing claims are not added up,
    distinct incidents (other times of day) and distinct victims (other units) are; `attackers`: the attackers'
    dead count too (in a battle both sides' dead are its toll)."""
    cells: dict[tuple[str | None, str], list[Part]] = {}
    seen_sentences: set[int] = set()
    any_part = False
    for f in facts:
        parts = tuple(f.parts) + (tuple(f.attacker_parts) if attackers else ())
        if f.mention.sentence in seen_sentences or not parts:
            continue
        seen_sentences.add(f.mention.sentence)
        for p in parts:
            any_part = True
            if p.injured_only:
                continue
            # A toll that rose counts the whole event up to then, not an incident of the day it was counted.
            cells.setdefault((None if p.update else f.time_value, p.unit), []).append(p)
    if not any_part:
        return None
    if not cells:
        return Toll(0, 0, 0)
    # A count told as unverified ("the Taliban claimed to have killed 25") gives way to any other count.
    verified = {k: kept for k, ps in cells.items() if (kept := [p for p in ps if p.source != _UNVERIFIED_SOURCE])}
    cells = verified or cells
    best = _combine(cells, _cell_best, "best")
    low = _combine(cells, lambda ps: min(p.low for p in ps), "low")
    high = _combine(cells, lambda ps: None if any(p.high is None for p in ps) else max(p.high for p in ps), "high")
    # Every cell has a best and a low count: only the high bound can be unknown.
    assert best is not None and low is not None
    return Toll(int(best), int(min(low, best)), None if high is None else int(max(high, best)))


def _cell_best(parts: list[Part]) -> float:
    # Claims by different sources: the first reported is the best estimate, the others bound it.
    # Counts by one source: the largest (the later toll, or the whole of which the others are parts).
    sources = {p.source.lower() for p in parts if p.source}
    return parts[0].best if len(sources) > 1 else max(p.best for p in parts)


def _perpetrator(words: str | None) -> bool:
    if not words:
        return False
    return any(w.strip(".,;:").lower() in _PERPETRATORS for w in words.split()[-3:])


def _source(text: str, sentence: Sentence, f: Figure) -> str | None:
    # The claim's own clause names its source when a sentence weighs two claims ("X said 30; Y said 45").
    start = sentence.start
    for m in _CLAIM_BREAK.finditer(text, sentence.start, f.start):
        start = m.end()
    end = sentence.end
    nxt = _CLAIM_BREAK.search(text, f.end, sentence.end)
    if nxt is not None:
        end = nxt.start()
    if _UNVERIFIED.search(text, start, end):
        return _UNVERIFIED_SOURCE
    found = _SOURCE.search(text, start, end)
    return found.group(1) if found is not None else f.attributed_to


def _combine(cells: dict, pick, bound: str) -> float | None:
    units = {u for _, u in cells}
    generic = units & _GENERIC_UNITS
    if generic and units - generic:
        # One sentence counts guests, another says "30 people": the same dead, either restated or claimed
        # by another source; the named victims add up, the generic count bounds them.
        named = _combine({k: v for k, v in cells.items() if k[1] not in generic}, pick, bound)
        whole = _combine({k: v for k, v in cells.items() if k[1] in generic}, pick, bound)
        if named is None or whole is None:
            return None
        named_sources = {p.source.lower() for (_, u), ps in cells.items() if u not in generic for p in ps if p.source}
        whole_sources = {p.source.lower() for (_, u), ps in cells.items() if u in generic for p in ps if p.source}
        competing = named_sources and whole_sources and not named_sources & whole_sources \
            and not any(p.update for (_, u), ps in cells.items() if u in generic for p in ps)
        if bound == "low":
            return min(named, whole)
        if bound == "high" or not competing:
            return max(named, whole)
        # Competing claims: the first reported is the best estimate ("officials said 3 people were killed", then
        # "police said two girls were killed": the girls are among the 3).
        return whole if next(iter(cells))[1] in generic else named
    total: float | None = 0.0
    for unit in units:
        dated_cells = [ps for (when, u), ps in cells.items() if u == unit and when is not None]
        undated_cells = [ps for (when, u), ps in cells.items() if u == unit and when is None]
        dated = [pick(ps) for ps in dated_cells]
        undated = [pick(ps) for ps in undated_cells]
        if any(v is None for v in dated + undated):
            return None
        if not dated:
            total += max(undated)
            continue
        # Undated counts elaborate the dated ones (or update them), unless other sources give them:
        # then they are competing claims, and the first report stays the best estimate (but a toll that rose,
        # "the death toll rose to 12", updates whoever gives it).
        dated_sources = {p.source.lower() for ps in dated_cells for p in ps if p.source}
        undated_sources = {p.source.lower() for ps in undated_cells for p in ps if p.source}
        competing = dated_sources and undated_sources and not dated_sources & undated_sources \
            and not any(p.update for ps in undated_cells for p in ps)
        if not competing:
            total += max(sum(dated), max(undated, default=0))
        elif bound == "best":
            total += sum(dated)
        elif bound == "low":
            total += min(sum(dated), min(undated))
        else:
            total += max(sum(dated), max(undated))
    return total


def _clause_before(text: str, sentence_start: int, offset: int) -> str:
    start = sentence_start
    for m in _CLAUSE.finditer(text, sentence_start, offset):
        start = m.end()
    return text[start:offset]
