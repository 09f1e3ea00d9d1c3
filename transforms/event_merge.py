"""One event per real-world event: mentions of the same type, day and place are merged, undated ones join their event."""
from __future__ import annotations

from collections.abc import Callable, Sequence
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeGuard

from transforms import gazetteer, lexicon
from transforms.event_dates import VOTE_WORDS, after_since
from transforms.event_mentions import VIOLENT, Mention, SkippedTrigger
from transforms.event_places import PlaceMention, bare_name, is_landmark
from transforms.event_toll import Part
from transforms.sentences import Sentence
from transforms.timex import Timex
from transforms.word_trie import starts_with

_NO_CASUALTIES = frozenset({"strategic_development", "political_statement", "displacement"})
# Figures that make an undated development worth an event of its own ("Another 23 laid down their arms").
_DEVELOPMENT_METRICS = frozenset({"surrendered", "captured", "arrested", "deployed", "displaced", "kidnapped",
                                  "returned", "aid"})
_COMBATANTS = frozenset({"fighters", "soldiers", "troops", "police", "security forces", "militants", "rebels"})
_NEAR = 6  # sentences between an undated killing and the event it belongs to
_PEOPLE = re.compile(r"(?i:protesters|demonstrators)")
_RELOCATION = re.compile(
    rf"(?:{'|'.join(sorted(lexicon.words('events_relocation_words.txt'), key=len, reverse=True))})", re.I)
_CROWD_REACH = 2  # sentences between a protest and the arrests made at it
_LEAD = 1  # index of the last sentence that can be the lead (after a dateline)
_SEPARATE = re.compile(starts_with(["separate", "another", "third", "new", "unrelated"], True)
                       + r"\b(?:separate|another|second|third|new|unrelated)\s+(?:\w+\s+)?$", re.I)
_COMPLEX_ATTACK = re.compile(
    rf"\b(?:{'|'.join(sorted(lexicon.words('events_complex_attack_bombs.txt'), key=len, reverse=True))})", re.I)
_FIRE = re.compile(r"\b(?:fire|blaze|flames)\b", re.I)
# A date told as before another event: "Three days earlier", "the previous night", "the day before".
_EARLIER = re.compile(r"(?:(?:\w+|an?)\s+(?:days?|weeks?|months?|hours?|nights?|years?)\s+(?:earlier|before)"
                      r"|the\s+(?:previous|preceding)\s+\w+|the\s+(?:day|night|week)\s+before)", re.I)
_ILLNESS_WORDS = sorted(lexicon.words("events_illness_words.txt"), key=len, reverse=True)
# "died of the mosquito-borne disease", "died from suspected cholera": an epidemic's dead.
_DIED_OF_ILLNESS = re.compile(rf"\s+(?:of|from)\s+(?:[\w-]+\s+){{0,3}}?(?:{'|'.join(map(re.escape, _ILLNESS_WORDS))})\b",
                              re.I)
_PERPETRATOR_WORDS = sorted(lexicon.words("events_perpetrators.txt"), key=len, reverse=True)
# "Security forces killed the two attackers after a siege": the end of the attack told before, not another event.
_TOLD_ATTACKERS = re.compile(rf"\s+(?:all\s+|both\s+)?(?:the|both)\s+(?:[\w-]+\s+)?(?:{'|'.join(_PERPETRATOR_WORDS)})\b",
                             re.I)
_ARMED_SIDES = re.compile(r"\b(?:rebels?|militants?|insurgents?|fighters|gunmen|jihadists?|militia(?:s|men)?|troops|army|"
                          r"soldiers|tribesmen)\b", re.I)
_VOTE = re.compile(rf"\b(?:{'|'.join(map(re.escape, VOTE_WORDS))})\b", re.I)
# The head of a state or its government, as the speaker of a declaration.
_NATIONAL_SPEAKER = re.compile(r"\b(?:[Pp]resident|[Pp]rime [Mm]inister|[Pp]remier|[Tt]he government|[Tt]he cabinet)\b"
                               r"[^.;:]{0,40}$")
# What a declaration proclaims for a whole nation, right after its verb ("declared three days of national mourning").
_NATIONAL_MOURNING = re.compile(r"\s+(?:[\w-]+\s+){0,4}?mourning\b", re.I)
_RANK = {"event": 0, "occasion": 0, "statement": 0, "attack": 1, "casualty": 2}
_REPORT_REACH = 2  # sentences after an event dated by its report in which the day it happened is told
_WEEK_REACH = 3  # sentences after an event dated by its week in which its day is told
_WEEK = re.compile(r"(\d{4})-W(\d\d)")
_VIOLENT_OR_NONE = VIOLENT | {None}
_PERIOD_PRECISIONS = frozenset({"year", "half", "quarter"})
_SINCE_THEY_BEGAN = re.compile(r"\bsince\s+(?:the\s+)?(?:[\w-]+\s+){1,2}?(?:began|started|erupted|broke\s+out)\b", re.I)
_TOLL_TYPES = _VIOLENT_OR_NONE | {"natural_disaster"}  # the events whose toll is told on the day it is reported


