"""Which temporal expression of its sentence dates an event mention, and the event date it gives."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from transforms import lexicon
from transforms.dateline_place import DATELINE_DATE
from transforms.event_toll import TOLL_RISE
from transforms.timex import Timex
from transforms.word_trie import fold_case, starts_with

_REPORTING = "|".join(sorted(lexicon.words("events_reporting_verbs.txt"), key=len, reverse=True))
_REPORT_BEFORE = re.compile(starts_with(lexicon.words("events_reporting_verbs.txt"), True)
                            + rf"\b(?:{_REPORTING})\s+(?:here\s+)?(?:(?:late|early)\s+)?(?:on\s+)?$", re.I)
_REPORT_AFTER = re.compile(rf"^\s*(?:{_REPORTING})\b", re.I)
# "since 2007", "for the 2006 budget", "by September": the expression dates something else.
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whose)\b")
# ", Interior Minister Andres Chadwick " between a date and "told reporters": the date is of what was told.
_SPEAKER_AFTER = re.compile(r",\s+(?!(?:and|but|while|as|then)\s)(?:[\w.'’-]+\s+){1,6}")
# A verb before it says the date is in a clause of its own ("were found early Sunday"), not in an opening phrase
# of the report's ("At NATO headquarters in Brussels Thursday, the prime minister urged").
_FINITE = re.compile(r"\b(?:was|were|is|are|has|have|had|[a-z]+ed)\b")
# (But "from": "imposed a curfew from 6 p.m. Monday" began that day; the end of "from ... to ..." is passed over.)
_NOT_WHEN = re.compile(starts_with(["for", "by", "prior", "through"], True)
                       + r"\b(?:for|by|prior\s+to|through|between)\s+(?:the\s+)?$", re.I)
_TOO_COARSE = frozenset({"decade", "century"})
# "in retaliation for the killing of", "to avenge the death of" (but "protests over the death of X spread on Thursday"
# are dated by it)
_FOR_A_DEATH = re.compile(r"\b(?:for|avenge|avenging)\s+the\s+(?:killing|killings|death|deaths|assassination|murder|"
                         r"murders)\s+of\b", re.I)
# "from 8 p.m. Monday to 4 a.m. Tuesday", "between Saturday and Sunday": a span, dated by its start
_FROM_BEFORE = re.compile(r"\b(?:from|between)\s+$", re.I)
_RANGE_TO = re.compile(r"\s+(?:to|until|till|through|and)\s+", re.I)
_BY_OPENING = re.compile(r"[\"“]?By\s+")
_FUTURE_OR_TOLL = re.compile(r"\b(?:will|would|shall|expected|plans?|aims?|toll)\b")
_WHEN_AFTER = re.compile(r",?\s+when\s")
_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.I)  # "since 2007", "killed since Monday"
_AFTER = re.compile(r"\b(?:after|before|following)\b", re.I)
_IN_THE_DAYS = re.compile(r"\s+(?:in|during)\s+")  # between a trigger and a possessive day: "killed in Friday's"
# "shot dead three protesters on Friday after a disputed election": the event named right after "after a" is not
# of the day told before it (but "on Saturday, after talks failed, rebels attacked", and "fled last week after
# being attacked": the attack was that week).
_AFTER_AN_EVENT = re.compile(r"\b(?:after|following)\s+(?:an?|the)\s+(?:[\w.'’-]+\s+){0,2}$", re.I)
_AFTER_BARE = re.compile(r"\b(?:after|following)\s+$", re.I)
# "the deadliest attack since jihadists began their insurgency in 2015", "the worst since 2015": the date after a
# comparison's "since", a few words after it, is its term, not when the event was (but "have fled since fighting
# broke out on May 3", "the worst floods in a century killed 324 since May").
_SUPERLATIVES = lexicon.words("events_superlatives.txt")
_COMPARED_SINCE = re.compile(rf"\b(?:{'|'.join(sorted(_SUPERLATIVES, key=len, reverse=True))})(?:\s+[\w'’-]+){{0,4}}\s+since\b",
                             re.I)
# "in the deadliest assault on the military this year", "the worst floods in a decade": the frame of a comparison.
_COMPARED_IN = re.compile(rf"\b(?:{'|'.join(sorted(_SUPERLATIVES, key=len, reverse=True))})(?:\s+[\w'’-]+){{0,5}}"
                          r"\s+(?:in\s+)?$", re.I)
_CLAUSE_END = re.compile(r"[,;]")
# "the first time since April", "more than since May": the date measures something else.
_NOT_OWN_SINCE = re.compile(r"\b(?:time|first|last|than|that|which|who|ever)\b", re.I)
_FUNCTION = lexicon.words("language_en.txt")
# "Rescuers pulled more bodies from the rubble": the dead recovered, on a day after they died.
_RECOVERED = re.compile(r"\b(?:pulled|pulling|recovered|recovering|retrieved|retrieving|dug|digging)\s+"
                        r"(?:[\w-]+\s+){0,2}?(?:bodies|corpses)\b", re.I)
_NOT_NOUNS = lexicon.words("events_not_nouns.txt")
VOTE_WORDS = sorted(lexicon.words("events_vote_words.txt"), key=len, reverse=True)
_OF_A_VOTE = re.compile(rf"['’]s\s+(?:[\w-]+\s+){{0,2}}?(?:{'|'.join(map(re.escape, VOTE_WORDS))})\b", re.I)
_MODIFIER_PRECISIONS = frozenset({"year", "quarter", "season", "half"})
# A mark, or a dash between spaces: one class of the first characters, which a search skips to (where a look-ahead
# is tried at every character); after a space, the dash must follow.
_BREAK = re.compile(r"[,;:()—–\s](?:(?<!\s)|-{1,2}\s)")
_ORDINALS = {w: n for n, w in enumerate("second third fourth fifth sixth seventh eighth ninth tenth".split(), 2)}
_NTH_DAY = re.compile(starts_with(["for"], True)
                      + rf"\bfor\s+(?:a|the)\s+({'|'.join(_ORDINALS)})\s+(?:straight\s+|consecutive\s+|successive\s+)?"
                      r"(?:day|night)\b", re.I)


def usable(t: Timex) -> bool:
    """Whether a temporal expression can date an event: a resolved point or period, not a duration or a set."""
    return (t.timex_type in ("DATE", "TIME") and t.range_start is not None and t.precision not in _TOO_COARSE
            and not t.value.endswith("_REF") and not t.value.startswith("X"))


def _dates_its_when_clause(text: str, t: Timex, trigger: tuple[int, int]) -> bool:
    """Whether an expression before the trigger opens a "when" clause that the trigger is in: "the deadliest crash
    since 1972, when 86 people died" dates the deaths, whatever the comparison."""
    return t.end < trigger[0] and _WHEN_AFTER.match(text, t.end) is not None


