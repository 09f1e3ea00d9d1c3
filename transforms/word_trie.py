"""A regular expression matching any of many words, built as a prefix tree so it tests one letter at a time."""
from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def trie_pattern(words: Iterable[str], stems: Iterable[str] = (), space: str = " ", any_case: bool = False) -> str:
    r"""A non-capturing pattern for the `words` (literal) and `stems` (any word starting so): a prefix tree.
    A space in a word matches the pattern `space` (r"\s+" lets a phrase run over a line break).

    With `any_case`, the words match as under IGNORECASE, each ASCII letter written as a class of what IGNORECASE
    matches to it ("[mM]", "[sSſ]") and matched without it: the regex engine passes a branch whose class misses
    the character with one look-up, where under IGNORECASE it enters every branch to compare a lower-cased letter.
    (Words that differ only in the case of ASCII letters are then one word.)"""
    root: dict = {}
    for word, open_end in [(w, False) for w in words] + [(s, True) for s in stems]:
        node = root
        for ch in word:
            node = node.setdefault(ch.lower() if any_case and ch.isascii() else ch, {})
        node[_END] = node.get(_END, False) or open_end
    pattern = _render(root, space if space != " " else re.escape(" "), any_case)
    return f"(?-i:{pattern})" if any_case else pattern


def _render(node: dict, space: str, any_case: bool) -> str:
    if node.get(_END) is True:
        return r"\w*"  # a stem: whatever follows it
    branches = [_character(ch, space, any_case) + _render(node[ch], space, any_case)
                for ch in sorted(k for k in node if k != _END)]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return "(?:" + body + ")?"
    return body


def _character(ch: str, space: str, any_case: bool) -> str:
    if ch == " ":
        return space
    if any_case and ch.isascii() and ch.isalpha():
        return "[" + ch + ch.upper() + _OTHER_CASES.get(ch, "") + "]"
    if any_case and ch.lower() != ch.upper():
        return "(?i:" + re.escape(ch) + ")"  # a letter beyond ASCII: left to IGNORECASE
    return re.escape(ch)


# What IGNORECASE matches to an ASCII letter besides its two cases (in Python's re: "İ" and "ı" to i, "ſ" to s, the
# Kelvin sign to k).
_OTHER_CASES = {"i": "İı", "s": "ſ", "k": "\u212a"}
_TO_ASCII = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})


def fold_case(text: str) -> str:
    """Matched text as the word lists key it: lower case, with the letters IGNORECASE takes for an ASCII letter
    ("hourſ", "Tueſday") written as that letter, so that a look-up of any match finds its entry."""
    return text.translate(_TO_ASCII).lower()


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


def word_starting(letter: str) -> str:
    r"""The first letter of a word, in any case, matched as a class the regex engine skips to: put before the rest of
    the word ("oll" for "toll"), in place of starts_with(["toll"]) + r"\btoll". A search of a pattern that begins with
    a class runs through the text in a tight loop from one such letter to the next, where a pattern that begins with
    a lookahead is tried at every character. The lookbehind is the word boundary before the letter; the match still
    starts at the letter."""
    cases = letter.lower() + letter.upper() + _OTHER_CASES.get(letter.lower(), "")
    return "(?-i:[" + "".join(re.escape(c) for c in cases) + r"])(?<!\w.)"


def words_by_first_letter(alternatives: Iterable[str]) -> str:
    r"""The alternatives (pieces of pattern for IGNORECASE, each beginning with a plain ASCII letter) as a group that
    stands in for r"\b(?:alt1|alt2|...)" and skips to their first letters: the class of those letters in any case
    matched first (as in word_starting), then the rest of the alternatives that begin with the letter matched, in
    their order (a look-behind at it picks them). Where a pattern that begins with a look-ahead (starts_with) is
    tried at every character of what is searched, one that begins with a class is tried only at its characters."""
    rests: dict[str, list[str]] = {}
    for alternative in alternatives:
        rests.setdefault(alternative[0].lower(), []).append(alternative[1:])
    letters = "".join(c + c.upper() + _OTHER_CASES.get(c, "") for c in rests)
    branches = "|".join(rf"(?<={re.escape(c)})(?:{'|'.join(rest)})" for c, rest in rests.items())
    return rf"(?-i:[{letters}])(?<!\w.)(?:{branches})"
