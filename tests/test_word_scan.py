"""The word-start scan finds exactly what the plain look-behind pattern finds, in a whole text or a span of it."""
import random
import re

import pytest

from transforms.word_scan import WordStarts
from transforms.word_trie import starts_with, trie_pattern, word_starting, words_by_first_letter

WORDS = ["one", "two", "twelve", "the last", "last", "may", "mid-march"]
TRIE = trie_pattern(WORDS) + r"(?![\w])"
# What each scan replaces: the words where no word character precedes them, and apostrophe-digits anywhere.
PLAIN = re.compile(rf"(?<![\w])(?:{TRIE})|'\d")
SCAN = WordStarts(TRIE, r"\w", r"'\d")

CASES = [
    ("one at the start", 0, None, [(0, 3)]),
    ("after a hyphen-one and one", 0, None, [(15, 18), (23, 26)]),
    ("someone, twelve; twelves", 0, None, [(9, 15)]),
    ("in the last days", 0, None, [(3, 11)]),
    ("the '80s and x'90", 0, None, [(4, 6), (14, 16)]),
    ("two words: one two", 11, None, [(11, 14), (15, 18)]),
    ("xone two", 1, None, [(5, 8)]),  # the character before the span still counts: "one" follows an "x"
    ("one two", 0, 5, [(0, 3)]),  # a word cut by the end of the span is not found
    ("mid-march", 0, None, [(0, 9)]),
]


@pytest.mark.parametrize("text,start,end,expected", CASES)
def test_cases(text, start, end, expected):
    assert list(SCAN.finditer(text, start, end)) == expected
    assert [m.span() for m in PLAIN.finditer(text, start, len(text) if end is None else end)] == expected


def test_same_as_the_plain_pattern_on_random_texts():
    rng = random.Random(20260101)
    # Non-ASCII letters and digits ("é", "ſ", "K" the Kelvin sign, "٣") are word characters; "—", "’" and a
    # no-break space are not.
    pieces = WORDS + ["x", " ", "  ", "-", "'", "'8", "\n", ",", "é", "_", "1", "ONE", "lastly", "ſ", "\u212a", "٣",
                      "—", "’", "\u00a0", "Éone"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 15)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert list(SCAN.finditer(text, start, end)) == [m.span() for m in PLAIN.finditer(text, start, end)], text


def test_several_patterns_anywhere_find_what_their_alternation_finds():
    # One pattern for each first character, each searched with a quick skip to it; a word wins a tie.
    scan = WordStarts(TRIE, r"\w", (r"'\d", r"’\d\d", r"o"))
    plain = re.compile(rf"(?<![\w])(?:{TRIE})|'\d|’\d\d|o")
    rng = random.Random(20261201)
    pieces = WORDS + ["x", " ", "-", "'", "'8", "’", "’80", "’8", "o", "é", "1", "\n"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 15)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert list(scan.finditer(text, start, end)) == [m.span() for m in plain.finditer(text, start, end)], text


def test_next_from_offsets_that_move_forward():
    text = "one '9 two x'1 last"
    scan = SCAN.scan(text)
    assert scan.next(0) == (0, 3)
    assert scan.next(1) == (4, 6)
    assert scan.next(5) == (7, 10)
    assert scan.next(8) == (12, 14)
    assert scan.next(13) == (15, 19)
    assert scan.next(16) is None


# Under IGNORECASE a class of lower-case letters holds the capitals too ("X" may not come before a word either).
@pytest.mark.parametrize("not_before", [r"\w-", "a-z"])
def test_same_as_the_plain_pattern_with_a_class_of_its_own_ignoring_case(not_before):
    scan = WordStarts(TRIE, not_before, flags=re.I)
    plain = re.compile(rf"(?<![{not_before}])(?:{TRIE})", re.I)
    rng = random.Random(20261130)
    pieces = WORDS + ["x", "X", " ", "-", "'", "é", "É", "ſ", "\u212a", "_", "ONE", "Last", "—", "\u00a0", "٣", "ü"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 15)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert list(scan.finditer(text, start, end)) == [m.span() for m in plain.finditer(text, start, end)], text


STARTS = ["kill", "sister", "in", "iran", "attack", "toll", "—", "$"]
WORD_LIST = rf"\b(?:{'|'.join(re.escape(w) for w in STARTS)})"