def _as_of_the_day(text: str, t: Timex, sentence: tuple[int, int]) -> bool:
    """Whether a sentence opens with "By" and a day, telling what had happened by then: "By late Sunday the Defense
    Ministry said it had flown 1,500 reinforcements into Tuxtla", "By Friday morning, troops controlled the town"
    happened that day (but "by Friday" as a deadline looks ahead: "will be finished by Friday"; and "By Thursday
    evening the toll had risen to five", "By Thursday morning, the number of dead had climbed to 15", "By Friday
    night the toll stood at 46" tell when the dead were counted)."""
    return (t.precision in ("day", "time") and _BY_OPENING.fullmatch(text, sentence[0], t.start) is not None
            and _FUTURE_OR_TOLL.search(text, t.end, sentence[1]) is None)


def after_since(text: str, t: Timex) -> bool:
    """Whether the expression follows "since": "killed since Monday" tells what went on from then, not that day."""
    return _SINCE_BEFORE.search(text, max(0, t.start - 8), t.start) is not None


def event_date(t: Timex) -> str:
    """The event date a temporal expression gives, to the day at best: '2006-11-02TNI' -> '2006-11-02'."""
    return t.value.split("T", 1)[0] if t.timex_type == "TIME" else t.value


def first_day(text: str, sentence: tuple[int, int], t: Timex) -> date | None:
    """The first day of an event told on its Nth day ("rioted for a third day on Friday" -> Wednesday), else None."""
    if t.precision != "day" or t.range_start is None:
        return None
    match = _NTH_DAY.search(text, sentence[0], sentence[1])
    if match is None or abs(match.start() - t.start) > 80:
        return None
    return t.range_start - timedelta(days=_ORDINALS[fold_case(match.group(1))] - 1)


