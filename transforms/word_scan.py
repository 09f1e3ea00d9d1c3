r"""A fast scan for where words of a list begin: the regex engine skips through words instead of trying each letter.

A pattern such as r"\b(?:one|two|...)" is tried at every character of a text. Written instead as
r"[^\w](?:one|two|...)" (the character before the word, then the word), it begins with a character class,
and the regex engine runs through the letters of a word in a tight loop, trying the word list only after a
character that is none. A word at the very start of the text has no character before it and is tried there
alone; what may start anywhere (digits, "'80s") has a scan of its own, one for each pattern given: a pattern
that begins with one literal character is searched with a quick skip to that character, where an alternation
of several first characters is tried at each of them. The places found are the same.

The class of the character before a word is written with ASCII ranges for \w ("[^a-zA-Z0-9_]"): the regex
engine tests such a class with a table look-up, where each test of \w is a call into the Unicode database,
made for every character of the text. That class also lets through a non-ASCII letter ("é"); the few places
found after a non-ASCII character are checked against the class as given.
"""
from __future__ import annotations

import re
from collections.abc import Iterator


class WordStarts:
    """The compiled patterns of one scan: `words` (a pattern) where no character of the class `not_before`
    precedes them, and `anywhere` (a pattern, several, or None) wherever it matches."""

    def __init__(self, words: str, not_before: str, anywhere: str | tuple[str, ...] | None = None, flags: int = 0):
        ascii_not_before = not_before.replace(r"\w", "a-zA-Z0-9_")
        before = f"[^{ascii_not_before}]"
        if flags & re.IGNORECASE:
            # Under IGNORECASE a class with letters in it gives the regex engine no quick skip to its next character
            # (it tries the whole pattern at every place): the class is written out as the ASCII characters it holds
            # in either case and matched without it.
            held = re.compile(f"[{ascii_not_before}]", flags)
            before = "(?-i:[^" + "".join(re.escape(chr(c)) for c in range(128) if held.match(chr(c))) + "])"
        self.after_break = re.compile(rf"{before}(?:{words})", flags)
        self.break_char = re.compile(rf"[^{not_before}]", flags)  # the class as given, for non-ASCII characters
        self.at_start = re.compile(rf"(?:{words})", flags)
        if isinstance(anywhere, str):
            anywhere = (anywhere,)
        self.anywhere = tuple(re.compile(pattern, flags) for pattern in anywhere or ())

    def next_after_break(self, text: str, pos: int, end: int) -> re.Match | None:
        """The first match of `after_break` from `pos` whose first character is one of the class as given."""
        m = self.after_break.search(text, pos, end)
        while m is not None and text[m.start()] > "\x7f" and self.break_char.match(text, m.start()) is None:
            m = self.after_break.search(text, m.start() + 1, end)  # a non-ASCII word character: look further
        return m

    def scan(self, text: str, end: int | None = None) -> WordScan:
        """A scan of `text` (up to `end`), asked for the next place from offsets that only move forward."""
        return WordScan(self, text, len(text) if end is None else end)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        """(start, end) of every match in text[start:end], left to right, as `re.finditer` would find them."""
        scan = self.scan(text, end)
        found = scan.next(start)
        while found is not None:
            yield found
            found = scan.next(found[1] if found[1] > found[0] else found[1] + 1)


class WordScan:
    """The places of one text where a word (or a match of `anywhere`) begins, found on demand.

    Each kind keeps the match it found last while that still lies ahead, so that a text is scanned about once
    for each kind however often the next place is asked for."""

    # Asked for every place a word may begin: a match kept is (-1, -1) before the first search and None once
    # there is none ahead, so that one test tells whether to search again.
    __slots__ = ("_starts", "_text", "_end", "_word", "_others")

    def __init__(self, starts: WordStarts, text: str, end: int):
        self._starts = starts
        self._text = text
        self._end = end
        self._word: tuple[int, int] | None = (-1, -1)  # the next word at or after the last place asked for
        # the next match of each pattern of `anywhere` at or after it
        self._others: list[tuple[int, int] | None] = [(-1, -1)] * len(starts.anywhere)

    def next(self, pos: int) -> tuple[int, int] | None:
        """(start, end) of the first match at or after `pos`: the leftmost of any kind (a word first), or None."""
        found = self._word
        if found is not None and found[0] < pos:
            starts, text, end = self._starts, self._text, self._end
            if pos == 0 and (m := starts.at_start.match(text, 0, end)) is not None:
                found = m.span()
            else:
                m = starts.next_after_break(text, pos - 1 if pos else 0, end)  # from the character before `pos`
                found = (m.start() + 1, m.end()) if m is not None else None
            self._word = found
        others = self._others
        for k, other in enumerate(others):
            if other is not None and other[0] < pos:
                o = self._starts.anywhere[k].search(self._text, pos, self._end)
                others[k] = other = o.span() if o else None
            if other is not None and (found is None or other[0] < found[0]):
                found = other
        return found
