"""All the facts of one article: sentences, temporal expressions, figures and events."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from transforms.events import Event, find_events
from transforms.figures import Figure, find_figures
from transforms.frozen import builder
from transforms.sentences import Sentence, sentence_at, split_sentences
from transforms.timex import Timex, find_timexes
from transforms.timex_or_numeral import drop_timexes_read_as_numbers


@dataclass(frozen=True, slots=True)
class FigurePeriod:
    """The period a figure covers, from a temporal expression of its sentence."""

    timex_index: int | None
    start: date | None
    end: date | None


_NO_PERIOD = FigurePeriod(None, None, None)  # the period of a figure with no dated expression in its sentence
_PERIOD = builder(FigurePeriod)  # FigurePeriod(...) for less (see frozen.py)


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    sentences: list[Sentence]
    timexes: list[Timex]
    figures: list[Figure]
    periods: list[FigurePeriod]  # one per figure, same order
    events: list[Event]


def extract_facts(text: str, published: date | None) -> ArticleFacts:
    """Every sentence, temporal expression, figure and event of an article."""
    sentences = split_sentences(text)
    timexes = drop_timexes_read_as_numbers(text, find_timexes(text, published))
    figures = find_figures(text, sentences, [(t.start, t.end) for t in timexes])
    timex_starts = [t.start for t in timexes]
    periods = [figure_period(f, timexes, sentences, timex_starts) for f in figures]
    # An event dated after the publication has not happened yet: "has called for a general strike on Thursday".
    events = [e for e in find_events(text, sentences, timexes, figures)
              if published is None or e.date_start is None or e.date_start <= published]
    return ArticleFacts(sentences, timexes, figures, periods, events)


def figure_period(figure: Figure, timexes: list[Timex], sentences: list[Sentence],
                  timex_starts: list[int]) -> FigurePeriod:
    """The resolved temporal expression of the figure's sentence nearest to it, as the period it covers.

    `timex_starts` are the starts of the (sorted) timexes: the sentence's own are found by bisection."""
    sentence = sentence_at(sentences, figure.start)
    if sentence is None:
        return _NO_PERIOD
    best: tuple[int, int] | None = None
    for i in range(bisect_left(timex_starts, sentence.start), len(timexes)):
        t = timexes[i]
        if t.start >= sentence.end:
            break
        if t.range_start is None or t.timex_type == "SET":
            continue
        distance = abs(t.start - figure.start)
        if best is None or distance < best[0]:
            best = (distance, i)
    if best is None:
        return _NO_PERIOD
    t = timexes[best[1]]
    return _PERIOD(best[1], t.range_start, t.range_end)
