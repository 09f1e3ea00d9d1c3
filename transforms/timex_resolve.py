"""Typed resolution of recognized temporal expressions into TIMEX3 values and day ranges."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from transforms import lexicon
from transforms.dateline_place import DATELINE_DATE
from transforms.timex_calendar import SEASONS, UNIT_PRECISION, Period, period_of, season_of, shift
from transforms.timex_context import (followed_by, heads_noun_after, in_quoted_name, in_title, names_a_person,
                                      names_an_event, next_word, previous_word)
from transforms.timex_fiscal import dateline_country, fiscal_year
from transforms.timex_holidays import fixed_day, holiday_date, holiday_month
from transforms.timex_numbers import parse_count
from transforms.timex_patterns import normalize, word_table
from transforms.timex_tense import FUTURE, PAST, UNKNOWN, tense_at
from transforms.word_scan import WordStarts
from transforms.word_trie import fold_case, trie_pattern

MONTHS = {k: int(v) for k, v in word_table("month").items()}
WEEKDAYS = {k: int(v) for k, v in word_table("weekday").items()}
SEASON_CODES = word_table("season")
DAY_PARTS = word_table("day_parts")
UNITS = word_table("units")
ORDINALS = {k: int(v) for k, v in word_table("ordinals").items()}
RELATIVES = {k: int(v) for k, v in word_table("relatives").items()}
DEICTIC = {k: int(v) for k, v in word_table("deictic").items()}
PREMODS = word_table("premods")
APPROX = word_table("approx")
REFS = word_table("refs")
SETS = word_table("sets")
NOT_YEAR_AFTER = word_table("not_year_after")

_MONTH_NAMES = trie_pattern(MONTHS)
_WEEKDAY_NAMES = trie_pattern(WEEKDAYS)

_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}
_NEXT_WORD = re.compile(r"\s*(%|[\w.]+(?:\s+cent)?)")
_FRACTION_OF = re.compile(r"\s+of\s+(?!(?:the\s+|its\s+|this\s+|last\s+|next\s+)?(?:year|fiscal|calendar|\d{4}|an?\s+(?:hour|century|decade))\b)",
                          re.IGNORECASE)
_OF_A_SCALE = re.compile(r"\s+of\s+an?\s+(?:thousand|million|billion|trillion)\b", re.IGNORECASE)
_ENDED = re.compile(r"\s+end(?:ed|ing)\b", re.IGNORECASE)  # "the fourth quarter ended Sept. 30": a fiscal period
_VERB_LAST = re.compile(r"\b(?:to|will|would|could|may|might|can|should|not|n't)\s+$", re.IGNORECASE)
_COMPOUND_AFTER = re.compile(r"-(?:earlier|ago|end)\b", re.IGNORECASE)
_GAP_AFTER = re.compile(r"\s+apart\b", re.IGNORECASE)
_THE_BEFORE = re.compile(r"\bthe\s+(?:first\s+)?$", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"\b(?:an?|the)\s+$", re.IGNORECASE)
_AGE_AFTER = re.compile(r"[-\s]+old\b", re.IGNORECASE)
_MEETING_RECORD_AFTER = re.compile(r"\s+(?:of|from)\s+(?:the|its|their|this|last|that|a)\b[^.;:]{0,40}?\bmeetings?\b",
                                   re.IGNORECASE)
# A figure and at most two words naming what it counts, none of them a preposition ("rose 5 percent in a year").
_NOT_COUNTED = r"(?!(?:in|for|within|over|during|after|before|than|of|to|by|from|at|on|about|under|and|or)\b)[a-z]+"
_COUNT_WORD = "|".join(sorted(lexicon.words("dates/number_words.txt"), key=len, reverse=True))
_RATE_BEFORE = re.compile(rf"(?:\d|\b(?i:{_COUNT_WORD}))(?:%|\s*{_NOT_COUNTED}(?:\s+{_NOT_COUNTED})?)?\s+$"
                          # "hundreds of interviews a day", "thousands of refugees a day"
                          r"|\b(?i:dozens|scores|hundreds|thousands|millions)\s+of\s+[a-z]+\s+$")
# "on the night the storm hit", "the morning before the vote": a part of day told by an event, not by a day named.
_CLAUSE_SUBJECT_AFTER = re.compile(r"\s+(?:the|a|an|his|her|their|its|our|my|he|she|they|we|i|it|when)\s", re.IGNORECASE)
_BEFORE_OR_AFTER_EVENT = re.compile(r"\s+(?:before|after)\s+(?=[A-Za-z])", re.IGNORECASE)
# "24 hours a day", "seven days a week": all the time, like "round the clock", not a stretch or a frequency.
_ALL_THE_TIME = re.compile(r"\b(?:24|twenty[- ]four) hours a day|\b(?:7|seven) days a week|\b365 days a year", re.IGNORECASE)
_AS_MANY = re.compile(r"\bas\s+many\s+$", re.IGNORECASE)
_SPEED_BEFORE = re.compile(
    rf"\b(?:{'|'.join(sorted(map(re.escape, lexicon.words('dates/distance_units.txt')), key=len, reverse=True))})\s+$",
    re.IGNORECASE)
_OF_YEAR = re.compile(r"\s+of\s+(?:fiscal\s+)?(?:1[0-9]|20)\d\d\b", re.IGNORECASE)
_COUNT_AFTER = re.compile(rf"\s+(?:\d|(?:{_COUNT_WORD}|few|several|many|couple)\b)", re.IGNORECASE)
_AFTER_FIGURE = re.compile(r"\d(?:%|\s*(?:percent|[a-z]+(?:\s+[a-z]+)?))?\s+$")
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_OF_AFTER = re.compile(r"\s+of\b")
_NAMED_DAY_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(w.capitalize() for w in lexicon.words('dates/named_day_words.txt')))})\s+$")
_BACKWARD = re.compile(r"\b(?:last|past|previous|preceding)\b", re.IGNORECASE)
_FORWARD = re.compile(r"\b(?:next|coming|following)\b", re.IGNORECASE)


# Not frozen: one is built for every temporal expression (see amounts.Amount for why).
@dataclass(slots=True)
class Resolved:
    """The normalized reading of one expression (everything of a Timex but its offsets)."""

    timex_type: str
    value: str
    mod: str | None = None
    range_start: date | None = None
    range_end: date | None = None
    precision: str | None = None
    anchor: str = "absolute"


@dataclass(slots=True)
class Discourse:
    """The article and what it has said so far that later expressions refer back to."""

    text: str
    published: date | None
    last_day: date | None = None       # the day most recently named ("the night", "9 a.m." refer to it)
    last_day_end: int = 0              # where it was named
    last_day_night: bool = False       # whether it was named as a night ("overnight", "Friday night")
    lead_day: date | None = None       # the first day the lead paragraph names, the day of the article's news
    lead_day_night: bool = False
    focus: Period | None = None        # the reporting period most recently named ("a year earlier")
    # The reading of the date most recently named: its period ("later that year", "the following month") is
    # worked out only when an expression refers back to it, which few do.
    last_named_reading: Resolved | None = None
    last_named_start: int = 0          # where it is in the text
    last_named_end: int = 0
    # The day each weekday name and the year each month name was last resolved to: a later mention
    # whose clause shows no tense means the same one ("met on Tuesday ... On Tuesday, the two ...").
    weekdays: dict[int, date] = field(default_factory=dict)
    month_years: dict[int, int] = field(default_factory=dict)
    # The reading of the date most recently named at each precision ("the previous week" is the week before it).
    last_named_at: dict[str, Resolved] = field(default_factory=dict)

    @property
    def last_named(self) -> Period | None:
        """The period of the date most recently named, at its own precision (a day for a time)."""
        return _named_period(self.last_named_reading) if self.last_named_reading is not None else None


Groups = dict[str, str]

# The reporting verbs that event_dates reads ("said on Tuesday") and "told reporters on Tuesday", right before an
# expression. Tried only where a word begins (see word_scan), each verb's letters written as classes (see
# word_trie): as r"\b(?:said|...)" under IGNORECASE, tried at each of the 40 characters searched, it cost
# twenty times as much.
_REPORTING = trie_pattern(lexicon.words("events_reporting_verbs.txt"), any_case=True)
_REPORTED_ON = WordStarts(rf"{_REPORTING}(?:\s+(?:\w+\s+)?(?:reporters|journalists))?\s+(?:on\s+|late\s+|early\s+)?$",
                          r"\w", flags=re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:(?:early|late|mid|the\s+(?:start|end|middle)\s+of)[\s-]+)?$", re.IGNORECASE)
# Kinds whose reading names a reporting period that "a year earlier" and "the quarter" refer back to
# (the readings of those anaphors themselves do not move the focus, nor do periods still to come).
_SETS_FOCUS = frozenset({"quarter", "relative", "calendar"})


def resolve(kind: str, groups: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    """The reading of text[start:end] matched by a rule of the given resolver kind, or None to drop it."""
    if ctx.text[start].isupper() and not _proper_word(ctx.text, start) and in_title(ctx.text, start):
        return None  # "This Week" (the TV show), "VOA Today", "High Noon"
    if in_quoted_name(ctx.text, start):
        return None  # an operation the army "called 'the clouds of autumn'"
    result = _RESOLVERS[kind](groups, ctx, start, end)
    if result is None:
        return None
    # "killed 22 late on Monday, police said on Tuesday. ... at 10:30 p.m.": the day of the telling is not the
    # day that later clock times, "that night" and "the next day" belong to
    told = (result.precision in ("day", "time") and ctx.last_day is not None
            and _REPORTED_ON.scan(ctx.text, start).next(max(0, start - 40)) is not None)
    if (not told and result.precision in _NAMED_PRECISIONS and result.range_start is not None
            and kind not in ("ref", "set", "duration")):
        ctx.last_named_reading = result
        ctx.last_named_start, ctx.last_named_end = start, end
        ctx.last_named_at[result.precision] = result
    if result.anchor != "unanchored" and result.range_start is not None:
        if result.precision in ("day", "time"):
            night = result.value.endswith("TNI")
            if not told:
                ctx.last_day, ctx.last_day_end, ctx.last_day_night = result.range_start, end, night
            if ctx.lead_day is None and _in_lead(ctx.text, start):
                ctx.lead_day, ctx.lead_day_night = result.range_start, night
        elif (result.precision in ("quarter", "half", "year") and kind in _SETS_FOCUS
              and ctx.published is not None and not groups.get("indefinite")
              and not _within_focus(result, ctx.focus)
              and (_reported(result, ctx.published) or _ENDED.match(ctx.text, end) is not None
                   or (ctx.focus is None and tense_at(ctx.text, start, end) == PAST))):
            ctx.focus = _period_from(result)
    return result


_FIRST_WORD = re.compile(r"[^\W\d_]+")
CASE_SENSITIVE = lexicon.words("dates/case_sensitive.txt")


def _proper_word(text: str, start: int) -> bool:
    """Whether the word at `start` is a month or weekday name, capitalized wherever it stands."""
    m = _FIRST_WORD.match(text, start)
    return m is not None and (m.group().lower() in MONTHS or m.group().lower() in WEEKDAYS)


def _bare_word_abbreviation(word: str) -> bool:
    """An abbreviation that is also an English word, written without its period ("Sun", "Wed")."""
    return not word.endswith(".") and normalize(word) in CASE_SENSITIVE


_NAMED_PRECISIONS = frozenset({"time", "day", "week", "month", "season", "quarter", "half", "year"})


def _named_period(r: Resolved) -> Period:
    # resolve() keeps as named only readings with a precision and a day range
    assert r.range_start is not None and r.precision is not None
    if r.precision in ("time", "day"):
        return period_of(r.range_start, "day")
    return period_of(r.range_start, r.precision)


def _reported(r: Resolved, published: date) -> bool:
    """Whether a period can be one that results are reported for: a quarter or half already over, a year begun.

    A quarter "ended" on some date counts too, and so does the first one named in the past tense
    (a fiscal quarter may bear a later calendar name).
    """
    assert r.range_start is not None and r.range_end is not None  # resolve() asks only of a dated reading
    return (r.range_end < published) if r.precision in ("quarter", "half") else r.range_start <= published


def _within_focus(r: Resolved, focus: Period | None) -> bool:
    """Whether a year names the one the reporting quarter or half lies in ("this year", "year end").

    Such a year frames the quarter being reported on rather than replacing it: "a year earlier"
    still means that quarter one year before.
    """
    assert r.range_start is not None  # resolve() asks only of a dated reading
    return (focus is not None and r.precision == "year" and focus.precision in ("quarter", "half")
            and focus.year == r.range_start.year)


def _period_from(r: Resolved) -> Period:
    p = r.precision
    d = r.range_start
    assert p is not None and d is not None  # resolve() takes the focus only from a dated quarter, half or year
    return period_of(d, p)


# ----------------------------------------------------------------------------- builders


def _dated(period: Period, ctx: Discourse, mod: str | None = None, anchor: str = "published_at",
           timex_type: str | None = None) -> Resolved:
    kind = timex_type or ("TIME" if period.precision == "time" else "DATE")
    return Resolved(kind, period.value, mod, period.first_day, period.last_day, period.precision, anchor)


def _unanchored(value: str, precision: str, mod: str | None = None, timex_type: str = "DATE") -> Resolved:
    return Resolved(timex_type, value, mod, None, None, precision, "unanchored")


def _day_number(g: Groups) -> int:
    """The day of the month a match gives: "23", "23rd" -> 23."""
    return int(re.sub(r"\D", "", g["day"]))


def _premod(g: Groups) -> str | None:
    word = g.get("premod")
    return (PREMODS.get(normalize(word)) or None) if word else None


def _part(g: Groups) -> str | None:
    for key in ("part", "part2", "thispart"):
        if g.get(key):
            return DAY_PARTS.get(normalize(g[key]))
    return None


def _with_part(day: date, part: str | None) -> Period:
    period = Period("day", day.year, day=day)
    return period.with_clock("T" + part) if part else period


def _year_of(g: Groups) -> int | None:
    if g.get("year"):
        return int(g["year"])
    if g.get("year2"):
        return int(g["year2"])
    if g.get("yearw"):
        return _year_from_words(g["yearw"])
    if g.get("yy"):  # "2009-10": the year after 2009 whose last two digits are 10
        first = int(g["century"]) * 100 + int(g["first2"])
        year = int(g["century"]) * 100 + int(g["yy"])
        return year if year > first else year + 100
    return None


def _year_from_words(words: str) -> int | None:
    tokens = normalize(words).split()
    if tokens[:2] == ["two", "thousand"]:
        count = parse_count(" ".join(t for t in tokens[2:] if t != "and")) if len(tokens) > 2 else 0
        return 2000 + int(count or 0)
    century = parse_count(tokens[0])
    rest = " ".join(tokens[1:])
    tail = 0 if rest == "hundred" else parse_count(rest)
    if century is None or tail is None:
        return None
    return int(century) * 100 + int(tail)


def _since_before(text: str, start: int) -> bool:
    """Whether "since" comes right before the expression ("since January", "since early 2019").

    A find of "since" first: it is rarely there, and a call of the regex costs more. (Only in ASCII text: under
    IGNORECASE a few other letters match "s" and "i".)"""
    before = text[max(0, start - 20):start].lower()
    if "since" not in before and before.isascii():
        return False
    return _SINCE_BEFORE.search(text, max(0, start - 20), start) is not None


# Before an expression that opens its sentence as the time of all it tells ("In 2004, ...", "Last year, ...").
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?]['\"”’]?\s+|\n)\s*(?:(?:in|during)\s+)?$", re.IGNORECASE)


def _infer_year(ctx: Discourse, month: int, day: int, start: int, end: int) -> int:
    """The year of a month (and day) named without one: the coming occurrence or the last one.

    The publication month is this year's; a month up to two months ahead (across the new year
    too) is the coming one; one further ahead is the last occurrence unless the clause looks forward.
    """
    pub = ctx.published
    named = ctx.last_named_reading
    if (named is not None and named.precision == "year" and named.range_start is not None
            and _SENTENCE_BREAK.search(ctx.text, ctx.last_named_end, start) is None
            and _OPENS_SENTENCE.search(ctx.text, max(0, ctx.last_named_start - 12), ctx.last_named_start)):
        return named.range_start.year  # "In 2004, car bombs killed 68 people on April 21": the year set first
    assert pub is not None  # callers resolve against a publication date
    ahead = (month - pub.month) % 12
    if ahead == 0:
        return pub.year
    # The clause's tense is looked for only where it can change the year: a month up to two months ahead, not
    # named before, is the coming one whatever the clause says.
    tense = tense_at(ctx.text, start, end) if ahead > 2 or month in ctx.month_years else UNKNOWN
    if _since_before(ctx.text, start):
        year = pub.year - (month > pub.month)  # "cut 8,000 jobs since January": a point already past
    elif tense == UNKNOWN and month in ctx.month_years:
        year = ctx.month_years[month]  # the month named before: "expected to join in April ... the summit in April"
    elif ahead <= 2 or tense == FUTURE:
        year = pub.year + (month < pub.month)
    else:
        year = pub.year - (month > pub.month)
    ctx.month_years[month] = year
    return year


# ----------------------------------------------------------------------------- resolvers


def _calendar(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    year = _year_of(g)
    month = MONTHS.get(normalize(g["month"])) if g.get("month") else int(g["monthn"]) if g.get("monthn") else None
    day = _day_number(g) if g.get("day") else ORDINALS.get(normalize(g["dayord"])) if g.get("dayord") else None
    season = SEASON_CODES.get(normalize(g["season"])) if g.get("season") else None
    mod = _premod(g)
    pub = ctx.published
    if month is None and season is None:
        if year is None or _counts_things(ctx.text, end):
            return None
        return _dated(Period("year", year), ctx, mod, anchor="absolute")
    if season is not None:
        if year is None and _NAME_AFTER.match(ctx.text, end) and ctx.text[start:end].istitle():
            return None  # "Spring Street", "the Summer Olympics"
        index = SEASONS.index(season) + 1
        if year is None:
            if pub is None:
                return _unanchored(f"XXXX-{season}", "season", mod)
            now_year, now_index = season_of(pub)
            year = now_year
            if index > now_index and tense_at(ctx.text, start, end) != FUTURE:
                year -= 1
            elif index < now_index and tense_at(ctx.text, start, end) == FUTURE:
                year += 1
            anchor = "published_at"
        else:
            anchor = "absolute"
        return _dated(Period("season", year, index), ctx, mod, anchor)
    assert month is not None  # a reading with a season, or with neither a month nor a season, returned above
    if g.get("month") and day is None and year is None and g["month"].rstrip(".").lower() != _full_month(g["month"]):
        return None  # a bare abbreviation ("Jan", "Dec") is too often a name
    if g.get("month") and day is None and year is None and names_an_event(ctx.text, end):
        return None  # "the March for Life"
    if g.get("month") and day is None and year is None and not mod and names_a_person(ctx.text, start, end):
        return None  # "Prime Minister Theresa May"
    if year is None and _names_a_place(ctx.text, end):
        return None  # "a feeding centre on 21 October Road"
    anchor = "absolute"
    if year is None:
        if pub is None:
            value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
            return _unanchored(value, "day" if day else "month", mod)
        year = _infer_year(ctx, month, day or 0, start, end)
        anchor = "published_at"
    if day is None:
        return _dated(Period("month", year, month), ctx, mod, anchor)
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    if g.get("weekof"):
        return _dated(period_of(d, "week"), ctx, mod, anchor)
    return _dated(_with_part(d, _part(g)), ctx, mod, anchor)


def _day_of_month(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    """ "on the 15th": of the month named last; else of the publication month, or of the month before when the
    clause looks back past the publication day, or the month after when it looks forward past it."""
    day = _day_number(g)
    named = ctx.last_named_reading
    if named is not None and named.precision == "month" and named.range_start is not None:
        year, month = named.range_start.year, named.range_start.month
    elif ctx.published is None:
        return _unanchored(f"XXXX-XX-{day:02d}", "day")
    else:
        pub = ctx.published
        tense = tense_at(ctx.text, start, end)
        step = -1 if day > pub.day and tense == PAST else 1 if day < pub.day and tense == FUTURE else 0
        year, month = divmod(pub.year * 12 + pub.month - 1 + step, 12)
        month += 1
    try:
        return _dated(_with_part(date(year, month, day), None), ctx)
    except ValueError:
        return None  # "the 31st" of a month of thirty days


def _holiday(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    name = normalize(g["holiday"])
    if not ctx.text[end - len(g["holiday"])].isupper():
        return None  # "a thanksgiving service": the word, not the day
    pub, month = ctx.published, holiday_month(name)
    if pub is None:
        day = fixed_day(name)
        return _unanchored(f"XXXX-{month:02d}-{day:02d}", "day") if day else _unanchored(f"XXXX-{month:02d}", "month")
    relative = normalize(g.get("hrel") or "")
    if relative == "last":
        year = pub.year - (holiday_date(name, pub.year) >= pub)
    elif relative == "next":
        year = pub.year + (holiday_date(name, pub.year) <= pub)
    elif relative == "this":
        year = pub.year
    elif month != pub.month:  # as a month named alone: the coming one or the last one, by tense
        year = _infer_year(ctx, month, holiday_date(name, pub.year).day, start, end)
    else:  # in the publication month: this year's, unless the tense points past it
        this_year, tense = holiday_date(name, pub.year), tense_at(ctx.text, start, end)
        year = pub.year - (this_year > pub and tense == PAST) + (this_year < pub and tense == FUTURE)
    return _dated(_with_part(holiday_date(name, year), None), ctx, None, "published_at")


def _full_month(word: str) -> str:
    key = normalize(word)
    return key if len(key) > 4 or key in ("may", "june", "july") else ""


def _counts_things(text: str, end: int) -> bool:
    """A four-digit number followed by a counted noun or a percent sign is a quantity, not a year."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and normalize(m.group(1)) in NOT_YEAR_AFTER


