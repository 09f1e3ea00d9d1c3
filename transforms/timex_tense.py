"""Whether the clause around a temporal expression looks back or forward from the publication date."""
from __future__ import annotations

import re

from transforms import lexicon
from transforms.word_scan import WordStarts
from transforms.word_trie import trie_pattern

PAST, UNKNOWN, FUTURE = -1, 0, 1

_FUTURE = lexicon.words("dates/future_markers.txt")
_PAST = lexicon.words("dates/past_markers.txt")
_NOT_PAST_ED = lexicon.words("dates/not_past_ed.txt")
_ABBREVIATION = lexicon.words("abbreviations.txt")
_REPORTING = frozenset({"said", "says", "told"})
_LASTED = lexicon.words("dates/past_until_verbs.txt")
# Plans told in the past progressive are still being made: "they were planning to march on Monday".
_ONGOING_PLANS = frozenset({"planning to"})
_AUXILIARIES = frozenset({"was", "were", "had", "did", "been"})
_ONGOING_PLAN_AFTER = re.compile(r"\s+(?:still\s+)?(?:planning|preparing|hoping)\s+to\b")
# "starting Monday" points forward, but "hit the depot on Tuesday, starting a fire" tells what the act did.
_PARTICIPLE_WITH_OBJECT = re.compile(r"\s+(?:a|an|the|fires?|panic)\b")
# A verb after the expression and behind one of these words is that of another clause ("will meet on Friday to
# resume talks that broke down"), and so is one in speech reported after a participle ("claimed the attack on
# Tuesday, saying they would strike again"): it counts only when no verb nearer to the expression's own clause
# says more.
# Tried only where a word begins (see word_scan): r"\b(?:that|...)\b" is tried at every character searched.
_SUBORDINATE = WordStarts(trie_pattern(("that", "which", "who", "whom", "whose", "where", "because", "after", "before",
                                        "since", "while", "although", "though", "unless", "saying", "adding", "warning",
                                        "vowing", "promising", "threatening", "insisting", "stressing")) + r"\b", r"\w")
_OTHER_CLAUSE_DISTANCE = 50


# One scan finds every marker: listed phrases (the longest at each place) and words in -ed.
# The scan runs over lower-cased text: case-insensitive matching costs three times as much.
_PHRASES = trie_pattern(_FUTURE | _PAST, space=r"\s+")
# A phrase or word is tried only where a word begins (see word_scan): a search for r"\b..." tries every
# character, which cost as much as all the rest of the reading. A marker written with an apostrophe ("'ll")
# may start anywhere: one of the list only after a letter ("we'll"), as a word boundary before it requires.
_CONTRACTIONS = trie_pattern(w[1:] for w in _FUTURE | _PAST if w.startswith("'"))
_MARKERS = WordStarts(rf"(?=[a-z])(?:(?:{_PHRASES})\b|[a-z]{{2,}}ed\b)", r"\w",
                      (rf"'(?:(?<=\w')(?:{_CONTRACTIONS})\b|ll\b)" if _CONTRACTIONS else r"'ll\b",))
# For the few windows that change length in lower case, the same markers matched in the text ignoring case.
_MARKER_ANY_CASE = re.compile(rf"(?=[a-z'])(?:\b(?:(?:{_PHRASES})\b|[a-z]{{2,}}ed\b)|'ll\b)", re.IGNORECASE)
# "was meant to", "were supposed to": a plan told as one that did not hold, which is past
_BACKSHIFT = re.compile(r"\b(was|were|had|had been|would have)\s+(?:(?:meant|supposed)\s+to\s+)?$", re.IGNORECASE)
_REPORTED = re.compile(rf"\b(?:{'|'.join(sorted(_REPORTING))}|according to)\b")
# A passive or adjective in -ed takes its tense from elsewhere: "will be named", "an unspecified date".
_NOT_PAST_PARTICIPLE = re.compile(r"\b(?:be|being)\s+$", re.IGNORECASE)
# "are closed", "is shut": a state, whose tense is that of "is"; "of exhausted and terrorised refugees": adjectives.
_NOT_A_VERB_BEFORE = re.compile(r"\b(?:is|are|am|be|been|being|remain|remains|of|the|a|an|and|or|their|its)\s+$",
                                re.IGNORECASE)
