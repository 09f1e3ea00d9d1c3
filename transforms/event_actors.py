"""Actors of an event: the armed groups, forces and people its sentences name, as written."""
from __future__ import annotations

from collections.abc import Sequence

from transforms import lexicon
from transforms.figures import Figure
from transforms.sentences import Sentence
from transforms.word_scan import WordStarts
from transforms.word_trie import trie_pattern

_NOUNS = sorted(lexicon.words("events_actors.txt"), key=len, reverse=True)
# Where the nouns begin, in any case: a scan that skips through words (see word_scan).
_NOUN = WordStarts(rf"{trie_pattern(_NOUNS, any_case=True)}\b", r"\w")
_MODIFIERS = lexicon.words("events_actor_modifiers.txt")
_LEADING_WORDS = frozenset({"the", "a", "an", "and", "of", "by", "in", "on", "at", "for", "with", "from", "to"})
_MAX = 4


def _actor(text: str, sentence_start: int, noun: tuple[int, int]) -> str:
    # The noun with up to three capitalized words or modifiers before it: "Israeli army", "rebel forces".
    start, end = noun
    words = text[max(sentence_start, start - 60):start].split()
    kept = 0
    while kept < 3 and kept < len(words):
        w = words[-1 - kept]
        if not (w[:1].isupper() or w.lower() in _MODIFIERS) or w.lower() in _LEADING_WORDS or not w[-1:].isalnum():
            break
        kept += 1
    return " ".join(words[len(words) - kept:] + [text[start:end]]) if kept else text[start:end]


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
            nouns = list(_NOUN.finditer(text, sentence.start, sentence.end))
            # "Taliban forces": a noun right before another names the same actor.
            cache[sentence.start] = [_actor(text, sentence.start, m) for k, m in enumerate(nouns)
                                     if k + 1 == len(nouns) or text[m[1]:nouns[k + 1][0]] != " "]
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
