"""Numbers that are not figures: years, dates, clock times, codes, phone numbers, pronoun "one"."""
from __future__ import annotations

import re

from transforms import lexicon
from transforms.amounts import ISO_CODES
from transforms.numerals import Numeral
from transforms.word_trie import trie_pattern

CODE_WORDS = frozenset(w for line in lexicon.words("figures_code_words.txt") for w in line.split())
# Lower-case code words that name a code even when not capitalised ("page 3", "article 5").
_ALWAYS_CODE = frozenset({"page", "pages", "p", "pp", "section", "article", "chapter", "paragraph", "clause",
                          "no", "number", "#", "resolution", "route", "flight", "version"})
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY_AFTER_MONTH = re.compile(rf"\b{_MONTHS}[ \t]*\.?[ \t]*\Z", re.I)
_MONTH_AFTER_DAY = re.compile(rf"^(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTHS}\b", re.I)
_CLOCK_AFTER = re.compile(r"^(?:[ \t]*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|o’clock|gmt\b|utc\b|hrs\b|h\b|local time))", re.I)
# Each of these three begins with a lookahead for the first character any of its branches can match: they are
# searched through a window around a number, and most places there then fail one character test.
_CLOCK = re.compile(r"(?=\d)\b\d{1,2}:\d{2}(?::\d{2})?\b")
_NUMERIC_DATE = re.compile(r"(?=\d)(?:\b\d{4}-\d{1,2}(?:-\d{1,2})?\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b)")
_PHONE = re.compile(r"(?=[+(\d])(?:(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?)?\d{2,4}[ .-]\d{3,4}[ .-]\d{3,4}\b"
                    r"|\+\d[\d .-]{7,}\d"
                    # "call 555-1234 for details"; but "300-3500 people" is a range, of the word it counts
                    r"|\b\d{3}-\d{4}\b(?![ \t]+(?!(?:or|and|for|to|from|at|on|in|between|during|ext)\b)[a-z])"
                    # "(062) 991-2345", "on 011-620021": an area code in brackets, or one that begins with a zero
                    r"|\(\d{2,5}\)[ .-]?\d{3,4}[ .-]?\d{3,4}\b|\b0\d{1,4}-\d{5,8}\b)")
_ATTACHED_OK = re.compile(r"^(?:km|kg|mm|cm|m|ft|lb|lbs|mph|kph|mw|gw|kw|mb|gb|s|k|bn|mn|pc|pct|sq|%|[A-Z]{3}\b)", re.I)
_YEAR_COUNT_AFTER = re.compile(r"^[ \t]+(?:[A-Za-z-]+[ \t]+)?(?:people|persons|troops|soldiers|refugees|families|"
                               r"households|children|civilians|residents|fighters|militants|members|workers|"
                               r"police|policemen|homes|houses|buildings|cases|deaths|dead|students)\b", re.I)
_YEAR_MONEY_BEFORE = re.compile(r"(?:[$£€¥]|\b(?:some|about|around|over|nearly|almost|least|than|to|of|up to)\b)[ \t]*\Z", re.I)
_ONE_DROP_BEFORE = re.compile(r"\b(?:the|any|no|every|each|this|that|which|such|someone|another|at|as|in|on|with|for|"
                              r"from|by|of|to|into|but|or|if|when|while|where|because)[ \t]+\Z|(?:^|[.;:!?(\"“—–])[ \t]*\Z", re.I)
_ONE_DROP_AFTER = re.compile(r"^[ \t]+(?:of|another|after|by|day|time|point|way|side|thing|such|who|which|that|else)\b"
                             r"|^(?:'s|’s)|^[ \t]*[-–][ \t]*(?:sided|time|off|way|on|man|party|third|half)\b", re.I)
_HALF_OF_PERIOD = re.compile(r"\b(?:first|second|latter|other|back|front|better)[ \t]+\Z", re.I)
_HALF_COMPOUND = re.compile(rf"[-–](?:{'|'.join(sorted(lexicon.words('figures_half_compounds.txt')))})\b", re.I)
_TIME_UNITS = ("second seconds minute minutes hour hours day days week weeks fortnight fortnights month months year "
               "years summers winters springs autumns seasons decade decades centuries century").split()
_DURATION_AFTER = re.compile(r"(?:[ \t]*(?:-to-|[-–~]|to|or|and)[ \t]*(?:\d[\d.,]*|[a-z]+(?:-[a-z]+)?))?"
                             r"[ \t]*[-–]?[ \t]*(?:(?<=half[ \t])an?[ \t]+)?" + trie_pattern(_TIME_UNITS, any_case=True) +
                             r"\b(?![ \t]*[-–]?[ \t]*old\b)", re.I)
