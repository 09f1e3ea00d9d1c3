"""Events: who did what to whom, where and when, with the toll, each traceable to the sentence that reports it."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from transforms import gazetteer, lexicon
from transforms.dateline_place import DATELINE_DATE
from transforms.event_dates import after_since, date_for, event_date, first_day, next_to_report, of_a_recovery, usable
from transforms.event_mentions import CAME, VIOLENT, find_mentions, quote_spans
from transforms.event_merge import Draft, merge_mentions, MentionFacts, is_vote, national_decree
from transforms.event_places import NOT_EVENT_CUES, ArticlePlaces, PlaceMention, bare_name, is_landmark
from transforms.event_relative import RelativeDate, relative_dates, scope_of, shifted
from transforms.event_toll import TOLL_RISE, Toll, both_sides_parts, casualty_parts, toll
from transforms.event_actors import actors_of
from transforms.figures import Figure
from transforms.frozen import builder
from transforms.sentences import Sentence
from transforms.timex import Timex
from transforms.word_trie import starts_with, words_by_first_letter

_CLAUSE = re.compile(starts_with(["but", "while", "and"], also=r",;:()—–\s")
                     + r"(?:[,;:()—–]|\s-{1,2}\s|\b(?:but|while|whereas|and)\b)")
_PERPETRATORS = lexicon.words("events_perpetrators.txt")
_THE_NOUN = re.compile(r"The\s+([a-z]{3,})(?:\s+([a-z]{3,}))?\b")
_EPICENTRE = re.compile(r"\bepicent(?:er|re)\b[^.;]{0,40}?\b(?:near|in|at|under|beneath|off|close\s+to)\s", re.I)
_SEGMENT = re.compile(r"[^,;:()—–]+")
_THAT = re.compile(r"\sthat\s")
_TITLE_PLACE = re.compile(r"\b(?:provincial|province['’]s|governor)\b", re.I)
_ARMED_TARGETS = sorted(lexicon.words("events_armed_targets.txt"), key=len, reverse=True)
_ARMED = re.compile(starts_with(_ARMED_TARGETS, True) + rf"\b(?:{'|'.join(_ARMED_TARGETS)})\b", re.I)
_UNARMED_TARGETS = sorted(lexicon.words("events_unarmed_targets.txt") | lexicon.words("events_crowd_nouns.txt")
                          | lexicon.words("events_protesting_people.txt"), key=len, reverse=True)
# "opened fire on tens of thousands of opposition supporters rallying in a stadium": an attack on unarmed people.
_ON_UNARMED = re.compile(rf"\s+(?:on|at|into)\s+(?:[\w,-]+\s+){{0,6}}?(?:{'|'.join(_UNARMED_TARGETS)})\b", re.I)
_VENUE_CUES = frozenset({"in", "at", "across", "throughout"})  # "declared martial law across Mindanao"
_VENUE_BEFORE = 120  # characters between a declaration and its place or date
_VENUE_AFTER = 60
# "told reporters in Kinshasa", "a news conference at the ministry in Fuxin", "a broadcast from Abuja", "before a joint
# session of the US Congress": the words between an occasion and its venue; what was told ("told reporters that
# fighting in Bunia ...") is no venue.
_TO_THE_VENUE = re.compile(r"(?:\s+(?!(?:that|who|which|about|on|over|after|before|when|as)\b)[\w'’.-]+){0,5}?"
                           r"\s+(?:in|at|from|of)\s+(?:the\s+)?$", re.I)
_WINDOW = 4  # sentences after the first mention whose places locate the event
# "killed in the fighting", "repelled the assault" (but not "a group that has been fighting").
# A sentence about the event told before, measuring its time by another: "The attack came a week after ...".
_CAME = re.compile(rf"\s*(?:the|this|that)\s+(?:[\w-]+\s+){{0,2}}?{CAME}\b", re.I)
_NAMED_AGAIN = re.compile(starts_with(["the"], True) + r"\b(?:the|this)\s+(?:\w+\s+)?$", re.I)
_NATIONWIDE = re.compile(words_by_first_letter([r"across\s+the\s+country", r"throughout\s+the\s+country",
                                                r"around\s+the\s+country", r"all\s+over\s+the\s+country", "nationwide"])
                         + r"\b", re.I)
_SCENE = re.compile(r"\s*(?:In|At)\s+(?=[A-Z])")
_PLACE_GOES_ON = re.compile(r",\s+(?:at|in|near)\s+(?=[A-Z]|the\s)")
_DESTINATION_CUES = frozenset({"into", "to"})
_CROSSING_CUES = frozenset({"near", "at"})
_DELIVERY_CLAUSE_END = re.compile(r"[;:—–()]|\s-{1,2}\s|\b(?:but|while|whereas|although|because|when|after)\b")
_FLED = re.compile(r"fle(?:d|e|es|eing)", re.I)
_EVACUATED = re.compile(r"evacuat", re.I)
_SENT = re.compile(r"\b(?:deploy\w*|sen[dt]\w*|dispatch\w*|airlift\w*|fl[eo]w\w*|rush\w*)\b", re.I)
_NATIONAL_VOTE = re.compile(rf"\b(?:{'|'.join(lexicon.words('events_national_vote_words.txt'))})\b", re.I)
# "was elected president in 1997": a head of state or government is elected by the whole country
_NATIONAL_OFFICE = re.compile(r"\belected\s+(?:[\w'’-]+\s+){0,5}?(?:president|prime\s+minister)\b", re.I)
_TO_A_PLACE = re.compile(r"\s+(?:\w+\s+)?(?:to|into)\s+[^,;]{0,30}?\s(?:in|at|near)\s+")
_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s")
_SAID = re.compile(rf"\b(?:{'|'.join(sorted(lexicon.words('events_reporting_verbs.txt')))}|according\s+to)\b")
# "the Zambian government", "the Kenyan Finance Minister"
_STATE_NOUN_AFTER = re.compile(rf"\s+(?:[A-Za-z]+\s+)?(?:{'|'.join(sorted(lexicon.words('events_state_nouns.txt')))})\b", re.I)
_ASSEMBLY_NOUNS = sorted(lexicon.words("events_assembly_nouns.txt"), key=len, reverse=True)
# "presented to the National Assembly a budget", "Presenting the budget to the Legislature-Parliament"
_TO_AN_ASSEMBLY = re.compile(r"\b(?:to|before|in|addressed)\s+the\s+(?P<name>(?:[A-Z][\w'’]*[\s-]+){0,3}"
                             rf"(?i:{'|'.join(_ASSEMBLY_NOUNS)}))\b")
_ASSEMBLY_TYPES = frozenset({"other", "political_statement"})  # budgets and speeches
_NO_TOLL_TYPES = frozenset({"strategic_development", "political_statement", "displacement"})
# "The death toll from a powerful earthquake and tsunami": the toll names its event, a few words on.
_TOLL_FROM = re.compile(r"\s+(?:from|of|in)\s+(?:[\w'’-]+\s+){0,3}?", re.I)
_TOLL_REACH = 50  # characters between "toll from" and the event it names
_CAUSE_BEFORE = re.compile(r"\s+(?:[A-Z][\w-]*\s+){0,3}")  # "Typhoon Haiyan killed", "floods killed"


@dataclass(frozen=True, slots=True)
class Event:
    sentence_start: int          # the sentence that first reports the event
    sentence_end: int
    trigger_start: int           # the words that report the event
    trigger_end: int
    event_type: str
    event_date: str | None       # TIMEX3-style value at the best precision the text supports
    date_precision: str | None
    date_start: date | None
    date_end: date | None
    location: str | None         # most specific place as written, then the region the article puts it in
    country: str | None          # ISO 3166-1 alpha-2
    admin1: str | None
    latitude: float | None
    longitude: float | None
    actors: tuple[str, ...]
    fatalities: int | None       # best estimate; 0 when casualties but no deaths are reported
    fatalities_low: int | None
    fatalities_high: int | None
    figure_indexes: tuple[int, ...]  # positions in the article's figure list
    timex_indexes: tuple[int, ...]   # positions in the article's timex list


# Event(...) for less: a frozen __init__ sets each of its twenty fields by a call (see frozen.py).
_EVENT = builder(Event)


class _Context:
    """What every mention of an article is read against, computed once per article."""

    def __init__(self, text: str, sentences: Sequence[Sentence], timexes: Sequence[Timex],
                 figures: Sequence[Figure], places: ArticlePlaces, mentions: Sequence) -> None:
        self.text, self.sentences, self.timexes, self.figures, self.places = text, sentences, timexes, figures, places
        self.occasions = _occasion_segments(text, sentences, mentions)
        self.mentions_in: dict[int, list] = {}
        for m in mentions:
            self.mentions_in.setdefault(m.sentence, []).append(m)
        # Only the sentences that report something are looked up, and most sentences report nothing.
        self.timexes_in = _by_sentence(sentences, self.mentions_in, [t.start for t in timexes])
        self.figures_in = _by_sentence(sentences, self.mentions_in, [f.start for f in figures])
        self._parts: dict[int, tuple[tuple, tuple]] = {}

    def parts(self, index: int) -> tuple[tuple, tuple]:
        """The casualty parts of a sentence and the attackers' own dead it counts, once per sentence."""
        if index not in self._parts:
            victims, attackers = both_sides_parts(self.text, self.sentences[index], self.figures_in[index],
                                                  self.figures)
            self._parts[index] = (tuple(victims), tuple(attackers))
        return self._parts[index]