def _weekday_date(pub: date, weekday: int, direction: int) -> date:
    """The given weekday in the publication week: on or before `pub`, or on or after it when direction > 0."""
    if direction > 0:
        return pub + timedelta(days=(weekday - pub.isoweekday()) % 7)
    return pub - timedelta(days=(pub.isoweekday() - weekday) % 7)


def _weekday(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    if _bare_word_abbreviation(g["weekday"]):
        return None  # "Sun Microsystems"
    if _NAMED_DAY_BEFORE.search(ctx.text, max(0, start - 12), start):
        return None  # "Black Monday", "Good Friday": a day with a name of its own
    weekday = WEEKDAYS[normalize(g["weekday"])]
    part = _part(g)
    mod = _premod(g)
    if ctx.published is None:
        value = f"XXXX-WXX-{weekday}" + (f"T{part}" if part else "")
        return _unanchored(value, "time" if part else "day", mod, "TIME" if part else "DATE")
    return _dated(_with_part(_day_of_weekday(weekday, ctx, start, end), part), ctx, mod)


def _day_of_weekday(weekday: int, ctx: Discourse, start: int, end: int) -> date:
    """The day a weekday name at text[start:end] names, in an article with a publication date."""
    assert ctx.published is not None
    if (ctx.last_day is not None and ctx.last_day in ctx.weekdays.values()
            and 0 < (weekday - ctx.last_day.isoweekday()) % 7 <= 3
            and _LISTED_AFTER.fullmatch(ctx.text, ctx.last_named_end, start)):
        # "late Monday or early Tuesday", "on Friday and Saturday", "from 8 p.m. Monday to 4 a.m. Tuesday": a day
        # soon after the weekday just named, whatever tense the clause is read in (but "statements made Friday and
        # Thursday" go back)
        d = ctx.last_day + timedelta(days=(weekday - ctx.last_day.isoweekday()) % 7)
    elif weekday == ctx.published.isoweekday() and weekday not in ctx.weekdays:
        d = ctx.published  # the publication day, whichever way the clause looks: its tense need not be read
    else:
        direction = _weekday_direction(ctx.text, start, end)
        if direction == UNKNOWN and weekday in ctx.weekdays:
            d = ctx.weekdays[weekday]
        else:
            d = _weekday_date(ctx.published, weekday, direction)
    ctx.weekdays[weekday] = d
    return d


_POSSESSIVE = re.compile(r"['’]s\s+([a-z]+)(?:\s+([a-z]+))?\b")
_LISTED_AFTER = re.compile(r"(?:\s*,\s*|\s+(?:or|and|to|through|until)\s+|\s*[-–]\s*)(?:on\s+)?", re.IGNORECASE)


def _weekday_direction(text: str, start: int, end: int) -> int:
    """Whether a weekday name looks back or forward: the tense of its clause, except that "Friday's
    ruling", "Thursday's close" name what that day already produced, whatever the clause says of
    it ("would appeal Wednesday's ruling")."""
    direction = tense_at(text, start, end)
    if direction == FUTURE:
        m = _POSSESSIVE.match(text, end)
        if m is not None and not lexicon.words("dates/past_result_nouns.txt").isdisjoint(m.groups()):
            return PAST
    return direction


def _part_of_an_event(text: str, start: int, end: int) -> bool:
    """Whether "the night" (or morning ...) at text[start:end] is that of an event a clause tells of:
    "on the night the storm hit", "since the morning he left", "the night before the vote"."""
    if _BEFORE_OR_AFTER_EVENT.match(text, end):
        return True
    return (previous_word(text, start) in lexicon.words("dates/event_part_of_day_before.txt")
            and _CLAUSE_SUBJECT_AFTER.match(text, end) is not None)


def _deictic(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    matched = ctx.text[start:end].lower()
    if ctx.text[end:end + 2] in ("'s", "’s") and heads_noun_after(ctx.text, end + 2, "not_deictic_after"):
        return None  # "today's world", "today's personal computers": the present in general
    if g.get("idiom"):  # "in the middle of the night": some night, which one is not said
        return _unanchored("XXXX-XX-XXTNI", "time", timex_type="TIME")
    if g.get("nthday"):  # "Monday is the sixth day of the walkout": the day the article is written
        if ctx.published is None:
            return _unanchored("XXXX-XX-XX", "day")
        return _dated(_with_part(ctx.published, None), ctx)
    if g.get("thatpart") and _part_of_an_event(ctx.text, start, end):
        return None  # "on the night the flight went down": the night of that event, not of the day last named
    if g.get("thatpart"):  # "the night": of the day last named
        day = ctx.last_day or ctx.published
        that_part = DAY_PARTS[normalize(g["thatpart"])]
        if day is None:
            return _unanchored(f"XXXX-XX-XXT{that_part}", "time", timex_type="TIME")
        if ctx.last_day is not None and ctx.last_day_night and that_part != "NI":
            day += timedelta(days=1)  # "a toll of 77 overnight, 80 in the morning": the morning after that night
        if _night_gone_by(that_part, day, ctx, start, end):
            day -= timedelta(days=1)
        return _dated(_with_part(day, that_part), ctx)
    if g.get("overnight"):
        if _ARTICLE_BEFORE.search(ctx.text, max(0, start - 5), start) \
                and not heads_noun_after(ctx.text, end, "night_event_nouns"):
            return None  # "an overnight curfew", "the overnight bus": a kind of thing, not a night
        ending = _day_named_later(ctx, end)
        if ending is not None:
            # "fled overnight, reaching Lachin on Saturday evening", "killed 132 in an overnight raid, the
            # government said on Saturday": the night that ends on the day its sentence names next
            return _dated(_with_part(ending - timedelta(days=1), "NI"), ctx)
        offset = -1  # the night before the day of publication, as "last night"
    elif g.get("thispart"):
        offset = -1 if matched.startswith("last") and normalize(g["thispart"]) == "night" else 0
        if matched.startswith("last") and offset == 0:
            return None  # "last morning" is not an expression
    else:
        offset = DEICTIC[normalize(g["deictic"])]
    part = _part(g)
    if g.get("overnight") or (g.get("deictic") and normalize(g["deictic"]) == "tonight"):
        part = "NI"
    mod = _premod(g)
    if ctx.published is None:
        value = "XXXX-XX-XX" + (f"T{part}" if part else "")
        return _unanchored(value, "time" if part else "day", mod, "TIME" if part else "DATE")
    return _dated(_with_part(ctx.published + timedelta(days=offset), part), ctx, mod)


def _night_gone_by(part: str, day: date, ctx: Discourse, start: int, end: int) -> bool:
    """Whether "the night" that a past tense tells of on the day of publication is the one before it: "helicopters
    flew over the city during the night" in a paper of Sunday is Saturday night, as Sunday's has not yet come.
    ("that night" points back to a day named and keeps it.)"""
    return (part == "NI" and day == ctx.published and ctx.text[start:start + 4].lower() == "the "
            and tense_at(ctx.text, start, end) == PAST)


def _relative(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    offset = RELATIVES[normalize(g["rel"])] if g.get("rel") else (-1 if g.get("latest") else 0)
    mod = _premod(g)
    pub = ctx.published
    unit = normalize(g["unit"]) if g.get("unit") else None
    if g.get("weekday"):
        weekday = WEEKDAYS[normalize(g["weekday"])]
        part = _part(g)
        if pub is None:
            return _unanchored(f"XXXX-WXX-{weekday}", "day", mod)
        if offset == 0:
            d = _weekday_date(pub, weekday, tense_at(ctx.text, start, end))
        elif offset < 0:
            # "closed lower Friday ... down 4.5% from the previous Friday": the one before the day named last
            base = ctx.last_day if ctx.last_day is not None and _before_the_named(g) else pub
            d = base - timedelta(days=(base.isoweekday() - weekday) % 7 or 7)
        else:
            d = pub + timedelta(days=(weekday - pub.isoweekday()) % 7 or 7)
        return _dated(_with_part(d, part), ctx, mod)
    if g.get("month") and unit == "year":  # "June last year", "August 1 last year"
        month = MONTHS[normalize(g["month"])]
        day = _day_number(g) if g.get("day") else None
        if pub is None:
            return _unanchored(f"XXXX-{month:02d}-{day:02d}" if day else f"XXXX-{month:02d}", "day" if day else "month",
                               mod)
        if day is None:
            return _dated(Period("month", pub.year + offset, month), ctx, mod)
        try:
            return _dated(Period("day", pub.year + offset, day=date(pub.year + offset, month, day)), ctx, mod)
        except ValueError:
            return None
    if g.get("month") and g.get("day"):  # "last Oct. 23": the nearest such day before or after
        month, day = MONTHS[normalize(g["month"])], _day_number(g)
        if pub is None:
            return _unanchored(f"XXXX-{month:02d}-{day:02d}", "day", mod)
        year = pub.year
        if offset < 0 and (month, day) >= (pub.month, pub.day):
            year -= 1
        elif offset > 0 and (month, day) <= (pub.month, pub.day):
            year += 1
        try:
            return _dated(Period("day", year, day=date(year, month, day)), ctx, mod)
        except ValueError:
            return None
    if g.get("month"):
        month = MONTHS[normalize(g["month"])]
        if pub is None:
            return _unanchored(f"XXXX-{month:02d}", "month", mod)
        year = pub.year
        if offset < 0 and month >= pub.month:
            year -= 1
        elif offset > 0 and month <= pub.month:
            year += 1
        return _dated(Period("month", year, month), ctx, mod)
    if g.get("season"):
        index = SEASONS.index(SEASON_CODES[normalize(g["season"])]) + 1
        if pub is None:
            return _unanchored(f"XXXX-{SEASONS[index - 1]}", "season", mod)
        if unit == "year":  # "this year's spring", "last year's harvest season"
            return _dated(Period("season", pub.year + offset, index), ctx, mod)
        now_year, now_index = season_of(pub)
        year = now_year
        if offset < 0 and index >= now_index:
            year -= 1
        elif offset > 0 and index <= now_index:
            year += 1
        return _dated(Period("season", year, index), ctx, mod)
    assert unit is not None  # the rules that name no weekday, month or season name a unit
    code = {"week": "W", "weekend": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "DE",
            "century": "CE"}[unit]
    precision = UNIT_PRECISION[code]
    if pub is None:
        blank = {"W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "Q": "XXXX-QX", "DE": "XXX", "CE": "XX"}[code]
        return _unanchored(blank + ("-WE" if unit == "weekend" else ""), precision, mod)
    named = ctx.last_named_at.get(precision) if offset < 0 and _before_the_named(g) else None
    if named is not None:
        # "applied last week, the government said Thursday, doubling the previous week's record": the one before
        # the period of that length named last
        period = period_of(shift(_named_period(named).first_day, offset, code), precision)
    else:
        period = period_of(shift(pub, offset, code), precision)
    if unit == "weekend":
        period = Period("week", period.year, period.index, weekend=True)
    return _dated(period, ctx, mod)


_BEFORE_THE_NAMED = frozenset({"previous", "preceding", "prior"})


def _before_the_named(g: Groups) -> bool:
    """Whether a relative word counts back from the period named last, not from the publication ("the previous
    week", "the preceding Friday")."""
    return normalize(g.get("rel") or "") in _BEFORE_THE_NAMED


_ANAPHORIC_OFFSET = {"that": 0, "the": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1,
                     "the preceding": -1, "the prior": -1}
_COARSER = ("day", "week", "month", "quarter", "season", "half", "year")


def _anaphoric(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    """ "later that year", "the following month", "the next morning": relative to the date last named."""
    ref = (ctx.focus or ctx.last_named) if g.get("anaref3") else ctx.last_named
    offset = _ANAPHORIC_OFFSET[normalize(g.get("anaref") or g.get("anaref2") or g["anaref3"])]
    if ref is None and ctx.published is not None and (offset or g.get("anaref3")):
        # "The previous day, police had arrested 12", "earlier in the day" with no date named before: the
        # publication day's (but "that day" needs a day told before it)
        ref = Period("day", ctx.published.year, day=ctx.published)
    if ref is None:
        return None
    unit = normalize(g.get("anaunit") or g.get("anaunit2") or g["anaunit3"])
    part = DAY_PARTS.get(unit)
    if part or unit == "day":
        if ref.precision != "day":  # "that same day" after "last October": some day of that month
            if offset or ref.precision != "month" or "same" not in ctx.text[start:end].lower():
                return None
            return Resolved("DATE", f"{ref.value}-XX", None, ref.first_day, ref.last_day, "month", "published_at")
        return _dated(_with_part(ref.first_day + timedelta(days=offset), part), ctx)
    if _COARSER.index(ref.precision) > _COARSER.index(unit):
        return None  # "that month" after "in 1998": which month is not said
    code = {"year": "Y", "month": "M", "week": "W"}[unit]
    return _dated(period_of(shift(ref.first_day, offset, code), unit), ctx)


_PERIOD_OF = re.compile(r"(?:\b(?:for|through|throughout|during)|\b(?:months|quarters?|half|part|rest|end|start|beginning|"
                        r"middle|days|weeks)\s+of)\s+$", re.IGNORECASE)


def _the_year(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    """ "for the year", "the first nine months of the year": the year being reported on, else the current one."""
    if _PERIOD_OF.search(ctx.text, max(0, start - 30), start) is None:
        return None  # "the year" in "the man of the year" or "the year he was born"
    ref = ctx.focus or ctx.last_named
    if ref is not None:
        year = ref.year if ref.precision != "week" else ref.first_day.year
    elif ctx.published is not None:
        year = ctx.published.year
    else:
        return _unanchored("XXXX", "year")
    return _dated(Period("year", year), ctx)


def _weekend(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    """ "the weekend": the last one before publication, or the coming one when the clause looks forward."""
    pub = ctx.published
    mod = _premod(g)
    if pub is None:
        return _unanchored("XXXX-WXX-WE", "week", mod)
    if tense_at(ctx.text, start, end) == FUTURE:
        saturday = pub + timedelta(days=(6 - pub.isoweekday()) % 7)
    else:
        saturday = pub - timedelta(days=(pub.isoweekday() - 6) % 7)
    iso = saturday.isocalendar()
    return _dated(Period("week", iso.year, iso.week, weekend=True), ctx, mod)


def _quarter(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    half = normalize(g.get("qunit", "")) == "half" or bool(g.get("h1"))
    if g.get("qnum"):
        n = int(g["qnum"])
    elif g.get("qord"):
        n = ORDINALS[normalize(g["qord"])]
    elif g.get("h1"):
        n = 1
    else:
        n = 2 if half else 4  # "final"
    if n > (2 if half else 4):
        return None
    precision = "half" if half else "quarter"
    letter = "H" if half else "Q"
    year = _year_of(g)
    pub = ctx.published
    anchor = "absolute"
    if year is None and g.get("rel"):
        if pub is None:
            return _unanchored(f"XXXX-{letter}{n}", precision)
        year = pub.year + RELATIVES[normalize(g["rel"])]
        anchor = "published_at"
    elif year is None:
        if pub is None:
            return _unanchored(f"XXXX-{letter}{n}", precision)
        now = period_of(pub, precision).index
        # results are reported after the quarter: a later quarter is last year's unless announced ahead
        year = pub.year - 1 if n > now and tense_at(ctx.text, start, end) != FUTURE else pub.year
        anchor = "published_at"
    return _dated(Period(precision, year, n), ctx, None, anchor)


def _months_quarter(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    """ "the July-September period": the quarter (or half) those months make, else no expression."""
    first, last = MONTHS[normalize(g["month"])], MONTHS[normalize(g["month2"])]
    if last - first == 2 and first % 3 == 1:
        return _quarter({"qnum": str(first // 3 + 1), "qunit": "quarter", **_only_year(g)}, ctx, start, end)
    if last - first == 5 and first in (1, 7):
        return _quarter({"qnum": str(first // 6 + 1), "qunit": "half", **_only_year(g)}, ctx, start, end)
    return None


def _only_year(g: Groups) -> Groups:
    return {"year": g["year"]} if g.get("year") else {}


def _decade(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    mod = _premod(g) or _inner_mod(ctx.text[start:end])
    if g.get("decade"):
        first = int(g["decade"])
    else:
        tens = int(g["decade2"][0]) if g.get("decade2") else _DECADE_WORDS[fold_case(g["decadew"])]
        this_century = (ctx.published or date(2000, 1, 1)).year // 100 * 100
        first = this_century + tens * 10
        if ctx.published is not None and first > ctx.published.year:
            first -= 100
    return _dated(Period("decade", first), ctx, mod, anchor="absolute")


def _inner_mod(matched: str) -> str | None:
    m = re.search(r"\b(early|late|mid)\b", matched, re.IGNORECASE)
    return PREMODS.get(m.group(1).lower()) if m else None


def _century(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    n = int(g["centnum"]) if g.get("centnum") else ORDINALS[normalize(g["centord"])]
    if not 1 <= n <= 30:
        return None
    return _dated(Period("century", n - 1), ctx, _premod(g), anchor="absolute")


def _fiscal(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    if g.get("rel") or g.get("latest"):
        return _relative_fiscal_year(g, ctx, start, end)
    if g.get("year"):
        year = int(g["year"])
    else:
        digits = g["fy"]
        year = int(digits) if len(digits) == 4 else _two_digit_year(int(digits), ctx.published)
    return Resolved("DATE", f"FY{year}", None, None, None, "year", "absolute")


def _relative_fiscal_year(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    """ "the current fiscal year": the government's, where the article is datelined in a country whose fiscal year
    is not the calendar year ("the coming fiscal year" in Kathmandu in May begins in July); else the calendar year,
    as a company's fiscal year is its own."""
    pub = ctx.published
    offset = RELATIVES[normalize(g["rel"])] if g.get("rel") else -1
    year = fiscal_year(pub, dateline_country(ctx.text), offset) if pub is not None else None
    if year is None:
        return _relative(g, ctx, start, end)
    return Resolved("DATE", f"FY{year.number}", _premod(g), year.first_day, year.last_day, "year", "published_at")


def _two_digit_year(n: int, pub: date | None) -> int:
    century = (pub.year if pub else 2000) // 100 * 100
    year = century + n
    return year - 100 if pub is not None and year > pub.year + 20 else year


def _year_ago(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    """ "the year-ago quarter": the period compared with, one year before the reporting period."""
    punit = normalize(g.get("punit") or "")
    pub = ctx.published
    if pub is None:
        return _unanchored("XXXX", "year")
    focus = ctx.focus
    if g.get("qord"):  # "the year-ago third quarter": that quarter of the year before the reporting one
        n = ORDINALS[normalize(g["qord"])]
        if not 1 <= n <= 4:
            return None
        year = focus.year if focus is not None else pub.year - (n >= period_of(pub, "quarter").index)
        return _dated(Period("quarter", year - 1, n), ctx)
    if punit == "quarter" and (focus is None or focus.precision != "quarter"):
        focus = period_of(shift(pub, -1, "Q"), "quarter")
    elif punit in ("month", "week"):
        focus = period_of(pub, punit)
    if focus is None or focus.year < pub.year - 1 or (not punit and _cumulative_period(ctx.text, start)):
        return _dated(Period("year", pub.year - 1), ctx)
    if focus.year == pub.year - 1:  # the text already speaks of the year-ago period
        return _dated(focus, ctx)
    return _dated(_year_before(focus), ctx)


# Results for several quarters together ("for the nine months", "in the first half"): a year earlier is the
# year before as a whole, not the reporting quarter.
_CUMULATIVE = re.compile(r"\b(?:(?:nine|six|9|6)[ -]months?|first half|year[ -]to[ -]date)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]['\"”’]*\s+(?=[A-Z\"“`'])|\n\s*\n")


def _cumulative_period(text: str, start: int) -> bool:
    """Whether the sentence up to `start` reports results for a span of several quarters."""
    lo = max(0, start - 300)
    ends = list(_SENTENCE_END.finditer(text, lo, start))
    return _CUMULATIVE.search(text, ends[-1].end() if ends else lo, start) is not None


def _same_sentence(text: str, first: int, second: int) -> bool:
    return 0 <= second - first <= 300 and _SENTENCE_END.search(text, first, second + 1) is None


_CLAUSE_STOP = re.compile(r"[,;:]|[.!?](?:\s|$)")
_IN_A_MONTH = re.compile(rf"\s(?:in|for)\s+({_MONTH_NAMES})\b(?!\s+\d)", re.I)


def _month_told_after(ctx: Discourse, end: int) -> Period | None:
    """The month a figure is of, named later in the clause of "a year earlier" (the last such month up to the
    publication): "the deficit widened by 187% from a year earlier to $10.3 billion in October"."""
    pub = ctx.published
    if pub is None:
        return None
    stop = _CLAUSE_STOP.search(ctx.text, end)  # not a month of another clause: ", and it expects growth in March"
    m = _IN_A_MONTH.search(ctx.text, end, stop.start() if stop else len(ctx.text))
    if m is None:
        return None
    month = MONTHS[normalize(m.group(1))]
    return Period("month", pub.year if month <= pub.month else pub.year - 1, month)


def _year_before(period: Period) -> Period:
    if period.precision in ("day", "time"):
        return period_of(shift(period.first_day, -1, "Y"), "day")
    if period.precision == "week":
        return period_of(period.first_day - timedelta(weeks=52), "week")
    return Period(period.precision, period.year - 1, period.index)


def _focus(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    """ "the latest quarter", "the period": the reporting quarter last named, else the last one completed."""
    pub = ctx.published
    focus = ctx.focus
    year = _year_of(g)
    ended = _quarter_ended(ctx, end) if normalize(g.get("punit") or "") == "quarter" and year is None else None
    if ended is not None:
        return _dated(ended, ctx)
    if year is None and g.get("rel"):  # "last year's quarter"
        if focus is None or focus.precision != "quarter":
            return None
        year = focus.year + RELATIVES[normalize(g["rel"])]
    if year is not None:  # "the 1988 quarter": the reporting quarter of that year
        quarter = focus if focus is not None and focus.precision == "quarter" else _last_quarter_named(ctx, g)
        if quarter is not None:
            return _dated(Period("quarter", year, quarter.index), ctx, anchor="absolute")
        return _dated(Period("year", year), ctx, anchor="absolute")
    if focus is not None and focus.precision == "quarter":
        return _dated(focus, ctx)
    if pub is not None and (g.get("latest") or normalize(g["punit"]) == "quarter"):
        return _dated(period_of(shift(pub, -1, "Q"), "quarter"), ctx)
    return None


def _last_quarter_named(ctx: Discourse, g: Groups) -> Period | None:
    """The quarter named last, for "the 1988 quarter" after "third-quarter earnings ... last year": a year
    named in between moves the focus, but a quarter of a year is still that quarter."""
    if normalize(g.get("punit") or "") != "quarter" or "quarter" not in ctx.last_named_at:
        return None
    return _named_period(ctx.last_named_at["quarter"])


_ENDED_ON = re.compile(rf"\s+end(?:ed|ing)\s+(?P<month>{_MONTH_NAMES})\.?\s+(?P<dom>[0-3]?\d)\b", re.IGNORECASE)


def _quarter_ended(ctx: Discourse, end: int) -> Period | None:
    """ "the quarter ended Sept. 30": the calendar quarter holding most of the three months up to that day
    (a fiscal quarter ended July 31 runs from May: mostly the second quarter)."""
    m = _ENDED_ON.match(ctx.text, end)
    if m is None or ctx.published is None:
        return None
    month, dom = MONTHS[normalize(m.group("month"))], int(m.group("dom"))
    last_month = month if dom >= 15 else month - 1  # the last month mostly covered
    middle = (last_month - 2) % 12 + 1  # the middle one of the three
    year = _infer_year(ctx, month, dom, m.start("month"), m.end()) - (middle > month)
    return Period("quarter", year, (middle - 1) // 3 + 1)


def _shift(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    code = UNITS[normalize(g["unit"])]
    direction = -1 if normalize(g["dir"]) in ("ago", "earlier") else 1
    if g.get("vague") or (not g.get("num") and g["unit"].lower().endswith("s") and not code.startswith("T")):
        n = None  # "several days earlier", "days earlier": no count of days is told ("hours earlier": that day)
    else:
        n = parse_count(g["num"]) if g.get("num") else 1.0
    if code == "2W":
        code, n = "W", None if n is None else n * 2
    pub = ctx.published
    # "ago" counts back from the day of writing; "two days later", "hours earlier" from the day the story is at.
    narrated = normalize(g["dir"]) in ("earlier", "later") and (code in ("D", "W") or code.startswith("T"))
    if narrated and ctx.last_day is not None:
        pub = ctx.last_day
    if n is None or n != int(n) or code.startswith("T"):
        if pub is not None and code.startswith("T") and n is not None:
            return _dated(Period("day", pub.year, day=pub), ctx)
        return Resolved("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF")
    n = int(n)
    if pub is None:
        blank = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX", "Y": "XXXX",
                 "DE": "XXX", "CE": "XX"}[code]
        return _unanchored(blank, UNIT_PRECISION[code])
    focus = ctx.focus
    if (code == "Y" and n == 1 and direction < 0 and focus is not None and focus.year == pub.year
            and focus.precision in ("quarter", "half") and not _cumulative_period(ctx.text, start)):
        return _dated(_year_before(focus), ctx)  # "a year earlier": the reporting period a year before
    named = ctx.last_named
    if (code == "Y" and n == 1 and direction < 0 and named is not None and named.precision == "month"
            and _same_sentence(ctx.text, ctx.last_named_end, start)):
        return _dated(_year_before(named), ctx)  # "prices rose 3% in April from a year earlier": April a year before
    if code == "Y" and n == 1 and direction < 0 and (month := _month_told_after(ctx, end)) is not None:
        return _dated(_year_before(month), ctx)  # "widened by 187% from a year earlier to $10.3 billion in October"
    if code == "DE":
        code, n = "Y", n * 10
    elif code == "CE":
        code, n = "Y", n * 100
    precision = UNIT_PRECISION[code]
    return _dated(period_of(shift(pub, direction * n, code), precision), ctx)


def _duration(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    if _AGE_AFTER.match(ctx.text, end):
        return None
    if _at_all_times(ctx.text, start, end):
        return None  # "guarded 24 hours a day": at all times
    if ctx.text[start:end].lower() in ("minutes", "seconds") and _GAP_AFTER.match(ctx.text, end):
        return None  # "only minutes apart": how close two events came, not a period
    if _COMPOUND_AFTER.match(ctx.text, end):
        return None  # "a year-earlier loss": "year-earlier" is the expression
    if ctx.text[start:start + 4].lower() == "last" and _VERB_LAST.search(ctx.text, max(0, start - 12), start):
        return None  # "talks are expected to last several weeks": the verb; the scan goes on at "several"
    code = UNITS[normalize(g["unit"])]
    if not g.get("num") and not g.get("vague") and not g.get("vrel") and g["unit"].lower().endswith("s"):
        if code == "TM" and _MEETING_RECORD_AFTER.match(ctx.text, end):
            return None  # "the minutes of the board's last meeting": its record
        if previous_word(ctx.text, start) in lexicon.words("dates/not_time_before_unit.txt"):
            return None  # "visiting hours", "the good old days": a kind of hours or days named, not a stretch of time
    if (code == "Q" and not g.get("num") and not g.get("vrel") and not g.get("ahead")
            and normalize(g.get("vague") or "some") == "some"):
        return None  # "living quarters", "criticism in some quarters": places and circles, not quarters of a year
    if code == "Q" and ctx.text[start:end].lower().endswith("first two quarters") and _OF_YEAR.match(ctx.text, end):
        return None  # "the first two quarters of 2016": a half of that year, read from "the" on
    if code == "Q" and not g.get("vague") and _FRACTION_OF.match(ctx.text, end) and (
            "-" in ctx.text[start:end] or normalize(g.get("num") or "") in ("a", "an", "one")
            or _OF_A_SCALE.match(ctx.text, end)):
        return None  # "three-quarters of its food", "three quarters of a million": a fraction
    if code == "TS" and normalize(g.get("num") or "") in ("a", "one") and not g["unit"].lower().endswith("s"):
        following = next_word(ctx.text, end)
        if following.isalpha() and following not in lexicon.words("dates/after_one_second.txt"):
            return None  # "a second group": the ordinal
    if (not g.get("num") and not g.get("vague") and next_word(ctx.text, end) in ("before", "after")
            and (ctx.text[start:start + 4].lower() == "the " or _THE_BEFORE.search(ctx.text, max(0, start - 12), start))):
        return None  # "in the weeks before the vote": a time near an event, dated by it; but "hours after" is a gap
    before = ctx.text[max(0, start - 8):start]
    if _AS_MANY.search(before) or (normalize(g.get("vague") or "") == "many" and before.lower().endswith("as ")):
        return None  # "the second cut in as many months": as many as the count before, which is no time
    if normalize(g.get("num") or "") in ("a", "an") and _SPEED_BEFORE.search(ctx.text, max(0, start - 20), start):
        return None  # "winds of 315 kilometres an hour": a speed, which the figure's unit tells
    if (normalize(g.get("num") or "") in ("a", "an") and not g["unit"].lower().endswith("s")
            and _RATE_BEFORE.search(ctx.text, max(0, start - 40), start)):
        # "$500 million a year", "700 seats a week": the rate of an amount, a recurring time, not a stretch of it
        return Resolved("SET", duration_value(2, "W") if code == "2W" else duration_value(1, code))
    if normalize(g.get("num") or "") == "a" and _names_an_observance(ctx.text, end):
        return None  # "declared Sunday a day of national mourning": a kind of day, not a stretch of time
    n = None if g.get("vague") or not g.get("num") else parse_count(g["num"])
    if g.get("num") and n is None:
        return None
    if not g.get("num") and not g.get("vague") and not g["unit"].lower().endswith("s"):
        n = 1.0  # "the year ended June 30"
    if g.get("ordcount"):  # "its second full week": two weeks so far
        n = float(ORDINALS[normalize(g["ordcount"])])
    if n is not None and g.get("andhalf"):
        n += 0.5
    if code == "2W":
        code, n = "W", None if n is None else n * 2
    value = duration_value(n, code)
    mod = APPROX.get(normalize(g["approx"])) if g.get("approx") else None
    matched = ctx.text[start:end]
    pub = ctx.published
    direction = -1 if _BACKWARD.search(matched) else 1 if _FORWARD.search(matched) else 0
    if direction and n is not None and n == int(n) and code in ("D", "W", "M", "Y") and pub is not None:
        other_end = shift(pub, direction * int(n), code)
        if direction < 0:
            return Resolved("DURATION", value, mod, other_end, pub - timedelta(days=1), None, "published_at")
        return Resolved("DURATION", value, mod, pub + timedelta(days=1), other_end, None, "published_at")
    return Resolved("DURATION", value, mod)


def _at_all_times(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies in "24 hours a day", "seven days a week" or "365 days a year".

    A find of "hours a day" and "days a " first: they are rarely there, and a call of the regex costs more. (Only in
    ASCII text: under IGNORECASE a few other letters match "s" and "k".)"""
    lo = max(0, start - 16)
    around = text[lo:end + 16].lower()
    if "hours a day" not in around and "days a " not in around and around.isascii():
        return False
    return any(m.start() <= start and end <= m.end() for m in _ALL_THE_TIME.finditer(text, lo, end + 16))


_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60), "TH": ("M", 60),
            "TM": ("S", 60)}


def duration_value(n: float | None, code: str) -> str:
    """The TIMEX3 duration value of `n` units (None for an unknown number: PXD, PTXH)."""
    time = code.startswith("T")
    unit = code[1:] if time else code
    prefix = "PT" if time else "P"
    if n is None:
        return f"{prefix}X{unit}"
    if unit == "DE" or unit == "CE":
        years = n * (10 if unit == "DE" else 100)
        return f"P{years:g}Y"
    if unit == "Q":
        return f"P{n * 3:g}M" if n != int(n) else f"P{int(n)}Q"
    if n == int(n):
        return f"{prefix}{int(n)}{unit}"
    whole = int(n)
    smaller, factor = _SMALLER.get(code, (None, 0))
    if smaller is None or (n - whole) * factor != int((n - whole) * factor):
        return f"{prefix}{n:g}{unit}"
    rest = int(round((n - whole) * factor))
    if unit == "W":
        return f"P{int(n * 7)}D"
    head = f"{whole}{unit}" if whole else ""
    if unit == "D":
        return f"P{head}T{rest}H"
    return f"{prefix}{head}{rest}{smaller}"


def _ref(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    if g.get("someday"):  # "he will one day lead": some time to come
        return Resolved("DATE", "FUTURE_REF")
    if g.get("then"):  # "the then current price": the present of a past moment
        return Resolved("DATE", "PAST_REF")
    if g.get("current"):  # "current market conditions": as things are at publication
        g = {"ref": "now"}
    word = normalize(g["ref"])
    if word == "the past" and _COUNT_AFTER.match(ctx.text, end):
        return None  # "for the past three summers": a count of periods follows, not the past at large
    if word == "now" and ctx.text[start] == "N" and ctx.text[end:end + 1] == ",":
        return None  # "Now, he says, ...": opening a sentence before a comma it turns to a new point, not a time
    if word == "soon" and (followed_by(ctx.text, end, "sequence_after_soon") or tense_at(ctx.text, start, end) == PAST):
        return None  # "as soon as", "soon after", "he was soon released": no point in time of its own
    value = REFS[word]
    pub = ctx.published
    if value == "PRESENT_REF" and pub is not None:  # "now" is the publication day
        return Resolved("DATE", value, None, pub, pub, None, "published_at")
    return Resolved("DATE", value)


def _set(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    if g.get("setword"):
        if g["setword"].lower().endswith("ly") and _AFTER_FIGURE.search(ctx.text, max(0, start - 40), start):
            return None  # "to rise 8% annually", "10,000 units yearly": the rate of an amount, not a recurring time
        return Resolved("SET", SETS[normalize(g["setword"])])
    if g.get("setweekday"):
        return Resolved("SET", f"XXXX-WXX-{WEEKDAYS[normalize(g['setweekday'])]}")
    if g.get("setmonth"):
        return Resolved("SET", f"XXXX-{MONTHS[normalize(g['setmonth'])]:02d}")
    code = UNITS[normalize(g["unit"])]
    every = g.get("setnum")
    n = 2 if every and every.lower() == "other" else int(parse_count(every) or 1) if every else 1
    if code == "2W":
        code, n = "W", n * 2
    return Resolved("SET", duration_value(n, code))


def _clock(g: Groups, ctx: Discourse, start: int, end: int) -> Resolved | None:
    word = normalize(g.get("clockword") or "")
    if word == "noon" and previous_word(ctx.text, start) == "high":
        return None  # "high noon has come": the moment of a showdown, not twelve o'clock
    if word:
        hour, minute = (0, 0) if word == "midnight" else (12, 0)
    elif g.get("hour24"):
        hour, minute = int(g["hour24"]), int(g["minute24"])
    elif g.get("hourin"):  # "four in the morning", "8 in the evening"
        hour, minute = int(parse_count(g["hourin"]) or 0) % 12, 0
        hour += 12 if normalize(g["inpart"]) != "morning" else 0
    elif g.get("hourh"):
        hour, minute = int(g["hourh"]), int(g.get("minuteh") or 0)
    else:
        hour, minute = int(g["hour"]), int(g.get("minute") or 0)
        pm = g["ampm"].lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    clock = f"T{hour:02d}:{minute:02d}"
    pub = ctx.published
    if g.get("weekday"):
        day = None if pub is None else _day_of_weekday(WEEKDAYS[normalize(g["weekday"])], ctx, start, end)
    elif g.get("deictic"):
        day = None if pub is None else pub + timedelta(days=DEICTIC[normalize(g["deictic"])])
    elif g.get("month"):
        month, dom = MONTHS[normalize(g["month"])], _day_number(g)
        if pub is None:
            return _unanchored(f"XXXX-{month:02d}-{dom:02d}{clock}", "time", timex_type="TIME")
        try:
            day = date(_infer_year(ctx, month, dom, start, end), month, dom)
        except ValueError:
            return None
    else:
        day = (_day_named_after(ctx, end) or _coming_midnight(word, ctx, start, end)
               or _day_of_the_paragraph(ctx, start, hour))
    if day is None:
        return _unanchored("XXXX-XX-XX" + clock, "time", timex_type="TIME")
    if word == "midnight" and (g.get("weekday") or g.get("deictic")):
        day += timedelta(days=1)  # "midnight Sunday" ends Sunday: 00:00 of the day that begins
    return _dated(Period("day", day.year, day=day).with_clock(clock), ctx)


def _names_an_observance(text: str, end: int) -> bool:
    """Whether "of" and a noun of dates/observed_day_nouns.txt follow `end` ("a day of national mourning")."""
    of = _OF_AFTER.match(text, end)
    return of is not None and heads_noun_after(text, of.end(), "observed_day_nouns")


def _names_a_place(text: str, end: int) -> bool:
    """Whether a capitalized word of dates/place_name_heads.txt follows `end` ("21 October Road")."""
    return _NAME_AFTER.match(text, end) is not None and followed_by(text, end, "place_name_heads")


_DAWN_HOUR = 6  # a clock time before it, in a night named, is in the small hours after midnight


def _day_of_the_paragraph(ctx: Discourse, start: int, hour: int) -> date | None:
    """The day a clock time with no day of its own belongs to: the day last named in its paragraph; in a paragraph
    that names none, the day of the lead ("rose to 124 on Monday, ... \n\nthe ministry said in a statement issued at
    10 am": Monday's, not the day of "97 a day earlier"), else the day of publication. The small hours of a night
    named belong to the day after it ("in an overnight raid ... arrived at around 2 a.m.")."""
    day: date | None
    if ctx.last_day is not None and ("\n" not in ctx.text[ctx.last_day_end:start] or ctx.lead_day is None):
        day, night = ctx.last_day, ctx.last_day_night
    elif ctx.lead_day is not None:
        day, night = ctx.lead_day, ctx.lead_day_night
    else:
        day, night = ctx.published, False
    return day + timedelta(days=1) if day is not None and night and hour < _DAWN_HOUR else day


def _in_lead(text: str, start: int) -> bool:
    """Whether an expression is in the article's lead, its first paragraph of prose (the line of a dateline set
    apart, and its date, are not)."""
    if DATELINE_DATE.search(text, max(0, start - 60), start) is not None:
        return False
    # A dateline and a headline take a line of their own of less than a sentence's length: the lead is the first
    # paragraph that runs past the first 60 characters.
    return text.find("\n", 60, start) == -1


def _coming_midnight(word: str, ctx: Discourse, start: int, end: int) -> date | None:
    """The day a bare "midnight" that looks forward begins: "prices rise with effect from midnight" is tonight's,
    the day after publication (or after a day named earlier in the sentence), not a day named paragraphs before."""
    if word != "midnight" or ctx.published is None or tense_at(ctx.text, start, end) != FUTURE:
        return None
    day = ctx.last_day
    if day is None or _SENTENCE_BREAK.search(ctx.text, ctx.last_named_end, start) is not None:
        day = ctx.published  # no day named earlier in the sentence
    return day + timedelta(days=1)


_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n")


# A clock time followed by the day it falls on: "at 5 p.m. on Nov. 15", "at noon on Friday", also past the same
# time in another zone, "at 9 a.m. (0300 GMT) on Sunday", or the end of a span, "between 10 a.m. and 2 p.m. on
# Thursday".
_SPAN_END = r"(?:\s+(?:and|to|until|till)\s+|\s*[-–]\s*)(?:\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?m\b\.?|noon|midnight)"
_ON_DAY = re.compile(
    rf"(?:\s*\([^()\n]{{1,30}}\))?\)?(?:{_SPAN_END})?\s+(?:on\s+)?"
    rf"(?:(?P<weekday>{_WEEKDAY_NAMES})\b|(?P<month>{_MONTH_NAMES})\.?\s+(?P<dom>[0-3]?\d)\b)",
    re.IGNORECASE)


def _day_named_after(ctx: Discourse, end: int) -> date | None:
    """The day named right after a clock time ("5 p.m. on Nov. 15", "2200 GMT Thursday"), when the publication date
    places it."""
    m = _ON_DAY.match(ctx.text, end)
    if m is None or ctx.published is None:
        return None
    if m.group("weekday"):
        return _weekday_named(ctx, m)
    month, dom = MONTHS[normalize(m.group("month"))], int(m.group("dom"))
    try:
        return date(_infer_year(ctx, month, dom, m.start("month"), m.end()), month, dom)
    except ValueError:
        return None


_WEEKDAY_LATER = re.compile(rf"\b(?P<weekday>{_WEEKDAY_NAMES})\b", re.IGNORECASE)


def _day_named_later(ctx: Discourse, end: int) -> date | None:
    """The day, up to the publication, that a weekday named later in the same sentence falls on."""
    if ctx.published is None:
        return None
    m = _WEEKDAY_LATER.search(ctx.text, end, end + 300)
    if m is None or not _same_sentence(ctx.text, end, m.start()):
        return None
    day = _weekday_named(ctx, m)
    return day if day <= ctx.published else None  # a night gone by ends on a day gone by, not "talks resume Monday"


def _weekday_named(ctx: Discourse, m: re.Match[str]) -> date:
    """The day the weekday of a match's "weekday" group falls on, by the tense of its clause (a publication date
    known)."""
    assert ctx.published is not None
    weekday = WEEKDAYS[normalize(m.group("weekday"))]
    return _weekday_date(ctx.published, weekday, _weekday_direction(ctx.text, m.start("weekday"), m.end()))


_RESOLVERS: dict[str, Callable[[Groups, Discourse, int, int], Resolved | None]] = {
    "calendar": _calendar,
    "holiday": _holiday,
    "day_of_month": _day_of_month,
    "weekday": _weekday,
    "deictic": _deictic,
    "relative": _relative,
    "quarter": _quarter,
    "weekend": _weekend,
    "anaphoric": _anaphoric,
    "the_year": _the_year,
    "decade": _decade,
    "century": _century,
    "fiscal": _fiscal,
    "months_quarter": _months_quarter,
    "year_ago": _year_ago,
    "focus": _focus,
    "shift": _shift,
    "duration": _duration,
    "ref": _ref,
    "set": _set,
    "clock": _clock,
}