_NEXT_GROUP = re.compile(r"[ .]\d")
_PREV_GROUP = re.compile(r"\d[ .]\Z")
_DURATION_OR_BEFORE = re.compile(r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)[ \t]+or[ \t]+\Z",
                                 re.I)
_SECOND_DAY = re.compile(rf"\b{_MONTHS}\.?[ \t]+\d{{1,2}},?[ \t]+(?:and|or|to|through)[ \t]+\Z|\b{_MONTHS}\.?[ \t]+\d{{1,2}}[-–]\Z",
                         re.I)
_CODED_NUMBER_BEFORE = re.compile(r"\b([A-Za-z]+)[ \t]+[A-Z]?\d+[-–]\Z")
_CHAINED_CODE = re.compile(r"[A-Za-z]+-\d+[-–]\Z")
_HYPHEN_CODE = re.compile(r"([A-Za-z][A-Za-z.]*)[ \t]*[-–]\Z")
_CODE_BEFORE = re.compile(r"(?:^|[^A-Za-z])M?([A-Z]{3})\Z")
_MONTH_PREFIXES = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_CAPITALIZED_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+)[ \t]\Z")
# A plural noun after the number (words ending in s that are no plurals do not count: "Max 8 was grounded").
_COUNTED_AFTER = re.compile(r"[ \t]*(?:[-–][ \t]*)?(?:[A-Za-z-]+[ \t]+)?(?!(?:was|has|is|his|this|its|as|us|thus)\b)"
                            r"[A-Za-z]*[a-z]s\b|[ \t]*(?:%|percent|per cent|people|"
                            r"men|women|children|police|million|billion|thousand|hundred|or|to|and|[-–]|of\b)")
_NOT_NAMES = frozenset(w.lower() for w in lexicon.words("figures_not_names.txt"))
_ADDRESS_AFTER = re.compile(r"[ \t]+(?:[A-Z][a-z]+[ \t]+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|"
                            r"Square|Drive|Way|Place)\b")
_NO_ONE_BEFORE = re.compile(r"\bno[ \t]*-?[ \t]*\Z", re.I)  # "no one was killed" counts nobody (the toll reads it as nil)
_ONE_COUNT_NEAR = re.compile(r"\b(?:killed|killing|died|dead|wounded|wounding|injured|injuring|arrested|missing)\b", re.I)
_MAX_WORD_CHARS = 2048


def in_non_figure_span(text: str, start: int, end: int) -> bool:
    """True when digits at start..end belong to a date, a clock time, a phone number or a URL."""
    lo, hi = start - 24 if start > 24 else 0, end + 24  # (slices and searches end at the text's end)
    window = text[lo:hi]
    if not (":" in window or "/" in window or "-" in window or "+" in window
            or _NEXT_GROUP.match(text, end) or _PREV_GROUP.search(text, start - 2 if start > 2 else 0, start)):
        return False  # no separator and no second digit group: not a date, time or phone number
    # A clock time needs a colon in the window and a numeric date a dash, a slash or a dot: quick tests first.
    if ":" in window and _overlapped(_CLOCK, text, lo, hi, start, end):
        return True
    if ("-" in window or "/" in window or "." in window) and _overlapped(_NUMERIC_DATE, text, lo, hi, start, end):
        return True
    if _overlapped(_PHONE, text, lo, hi, start, end):
        return True
    # A bounded look back: a search to the text's start is quadratic.
    reach = start - _MAX_WORD_CHARS if start > _MAX_WORD_CHARS else 0
    word_start = max(text.rfind(" ", reach, start), text.rfind("\n", reach, start), reach - 1) + 1
    word = text[word_start:end]
    return "://" in word or word.lower().startswith("www.")


def _overlapped(pattern: re.Pattern, text: str, lo: int, hi: int, start: int, end: int) -> bool:
    """Whether a match of `pattern` in text[lo:hi] overlaps start..end."""
    return any(m.start() < end and start < m.end() for m in pattern.finditer(text, lo, hi))