# Not frozen: one is built for every mention, and copied with `replace` (see amounts.Amount for why); nothing
# changes one after it is built.
@dataclass(slots=True)
class MentionFacts:
    """A mention with what its sentence says of it: date, places, casualty parts and figures."""

    mention: Mention
    timex: int | None
    date: str | None
    time_value: str | None  # when its counts were made (None: a running total, or not told); see toll()
    places: tuple[PlaceMention, ...]
    parts: tuple[Part, ...]
    figures: tuple[int, ...]
    metrics: frozenset[str] = frozenset()  # what the sentence's figures count (killed, surrendered, ...)
    mention_text: str = ""  # the trigger as written
    armed_target: bool = False  # the attack was on soldiers, police or their posts
    attacker_parts: tuple[Part, ...] = ()  # the attackers' own dead, told in the sentence
    named_again: bool = False  # "killed in the fighting": the event told before, named again
    scope: int | None = None  # the stretch dated by another event ("a day after the blast") it lies in
    by_report: bool = False  # dated only by the day it was reported ("killed 84, officials said on Sunday")
    toll_of: int | None = None  # a death toll: where the event it names starts ("the toll from the earthquake")


@dataclass(slots=True)
class Draft:
    """An event being assembled from its mentions."""

    event_type: str | None
    date: str | None
    timex: int | None
    mentions: list[MentionFacts] = field(default_factory=list)

    @property
    def last(self) -> int:
        return max(f.mention.start for f in self.mentions)

    @property
    def first(self) -> int:
        return min(f.mention.start for f in self.mentions)


def merge_mentions(facts: Sequence[MentionFacts], skipped: Sequence[SkippedTrigger], sentences: Sequence[Sentence],
                   timexes: Sequence[Timex], countries: frozenset[str] = frozenset(), text: str = "") -> list[Draft]:
    """The events of an article as drafts, in order of first mention."""
    units = _sentence_units(facts)
    drafts: list[Draft] = []
    for unit in units:
        if _date(unit) is None:
            continue
        if not _worth_a_statement(unit, text) or _ongoing_since(unit, timexes, text) \
                or _period_total(unit, timexes, text):
            continue
        target = _best(drafts, unit, lambda d: d.date == _date(unit), prefer_latest=False, countries=countries) \
            or _told_before(drafts, unit, timexes) or _disaster_before(drafts, unit)
        attack = _fire_set(drafts, unit) if target is None else None
        if attack is not None:
            attack.mentions.extend(unit)  # the attack's type stays what its own report says
            continue
        counted = _counted_again(drafts, unit) if target is None else None
        if counted is not None:
            counted.mentions.extend(replace(f, parts=()) for f in unit)  # the same dead, not more
            continue
        reported = _toll_reported(drafts, unit) if target is None else None
        if reported is not None:
            reported.mentions.extend(unit)  # its toll as counted later
            continue
        if target is None and all(f.mention.kind == "casualty" for f in unit) and not any(
                p.best > 0 or p.injured_only for f in unit for p in f.parts):
            continue  # "died" with no one counted, or only a total: no event of its own
        if target is None:
            t = next(f.timex for f in unit if f.date is not None)
            drafts.append(Draft(_type(unit), _date(unit), t, list(unit)))
        else:
            _absorb(target, unit)
    drafts = _onto_their_day(drafts, countries)
    drafts = _onto_a_day_of_their_week(drafts, countries)
    drafts = _risen_onto_their_day(drafts, timexes, countries)
    for unit in units:
        if _date(unit) is not None:
            continue
        lead = unit[0].mention
        if lead.kind in ("occasion", "statement"):
            continue  # an undated declaration is no event
        # Undated developments (a surrender, arrests) are told on their own, not as details of a dated one.
        any_date = _type(unit) != "strategic_development"
        # An event told, with its place, as the measure of another's time ("less than a week after a gunman killed
        # three people in Gilroy") is not the other, even when the measure is too loose to date it.
        measure = any(f.scope is not None for f in unit) and _places(unit)
        risen = _toll_risen(drafts, unit)
        if risen is None and (ahead := _risen_toll_told_ahead(drafts, unit)) is not None:
            if all(f.mention.definite for f in ahead.mentions):
                ahead.event_type = _type(unit) or ahead.event_type  # "a gas explosion ... The blast": an accident
            _absorb(ahead, unit)
            continue
        if risen is not None:
            _absorb(risen, [replace(f, places=()) for f in unit])  # where the wounded died is not where it happened
            continue
        attack = _fire_set(drafts, unit)
        if attack is not None:
            attack.mentions.extend(unit)
            continue
        target = _named_again_later(drafts, unit, countries=countries) if measure else \
            _named_again_later(drafts, unit, True) or _best(
            drafts, unit, lambda d: (any_date or d.date is None) and not _before_it(d, unit, timexes, text),
            prefer_latest=any(f.mention.ongoing for f in unit), timexes=timexes, dated=False, countries=countries)
        ended = _attack_ended(drafts, unit, text) if target is None else None
        if ended is not None:
            ended.mentions.extend(unit)  # the attack's type stays what its own report says
            continue
        crowd = _crowd_before(drafts, unit, countries)
        disaster = (_disaster_before(drafts, unit) or _same_disaster(drafts, unit)) if target is None else None
        if target is not None:
            _absorb(target, unit)
        elif disaster is not None:
            _absorb(disaster, unit)
        elif crowd is not None:
            drafts.append(Draft(_type(unit), crowd.date, crowd.timex, list(unit)))
        elif (struck := _disaster_that_displaced(drafts, unit, countries)) is not None:
            drafts.append(Draft(_type(unit), struck.date, struck.timex, list(unit)))
        elif _standalone(unit):
            drafts.append(Draft(_type(unit), None, None, list(unit)))
    for d in drafts:
        d.mentions.sort(key=lambda f: f.mention.start)
        if d.event_type is None:
            d.event_type = _context_type(d, drafts, skipped, facts, countries, text)
    for d in drafts:
        if _crowd_clashes(d, drafts, sentences, text):
            d.event_type = "riot"
    drafts.sort(key=lambda d: d.first)
    return drafts


