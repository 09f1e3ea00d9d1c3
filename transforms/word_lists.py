"""Words of several lists found in one scan of a text, each list with word boundaries of its own.

A scan for the words of a list (word_scan.WordStarts) costs the regex engine an attempt at nearly every character
that may come before a word, whatever the list: the figure stage looked for four lists in an article (number
words, money keywords, metric verbs, attribution verbs), in four scans. One scan for the phrases of all the lists
finds, at each place, the longest phrase of any list that the text there begins with (and no letter follows).
Each list then takes the longest of its own phrases among that one and those it begins with up to a space, where
its own boundaries allow it. The matches of a list are the ones a scan for that list alone finds, in order: a
phrase of a list followed by none of its `not_after` characters is a phrase of all the lists followed by no
letter, so the one scan stops wherever a list's own scan would find something. An ASCII text is scanned in lower
case for the phrases in lower case (the phrase as the text writes it is a phrase of a list or not): the phrases
a list takes at a place are among those the text there begins with in any case.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from string import ascii_letters

from transforms.word_scan import WordStarts
from transforms.word_trie import starts_with, trie_pattern

Span = tuple[int, int]
_PHRASE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


class WordList:
    """Phrases (ASCII letters and single spaces, in the case they must be written in) where no character of the
    class `not_before` comes right before them and none of `not_after` right after; both classes hold the ASCII
    letters. Where two phrases begin at the same place the longer one is found."""

    def __init__(self, phrases: Iterable[str], not_before: str, not_after: str):
        self.phrases = frozenset(phrases)
        for phrase in self.phrases:
            if not _PHRASE.fullmatch(phrase):
                raise ValueError(f"a word list holds ASCII letters and single spaces, not {phrase!r}")
        for cls in (not_before, not_after):
            if not all(re.fullmatch(f"[{cls}]", c) for c in ascii_letters):
                raise ValueError(f"the class [{cls}] must hold the ASCII letters")
        self.not_before = not_before
        self.not_after = not_after
        self.pattern = starts_with(self.phrases) + trie_pattern(self.phrases) + f"(?![{not_after}])"
        self._scan = WordStarts(self.pattern, not_before)
        self._before = re.compile(f"[{not_before}]")
        self._after = re.compile(f"[{not_after}]")
        # The ASCII characters of each class, tested with a set look-up, which costs less than a regex match.
        self._before_ascii = frozenset(c for c in map(chr, range(128)) if self._before.match(c))
        self._after_ascii = frozenset(c for c in map(chr, range(128)) if self._after.match(c))

    def finditer(self, text: str, start: int = 0, end: int | None = None):
        """(start, end) of each phrase in text[start:end], left to right, by a scan of that span alone."""
        return self._scan.finditer(text, start, end)

    def within(self, text: str, found: list[Span], starts: list[int], start: int, end: int) -> list[Span]:
        """The phrases in text[start:end], taken from `found`, those of the whole text (`starts` are their starts).

        A scan of the span alone finds the same unless a phrase of the whole text runs over an edge of the span, or
        the span ends before a character that may not follow a phrase (it could end a phrase there that goes on in
        the whole text): then the span is scanned."""
        i = bisect_left(starts, start)
        j = bisect_left(starts, end, i)
        if (i and found[i - 1][1] > start) or (j and found[j - 1][1] > end) or self._after.match(text, end):
            return list(self.finditer(text, start, end))
        return found[i:j]

    def allows(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] (one of the phrases) stands where the list's boundaries allow it."""
        if start:
            c = text[start - 1]
            if c in self._before_ascii if c < "\x80" else self._before.match(c):
                return False
        c = text[end:end + 1]
        return not c or not (c in self._after_ascii if c < "\x80" else self._after.match(c))


class WordLists:
    """The phrases of several word lists, found in one scan of a text."""

    def __init__(self, lists: Mapping[str, WordList]):
        self._names = list(lists)
        self._lists = list(lists.values())
        everything = set().union(*(wl.phrases for wl in self._lists))
        phrase = trie_pattern(everything) + "(?![A-Za-z])"
        # A phrase (group 1) after a character that is no ASCII letter, or at the start of the text. As in
        # word_scan.WordStarts, the pattern that is searched for begins with a character class, through which the
        # regex engine skips quickly; unlike there, every character beyond ASCII may come before a phrase here.
        # No lookahead for the first letters (word_trie.starts_with) is needed: each branch of the tree begins
        # with a literal letter, which the engine compares before it enters the branch, and a lookahead in front
        # costs more at each place than it saves.
        self._after_break = re.compile(f"[^A-Za-z]({phrase})")
        self._at_start = re.compile(f"({phrase})")
        # The same for an ASCII text in lower case, with the phrases in lower case: a tree of a third of the size
        # (no capitalized and upper-case forms), quicker to try at each place. Each phrase found is then looked up
        # as the text writes it. The class is written out as the characters it holds: the regex engine tests a
        # class of three ranges with a table look-up, one of two (the letters left out) range by range.
        lowered = {p.lower() for p in everything}
        phrase = trie_pattern(lowered) + "(?![A-Za-z])"
        self._after_break_lower = re.compile(f"[\\x00-@\\[-`{{-\\x7f]({phrase})")
        self._at_start_lower = re.compile(f"({phrase})")
        # The lists (by index) a word belongs to: the one scan stops at a single word far more often than at a
        # phrase of several.
        self._holding: dict[str, list[int]] = {}
        for i, wl in enumerate(self._lists):
            for phrase in wl.phrases:
                self._holding.setdefault(phrase, []).append(i)

    def find(self, text: str) -> dict[str, list[Span]]:
        """For each list (by name), (start, end) of its phrases in `text`, as `WordList.finditer` finds them."""
        lists = self._lists
        found: list[list[Span]] = [[] for _ in lists]
        reach = [0] * len(lists)  # where the last phrase of a list ends: its next one starts there or later
        if text.isascii():
            # In lower case (in ASCII the offsets stay and letters stay letters): at each place the longest phrase
            # in any case, of which the lists take the longest phrase as written below, as from a scan of the text.
            scanned = text.lower()
            search = self._after_break_lower.search
            m = self._at_start_lower.match(scanned) or search(scanned)
        else:
            scanned = text
            search = self._after_break.search
            m = self._at_start.match(text) or search(text)
        while m is not None:
            start, end = hit = m.span(1)
            phrase = m.group(1)
            space = phrase.find(" ")
            if space < 0:
                for i in self._holding.get(text[start:end], ()):  # none for a word in a case no list holds
                    if start >= reach[i] and lists[i].allows(text, start, end):
                        found[i].append(hit)
                        reach[i] = end
                m = search(scanned, end)  # from the character after the word, which may come before the next one
                continue
            # Several words: a list may hold this phrase or one it begins with, and a shorter phrase of any list may
            # begin at its next word.
            cuts = [end] + [start + k for k in range(len(phrase) - 1, 0, -1) if phrase[k] == " "]
            for i, wl in enumerate(lists):
                if start < reach[i]:
                    continue
                cut = next((c for c in cuts if text[start:c] in wl.phrases and wl.allows(text, start, c)), None)
                if cut is not None:
                    found[i].append((start, cut))
                    reach[i] = cut
            m = search(scanned, start + space)
        return dict(zip(self._names, found))