def date_for(text: str, trigger: tuple[int, int], sentence: tuple[int, int], candidates: Sequence[int],
             timexes: Sequence[Timex], statement: bool, occasion_spans: Sequence[tuple[int, int]],
             other_triggers: Sequence[int] = (), events_told: Sequence[int] = (), casualty: bool = False) -> int | None:
    """The index of the temporal expression that dates the mention, or None when its sentence does not date it
    (`events_told`: for a mention that names an event again, "the crash", where the sentence tells of others)."""
    best: tuple[int, int, bool] | None = None
    rise = TOLL_RISE.search(text, sentence[0], sentence[1])
    # "the toll from the blast rose to 84 on Tuesday": the date tells when the toll was counted, as the
    # dateline does, not when the blast was; so does one after a death told in the count ("rose to 12 on Thursday
    # after three of the wounded died").
    counted_at = rise.end() if rise is not None and (rise.end() > trigger[1] or casualty) else None
    report: int | None = None  # "said on Thursday they had retaken the airport"
    for i in candidates:
        t = timexes[i]
        part = _range_part(text, timexes, i)
        if part == "end":
            continue  # "a curfew from 8 p.m. Monday to 4 a.m. Tuesday": an event is dated by its start
        if not usable(t) or (part is None and _NOT_WHEN.search(text, max(sentence[0], t.start - 20), t.start)
                             and not text.startswith(("'s", "’s"), t.end) and not 0 < trigger[0] - t.end <= 1
                             and not _dates_its_when_clause(text, t, trigger)
                             and not (rise is None and _as_of_the_day(text, t, sentence))):
            # "for the 2006 budget", "by September"; but "the toll for Saturday's quake" dates the event, and so
            # does the year of "the deadliest crash since 1972, when 86 people died"
            continue
        if t.start > trigger[1] and (compared := _COMPARED_SINCE.search(text, max(sentence[0], trigger[0] - 20),
                                                                         t.start)) is not None \
                and not _CLAUSE_END.search(text, compared.end(), t.start):
            # "the deadliest attack since 2015": the term of a comparison (but not "... since violence erupted six
            # years ago, the government said on Saturday")
            continue
        if t.precision in ("year", "decade") and _COMPARED_IN.search(text, max(sentence[0], t.start - 60), t.start) \
                and not _dates_its_when_clause(text, t, trigger):
            continue  # "the deadliest assault on the military this year": the frame of a comparison
        if t.start > trigger[1] and _FOR_A_DEATH.search(text, trigger[1], t.start):
            continue  # "fired missiles ... in retaliation for the killing of Soleimani on Friday": the killing's date
        if t.end <= trigger[0] and (_AFTER_AN_EVENT.search(text, max(t.end, trigger[0] - 40), trigger[0])
                                    or (_AFTER_BARE.search(text, max(t.end, trigger[0] - 12), trigger[0])
                                        and text.endswith("ing", trigger[0], trigger[1]))):
            continue  # (and "extended the curfew Monday after rioting over the weekend": the rioting came before)
        if t.start > trigger[1] and (clause := _RELATIVE_CLAUSE.search(text, trigger[1], t.start)) is not None \
                and clause.start() > trigger[1] and "," not in text[clause.end():t.start]:
            # "killed in the fighting around the town, which rebels had held since 2012": the town's date (but "the
            # typhoon, which hit Bicol before dawn Thursday" tells of the typhoon, and in "fled since gunmen, who
            # had pledged allegiance to IS, overran Marawi on May 23" the clause has closed before the date)
            continue
        if statement and t.end <= trigger[0] and _SPEAKER_AFTER.fullmatch(text, t.end, trigger[0]) \
                and _FINITE.search(text, sentence[0], t.start):
            continue  # "Five bodies were found early Sunday, the minister told reporters": the finding's day
        lo, hi = min(t.end, trigger[0]), max(t.start, trigger[1])
        between = sum(1 for o in other_triggers if lo <= o < hi)
        if statement and between:
            continue  # "declared an emergency after riots on Saturday": the riots' date
        if t.start > trigger[1] and any(trigger[1] <= o < t.start for o in events_told) \
                and _AFTER.search(text, trigger[1], t.start):
            continue  # "the crash came hours after Iran fired missiles ... last week": the date of what came before
        after = text[t.end:t.end + 30]
        if after.startswith(("'s", "’s")) and not 0 <= trigger[0] - t.end < 25 and not _OF_A_VOTE.match(after) \
                and not _IN_THE_DAYS.fullmatch(text, trigger[1], t.start):
            # "Saturday's newspaper": the date of something else (but "Sunday's runoff" dates the vote, and
            # "1,647 were dead in Friday's disaster" the dead)
            continue
        if t.precision in _MODIFIER_PRECISIONS and not t.end < trigger[0] <= t.end + 2 and _modifies_noun(text, t):
            continue  # "the 2019 harvest", "second-quarter sales"
        if counted_at is not None and rise is not None and text[rise.start()] in "rR" and t.end <= rise.start():
            continue  # "On Saturday evening the government raised the toll to 38": when it was counted
        if counted_at is not None and (t.start >= counted_at or (
                t.start < 120 and DATELINE_DATE.search(text, max(0, t.start - 40), t.start))):
            continue
        if not statement and (next_to_report(text, t, sentence) or _inside(t, occasion_spans)):
            if report is None and not _inside(t, occasion_spans):
                report = i
            continue  # "said Thursday", "speaking at a press conference on Wednesday": the date of the report
        # "since last week" gives the start of what goes on, but another date in the sentence is likelier its own.
        since = 200 if _SINCE_BEFORE.search(text, max(sentence[0], t.start - 8), t.start) else 0
        if since and 0 < t.start - trigger[1] <= 60 and not _BREAK.search(text, trigger[1], t.start) \
                and not _NOT_OWN_SINCE.search(text, trigger[1], t.start):
            since = -100  # "the floods killed 324 people since late May": when what the clause tells began
        dateline = t.start < 120 and DATELINE_DATE.search(text, max(0, t.start - 40), t.start) is not None
        if dateline:
            since += 400  # "PORT-AU-PRINCE, July 12 (AP) -": when the report was filed, if the sentence says no other
        # A date after the trigger is as far as the words between them ("a presidential election on Saturday"); one
        # inside it is its own ("voted to leave the EU, results of Thursday's referendum showed").
        if t.start >= trigger[1]:
            gap = t.start - trigger[1]
        elif t.start >= trigger[0] and t.end <= trigger[1]:
            gap = 0
        else:
            gap = abs(t.start - trigger[0])
        distance = since + 100 * between + gap + 60 * len(_BREAK.findall(text, min(t.end, trigger[1]),
                                                                        max(t.start, trigger[0])))
        if best is None or distance < best[0]:
            best = (distance, i, dateline)
    if best is not None and best[2] and report is not None:
        return report  # a day the sentence gives beats the day the report was filed
    return None if best is None else best[1]