def _crowd_clashes(d: Draft, drafts: list[Draft], sentences: Sequence[Sentence], text: str) -> bool:
    """Whether "clashes" after a protest or riot told before are the crowd's with the police, not a battle: "six
    people were shot dead in clashes with police" (but not "clashes between the army and rebels")."""
    clashes = [f for f in d.mentions if f.mention.event_type == "battle"]
    if d.event_type != "battle" or not clashes or not all(f.mention.weak for f in clashes):
        return False
    if not any(e.event_type in ("protest", "riot") and e.first < d.first for e in drafts):
        return False
    return not any(_ARMED_SIDES.search(text, sentences[f.mention.sentence].start, sentences[f.mention.sentence].end)
                   for f in clashes)


def _ongoing_since(unit: list[MentionFacts], timexes: Sequence[Timex], text: str) -> bool:
    """Violence told in the plural since a date, with no one counted: "attacks in the north have continued since
    mid-2007" are many events, none of that date (but a sit-in "since April 6" is one protest that began then)."""
    if _type(unit) not in _VIOLENT_OR_NONE or not all(f.mention.weak for f in unit) or any(f.parts for f in unit):
        return False
    t = next(f.timex for f in unit if f.timex is not None)
    return after_since(text, timexes[t])


def _period_total(unit: list[MentionFacts], timexes: Sequence[Timex], text: str) -> bool:
    """Dead counted over a stretch of time rather than in one event: over a year or a part of one ("6,000 miners were
    killed in accidents last year", "civilian casualties in the first half of 2016"), or since many events began
    ("80 people have been killed since protests began in January"); but "a cholera outbreak in 2012 killed 392" is
    one event, and so is an epidemic's toll ("14 people have died of dengue this year")."""
    if not any(p.best > 0 for f in unit for p in f.parts) or not all(
            f.mention.kind == "casualty" or f.mention.weak for f in unit) or any(
            _DIED_OF_ILLNESS.match(text, f.mention.end) for f in unit):
        return False
    t = timexes[next(f.timex for f in unit if f.timex is not None)]
    if t.precision in _PERIOD_PRECISIONS:
        return True
    # (but "17 people had been killed since the unrest began on Monday" is the toll of one event, begun that day)
    first = min(f.mention.start for f in unit)
    since = _SINCE_THEY_BEGAN.search(text, first, t.start) if t.start > first else None
    return since is not None and any(f.mention.weak and since.start() < f.mention.start < since.end() for f in unit)


def _sentence_units(facts: Sequence[MentionFacts]) -> list[list[MentionFacts]]:
    # One sentence reports one event of each kind: "battles broke out ... and an air strike" is one battle,
    # while "fled after being attacked" is a flight and an attack.
    units: list[list[MentionFacts]] = []
    i = 0
    while i < len(facts):
        j = i
        while j < len(facts) and facts[j].mention.sentence == facts[i].mention.sentence:
            j += 1
        found: list[list[MentionFacts]] = []
        # What a clause dated by another event tells ("a day after the blast tore through") is an event apart.
        for scope in dict.fromkeys(f.scope for f in facts[i:j]):
            found.extend(_units_of([f for f in facts[i:j] if f.scope == scope]))
        units.extend(sorted(found, key=lambda u: min(f.mention.start for f in u)))
        i = j
    return units


def _units_of(facts: Sequence[MentionFacts]) -> list[list[MentionFacts]]:
    sentence_units: list[list[MentionFacts]] = []
    ordered = sorted(facts, key=lambda f: (_RANK[f.mention.kind], f.mention.start))
    for f in ordered:
        home = None
        if f.toll_of is not None:  # "the death toll from the earthquake" is the earthquake's
            home = next((u for u in sentence_units if any(g.mention.start == f.toll_of for g in u)), None)
        elif f.mention.kind == "casualty":  # the dead of a sentence are first the violence's
            home = next((u for u in sentence_units if _violent(u)), None)
        home = home or next((u for u in sentence_units if _same_kind(u, f)), None)
        if home is None:
            sentence_units.append([f])
        else:
            home.append(f)
    for u in sentence_units:
        u.sort(key=lambda f: (_RANK[f.mention.kind], f.mention.start))
    return _within_sentence(sentence_units)


def _within_sentence(units: list[list[MentionFacts]]) -> list[list[MentionFacts]]:
    # The dead of a sentence that tells of violence are the violence's, not a protest's or a flight's;
    # protesters shot at are its victims, raids that made arrests its means.
    violent = [u for u in units if _violent(u)]
    developments = [u for u in units if _type(u) == "strategic_development"]
    # A toll that names its event is that event's alone.
    named_toll = next((u for u in units if any(f.toll_of is not None for f in u)), None)
    riots = [u for u in violent if _type(u) == "riot"]
    out = []
    for u in units:
        if violent and u not in violent and _type(u) == "protest" and all(
                f.mention.start < f.mention.end and _PEOPLE.fullmatch(f.mention_text or "") for f in u):
            continue
        if _type(u) == "protest" and any(compatible_places(_places(u), _places(r)) for r in riots):
            continue  # "police clashed with demonstrators protesting against the president": one riot
        if developments and _violent(u) and all(f.mention.weak or f.mention_text.lower().startswith("raid")
                                                for f in u if f.mention.kind != "casualty") \
                and not any(p.best > 0 for f in u for p in f.parts):
            continue
        if (named_toll is not None and u is not named_toll) or (named_toll is None and violent and u not in violent):
            u = [replace(f, parts=()) for f in u]
        out.append(u)
    return out