# An -ed word after an article, adverbs between or not: "the injured", "the most seriously injured", "a badly damaged"
_ADJECTIVE_AFTER = re.compile(r"\b(?:the|a|an)\s+(?:(?:most|more|less|very|\w+ly)\s+)*$", re.IGNORECASE)
_DEADLINE = re.compile(r"\bby\s+$")
_OPENING = re.compile(r"\s*(?:[A-Za-z]+\s+){0,2}")  # "On", "Late on": the words before a date that opens a clause
_PAST_PERFECT = re.compile(r"\bhad\b")
# "to" before a verb; "rose to 203", "climbed to more than 200" and "to about 90" give a count.
_INFINITIVE = re.compile(r"\bto\s+(?!\d|(?:more|over|about|nearly|almost|around|some|at|just|well|the|a|an)\b)[a-z]")
# "16,000 officers will be on the streets tonight, up from 6,000 on Monday": the base of a comparison is past.
# Tried only where a word begins, the first word's letters written as classes (see word_trie): as r"\b(?:up|...)"
# under IGNORECASE, tried at each of the 60 characters searched, it cost several times as much.
_COMPARED_FROM = WordStarts(trie_pattern(("up", "down", "rising", "falling", "compared"), any_case=True)
                            + r"\s+(?:from|with)\s+(?:[^,;:.]|(?<=\d)[,.](?=\d)){0,40}$", r"\w", flags=re.IGNORECASE)
_WINDOW = 160


def tense_at(text: str, start: int, end: int) -> int:
    """PAST, FUTURE or UNKNOWN for the expression text[start:end], from the nearest tense marker."""
    lo, hi = _clause(text, start, end)
    window = text[lo:hi]
    lowered = window.lower()
    # (a find of "by" first: it is rarely there, and a call of the regex costs more)
    if ("by" in text[max(lo, start - 4):start] and _DEADLINE.search(text, max(lo, start - 4), start)
            and _PAST_PERFECT.search(lowered, max(0, start - lo - 50), end - lo) is None):
        # "by February", "by year-end": a deadline, unless "had" tells of one already met or a count already
        # reached ("the toll rose to 203 by Tuesday afternoon")
        return PAST if len(lowered) == len(window) and _reached_by(text, lowered, lo, start) else FUTURE
    if _compared_from(text, max(lo, start - 60), start):
        return PAST
    if len(lowered) == len(window):
        scanned, found = lowered, _MARKERS.finditer(lowered)
    else:  # a few characters change length in lower case
        scanned, found = window, (m.span() for m in _MARKER_ANY_CASE.finditer(window))
    best, best_distance = UNKNOWN, None
    past_verb_before = False  # whether the nearest marker so far is a past verb before the expression
    last_verb = ""  # the last marker's first word
    own_clause: bool | None = None  # whether the expression's clause, opened by "that" or "who", has its own verb
    for found_start, found_end in found:
        m_start, m_end = lo + found_start, lo + found_end
        if best_distance is not None and m_start - end >= best_distance:
            break  # markers come in text order, and none is nearer than its start is past the expression's end
        if start <= m_start < end:
            continue
        words = scanned[found_start:found_end].lower().split()
        first = words[0]
        if first in ("may", "until") and window[found_start].isupper():
            continue  # the month; "Until Friday, they had ..." looks back
        if _ahead_of(first, lowered, found_end) and not 0 <= start - m_end <= 9:
            continue  # "moved to shelters on Friday ahead of the storm": before another event, in any tense;
            # but "ahead of the weekend" looks forward to it
        if (first in _AUXILIARIES and _ONGOING_PLAN_AFTER.match(lowered, found_end)
                and lowered.endswith("and ", 0, found_start)):
            continue  # "... on Saturday and were planning to drive ...": a second verb whose plan still stands
        phrase = " ".join(words) if len(words) > 1 else first
        direction = FUTURE if phrase in _FUTURE or phrase == "'ll" else PAST
        if direction == PAST and _not_past(text, first, m_start):
            continue
        if m_start >= end:
            if direction == FUTURE and len(words) > 1 and first.endswith("ed") and words[-1] in ("to", "for"):
                continue  # "on Friday, they planned to ...": the plan was made that day
            between = text[end:m_start]
            if first in _REPORTING and "," in between and not between.rstrip().endswith(",") \
                    and not _OPENING.fullmatch(text, lo, start):
                continue  # "..., a spokesman said": the time of the saying, not of what was said (but in "On
                # Thursday evening, Hollande said ..." the day opens the clause of the saying, and in "Kumaratunga,
                # addressing the nation on Wednesday night, said ..." the saying is the address)
            if first == "starting" and _PARTICIPLE_WITH_OBJECT.match(lowered, found_end):
                continue
        if first == "starting" and m_end <= start and best == PAST and past_verb_before:
            continue  # "launched attacks in four states starting Sunday": the start of what the verb tells
        if first == "until" and m_end <= start and best == PAST and past_verb_before and last_verb in _LASTED:
            continue  # "no help came until dawn Monday", "fighting raged until Sunday": but "postponed until Tuesday"
            # sets a day ahead
        if direction == FUTURE and phrase not in _ONGOING_PLANS and _backshifted(text, lo, m_start):
            direction = PAST  # "was scheduled to", "had been expected": a plan that is past
        distance = start - m_end if m_end <= start else m_start - end
        past_verb_before = (direction == PAST and m_end <= start
                            and not _NOT_A_VERB_BEFORE.search(text, max(lo, m_start - 8), m_start))
        last_verb = first
        if m_start >= end and own_clause is None:
            own_clause = _in_a_clause_with_its_verb(lowered, start - lo)  # the same for every marker: asked once
        if m_start >= end and (_SUBORDINATE.scan(lowered, found_start).next(end - lo) is not None
                               or ("," in text[end:m_start] and _in_a_clause_set_off(lowered, start - lo))
                               or own_clause):
            # "..., saying it will": a marker of another clause; "The talks, which began on Monday, will end" and
            # "Talks that began on Monday will end": the expression's own clause has its verb, and the marker after
            # it is the main clause's
            distance += _OTHER_CLAUSE_DISTANCE
        if best_distance is None or distance < best_distance:
            best, best_distance = direction, distance
    return best


