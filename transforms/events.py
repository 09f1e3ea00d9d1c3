"""Events: who did what, where and when, from trigger words and the figures and dates of their sentence."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from transforms import lexicon
from transforms.figures import Figure
from transforms.sentences import Sentence
from transforms.timex import Timex

_TRIGGERS = lexicon.table("events_triggers.tsv")
_TRIGGER_RE = re.compile(
    r"\b(?:" + "|".join(
        re.escape(t[:-1]) + r"\w*" if t.endswith("*") else re.escape(t)
        for t in sorted(_TRIGGERS, key=len, reverse=True)
    ) + r")\b",
    re.I,
)
# A place is a run of capitalized words after a locative preposition: "in Beit Hanoun", "near Kunduz".
_PLACE_RE = re.compile(r"\b(?:in|at|near|on|into|outside|around|across|of)\s+(?:the\s+)?"
                       r"((?:[A-Z][\w'’-]+)(?:\s+(?:[A-Z][\w'’-]+|al-\w+|de|e|el))*)")
_NOT_PLACES = lexicon.words("events_not_places.txt")
_CASUALTY_METRICS = {"killed"}


@dataclass(frozen=True, slots=True)
class Event:
    sentence_start: int
    sentence_end: int
    trigger_start: int           # the words that report the event
    trigger_end: int
    event_type: str
    event_date: str | None       # TIMEX3-style value at the best precision the sentence supports
    date_precision: str | None
    date_start: date | None
    date_end: date | None
    location: str | None
    actors: tuple[str, ...]
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    figure_indexes: tuple[int, ...]  # positions in the article's figure list
    timex_indexes: tuple[int, ...]   # positions in the article's timex list


def find_events(text: str, sentences: Sequence[Sentence], timexes: Sequence[Timex],
                figures: Sequence[Figure]) -> list[Event]:
    """The events the article reports, one per type, date and place, in order of first mention."""
    events: list[Event] = []
    seen: dict[tuple, int] = {}
    for sentence in sentences:
        trigger = _TRIGGER_RE.search(text, sentence.start, sentence.end)
        if trigger is None:
            continue
        event_type = _event_type(trigger.group().lower())
        t_idx = [i for i, t in enumerate(timexes) if sentence.start <= t.start < sentence.end]
        f_idx = [i for i, f in enumerate(figures) if sentence.start <= f.start < sentence.end]
        when = _event_timex(timexes, t_idx)
        event_date = _date_value(when) if when else None
        location = _location(text, sentence)
        killed = [figures[i] for i in f_idx if figures[i].metric in _CASUALTY_METRICS]
        low = sum(int(f.low if f.low is not None else f.value or 0) for f in killed) if killed else None
        high = None if not killed or any(f.high is None for f in killed) else sum(int(f.high) for f in killed)
        best = low
        event = Event(
            sentence.start, sentence.end, trigger.start(), trigger.end(), event_type, event_date,
            when.precision if when else None, when.range_start if when else None, when.range_end if when else None,
            location, (), best, low, high, tuple(f_idx), tuple(t_idx),
        )
        key = (event_type, event_date, location)
        if key in seen:
            continue
        seen[key] = len(events)
        events.append(event)
    return events


def _event_type(trigger: str) -> str:
    if trigger in _TRIGGERS:
        return _TRIGGERS[trigger]
    for word, event_type in _TRIGGERS.items():
        if word.endswith("*") and trigger.startswith(word[:-1]):
            return event_type
    return "other"


def _event_timex(timexes: Sequence[Timex], indexes: list[int]) -> Timex | None:
    for i in indexes:
        t = timexes[i]
        if t.timex_type in ("DATE", "TIME") and t.range_start is not None:
            return t
    return None


def _date_value(timex: Timex) -> str:
    # An event is dated to the day at best: "2006-11-02TNI" -> "2006-11-02".
    return timex.value.split("T", 1)[0] if timex.timex_type == "TIME" else timex.value


def _location(text: str, sentence: Sentence) -> str | None:
    for match in _PLACE_RE.finditer(text, sentence.start, sentence.end):
        place = match.group(1)
        if place.split()[0].lower() not in _NOT_PLACES:
            return place
    return None
