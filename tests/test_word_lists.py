"""One scan for several word lists finds, for each list, what a scan for that list alone finds."""
import random

import pytest

from transforms.word_lists import WordList, WordLists

# Lists that share words and begin each other's phrases ("lost" and "lost their lives", "toll" and "death toll"),
# with boundaries of their own.
NUMBERS = WordList(["one", "two", "One", "ONE", "hundred"], not_before="A-Za-z", not_after="A-Za-z")
MONEY = WordList(["cost", "costs", "lost", "Lost", "toll"], not_before=r"\w-", not_after=r"\w")
VERBS = WordList(["lost their lives", "lost", "death toll", "shot dead", "shot", "one"], not_before=r"\w-",
                 not_after=r"\w")
SOURCES = WordList(["said", "says", "say"], not_before=r"\w", not_after=r"\w")
LISTS = WordLists({"numbers": NUMBERS, "money": MONEY, "verbs": VERBS, "sources": SOURCES})
PIECES = ["one", "two", "hundred", "ONE", "cost", "costs", "lost", "Lost", "lost their lives", "their", "lives",
          "death toll", "death", "toll", "shot dead", "shot", "dead", "said", "says", "say", " ", "  ", "-", "_", "2",
          "é", "x", "\n", "'", "—", "ſ"]

CASES = [
    ("they lost their lives", {"verbs": [(5, 21)], "money": [(5, 9)]}),
    ("the death toll rose", {"verbs": [(4, 14)], "money": [(10, 14)]}),
    ("one2 and cost2", {"numbers": [(0, 3)]}),  # a digit may follow a number word, not a money keyword
    ("pre-tax cost-cutting", {"money": [(8, 12)]}),  # a hyphen may not come before a keyword, but after it
    ("é-one said", {"numbers": [(2, 5)], "sources": [(6, 10)]}),
    ("shot deadly", {"verbs": [(0, 4)]}),  # the longer phrase goes on into a word: the shorter one is found
]


@pytest.mark.parametrize("text,expected", CASES)
def test_cases(text, expected):
    found = LISTS.find(text)
    assert found == {name: expected.get(name, []) for name in found}


def test_each_list_as_its_own_scan_finds_it():
    rng = random.Random(20260514)
    lists = {"numbers": NUMBERS, "money": MONEY, "verbs": VERBS, "sources": SOURCES}
    for _ in range(5000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        found = LISTS.find(text)
        for name, words in lists.items():
            assert found[name] == list(words.finditer(text)), (name, text)


def test_a_span_takes_its_share_of_the_whole_text_as_its_own_scan_would_find_it():
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        for words in (MONEY, VERBS):
            whole = list(words.finditer(text))
            assert words.within(text, whole, [a for a, _ in whole], start, end) == list(
                words.finditer(text, start, end)), (text, start, end)


def test_a_list_holds_letters_and_spaces_and_its_boundaries_hold_the_letters():
    with pytest.raises(ValueError):
        WordList(["per-cent"], r"\w", r"\w")
    with pytest.raises(ValueError):
        WordList(["cost"], "0-9", r"\w")