def _range_part(text: str, timexes: Sequence[Timex], i: int) -> str | None:
    """Whether the expression begins ("start") or ends ("end") a span "from X to Y", else None."""
    t = timexes[i]
    if i + 1 < len(timexes) and _RANGE_TO.fullmatch(text, t.end, timexes[i + 1].start) \
            and _FROM_BEFORE.search(text, max(0, t.start - 9), t.start):
        return "start"
    if i > 0 and _RANGE_TO.fullmatch(text, timexes[i - 1].end, t.start) \
            and _FROM_BEFORE.search(text, max(0, timexes[i - 1].start - 9), timexes[i - 1].start):
        return "end"
    return None


def _modifies_noun(text: str, t: Timex) -> bool:
    match = re.match(r"(?:['’]s)?(?:[-–]\d{2,4})?\s+([A-Za-z]+)\b", text[t.end:t.end + 30])
    if match is None:
        return False
    word = match.group(1)
    return word.lower() not in _FUNCTION and not word.endswith("ed") and word.lower() not in _NOT_NOUNS


def next_to_report(text: str, t: Timex, sentence: tuple[int, int]) -> bool:
    """Whether the expression tells when something was reported: 'said Thursday', 'said on Thursday'."""
    if _REPORT_BEFORE.search(text, max(sentence[0], t.start - 25), t.start):
        return True
    return bool(_REPORT_AFTER.match(text[t.end:t.end + 20]))


def of_a_recovery(text: str, t: Timex, sentence: tuple[int, int]) -> bool:
    """Whether the expression tells when the dead were recovered, like a day of a report, not when they died:
    "Rescuers pulled more bodies from the rubble on Wednesday as the toll from the earthquake rose to 40"."""
    return _RECOVERED.search(text, sentence[0], t.start) is not None


def _inside(t: Timex, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= t.start and t.end <= e for s, e in spans)