def is_non_figure(text: str, n: Numeral, sentence_start: int) -> bool:
    """True when the numeral is a year, a day of a month, a clock time, a code or a pronoun "one"."""
    before = text[n.start - 24 if n.start > 24 else 0:n.start]
    after = text[n.end:n.end + 24]
    raw = text[n.start:n.end]
    rest = after.lstrip(" \t")  # what follows past spaces and tabs, which several tests below look at first
    if n.kind != "vague" and (_may_be_duration(after, rest) and _DURATION_AFTER.match(text, n.end)
                              or _after_or(before) and _DURATION_OR_BEFORE.search(before)):
        return True  # "seven months", "48-hour", "a year or two": durations are dates
    if not n.words:
        if _is_code(text, n, before, after):
            return True
        if len(raw) == 4 and _is_year(raw, before, after):
            return True
        if after[:1] in (" ", "\t") and "A" <= rest[:1] <= "Z" and _ADDRESS_AFTER.match(after):
            return True  # "10 Downing Street"
        if _is_name(text, n, before, after):
            return True  # "Sparcstation 1", "Windows 95", "Flight 93"
        if n.value is not None and n.value == int(n.value) and 1 <= n.value <= 31 and raw.isdigit():
            last = before.rstrip(" \t.").rsplit(None, 1)[-1:]
            if (last and last[0].lower()[:3] in _MONTH_PREFIXES and _DAY_AFTER_MONTH.search(before)) or (
                    _may_be_month_after(after, rest) and _MONTH_AFTER_DAY.match(after)
                    or _may_be_second_day(before) and _SECOND_DAY.search(before)):
                return True
        if raw.isdigit() and rest[:1] in _CLOCK_FIRST and _CLOCK_AFTER.match(after) and (
                len(raw) == 4 or not after.lstrip().lower().startswith(("hrs", "h "))):
            return True
        if len(raw) == 4 and text[n.end:n.end + 1] == "s" and not text[n.end + 1:n.end + 2].isalpha():
            return True  # "the 1990s"
    elif raw.lower() == "one" and _pronoun_one(text, n, before, after, sentence_start):
        return True
    elif raw.lower() == "half" and (_HALF_OF_PERIOD.search(before) or _HALF_COMPOUND.match(after)):
        return True  # "the second half", "at half-time"
    return False


# What _DURATION_AFTER can begin with once spaces are skipped: a joint ("-to-", "-", "~", "to", "or", "and"), the
# "a" of "half a year" or a unit of time; in any case, as re.I matches it (a long "ſ" is an "s").
_DURATION_FIRST = frozenset("-–~toasmhdwfycTOASMHDWFYCſ")


# The first two letters, in lower case, of what _DURATION_AFTER can begin with past spaces when it is no dash: a
# joint ("to", "or", "and"), "a" or "an" ("half a year") or a unit of time.
_DURATION_PAIRS = frozenset(["to", "or", "an", "a ", "a\t", "se", "mi", "ho", "da", "we", "fo", "mo", "ye", "su", "wi",
                             "sp", "au", "de", "ce"])


def _may_be_duration(after: str, rest: str) -> bool:
    """False when _DURATION_AFTER cannot match the text `after` a number (`rest` past its spaces and tabs): a quick
    test before the pattern."""
    if len(rest) < 2 or rest[0] in ("-", "–", "~"):
        return not rest and len(after) == 24 or rest[:1] in _DURATION_FIRST
    pair = rest[:2]
    if pair.isascii():
        return pair.lower() in _DURATION_PAIRS
    return rest[:1] in _DURATION_FIRST  # re.I matches a few letters beyond ASCII to these ("ſ" to "s")


# What a month (or the "of" before it) can begin with, and an ordinal ending ("th", "st"), in any case as re.I
# matches them (a long "ſ" is an "s"): quick tests before _MONTH_AFTER_DAY.
_MONTH_FIRST = frozenset("jfmasondJFMASONDſ")
_ORDINAL_ENDING_FIRST = frozenset("snrtSNRTſ")
# What _CLOCK_AFTER can begin with once spaces are skipped ("a.m.", "pm", "o'clock", "GMT", "UTC", "hrs", "local").
_CLOCK_FIRST = frozenset("apoguhlAPOGUHL")


def _may_be_month_after(after: str, rest: str) -> bool:
    """False when _MONTH_AFTER_DAY cannot match the text `after` a number (`rest` past its spaces and tabs): it
    wants an ordinal ending or a space there, and past the spaces "of" or a month."""
    if after[:1] in (" ", "\t"):
        return rest[:1] in _MONTH_FIRST
    return after[:1] in _ORDINAL_ENDING_FIRST


def _may_be_second_day(before: str) -> bool:
    """False when _SECOND_DAY cannot match: it wants a dash, or a space after "and", "or", "to" or "through"."""
    if before[-1:] in ("-", "–"):
        return True
    return before[-1:] in (" ", "\t") and before.rstrip(" \t").lower().endswith(("and", "or", "to", "through"))