def _mention_facts(ctx: _Context, m) -> MentionFacts:
    text, s, timexes = ctx.text, ctx.sentences[m.sentence], ctx.timexes
    statement = m.kind in ("occasion", "statement")
    t_idx = None
    if not m.reaction:
        others = [o.start for o in ctx.mentions_in[m.sentence]
                  if o is not m and (o.kind in ("occasion", "statement")) != statement]
        # "the crash" named again is dated by no date of another event told after it ("came hours after ...").
        others_told = [o.start for o in ctx.mentions_in[m.sentence] if o is not m] if m.definite else ()
        t_idx = date_for(text, (m.start, m.end), (s.start, s.end), ctx.timexes_in[m.sentence], timexes,
                         statement, ctx.occasions, others, others_told, m.kind == "casualty")
    places = [p for p in ctx.places.in_span(s.start, s.end) if p.cue not in NOT_EVENT_CUES
              and (statement or not _within(p.start, ctx.occasions))]
    if m.event_type not in VIOLENT and m.kind != "attack":
        # "The exodus began days after NATO launched air strikes against Yugoslavia": the place the strikes were
        # against is theirs
        places = [p for p in places if p.cue != "against"]
    if m.kind == "casualty" and (rise := TOLL_RISE.search(text, s.start, s.end)) is not None and m.start < rise.end():
        # "The death toll rose to 27 ..., and 14 were still missing, most of them in Benguet": an update of the event
        # told before, whose places after the count are those of other people
        places = [p for p in places if p.start < rise.end()]
    if m.event_type in VIOLENT or m.kind in ("attack", "casualty"):
        # "opened fire at the market, said a leader who escaped to the state capital Maiduguri": where the source
        # went (but "attacked crowds flocking to Kabul's airport" is where they were attacked); "..., said Omar
        # Kavota, a civil society leader in Butembo": where the source works
        places = [p for p in places if not _of_the_source(text, m.end, p)]
    if not places and m.kind == "event":
        # The owner of a disaster, a vote or a protest is where it happened; of an attack, often who attacked.
        places = ctx.places.names_near(m.start, m.end, owner=m.event_type not in VIOLENT)
    if not statement and _NATIONWIDE.search(text, max(s.start, m.start - 80), min(s.end, m.end + 80)) \
            and not any(p.level >= 2 for p in places):
        # "98 people were arrested across the country" (but "Lawyers across the country rallied in Lahore, Karachi
        # and Peshawar": where they rallied)
        country = ctx.places.country_before(m.start)
        if country is not None:
            places = [country]
    if m.delivery:
        # An aid delivery happened where the goods went ("flown to Faizabad", "reached Rustaq on Tuesday from
        # Tajikistan"), never where they came from.
        stop = _DELIVERY_CLAUSE_END.search(text, m.end, s.end)
        to = ctx.places.destination(m.end, stop.start() if stop else s.end)
        places = [to] if to is not None else [p for p in places if p.cue != "from"]
    if m.event_type == "strategic_development" and _SENT.search(text, m.start, m.end):
        # "deployed 300 extra troops from Brazil and Uruguay to the capital": where the troops went
        places = [p for p in places if p.cue != "from"] or places
    if m.event_type == "displacement" and _EVACUATED.match(text, m.start, m.end) \
            and (evacuated := [p for p in places if p.cue == "from" and p.start > m.end]):
        # "evacuated 1,200 foreign workers from Misrata's port to Benghazi": the place emptied, not the refuge
        places = evacuated
    destinations = [p for p in places if p.cue in _DESTINATION_CUES] if m.event_type == "displacement" else []
    if destinations:
        hi = _clause(text, s, m.start)[1]
        places = [p for p in places if p.cue not in _DESTINATION_CUES or p.start < hi]
        destinations = [p for p in destinations if p.start < hi]
    if destinations:
        # "refugees crossed into Bangladesh since violence flared in Rakhine", "fled to the camp from the Mosul
        # area": where they went, not what they fled; but "villagers from around Laiza fled into China" fled
        # from a more precise place, and in "fled the fighting, many of them crossing into Chad" a later clause
        # that says where some went is not the flight's
        crossing = [p for p in places if p.cue in _CROSSING_CUES and p.level > 1
                    and m.end <= p.start < destinations[0].start]
        places = [p for p in places if p.cue in _DESTINATION_CUES or p.start < m.start]
        if crossing and all(d.level == 1 for d in destinations):
            places = crossing  # "poured across the border near Cukurca into Turkey": the crossing, not the country
    elif m.event_type == "displacement" and len(places) > 1 and _FLED.fullmatch(text[m.start:m.end]):
        # "crossed into Chad, fleeing violence in West Darfur": where they fled from is not where it happened.
        # "fled to Pemba after the attack on Mocimboa": the place attacked is not where they fled.
        places = [p for p in places if p.cue != "on"] or places
        lo, hi = _clause(text, s, m.start)
        # (But "About 1,500 residents fled Warabe": the place fled, and no other, is where it happened; and "fled
        # to the U.N. base in Malakal" is where they went.)
        places = [p for p in places if not ((m.end <= p.start < hi and p.cue != "fled"
                                             and not _TO_A_PLACE.fullmatch(text, m.end, p.start))
                                            or p.cue == "from")] or places
        # "burned shops in Chinatown, and residents fled to a barracks at Rove": not the place of another clause
        places = [p for p in places if p.start >= lo] or places
    elif not statement and len(places) > 1:
        lo, hi = _clause(text, s, m.start)
        if _PLACE_GOES_ON.match(text, hi):
            hi = _clause(text, s, hi + 2)[1]  # "fired missiles at two bases, at Ain al-Asad and Erbil"
        within = [p for p in places if lo <= p.start < hi]
        if not within:
            # "Rioters burned shops and homes in Chinatown, and residents fled to Rove": a clause cut short names no
            # place; the places up to the next event of another kind are this one's
            later = [o.start for o in ctx.mentions_in[m.sentence] if o.start >= hi and o.event_type != m.event_type]
            if later:
                within = [p for p in places if s.start <= p.start < min(later)]
        places = within or places
    if m.kind == "statement":
        # A declaration is an occasion only where and when it was made: "At a summit hall in Vienna
        # on Monday, the foreign minister warned ...", not a place it speaks of.
        places = [p for p in places if p.cue in _VENUE_CUES and -_VENUE_BEFORE <= p.start - m.start <= _VENUE_AFTER]
        if t_idx is not None and abs(timexes[t_idx].start - m.start) > _VENUE_BEFORE:
            t_idx = None
        if _NATIONWIDE.search(text, m.start, min(s.end, m.end + 40)):
            country = ctx.places.country_before(m.start)
            places = [country] if country is not None else places  # "declared a nationwide state of emergency"
    if m.kind == "occasion":
        # A press conference or a speech is where it was held: a place before it in its clause ("In Dhaka, the
        # minister told reporters") or named as its venue right after it; not the places its words are about.
        lo = _clause(text, s, m.start)[0]
        places = [p for p in places if (lo <= p.start < m.start and p.cue in _VENUE_CUES)
                  or (m.end <= p.start and _TO_THE_VENUE.fullmatch(text, m.end, p.start) is not None)]
    if statement:
        places = places[:1]
    in_sentence = ctx.figures_in[m.sentence]
    parts, attacker_parts = ctx.parts(m.sentence)
    t = timexes[t_idx] if t_idx is not None else None
    day = event_date(t) if t is not None else None
    if t is not None and not statement:
        start = first_day(text, (s.start, s.end), t)
        day = start.isoformat() if start is not None else day
    if m.kind == "attack" and _ON_UNARMED.match(text, m.end, s.end) is not None:
        m = replace(m, event_type="violence_against_civilians")  # its type told by whom it struck, not by context
    return MentionFacts(
        mention=m,
        timex=t_idx,
        date=day,
        time_value=_incident_time(text, t) if t is not None else None,
        places=tuple(places),
        parts=parts,
        attacker_parts=attacker_parts,
        named_again=_NAMED_AGAIN.search(text, max(s.start, m.start - 30), m.start) is not None,
        by_report=t is not None and not statement and (next_to_report(text, t, (s.start, s.end))
                                                       or of_a_recovery(text, t, (s.start, s.end))),
        figures=tuple(in_sentence),
        toll_of=_toll_of(ctx, m),
        metrics=frozenset(metric for i in in_sentence if (metric := ctx.figures[i].metric)),
        mention_text=text[m.start:m.end],
        armed_target=m.kind == "attack" and _ARMED.search(text, max(s.start, m.start - 40),
                                                            min(s.end, m.end + 60)) is not None,
    )