def _violent(unit: list[MentionFacts]) -> bool:
    event_type = _type(unit)
    if event_type in VIOLENT:
        return True
    return event_type is None and any(f.mention.kind in ("attack", "casualty") for f in unit)


def _same_kind(unit: list[MentionFacts], f: MentionFacts) -> bool:
    lead = unit[0].mention
    m = f.mention
    if lead.kind in ("occasion", "statement") or m.kind in ("occasion", "statement"):
        return lead.kind in ("occasion", "statement") and m.kind in ("occasion", "statement")
    if m.kind == "casualty":
        # "50 protesters were shot dead": the protesters are the victims of violence, not a protest's toll.
        return lead.event_type not in _NO_CASUALTIES and not all(
            u.mention.event_type == "protest" and _PEOPLE.fullmatch(u.mention_text or "") for u in unit)
    if m.kind == "attack":
        return lead.event_type is None or lead.event_type in VIOLENT
    if lead.event_type in VIOLENT or lead.event_type is None:
        return m.event_type in VIOLENT and lead.event_type is not None
    return lead.event_type == m.event_type


def _type(unit: list[MentionFacts]) -> str | None:
    # Asked many times for each unit: plain loops, without a generator to build each time.
    for f in unit:
        # "Gunmen stormed a hotel after a suicide car bomb blew open its gates": a complex attack is the bomb's.
        if f.mention.event_type == "explosion_remote_violence" and _COMPLEX_ATTACK.search(f.mention_text):
            return "explosion_remote_violence"
    for f in unit:
        if f.mention.event_type:
            return f.mention.event_type
    return None


def _date(unit: list[MentionFacts]) -> str | None:
    for f in unit:
        if f.date is not None:
            return f.date
    return None


def _places(facts: Sequence[MentionFacts]) -> list[PlaceMention]:
    return [p for f in facts for p in f.places]


def _worth_a_statement(unit: list[MentionFacts], text: str) -> bool:
    lead = unit[0].mention
    if lead.kind == "statement":
        return bool(_places(unit)) or national_decree(lead, text)
    return True


def national_decree(m: Mention, text: str) -> bool:
    """Whether a declaration is a decree of the head of a state or its government ("President Fernando de la Rua
    declared a 30-day state of siege", "the president declared two days of national mourning"), in force across the
    country: not a vow or a warning."""
    return ((m.event_type == "strategic_development" or _NATIONAL_MOURNING.match(text, m.end) is not None)
            and _NATIONAL_SPEAKER.search(text, max(0, m.start - 60), m.start) is not None)


def is_vote(f: MentionFacts) -> bool:
    """Whether the mention tells of a vote held: "a presidential election", "won 40 percent of the vote"."""
    return f.mention.event_type == "strategic_development" and _VOTE.search(f.mention_text) is not None


def _standalone(unit: list[MentionFacts]) -> bool:
    # An undated mention is an event of its own only when it says where, or how many died.
    if all(is_vote(f) for f in unit):
        return False  # "after a repeat presidential election": a vote is told as held only with its day
    if all(f.mention.weak or f.mention.reaction or f.mention.definite for f in unit) and not (
            unit[0].mention.sentence <= _LEAD and any(p.best > 0 for f in unit for p in f.parts)):
        # "attacks", "the storm": events told of elsewhere, or many events at once; but the lead's "the death toll
        # from the bombings rose to 290" is the article's event
        return False
    if any(p.best > 0 for f in unit for p in f.parts):
        return True
    if all(f.mention.kind == "casualty" for f in unit):
        return False  # "died", "dead" with no one counted: no event of its own
    if _places(unit):
        return True
    if unit[0].mention.sentence <= _LEAD:
        return True  # the lead sentence reports the article's main event
    return _type(unit) in _NO_CASUALTIES and any(f.metrics & _DEVELOPMENT_METRICS for f in unit)


def _attack_ended(drafts: list[Draft], unit: list[MentionFacts], text: str) -> Draft | None:
    """The violent event told just before whose attackers an undated sentence says were killed: "Gunmen opened fire
    on a restaurant late Sunday ... Security forces killed the two attackers after a siege"."""
    if any(p.best > 0 for f in unit for p in f.parts) or not any(
            f.mention.kind == "casualty" and _TOLD_ATTACKERS.match(text, f.mention.end) for f in unit):
        return None
    sentence = unit[0].mention.sentence
    told = [d for d in drafts if d.event_type in _VIOLENT_OR_NONE and d.date is not None
            and 0 < sentence - d.mentions[-1].mention.sentence <= _CROWD_REACH]
    return max(told, key=lambda d: d.last) if told else None


def _crowd_before(drafts: list[Draft], unit: list[MentionFacts], countries: frozenset[str]) -> Draft | None:
    """The dated protest or riot just before undated arrests across a country: "Thousands marched on Thursday ...
    98 people were arrested across the country" were arrested that day, at the protests."""
    if _type(unit) != "strategic_development" or not any("arrested" in f.metrics for f in unit):
        return None
    places = _places(unit)
    if not places or any(p.level != 1 for p in places):
        return None  # only arrests told across the country belong to a country-wide day of protest
    sentence = unit[0].mention.sentence
    crowds = [d for d in drafts if d.date is not None and d.event_type in ("protest", "riot")
              and 0 <= sentence - d.mentions[0].mention.sentence <= _CROWD_REACH
              and compatible_places(_places(unit), _places(d.mentions), False, countries)]
    return max(crowds, key=lambda d: d.first) if crowds else None


