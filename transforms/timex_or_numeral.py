"""Words that read as a number or as a time: "three quarters of the vote" is a fraction, "the past three quarters" a period."""
from __future__ import annotations

import re

from transforms import lexicon
from transforms.numerals import Numeral, find_numerals
from transforms.timex import Timex

# Words right before "<n> quarters" that make it a stretch of time ("the past two quarters", "for three quarters").
_PERIOD_CUES = lexicon.table("dates/quarter_period_cues.tsv")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[ \t]+\Z")
_IN_A_ROW = re.compile(r"[ \t]+(?:in[ \t]+a[ \t]+row|running|straight)\b", re.I)
_OF = re.compile(r"[ \t]+of\b", re.I)
_WORD_QUARTERS = re.compile(r"P\d+Q")
# What may carry a number on past a temporal expression: "twenty twenty fifths", "2000 over 3".
_NUMBER_GOES_ON = re.compile(r"[ \t]+(?:over|and|[a-z]+ths?|quarters?|halves|hundred|thousand|[mb]illion|trillion)\b", re.I)
_WINDOW = 60  # characters around a temporal expression searched for the number that may hold it


def drop_timexes_read_as_numbers(text: str, timexes: list[Timex]) -> list[Timex]:
    """The temporal expressions of `text` less those that are part of a number the words spell out."""
    return [t for t in timexes if not _part_of_number(text, t)]


def _part_of_number(text: str, timex: Timex) -> bool:
    if not (_counts_quarters(timex) or _number_goes_on(text, timex.end)):
        return False  # the common case, decided without looking for numbers
    offset = max(0, timex.start - _WINDOW)
    window = text[offset:timex.end + _WINDOW]
    return any(_number_wins(text, timex, n, offset) for n in find_numerals(window) if n.value is not None)


def _number_goes_on(text: str, end: int) -> bool:
    """Whether the words after `end` may carry a number on. The pattern begins with a space or a tab: after most
    expressions the next character rules it out, for less than a call of the regex costs."""
    return text.startswith((" ", "\t"), end) and _NUMBER_GOES_ON.match(text, end) is not None


def _counts_quarters(timex: Timex) -> bool:
    """Whether the expression is a number of quarters ("P3Q"). Its last letter is tested first: most values end
    otherwise, and a call of the regex costs more than the rest of the test."""
    value = timex.value or ""
    return value.endswith("Q") and _WORD_QUARTERS.fullmatch(value) is not None


def _number_wins(text: str, timex: Timex, numeral: Numeral, offset: int) -> bool:
    start, end = numeral.start + offset, numeral.end + offset
    if _counts_quarters(timex) and numeral.words and timex.start <= start and end == timex.end:
        # "three quarters", "nearly three quarters" as written, with no word making it a period of time
        return not _reads_as_period(text, start, end)
    # "twenty twenty fifths", "2000 over 3", "five billion and three quarters": the number goes on past the time
    longer = start <= timex.start and end >= timex.end and end - start > timex.end - timex.start
    value = numeral.value
    assert value is not None  # _part_of_number passes only numbers with a value
    return longer and (numeral.kind == "fraction" or numeral.scaled or not float(value).is_integer())


def _reads_as_period(text: str, start: int, end: int) -> bool:
    if _IN_A_ROW.match(text, end):
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    cue = _PERIOD_CUES.get(before.group(1).lower()) if before else None
    return cue == "always" or (cue == "unless_of" and not _OF.match(text, end))