@pytest.mark.parametrize("ignore_case", [False, True])
def test_a_lookahead_for_the_first_characters_finds_the_same_words(ignore_case):
    flags = re.I if ignore_case else 0
    plain = re.compile(WORD_LIST, flags)
    quick = re.compile(starts_with(STARTS, ignore_case, also=r"\d") + WORD_LIST, flags)
    rng = random.Random(7)
    # Under IGNORECASE "ſ" matches "s", the Kelvin sign "k", "İ" and "ı" match "i": the lookahead lets them through.
    pieces = STARTS + ["KILL", "Toll", "ſister", "\u212aill", "İn", "ın", "x", " ", "-", "é", "1", "_"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in quick.finditer(text)] == [m.span() for m in plain.finditer(text)], text


ANY_CASE_WORDS = ["kill", "sister", "in", "iran", "dollars", "dollar", "or more", "złoty", "+"]
SPACES = r"[ \t]+"


@pytest.mark.parametrize("flags", [0, re.I])
def test_a_trie_in_any_case_matches_as_ignorecase_would(flags):
    plain = re.compile(trie_pattern(ANY_CASE_WORDS, space=SPACES), re.I)
    any_case = re.compile(trie_pattern(ANY_CASE_WORDS, space=SPACES, any_case=True), flags)
    rng = random.Random(11)
    # What IGNORECASE matches to a letter beyond its two cases ("ſ", the Kelvin sign, "İ", "ı"), and a letter
    # beyond ASCII in both cases ("Ł").
    pieces = ANY_CASE_WORDS + ["KILL", "Sister", "ſister", "\u212aill", "İn", "ın", "DOLLARS", "ZŁOTY", "Or  More",
                               "or\tmore", "x", " ", "-", "é", "1"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        for pos in range(len(text) + 1):
            a, b = plain.match(text, pos), any_case.match(text, pos)
            assert (a and a.span()) == (b and b.span()), (text, pos)


@pytest.mark.parametrize("letter,rest", [("t", "oll"), ("s", "hot"), ("k", "illed")])
def test_a_first_letter_matched_first_finds_what_a_word_boundary_finds(letter, rest):
    plain = re.compile(rf"\b{letter}{rest}", re.I)
    quick = re.compile(word_starting(letter) + rest, re.I)
    rng = random.Random(13)
    # A word character before the letter ("atoll", "é", "_", "1") is no boundary; the start of the text, a space
    # and a dash are; "ſ" and the Kelvin sign match "s" and "k" under IGNORECASE.
    pieces = [letter + rest, (letter + rest).upper(), "a", "é", "_", "1", " ", "-", "\n", "ſhot", "\u212aILLED"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert [m.span() for m in quick.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        for pos in range(len(text) + 1):  # the character before `pos` still counts, as it does for \b
            a, b = plain.search(text, pos), quick.search(text, pos)
            assert (a and a.span()) == (b and b.span()), (text, pos)


def test_words_that_end_with_a_mark_or_follow_a_letter_beyond_ascii():
    # A word may begin right after another that ends with a mark ("st." then "one" in "st.one"); a letter beyond
    # ASCII ("é") is no break before a word.
    words = trie_pattern(["st.", "one", "a-", "b"])
    scan = WordStarts(words, r"\w")
    plain = re.compile(rf"(?<![\w])(?:{words})")
    assert list(scan.finditer("st.one")) == [(0, 3), (3, 6)]
    rng = random.Random(20261130)
    pieces = ["st.", "one", "a-", "b", "é", " ", ".", "x", "-", "\u00a0"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert list(scan.finditer(text, start, end)) == [m.span() for m in plain.finditer(text, start, end)], text


PHRASES = ["no one", r"no\s+deaths", "without", "killed", "killing", "kill", r"shot\s+dead", "shot", "still", "in"]


def test_alternatives_grouped_by_first_letter_find_what_a_word_boundary_finds():
    plain = re.compile(rf"\b(?:{'|'.join(PHRASES)})", re.I)
    quick = re.compile(words_by_first_letter(PHRASES), re.I)
    rng = random.Random(17)
    # "ſ" matches "s" under IGNORECASE, "İ" and "ı" match "i"; a word character before a word ("é", "_", "1") is
    # no boundary.
    pieces = ["no", "one", "No", " ", "  ", "deaths", "without", "KILLED", "kill", "ing", "shot", "Dead", "ſtill",
              "İn", "ın", "a", "é", "_", "1", "-", "\n"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert [m.span() for m in quick.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        for pos in range(len(text) + 1):
            a, b = plain.search(text, pos), quick.search(text, pos)
            assert (a and a.span()) == (b and b.span()), (text, pos)