def _onto_their_day(drafts: list[Draft], countries: frozenset[str]) -> list[Draft]:
    """Events dated only by the day they were reported join the same event dated just after: "A cyclone has killed
    84 people, officials said on Monday. The storm made landfall late on Thursday" is one event, of Thursday."""
    def day_told(d: Draft) -> Draft | None:
        if d.date is None or d.event_type not in _TOLL_TYPES or not all(
                f.by_report for f in d.mentions if f.date is not None):
            return None
        return next((e for e in drafts if _told_later(d, e, _REPORT_REACH, countries) and e.date is not None
                     and len(e.date) == len(d.date) and e.date < d.date
                     and not all(f.by_report for f in e.mentions if f.date is not None)), None)
    return _joined_onto(drafts, day_told)


def _onto_a_day_of_their_week(drafts: list[Draft], countries: frozenset[str]) -> list[Draft]:
    """An event dated only by its week joins the same event told soon after with its day in that week: "were killed
    when jihadists stormed the town of Palma last week ... the insurgents had launched a coordinated attack on Palma
    at around 4 p.m. on Wednesday" is one event, of Wednesday."""
    def day_told(d: Draft) -> Draft | None:
        week = _WEEK.fullmatch(d.date or "")
        if week is None:
            return None
        return next((e for e in drafts if _told_later(d, e, _WEEK_REACH, countries) and _to_the_day(e.date)
                     and date.fromisoformat(e.date).isocalendar()[:2] == (int(week.group(1)), int(week.group(2)))),
                    None)
    return _joined_onto(drafts, day_told)


def _told_later(d: Draft, e: Draft, reach: int, countries: frozenset[str]) -> bool:
    """Whether a dated draft told within `reach` sentences after another can be the same event, by type and place."""
    return (e is not d and e.date is not None
            and 0 < e.mentions[0].mention.sentence - d.mentions[0].mention.sentence <= reach
            and (e.event_type == d.event_type
                 or (e.event_type in _VIOLENT_OR_NONE and d.event_type in _VIOLENT_OR_NONE))
            and compatible_places(_places(d.mentions), _places(e.mentions), False, countries))


def _joined_onto(drafts: list[Draft], day_told: Callable[[Draft], Draft | None]) -> list[Draft]:
    """The drafts, each joined onto the later telling of its day that `day_told` finds, if any (its mentions first)."""
    kept: list[Draft] = []
    for d in drafts:
        day = day_told(d)
        if day is None:
            kept.append(d)
        else:
            day.mentions[:0] = d.mentions
            day.event_type = day.event_type or d.event_type
    return kept


def _risen_onto_their_day(drafts: list[Draft], timexes: Sequence[Timex],
                          countries: frozenset[str]) -> list[Draft]:
    """A toll that rose, dated only by a period ("the death toll from this week's cyclone rose to 92,000"), is the
    updated toll of the event of that kind told near it with its day inside the period ("The cyclone slammed into
    the coast on Monday night"): one event, of its day."""
    kept: list[Draft] = []
    for d in drafts:
        day = _day_of_the_rise(d, drafts, timexes, countries)
        if day is None:
            kept.append(d)
        else:
            day.mentions.extend(d.mentions)
            day.event_type = day.event_type or d.event_type
    return kept


def _day_of_the_rise(d: Draft, drafts: list[Draft], timexes: Sequence[Timex],
                     countries: frozenset[str]) -> Draft | None:
    if d.timex is None or not _risen(d.mentions):
        return None
    if _to_the_day(d.date):
        return _counted_later(d, drafts, countries)
    period = timexes[d.timex]
    # A draft is dated only by a usable expression, one whose days are known (see event_dates.usable).
    assert period.range_start is not None and period.range_end is not None
    sentence = d.mentions[0].mention.sentence
    days = [e for e in drafts if e is not d and e.timex is not None and _to_the_day(e.date)
            and e.event_type in (d.event_type, None) and abs(e.mentions[0].mention.sentence - sentence) <= _NEAR
            and (its_day := timexes[e.timex].range_start) is not None
            and period.range_start <= its_day <= period.range_end
            and compatible_places(_places(d.mentions), _places(e.mentions), False, countries)]
    return min(days, key=lambda e: abs(e.mentions[0].mention.sentence - sentence)) if days else None


def _counted_later(d: Draft, drafts: list[Draft], countries: frozenset[str]) -> Draft | None:
    """The event of an earlier day, told near it, whose dead a toll that rose on a later day counts: "a week after
    Cyclone Idai smashed into Mozambique ... 242 people had died, up from 217 on Wednesday" is the cyclone's toll,
    not a disaster of Wednesday."""
    if not all(f.mention.kind == "casualty" for f in d.mentions):
        return None
    assert d.date is not None  # asked only of a draft dated to the day (_day_of_the_rise)
    sentence = d.mentions[0].mention.sentence
    earlier = [e for e in drafts if e is not d and _to_the_day(e.date) and e.date < d.date
               and e.event_type in _TOLL_TYPES and d.event_type in (e.event_type, None)
               and abs(e.mentions[0].mention.sentence - sentence) <= _REPORT_REACH
               and compatible_places(_places(d.mentions), _places(e.mentions), False, countries)]
    return min(earlier, key=lambda e: abs(e.mentions[0].mention.sentence - sentence)) if earlier else None


