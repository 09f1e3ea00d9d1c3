"""Actors of an event: the armed groups, forces and people its sentences name, as written."""
from __future__ import annotations

import re
from collections.abc import Sequence

from transforms import lexicon
from transforms.figures import Figure
from transforms.sentences import Sentence

_NOUNS = sorted(lexicon.words("events_actors.txt"), key=len, reverse=True)
_ACTOR = re.compile(
    r"\b(?:(?:[A-Z][\w'’.-]*|rebel|armed|security|government|local|foreign|opposition)\s+){0,3}"
    rf"(?i:{'|'.join(re.escape(n) for n in _NOUNS)})\b"
)
_LEADING = re.compile(r"^(?:the|a|an|and|of|by|in|on|at|for|with|from|to)\s+", re.I)
_MAX = 4


def _trim(name: str) -> str:
    while _LEADING.match(name):
        name = _LEADING.sub("", name, count=1)
    return name


def actors_of(text: str, sentences: Sequence[Sentence], figures: Sequence[Figure], facts,
              cache: dict[int, list[str]] | None = None) -> tuple[str, ...]:
    """Up to four actors named in the sentences that report the event, in order of mention."""
    out: list[str] = []
    seen_sentences: set[int] = set()
    cache = {} if cache is None else cache
    for sentence in sentences:
        if sentence.start in seen_sentences:
            continue
        seen_sentences.add(sentence.start)
        if sentence.start not in cache:
            cache[sentence.start] = [_trim(m.group()) for m in _ACTOR.finditer(text, sentence.start, sentence.end)]
        for name in cache[sentence.start]:
            if not name or any(name.lower() == a.lower() for a in out):
                continue
            out.append(name)
            if len(out) == _MAX:
                return tuple(out)
    for f in facts:
        if f.mention.kind in ("occasion", "statement"):
            speaker = next((figures[i].attributed_to for i in f.figures if figures[i].attributed_to), None)
            if speaker and speaker not in out:
                out.append(speaker)
    return tuple(out[:_MAX])