def _incident_time(text: str, timex: Timex) -> str | None:
    """When the counts of a sentence were made, to tell incidents apart; None for a running total: "97 had been
    killed since Saturday" counts the whole event up to now, not an incident of Saturday."""
    return None if after_since(text, timex) else timex.value


def _toll_of(ctx: _Context, m) -> int | None:
    """Where the event starts that a death toll names ("the death toll from a powerful earthquake") or that killed
    the dead right after it ("Super Typhoon Haiyan killed 10,000"), or None."""
    if m.kind != "casualty":
        return None
    toll = ctx.text[m.start:m.end].lower().endswith("toll")
    for o in ctx.mentions_in[m.sentence]:
        if o.kind != "event":
            continue
        if toll and m.end < o.start <= m.end + _TOLL_REACH and _TOLL_FROM.fullmatch(ctx.text, m.end, o.start):
            return o.start
        if not toll and o.end < m.start and _CAUSE_BEFORE.fullmatch(ctx.text, o.end, m.start):
            return o.start
    return None


def find_events(text: str, sentences: Sequence[Sentence], timexes: Sequence[Timex],
                figures: Sequence[Figure]) -> list[Event]:
    """The events the article reports, one per real-world event, in order of first mention."""
    taken = [(t.start, t.end) for t in timexes]
    relative = relative_dates(text, sentences)
    mentions, skipped = find_mentions(text, sentences, taken, quote_spans(text),
                                      [(r.start, r.end) for r in relative if r.anchor == "sentence"])
    if not mentions:
        return []
    ctx = _Context(text, sentences, timexes, figures, ArticlePlaces(text, sentences, taken), mentions)
    facts = _dated_by_events(ctx, [_mention_facts(ctx, m) for m in mentions], relative)
    places = ctx.places
    drafts = merge_mentions(facts, skipped, sentences, timexes, places.countries, text)
    with_mentions = {m.sentence for m in mentions}
    actor_cache: dict[int, list[str]] = {}
    events: list[Event] = []
    lead: tuple[str, PlaceMention] | None = None  # where the first located event happened
    for d in drafts:
        location, place = _location(text, d, sentences, places, with_mentions, lead)
        if place is not None and place.level >= 2 and _national_vote(text, d):
            location, place = _country_of(place, places, _of_a_national_office(text, d)) or (location, place)
        elif _national_declaration(text, d):
            # the country the report was filed from, else that of the place the article is about
            filed_from = places.main if places.main_is_dateline else None
            location, place = (filed_from and _country_of(filed_from, places)) \
                or (place and _country_of(place, places)) or (location, place)
        if lead is None and place is not None and place.level >= 2 and _all_places(d):
            assert location is not None  # _location names every place it finds, and so does _country_of
            lead = (location, place)
        events.append(_event(text, d, sentences, places, figures, timexes, actor_cache, location, place))
    return events