def _to_the_day(value: str | None) -> TypeGuard[str]:
    return value is not None and len(value) == 10  # "1991-04-29", not "1991-W18" or "1991-04"


def _risen(facts: Sequence[MentionFacts]) -> bool:
    """Whether the mentions count their dead as a toll that rose ("the death toll rose to 92,000")."""
    return any(p.update for f in facts for p in f.parts)


def _named_again_later(drafts: list[Draft], unit: list[MentionFacts], next_sentence: bool = False,
                       countries: frozenset[str] = frozenset()) -> Draft | None:
    """The dated event told later only by a definite name, with no place of its own but one that holds the undated
    event's, that an undated event told first names again: "two days after attacks in Paris that killed 129 ... The
    attacks on Friday night were the deadliest in France since World War Two". With
    `next_sentence`, the one told so in the very next sentence, with a place or not: "a suicide bomber has killed at
    least 40 people at a shrine south of Baghdad. The bombing took place Monday in the town of Karbala"."""
    event_type, first = _type(unit), min(f.mention.start for f in unit)
    sentence = unit[0].mention.sentence
    later = [d for d in drafts if d.date is not None and d.first > first and d.event_type in (None, event_type)
             and all(f.mention.definite for f in d.mentions)
             and (d.mentions[0].mention.sentence == sentence + 1 if next_sentence
                  else compatible_places(_places(unit), _places(d.mentions), countries=countries))]
    return later[0] if len(later) == 1 else None


def _told_before(drafts: list[Draft], unit: list[MentionFacts], timexes: Sequence[Timex]) -> Draft | None:
    """The event of the same day and kind told just before, that "the blast" names again: "A truck bomb exploded in
    Mogadishu on Saturday ... The blast struck the Ex-Control Afgoye checkpoint during the morning rush hour"."""
    lead = unit[0].mention
    if not unit[0].named_again or lead.kind != "event":
        return None
    same = [d for d in drafts if d.date == _date(unit) and d.event_type == lead.event_type
            and 0 < lead.sentence - d.mentions[0].mention.sentence <= _NEAR]
    if not same:
        # "Fighting ... has killed at least 27 people since Friday. The clashes ... spread to four villages over the
        # weekend": the event of the sentence just before, told on in the days after it began
        day = timexes[next(f.timex for f in unit if f.timex is not None)].range_start
        same = [d for d in drafts if d.event_type == lead.event_type and d.timex is not None
                and 0 < lead.sentence - d.mentions[-1].mention.sentence <= 1
                and timexes[d.timex].precision == "day" and day is not None
                and (its_day := timexes[d.timex].range_start) is not None and 0 <= (day - its_day).days <= 7]
    return max(same, key=lambda d: d.first) if len(same) == 1 else None


def _disaster_before(drafts: list[Draft], unit: list[MentionFacts]) -> Draft | None:
    """The natural disaster told just before a mishap undated or of its day: "The quake struck on Monday ... several
    houses collapsed" tells of the quake, not of a collapse of its own."""
    if _type(unit) != "other":
        return None
    sentence, day = unit[0].mention.sentence, _date(unit)
    disasters = [d for d in drafts if d.event_type == "natural_disaster" and d.date is not None
                 and (day is None or d.date == day) and 0 <= sentence - d.mentions[0].mention.sentence <= _NEAR]
    return max(disasters, key=lambda d: d.first) if disasters else None


def _before_it(d: Draft, unit: list[MentionFacts], timexes: Sequence[Timex], text: str) -> bool:
    """Whether a draft told after the unit is dated as before another event: "At least 29 people have been killed in
    air strikes ... Three days earlier, Houthi fighters had fired a ballistic missile" are two events."""
    if d.timex is None or d.first < unit[0].mention.start:
        return False
    t = timexes[d.timex]
    return _EARLIER.fullmatch(text, t.start, t.end) is not None


def _toll_risen(drafts: list[Draft], unit: list[MentionFacts]) -> Draft | None:
    """The event with dead told just before a toll that rose, wherever the count names: "The death toll rose to 14 on
    Tuesday after three of the wounded died in a hospital in Lashkar Gah" counts the bombing's dead, not a new event
    in the town of the hospital."""
    if not all(f.mention.kind == "casualty" for f in unit) or not any(p.update for f in unit for p in f.parts):
        return None
    sentence = unit[0].mention.sentence
    counted = [d for d in drafts if any(p.best > 0 for f in d.mentions for p in f.parts)
               and 0 < sentence - d.mentions[0].mention.sentence <= _NEAR]
    return max(counted, key=lambda d: d.first) if counted else None


def _risen_toll_told_ahead(drafts: list[Draft], unit: list[MentionFacts]) -> Draft | None:
    """The dated event told just after an undated toll that rose, of its kind or named again: "The death toll from a
    gas explosion at a coal mine rose to 210 ... The blast ripped through the colliery at 3 p.m. Monday" counts the
    blast's dead."""
    if not _risen(unit) or not any(f.mention.kind == "casualty" for f in unit):
        return None
    sentence, event_type = unit[0].mention.sentence, _type(unit)
    after = [d for d in drafts if d.date is not None
             and 0 < d.mentions[0].mention.sentence - sentence <= _REPORT_REACH
             and (d.event_type == event_type or all(f.mention.definite for f in d.mentions))]
    return min(after, key=lambda d: d.first) if after else None


