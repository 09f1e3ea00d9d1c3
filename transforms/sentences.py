"""Sentence splitting: character spans of the sentences of an article."""
from __future__ import annotations

import re
from dataclasses import dataclass

from transforms import lexicon
from transforms.frozen import builder

ABBREVIATIONS = lexicon.words("abbreviations.txt")

# A blank line always ends a sentence; so does a line break after terminal punctuation
# or before a capital (headlines, datelines and bylines have no full stop).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*|\n(?=\s*[^a-z\s])")
# Only at the start of a run of punctuation: a long run of dots must cost one attempt, not one per dot. The
# pattern begins with the character class (the look-behind comes after it), so a scan skips to the next stop.
_END = re.compile(r"""[.!?](?<![.!?][.!?])[.!?]*+["'”’)\]]*+(?=\s+["'“‘(\[]?[A-Z0-9])""")
# The same for a block with no "!" or "?" (most of them): a pattern that begins with a literal character is found by
# the regex engine's string search, many times faster than it tries a class at every character.
_END_PERIOD = re.compile(r"""\.(?<![.!?][.!?])[.!?]*+["'”’)\]]*+(?=\s+["'“‘(\[]?[A-Z0-9])""")
# Text that runs on without a sentence end (tables, lists, hostile input) is cut into pieces of at most this many
# characters, at a white space where there is one, so the work per sentence stays bounded.
MAX_SENTENCE_CHARS = 1000
_LAST_SPACE = re.compile(r".*\s", re.S)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span of the article text (end exclusive), trimmed of white space."""

    start: int
    end: int


_SENTENCE = builder(Sentence)  # Sentence(...) for less (see frozen.py)


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, in order, as trimmed non-empty spans."""
    sentences: list[Sentence] = []
    position = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        _split_block(text, position, brk.start(), sentences)
        position = brk.end()
    _split_block(text, position, len(text), sentences)
    return sentences


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence that contains `offset`, by binary search over sorted spans."""
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sentences) and sentences[lo].start <= offset:
        return sentences[lo]
    return None


def _split_block(text: str, start: int, end: int, out: list[Sentence]) -> None:
    block_start = start
    ends = _END if text.find("!", start, end) >= 0 or text.find("?", start, end) >= 0 else _END_PERIOD
    for match in ends.finditer(text, start, end):
        if match.group().startswith(".") and _is_abbreviation(text, block_start, match.start()):
            continue
        _append_trimmed(text, block_start, match.end(), out)
        block_start = match.end()
    _append_trimmed(text, block_start, end, out)


def _is_abbreviation(text: str, block_start: int, period: int) -> bool:
    word = _WORD_BEFORE.search(text, max(block_start, period - 20), period)
    if word is None:
        return False
    token = word.group(1)
    if len(token) == 1 and token.isupper():  # an initial: "George W. Bush"
        return True
    return token.lower().rstrip(".") in ABBREVIATIONS


def _append_trimmed(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        space = _LAST_SPACE.match(text, start + MAX_SENTENCE_CHARS // 2, limit)
        cut = space.end() - 1 if space else limit
        _append_trimmed(text, start, cut, out)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append(_SENTENCE(start, end))