def _after_or(before: str) -> bool:
    """Whether the text before a number ends in "or" and a space: a quick test before _DURATION_OR_BEFORE."""
    return before[-1:] in (" ", "\t") and before.rstrip(" \t")[-2:].lower() == "or"


def _is_code(text: str, n: Numeral, before: str, after: str) -> bool:
    last = before[-1:]
    if last.isalpha() or last == "_":
        code = _CODE_BEFORE.search(before)
        return not (code and code.group(1) in ISO_CODES)  # "USD50" is money, "A320" and "G20" are names
    if last in ("-", "–"):
        if _CHAINED_CODE.search(before):
            return True  # "DC-8-62"
        coded = _CODED_NUMBER_BEFORE.search(before)
        if coded and coded.group(1).lower() in CODE_WORDS and coded.group(1)[0].isupper():
            return True  # "Boeing 737-800": the variant of a model named by a code word
    m = _HYPHEN_CODE.search(before) if before.rstrip(" \t").endswith(("-", "–")) else None
    if m and (m.group(1)[0].isupper() or len(m.group(1)) <= 3) and not before.endswith((" -", " –")) and (
            m.group(1).lower() not in ("mid", "early", "late", "some", "about", "over", "under")):
        return True  # "F-16", "Covid-19", "Su-25"
    if after and after[0].isascii() and after[0].isalpha() and not _ATTACHED_OK.match(after):
        return True  # "3D", "4G"
    if after and after[0] in "-–/" and len(after) > 1 and after[1].isdigit() and before.endswith(("-", "/")):
        return True  # "A-12-3" style identifiers
    if before.endswith(("#", "No.", "no.", "Nos.")) or before.rstrip().endswith(("No.", "Nos.")):
        return True  # "#3", "No. 10": a rank or a label
    parts = before.rsplit(None, 1)
    if parts and not before.endswith("\n"):
        raw_word = parts[-1]
        word = raw_word.lower().rstrip(".")
        if word in CODE_WORDS and (word in _ALWAYS_CODE or raw_word[0].isupper()):
            return True
    return False


def _is_name(text: str, n: Numeral, before: str, after: str) -> bool:
    if not (before[-1:] in (" ", "\t") and "a" <= before[-2:-1] <= "z"):
        return False  # a quick test: _CAPITALIZED_BEFORE wants a lower-case letter and a space before the number
    m = _CAPITALIZED_BEFORE.search(before)
    if m is None or n.scaled or "." in text[n.start:n.end] or "," in text[n.start:n.end]:
        return False
    word = m.group(1)
    if word.lower() in _NOT_NAMES or word.isupper() or m.start(1) == 0 and len(before) < 24:
        return False
    if re.match(r"[.!?\"“]", before[m.start(1) - 2:m.start(1)].strip()[-1:] or "."):
        return False  # the capital opens a sentence
    return not _COUNTED_AFTER.match(after)


def _is_year(raw: str, before: str, after: str) -> bool:
    if not (len(raw) == 4 and raw.isdigit() and 1800 <= int(raw) <= 2099):
        return False
    if _YEAR_COUNT_AFTER.match(after) or re.match(r"^[ \t]*(?:%|percent|per cent)", after, re.I):
        return False
    if _YEAR_MONEY_BEFORE.search(before) and not re.search(r"\b(?:in|since|of|to)[ \t]*\Z", before, re.I):
        return False
    return True


def _pronoun_one(text: str, n: Numeral, before: str, after: str, sentence_start: int) -> bool:
    if _ONE_DROP_AFTER.match(after) or _NO_ONE_BEFORE.search(before):
        return True
    # A match ends at the last word of `before` or its last mark, none more than seven letters long: the search
    # starts there rather than trying every place of the window.
    drop_from = max(0, len(before.rstrip(" \t")) - 7)
    if (n.start == sentence_start or _ONE_DROP_BEFORE.search(before, drop_from)) and not re.search(r"\band[ \t]+\Z", before):
        return not _ONE_COUNT_NEAR.search(text, n.end, n.end + 50)  # "One man in a torn shirt": an article
    if re.match(r"^[ \t]*[.,;:!?)\"”]", after) and not re.search(r"\b(?:and|than|only|just|least)[ \t]+\Z", before, re.I):
        return not re.search(r"\b(?:killed|killing|wounded|wounding|injured|arrested)[ \t]+\Z", before, re.I)
    if re.match(r"^[ \t]+(?:do|does|did|is|has|can|could|would|will|should|must|might|may)\b", after):
        return True  # "which one do you prefer"
    return False