def _dated_by_events(ctx: _Context, facts: list[MentionFacts], relative: Sequence[RelativeDate]
                     ) -> list[MentionFacts]:
    """Mentions dated by another event take its date moved by the offset written ("a day after the blast":
    the day before the sentence's date; "A day earlier, ...": the day before the event told just before)."""
    if not relative:
        return facts
    out: list[MentionFacts] = []
    previous: tuple[str, int | None] | None = None  # the date of the last dated act told before the sentence
    anchor: str | None  # the date a stretch is counted from, None when no day is known
    last_sentence = -1
    clauses = [(r.start, r.end) for r in relative if r.anchor == "sentence"]  # stretches dated within their sentence
    for f in facts:
        m = f.mention
        if m.sentence != last_sentence:
            last_sentence = m.sentence
            dated = [(g.date, g.timex) for g in out
                     if g.date is not None and g.mention.kind not in ("occasion", "statement")
                     and (g.scope is None or relative[g.scope].anchor == "previous")]
            previous = dated[-1] if dated else None
        i = scope_of(relative, m.start)
        if i is None:
            s = ctx.sentences[m.sentence]
            if any(s.start <= start < s.end for start, _ in clauses):
                # The sentence's own dead and places, not those of the earlier event its clause tells of.
                outside = tuple(p for p in f.places if not _within(p.start, clauses))
                f = replace(f, parts=_parts_where(ctx, m.sentence, lambda at: not _within(at, clauses)),
                            places=outside or f.places)
            out.append(f)
            continue
        r = relative[i]
        if r.anchor == "previous":
            if previous is None:
                out.append(replace(f, scope=i))
                continue
            anchor, timex = previous
            if f.timex is not None and r.start <= ctx.timexes[f.timex].start < r.end and timex is not None and any(
                    t.precision == "day" and ctx.timexes[timex].end <= t.start < r.start for t in ctx.timexes):
                # "... launched a search on Saturday. The following day, they clashed": the day named last, not the
                # act dated before it
                out.append(f)
                continue
        elif f.timex is not None and r.start <= ctx.timexes[f.timex].start < r.end:
            out.append(replace(f, scope=i))  # "hours after a drone strike last week": the stretch dates itself
            continue
        else:
            timex = _sentence_anchor(ctx, m.sentence, r)
            anchor = event_date(ctx.timexes[timex]) if timex is not None else None
            if timex is None and previous is not None and _CAME.match(ctx.text, ctx.sentences[m.sentence].start):
                anchor, timex = previous  # "The attack came a week after ...": the attack is the event told before
            inside = tuple(p for p in f.places if r.start <= p.start < r.end)
            f = replace(f, parts=_parts_where(ctx, m.sentence, lambda at: r.start <= at < r.end),
                        places=inside or f.places)
        day = shifted(anchor, r.days)
        out.append(replace(f, date=day, timex=timex if day is not None else None, time_value=None, scope=i))
    return out