def _reached_by(text: str, lowered: str, lo: int, start: int) -> bool:
    """Whether the verb of the clause before "by" is in the past tense, with no infinitive after it that looks
    forward ("pledged to restore power by Friday")."""
    last = None
    for found in _MARKERS.finditer(lowered, 0, start - lo):
        last = found
    if last is None:
        return False
    m_start, m_end = last
    words = lowered[m_start:m_end].split()
    if " ".join(words) in _FUTURE or words == ["'ll"] or _not_past(text, words[0], lo + m_start):
        return False
    return _INFINITIVE.search(lowered, m_end, start - lo) is None


def _backshifted(text: str, lo: int, marker: int) -> bool:
    """Whether the plan marked at `marker` is told in a past tense of its own: "had been due to expire Friday".

    "was" and "were" after a verb of saying are the tense of the saying, not of the plan: "aid workers said the
    boats were due to leave on Saturday" still looks forward."""
    shifted = _BACKSHIFT.search(text, max(lo, marker - 20), marker)
    if shifted is None:
        return False
    if shifted.group(1).lower() in ("was", "were"):
        # An expectation told in the simple past still looks forward: "the first plane was expected on Thursday"
        return not text.startswith("expected", marker) and _REPORTED.search(text, lo, shifted.start()) is None
    return True


def _in_a_clause_set_off(lowered: str, start: int) -> bool:
    """Whether lowered[:start] ends inside a clause opened after a comma by a word such as "which" or "who"."""
    comma = lowered.rfind(",", 0, start)
    return comma >= 0 and _SUBORDINATE.scan(lowered, start).next(comma) is not None


