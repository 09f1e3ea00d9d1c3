"""A regular expression matching any of many words, built as a prefix tree so it tests one letter at a time."""
from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def trie_pattern(words: Iterable[str], stems: Iterable[str] = (), space: str = " ") -> str:
    """A non-capturing pattern for the `words` (literal) and `stems` (any word starting so): a prefix tree.
    A space in a word matches the pattern `space` (r"\s+" lets a phrase run over a line break)."""
    root: dict = {}
    for word, open_end in [(w, False) for w in words] + [(s, True) for s in stems]:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = node.get(_END, False) or open_end
    return _render(root, space if space != " " else re.escape(" "))


def _render(node: dict, space: str) -> str:
    if node.get(_END) is True:
        return r"\w*"  # a stem: whatever follows it
    branches = [(space if ch == " " else re.escape(ch)) + _render(node[ch], space)
                for ch in sorted(k for k in node if k != _END)]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return "(?:" + body + ")?"
    return body


# What IGNORECASE matches to an ASCII letter besides its two cases (in Python's re: "İ" and "ı" to i, "ſ" to s, the
# Kelvin sign to k).
_OTHER_CASES = {"i": "İı", "s": "ſ", "k": "\u212a"}


def starts_with(words: Iterable[str], ignore_case: bool = False, also: str = "") -> str:
    r"""A lookahead for the characters the words begin with (and the class items `also`, such as r"\d"), to put
    before a pattern such as r"\b(?:word|...)" that is searched for: the regex engine then gives up most places with
    one test of a character, where a word boundary costs two Unicode look-ups and then a try of every word (under
    IGNORECASE, of each letter in both cases). The matches are the same."""
    chars: set[str] = set()
    for word in words:
        first = word[0]
        chars.add(first)
        if ignore_case:
            chars.update({first.lower(), first.upper(), *_OTHER_CASES.get(first.lower(), "")})
    return "(?=(?-i:[" + "".join(re.escape(c) for c in sorted(chars)) + also + "]))"