def _sentence_anchor(ctx: _Context, index: int, r: RelativeDate) -> int | None:
    """The date the rest of the sentence gives, nearest to the stretch dated by it (the dateline's aside)."""
    best = None
    for i in ctx.timexes_in[index]:
        t = ctx.timexes[i]
        if not usable(t) or r.start <= t.start < r.end or \
                (t.start < 120 and DATELINE_DATE.search(ctx.text, max(0, t.start - 40), t.start)):
            continue
        distance = r.start - t.end if t.end <= r.start else t.start - r.end + 1000
        if best is None or distance < best[0]:
            best = (distance, i)
    return best[1] if best else None


def _parts_where(ctx: _Context, index: int, keep: Callable[[int], bool]) -> tuple:
    """The casualty parts of a sentence counted from the figures that start where `keep` holds."""
    kept = [i for i in ctx.figures_in[index] if keep(ctx.figures[i].start)]
    return tuple(casualty_parts(ctx.text, ctx.sentences[index], kept, ctx.figures))


def _event(text: str, d: Draft, sentences: Sequence[Sentence], places: ArticlePlaces,
           figures: Sequence[Figure], timexes: Sequence[Timex], actor_cache: dict[int, list[str]],
           location: str | None, place: PlaceMention | None) -> Event:
    first = d.mentions[0].mention
    sentence = sentences[first.sentence]
    region = next((p.name for p in _all_places(d) if p.level == 2), None)
    known = None
    if place is not None and " and " not in place.name:
        known = gazetteer.lookup(bare_name(place.name), places.countries)
    elif place is not None and (joined := _joined_place(location or place.name, places.countries)) is not None:
        known = joined
    elif place is not None and region:
        # Several places at once: the region that holds them gives country and region, not coordinates.
        holder = gazetteer.lookup(region, places.countries)
        known = holder and gazetteer.Place(region, 2, holder.country, holder.admin1 or region, None, None)
    if (known is None or known.country is None) and place is not None:
        # "a rockslide near the Kala ridge" in a sentence that names Nepal.
        country = next((gazetteer.lookup(p.name) for p in _all_places(d) if p.level == 1), None)
        if country is not None:
            known = gazetteer.Place(place.name, place.level, country.country, known.admin1 if known else None,
                                    known.latitude if known else None, known.longitude if known else None)
    t = timexes[d.timex] if d.timex is not None else None
    date_start, date_end = (t.range_start, t.range_end) if t else (None, None)
    if t is not None and t.precision == "day" and d.date != event_date(t):
        assert d.date is not None  # a mention dated by an expression has its date, and so has its draft
        date_start = date_end = date.fromisoformat(d.date)  # the first day of an event told on a later day
    counted: Toll | None = None
    told = [f.mention for f in d.mentions if f.mention.kind == "event"]
    # An aid delivery kills no one: the dead a later sentence counts ("2,000 people had died") are another event's
    # (but "a plane carrying aid crashed, killing five" is a crash).
    if d.event_type not in _NO_TOLL_TYPES and not (told and all(m.delivery for m in told)):
        counted = toll(d.mentions, attackers=d.event_type == "battle")
    figure_ids = sorted({i for f in d.mentions for i in f.figures if figures[i].metric is not None})
    return _EVENT(
        sentence.start, sentence.end, first.start, first.end, d.event_type,
        d.date, t.precision if t else None, date_start, date_end,
        location, known.country if known else None,
        region if region and place is not None and region != place.name else (known.admin1 if known else None),
        known.latitude if known else None, known.longitude if known else None,
        actors_of(text, [sentences[f.mention.sentence] for f in d.mentions], figures, d.mentions, actor_cache),
        counted.best if counted else None, counted.low if counted else None, counted.high if counted else None,
        tuple(figure_ids), (d.timex,) if d.timex is not None else (),
    )