def _in_a_clause_with_its_verb(lowered: str, start: int) -> bool:
    """Whether lowered[:start] ends inside a clause opened by a word such as "that" or "who" whose verb is a tense
    marker before `start` ("talks that began on Monday")."""
    opener = None
    scan = _SUBORDINATE.scan(lowered, start)
    found = scan.next(0)
    while found is not None:  # the last opener before the expression
        opener, found = found, scan.next(found[1])
    return opener is not None and _MARKERS.scan(lowered, start).next(opener[1]) is not None


def _compared_from(text: str, lo: int, start: int) -> bool:
    """Whether text[lo:start] ends with the base of a comparison ("up from 6,000 on Monday").

    A find of "from" and "with" first: they are rarely there, and the scan and its regex call cost more. (Only in
    ASCII text: under IGNORECASE a few other letters match "i".)"""
    before = text[lo:start].lower()
    if "from" not in before and "with" not in before and before.isascii():
        return False
    return _COMPARED_FROM.scan(text, start).next(lo) is not None


def _ahead_of(word: str, lowered: str, end: int) -> bool:
    """Whether "ahead" is "ahead of", which places one event before another and says nothing of tense."""
    return word == "ahead" and lowered.startswith(" of ", end)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause around text[start:end], at most _WINDOW characters either side.

    A clause breaks at a quotation mark, a line break, or a stop, semicolon or colon followed by
    white space (a period after an abbreviation or an initial does not count).
    """
    lo = max(0, start - _WINDOW)
    hi = min(len(text), end + _WINDOW)
    cut = lo
    # The last break before the expression and the first after it; the white space after a stop must lie
    # inside the range searched, before the expression or in the window.
    for i in reversed([m.start() for m in _BREAK_OR_STOP.finditer(text, lo, start)]):
        if _breaks_at(text, i):
            cut = i + (2 if text[i] in _STOPS else 1)
            break
    stop = hi
    for m in _BREAK_OR_STOP.finditer(text, end, hi):
        if _breaks_at(text, m.start()):
            stop = m.start() + 1
            break
    return cut, stop


def _breaks_at(text: str, i: int) -> bool:
    """Whether the mark found at `i` breaks a clause: any but a period after an abbreviation or an initial."""
    return text[i] != "." or not _abbreviation_before(text, i)


_STOPS = ".!?;:"
# A clause break, found at its first character: a quotation mark (also typed as two backquotes or two apostrophes),
# a line break, or a stop before white space. One search finds them all; a find for each mark cost more.
_BREAK_OR_STOP = re.compile(r"""[\n"“”`'.!?;:](?:(?<=[.!?;:])(?=\s)|(?<=[\n"“”])|(?<=`)(?=`)|(?<=')(?='))""")


def _not_past(text: str, word: str, at: int) -> bool:
    if word in _NOT_PAST_ED or (word.startswith("un") and word.endswith("ed")):
        return True
    if word in _AUXILIARIES:
        return False
    if word.endswith("ed") and _ADJECTIVE_AFTER.search(text, max(0, at - 30), at):
        return True  # "fly the most seriously injured to Ankara", "the newly elected": a noun's adjective, no verb
    # (a find of "be" first: it is rarely there, and a call of the regex costs more)
    return "be" in text[max(0, at - 8):at].lower() and _NOT_PAST_PARTICIPLE.search(text, max(0, at - 8), at) is not None


def _abbreviation_before(text: str, period: int) -> bool:
    """Whether the period at `period` ends an abbreviation or an initial rather than a clause."""
    start, end = _word_before(text, period)
    if start == end:
        return False
    word = text[start:end]
    if len(word) == 1 and text[start - 1:start] == ".":
        return True  # the last letter of "p.m.", "a.m.", "U.S."
    return (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATION


def _word_before(text: str, period: int) -> tuple[int, int]:
    r"""The bounds of the word (its last 12 characters at most) right before `period`, or before a line break there,
    as r"(\w+)$" would find it: a walk back over a few letters costs less than a call of the regex."""
    lo = max(0, period - 12)
    end = period - 1 if period > lo and text[period - 1] == "\n" else period
    start = end
    while start > lo and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return start, end