def _counted_again(drafts: list[Draft], unit: list[MentionFacts]) -> Draft | None:
    """The event told just before with the same dead: "At least 58 people were killed when gunmen attacked ... He said
    58 bodies had been recovered by Monday morning, up from 31 counted on Sunday" counts the attack's dead again."""
    if not all(f.mention.kind == "casualty" for f in unit):
        return None
    dead = max((p.best for f in unit for p in f.parts), default=0)
    sentence = unit[0].mention.sentence
    same = [d for d in drafts if dead > 0 and 0 < sentence - d.mentions[-1].mention.sentence <= 2
            and any(p.best == dead for f in d.mentions for p in f.parts)]
    return same[-1] if same else None


def _toll_reported(drafts: list[Draft], unit: list[MentionFacts]) -> Draft | None:
    """The natural disaster told before, of an earlier day, whose dead a later count of no place of its own tells:
    "Maria made landfall on Wednesday ... On Thursday, officials had reported six deaths" counts the storm's dead
    (a disaster does not strike again; violence may: "two soldiers were killed on Thursday" is another incident)."""
    if not all(f.mention.kind == "casualty" for f in unit) or _places(unit):
        return None
    day, sentence = _date(unit), unit[0].mention.sentence
    assert day is not None  # asked only of a dated unit (merge_mentions)
    told = [d for d in drafts if d.event_type == "natural_disaster" and d.date is not None
            and len(d.date) == len(day) and d.date < day and 0 < sentence - d.mentions[-1].mention.sentence <= _NEAR]
    return told[-1] if told else None


def _fire_set(drafts: list[Draft], unit: list[MentionFacts]) -> Draft | None:
    """The attack told just before a fire of its day or of no day: "attackers threw firebombs into a shelter ...
    early Sunday ... The fire broke out at 3:15 a.m." is the attack's fire, not an accident."""
    if _type(unit) != "other" or not all(_FIRE.search(f.mention_text) for f in unit):
        return None
    sentence, day = unit[0].mention.sentence, _date(unit)
    attacks = [d for d in drafts if (day is None or d.date == day) and _an_attack(d)
               and 0 < sentence - d.mentions[0].mention.sentence <= _NEAR]
    return max(attacks, key=lambda d: d.first) if attacks else None


def _an_attack(d: Draft) -> bool:
    # (an attack's type is told by its context only once all drafts are made)
    return d.event_type in VIOLENT or d.event_type is None and any(f.mention.kind == "attack" for f in d.mentions)


def _disaster_that_displaced(drafts: list[Draft], unit: list[MentionFacts],
                             countries: frozenset[str]) -> Draft | None:
    """The dated natural disaster told just before people made homeless, undated: "The storm made landfall near Beira
    on March 14 ... some 400,000 people had been made homeless in and around Beira" lost their homes that day; but
    floods "since late May", a disaster of many days, moved people to camps on days not told, and people displaced
    "across northeast Libya" after floods in Derna were not all made homeless where and when the water struck."""
    if _type(unit) != "displacement" or _relocation(unit):
        return None
    sentence = unit[0].mention.sentence
    struck = [d for d in drafts if d.event_type == "natural_disaster" and _to_the_day(d.date)
              and 0 <= sentence - d.mentions[0].mention.sentence <= _NEAR
              and compatible_places(_places(unit), _places(d.mentions), True)]
    return max(struck, key=lambda d: d.first) if struck else None


def _same_disaster(drafts: list[Draft], unit: list[MentionFacts]) -> Draft | None:
    """The one dated natural disaster told right after an undated one, whatever places each names: "A 7.5-magnitude
    earthquake and the tsunami it triggered killed 832 people on Sulawesi ... Waves smashed into the city of Palu
    late on Friday" tell of one disaster. (An undated one told after a dated one is often another: "came two weeks
    after Typhoon Goni killed 25".)"""
    if _type(unit) != "natural_disaster":
        return None
    sentence = unit[0].mention.sentence
    after = [d for d in drafts if d.event_type == "natural_disaster" and d.date is not None
             and 0 < d.mentions[0].mention.sentence - sentence <= _NEAR]
    return after[0] if len(after) == 1 else None


def _compatible_type(d: Draft, unit: list[MentionFacts], dated: bool) -> bool:
    kind = _type(unit)
    if kind is not None:
        # An undated mention cannot tell what a dated killing was, unless it names it again: "Suspected jihadists
        # attacked two army posts on Monday ... Fifteen militants were killed in the fighting".
        referred = all(f.named_again for f in unit if f.mention.event_type == kind)
        return d.event_type == kind or (d.event_type is None and kind in VIOLENT and (dated or referred))
    if any(f.mention.kind == "attack" for f in unit):
        return d.event_type is None or d.event_type in VIOLENT
    return d.event_type not in _NO_CASUALTIES


def _best(drafts: list[Draft], unit: list[MentionFacts], date_ok, prefer_latest: bool,
          timexes: Sequence[Timex] = (), dated: bool = True, countries: frozenset[str] = frozenset()) -> Draft | None:
    here = unit[0].mention.start
    places = _places(unit)
    strict = unit[0].mention.kind in ("occasion", "statement")
    said = _declared(unit)
    candidates = [d for d in drafts if date_ok(d) and _compatible_type(d, unit, dated) and _declared(d.mentions) == said
                  and compatible_places(places, _places(d.mentions), strict, countries)
                  and (dated or _relocation(unit) == _relocation(d.mentions))]
    if not dated and _type(unit) is None:
        # An undated killing or attack belongs to an event told just before or just after it.
        sentence = unit[0].mention.sentence
        candidates = [d for d in candidates
                      if any(abs(f.mention.sentence - sentence) <= _NEAR for f in d.mentions)]
    if not candidates:
        return None
    if prefer_latest:
        days = [(timexes[d.timex].range_start, d) for d in candidates if d.timex is not None]
        if days:
            return max(days, key=lambda day_draft: (day_draft[0], day_draft[1].last))[1]
    before = [d for d in candidates if d.first < here]
    if before:
        return max(before, key=lambda d: max(f.mention.start for f in d.mentions if f.mention.start < here))
    return min(candidates, key=lambda d: d.first)