def _joined_place(name: str, countries: frozenset[str]) -> gazetteer.Place | None:
    """Several places of one country at once ("Baquba and Ramadi"): their country, their common region and the
    middle of their coordinates, when the gazetteer knows every one."""
    names = [bare_name(n.strip()) for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", name) if n.strip()]
    found = [gazetteer.lookup(n, countries) for n in names]
    known = [k for k in found if k is not None]
    if len(known) < len(found):
        return None
    known = [k for k in known if k.level == max(k.level for k in known)]  # not the region written after them
    coordinates = [(k.latitude, k.longitude) for k in known if k.latitude is not None and k.longitude is not None]
    if len(known) < 2 or len(coordinates) < len(known) or len({k.country for k in known}) != 1:
        return None
    regions = {k.admin1 for k in known}
    return gazetteer.Place(name, max(k.level for k in known), known[0].country,
                           regions.pop() if len(regions) == 1 else None,
                           round(sum(latitude for latitude, _ in coordinates) / len(known), 5),
                           round(sum(longitude for _, longitude in coordinates) / len(known), 5))


def _location(text: str, d: Draft, sentences: Sequence[Sentence], places: ArticlePlaces,
              with_mentions: set[int], lead: tuple[str, PlaceMention] | None = None
              ) -> tuple[str | None, PlaceMention | None]:
    first_index = d.mentions[0].mention.sentence
    found = [p for f in d.mentions if f.mention.sentence <= first_index + _WINDOW for p in f.places] or _all_places(d)
    if d.event_type != "political_statement" and (not found or max(p.level for p in found) < 3):
        # The sentence after the first report, when it reports nothing else, often says where it happened.
        nxt = first_index + 1
        if nxt < len(sentences) and nxt not in with_mentions \
                and _continues(text, sentences[first_index], sentences[nxt]):
            more = [p for p in places.in_span(sentences[nxt].start, sentences[nxt].end)
                    if p.cue not in NOT_EVENT_CUES and p.level == 3]
            found = found + more
    if d.event_type == "natural_disaster" and (not found or max(p.level for p in found) < 3):
        epicentre = _epicentre(text, sentences, first_index, places)
        if epicentre is not None:  # "... across northern Iran. ... Its epicenter was near the town of Manjil"
            return epicentre.name, epicentre
    if d.event_type in _ASSEMBLY_TYPES and (not found or max(p.level for p in found) < 3):
        assembly = _assembly(text, sentences, first_index)
        if assembly is not None:
            return assembly.name, assembly
    if found:
        top = max(p.level for p in found)
        specific = [p for p in found if p.level == top]
        first_sentence = min(p.start for p in specific)
        names: list[str] = []
        holders = {bare_name(p.parent).lower() for p in specific if p.parent}  # "the Plaza Mayor in Madrid"
        for p in specific:
            bare = bare_name(p.name).lower()
            if bare in holders:
                continue
            if p.start - first_sentence < 400 and not any(bare_name(n).lower() == bare for n in names):
                names.append(p.name)
        parent = specific[0].parent
        regions = {p.name for p in found if p.level == 2}
        if parent is None and top == 3 and len(regions) == 1 and not _known_elsewhere(specific[0].name, *regions):
            parent = regions.pop()  # but of "Kerala ... Puthumala village ... Karnataka" no one is known to hold it
        sites = [n for n in names if is_landmark(n)]
        if parent is None and top == 3 and not regions and places.main_is_dateline and places.main is not None \
                and len(sites) == len(names) and _filed_where_it_tells(places):
            # A building or square, in an article filed from a city: "near the U.S. Embassy" is in Nairobi.
            parent = places.main.name
        if sites and len(names) - len(sites) == 1 and parent is None:
            # "stormed the Federal Government College" of "a school in Birnin Yauri": the site, in its town
            parent = next(n for n in names if n not in sites)
            names = sites
        location = " and ".join(names)
        if parent and parent.lower() not in location.lower():
            location = f"{location}, {parent}"
        return location, specific[0]
    first = d.mentions[0].mention
    sentence = sentences[first.sentence]
    if d.event_type == "political_statement":
        # A speaker known by a provincial title speaks for the province in focus.
        for f in d.mentions:
            s = sentences[f.mention.sentence]
            if _TITLE_PLACE.search(text, s.start, s.end):
                target = places.referent(s.start, "province")
                if target is not None:
                    return target.name, target
        if lead is not None and any(f.mention.at_site for f in d.mentions):
            return lead  # "visiting the site on Sunday": where the article's event happened
        if places.main_is_dateline and places.main is not None and any(f.mention.venue for f in d.mentions):
            # A news conference or a televised speech with no venue told was held where the report was filed.
            return places.main.name, places.main
        return None, None
    for f in d.mentions:
        s = sentences[f.mention.sentence]
        # "The Zambian government has proposed", "Chileans rejected a new constitution": the country, by its state
        # or its people; but "Afghan troops", "this northern Nigerian city", "a German army base" name actors and
        # owners, not where it happened.
        demonyms = [p for p in places.demonyms(s.start, s.end)
                    if text[p.end - 1] == "s" or _STATE_NOUN_AFTER.match(text, p.end)]
        if demonyms:
            return demonyms[0].name, demonyms[0]
    scene = _paragraph_scene(text, places, sentence.start)
    if scene is not None:
        return scene.name, scene
    if lead is not None and (places.main_is_dateline or places.main is None
                             or places.main.name.lower() not in lead[0].lower()):
        # An event told without a place of its own happened where the article's first located event did: not where
        # the report was filed ("JAKARTA, May 3 -"), nor at the place the article names most often unless that
        # place holds the first event (a capital whose officials comment on a massacre in the country's west is
        # not it; "Kunduz", named most often, holds "Ali Abad, Chahar Dara, and Imam Sahib, Kunduz").
        return _country_of_a_past_event(d, lead[1], places) or lead
    if places.main is not None:
        return _country_of_a_past_event(d, places.main, places) or (places.main.name, places.main)
    return None, None


def _country_of_a_past_event(d: Draft, place: PlaceMention, places: ArticlePlaces
                             ) -> tuple[str, PlaceMention] | None:
    """The country of the article's place for an event dated only to a year and told with no place of its own: one
    recalled from the country's past ("the devastating floods of 2022"), not one in the town of today's news."""
    if d.date is None or len(d.date) != len("2022") or place.level < 2:
        return None
    return _country_of(place, places)


def _epicentre(text: str, sentences: Sequence[Sentence], index: int, places: ArticlePlaces) -> PlaceMention | None:
    """The place a quake's epicentre is said to be near, in the sentence that reports it or the two after."""
    for s in sentences[index:index + 3]:
        match = _EPICENTRE.search(text, s.start, s.end)
        if match is not None:
            found = [p for p in places.in_span(match.end(), s.end) if p.cue not in NOT_EVENT_CUES]
            if found:
                return found[0]
    return None


def _assembly(text: str, sentences: Sequence[Sentence], index: int) -> PlaceMention | None:
    """The assembly a budget or a speech was presented to, in the sentence that reports it or the next."""
    for s in sentences[index:index + 2]:
        match = _TO_AN_ASSEMBLY.search(text, s.start, s.end)
        if match is not None and match.group("name")[0].isupper():
            return PlaceMention(match.start("name"), match.end("name"), match.group("name"), 3, "assembly")
    return None


def _of_the_source(text: str, after: int, place: PlaceMention) -> bool:
    if place.cue not in ("to", "in") or (said := _SAID.search(text, after, place.start)) is None:
        return False
    return place.cue == "to" or _APPOSITIVE.search(text, said.end(), place.start) is not None


def _national_vote(text: str, d: Draft) -> bool:
    """Whether the event is a vote held across a country ("Tuesday's presidential election"), or one that names no
    place of its own: a vote told only where the report was filed is the country's ("won 58.57% of the vote in
    Tuesday's poll", from Lilongwe)."""
    # (and "won 106 of the 225 seats in parliament": a few words after the mention too)
    votes = [f for f in d.mentions if is_vote(f)]
    return any(_NATIONAL_VOTE.search(text, max(0, f.mention.start - 30), f.mention.end + 20) for f in votes) \
        or (bool(votes) and not _all_places(d))


def _known_elsewhere(name: str, region: str) -> bool:
    """Whether the gazetteer puts a place in another region than the one the article also names: "the town of
    Karbala" is not in Baghdad, named for "a shrine south of Baghdad"."""
    place, holder = gazetteer.lookup(bare_name(name)), gazetteer.lookup(region)
    return (place is not None and holder is not None and place.admin1 is not None and holder.admin1 is not None
            and place.admin1 != holder.admin1)


def _paragraph_scene(text: str, places: ArticlePlaces, start: int) -> PlaceMention | None:
    """The place a paragraph opens with, the scene of its sentences that name none: "In Baku, several thousand
    protesters gathered ... Police fired shots into the air and arrested 40 people"."""
    paragraph = text.rfind("\n", 0, start) + 1
    opening = _SCENE.match(text, paragraph)
    if opening is None:
        return None
    found = places.in_span(opening.end(), opening.end() + 60)
    return found[0] if found and found[0].start == opening.end() else None


def _national_declaration(text: str, d: Draft) -> bool:
    """Whether the event is a declaration for a whole country that names no place of its own ("President Fernando de
    la Rua declared a 30-day state of siege on Wednesday night"), or a decision or a figure of a whole country."""
    lead = d.mentions[0].mention
    if lead.national:
        return True  # "Egypt's central bank floated the pound", "official data showed": the country's, wherever told
    return lead.kind == "statement" and not _all_places(d) and national_decree(lead, text)


def _of_a_national_office(text: str, d: Draft) -> bool:
    return any(_NATIONAL_OFFICE.search(text, f.mention.start, f.mention.end + 40) for f in d.mentions)


def _country_of(place: PlaceMention, places: ArticlePlaces, office: bool = False) -> tuple[str, PlaceMention] | None:
    """The country a city is in, as the article names it, else by its English name; with `office`, the country
    of a region too (a president is elected by the whole country)."""
    # "the Donetsk and Luhansk regions": the places of a list are in one country, as a rule
    known = gazetteer.lookup(bare_name(place.name).split(" and ")[0], places.countries)
    if known is None or known.country is None or (known.level == 2 and known.latitude is None and not office):
        return None  # a region is no city: it votes as itself ("Scotland voted against independence")
    for m in places.mentions:
        if m.level == 1 and (country := gazetteer.lookup(m.name)) is not None and country.country == known.country:
            return m.name, m
    name = gazetteer.country_name(known.country)
    return (name, PlaceMention(place.start, place.end, name, 1, "country")) if name else None


def _filed_where_it_tells(places: ArticlePlaces) -> bool:
    """Whether the dateline's city is in a country the article tells of (or it names none): a story on Iran filed
    from Dubai is not told where it was filed."""
    assert places.main is not None  # asked only of an article filed from a place
    city = gazetteer.lookup(places.main.name)
    people = (gazetteer.lookup(p.name) for p in places.demonyms(0, len(places.text)))  # "Iranian protesters"
    told = places.countries | {p.country for p in people if p is not None}
    return city is not None and (not told or city.country in told)


def _all_places(d: Draft) -> list[PlaceMention]:
    return [p for f in d.mentions for p in f.places]


def _continues(text: str, first: Sentence, nxt: Sentence) -> bool:
    """Whether a sentence goes on about the one before: it opens with 'The <noun>' named there ('Strong winds ...
    The winds tore roofs off')."""
    match = _THE_NOUN.match(text, nxt.start)
    if match is None:
        return False
    if match.group(1) in _PERPETRATORS:
        return True  # "Armed bandits ... abducted 70 villagers ... The gunmen rode into Kadawa village"
    earlier = text[first.start:first.end]
    return any(w and _whole_word(w).search(earlier) for w in match.groups())


@lru_cache(maxsize=4096)
def _whole_word(word: str) -> re.Pattern:
    """The word standing alone, in any case; compiled once per word (re's own cache is crowded out by our many)."""
    return re.compile(rf"\b{re.escape(word)}\b", re.I)


def _clause(text: str, sentence: Sentence, offset: int) -> tuple[int, int]:
    """The clause of the sentence around an offset: between commas, semicolons, dashes and conjunctions."""
    lo, hi = sentence.start, sentence.end
    for m in _CLAUSE.finditer(text, sentence.start, sentence.end):
        if m.end() <= offset:
            lo = m.end()
        elif m.start() > offset:
            hi = m.start()
            break
    return lo, hi


def _within(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    # Asked for every place of every mention, most often of no span at all: a plain loop.
    for s, e in spans:
        if s <= offset < e:
            return True
    return False


def _occasion_segments(text: str, sentences: Sequence[Sentence], mentions) -> list[tuple[int, int]]:
    # The clause of a press conference or speech, within its sentence: what it tells is dated by the occasion.
    spans = []
    for m in mentions:
        if m.kind != "occasion":
            continue
        s = sentences[m.sentence]
        for seg in _SEGMENT.finditer(text, max(s.start, m.start - 200), min(s.end, m.end + 200)):
            if seg.start() <= m.start < seg.end():
                # "told reporters in Maputo on Sunday that seven people died on Friday when a convoy ... was
                # ambushed": what is told after "that" is not at the occasion
                told = _THAT.search(text, m.end, seg.end())
                spans.append((seg.start(), told.start() if told else seg.end()))
    return spans


def _by_sentence(sentences: Sequence[Sentence], indexes: Iterable[int], starts: Sequence[int]) -> dict[int, list[int]]:
    """The indices of the items starting in each of the sentences at `indexes`; `starts` are sorted, as timexes and
    figures are."""
    return {i: list(range(bisect_left(starts, sentences[i].start), bisect_left(starts, sentences[i].end)))
            for i in indexes}


__all__ = ["Event", "find_events", "VIOLENT"]
