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