def _declared(facts: Sequence[MentionFacts]) -> bool:
    # A decree or a speech is an act apart from what was done the same day: "declared a state of siege across
    # Bolivia on Saturday ... Police arrested 20 union leaders in raids early Saturday" are two events.
    return facts[0].mention.kind in ("occasion", "statement")


def _relocation(facts: Sequence[MentionFacts]) -> bool:
    # People moved by others ("the agency started moving people to the camp at Farchana") are another event than
    # people who fled ("15,000 refugees crossed into Chad over the weekend").
    return any(f.mention.event_type == "displacement" and _RELOCATION.match(f.mention_text) for f in facts)


def _absorb(d: Draft, unit: list[MentionFacts]) -> None:
    if d.event_type is None:
        d.event_type = _type(unit)
    d.mentions.extend(unit)


def compatible_places(a: Sequence[PlaceMention], b: Sequence[PlaceMention], strict: bool = False,
                      countries: frozenset[str] = frozenset()) -> bool:
    """Whether two sets of places can be the place of one event: the same place, or one inside the other
    (`strict`: the same place only, as for two speeches)."""
    if not a or not b:
        return True
    pa = max(a, key=lambda p: p.level)
    pb = max(b, key=lambda p: p.level)
    na, nb = pa.name.lower(), pb.name.lower()
    if na in nb or nb in na:
        return True
    if (pa.parent and pa.parent.lower() in nb) or (pb.parent and pb.parent.lower() in na):
        return True
    if any(p.name.lower() == na for p in b) or any(p.name.lower() == nb for p in a):
        return True
    if strict:
        return False
    if is_landmark(pa.name) != is_landmark(pb.name):
        return True  # "stormed the Federal Government College" stands in the town told with it, "in Birnin Yauri"
    if pa.level == pb.level:
        return False
    coarse, fine = (pa, pb) if pa.level < pb.level else (pb, pa)
    known_coarse = gazetteer.lookup(coarse.name, countries)
    found_fine = [gazetteer.lookup(n, countries) for n in _components(fine.name)]
    known_fine = [k for k in found_fine if k is not None]
    if known_coarse is None or not known_fine:
        return True
    if known_coarse.level == 2 and known_coarse.country is not None \
            and gazetteer.capital_of(known_coarse.country) == known_coarse.name \
            and all(k.level == 3 for k in known_fine):
        return False  # "Dili", a province named for the capital in it, is the city: no other town is in it
    return any(k.country == known_coarse.country for k in known_fine)


def _components(name: str) -> list[str]:
    parts = [n.strip() for n in name.replace(", and ", ", ").replace(" and ", ", ").split(",") if n.strip()]
    return [bare_name(n) for n in parts]


def _context_type(d: Draft, drafts: list[Draft], skipped: Sequence[SkippedTrigger],
                  facts: Sequence[MentionFacts], countries: frozenset[str], text: str) -> str:
    # Attacks and killings take the type of the violence told just before ("a series of bombings ... attacks"),
    # else of the violence at the same place, else they are violence against civilians.
    first = d.mentions[0].mention
    if all(f.mention.kind == "casualty" for f in d.mentions) and any(
            s.sentence == first.sentence and s.event_type == "natural_disaster" for s in skipped):
        return "natural_disaster"  # "98 people died after the storm caused flash floods": the storm's dead
    if all(f.mention.kind == "casualty" for f in d.mentions) and any(
            _DIED_OF_ILLNESS.match(text, f.mention.end) for f in d.mentions):
        return "other"
    typed = [(s.sentence, s.start, s.event_type) for s in skipped if s.event_type in VIOLENT]
    typed += [(f.mention.sentence, f.mention.start, f.mention.event_type) for f in facts
              if f.mention.event_type in VIOLENT]
    near = [t for t in typed if first.sentence - 2 <= t[0] <= first.sentence and t[1] < first.start]
    # A new paragraph, or "in a separate attack", starts another incident: its type is not the one told before.
    near = [t for t in near if "\n\n" not in text[t[1]:first.start]
            and not _SEPARATE.search(text, max(0, first.start - 40), first.start)]
    if near:
        return max(near, key=lambda t: t[1])[2]
    places = _places(d.mentions)
    if places:
        for other in drafts:
            if other is not d and other.event_type in VIOLENT and _places(other.mentions) and \
                    compatible_places(places, _places(other.mentions), False, countries) and \
                    max(p.level for p in places) == max(p.level for p in _places(other.mentions)):
                return other.event_type
    units = {p.unit for f in d.mentions for p in f.parts if not p.injured_only}
    if (units and units <= _COMBATANTS) or any(f.armed_target for f in d.mentions):
        return "battle"  # armed men killed, or an attack on a checkpoint or a patrol: fighting
    if not typed and all(f.mention.kind == "casualty" for f in d.mentions):
        # "60 people have died since Thursday" in an article of floods and no violence: the floods' dead; in one of
        # an epidemic, the epidemic's
        told = [other.event_type for other in drafts if other.event_type in ("natural_disaster", "other")]
        if told:
            return "natural_disaster" if "natural_disaster" in told else "other"
    return "violence_against_civilians"
