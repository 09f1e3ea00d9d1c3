import pytest

from conftest import load_cases
from transforms.sentences import sentence_at, split_sentences


@pytest.mark.parametrize("case", load_cases("sentences.jsonl"), ids=lambda c: c["text"][:40])
def test_sentences(case):
    text = case["text"]
    assert [text[s.start:s.end] for s in split_sentences(text)] == case["sentences"]


def test_sentence_at_finds_the_containing_sentence():
    text = "One. Two three. Four."
    sentences = split_sentences(text)
    assert text[sentence_at(sentences, 6).start:sentence_at(sentences, 6).end] == "Two three."
    assert sentence_at(sentences, 3) == sentences[0]
    assert sentence_at(sentences, 4) is None  # the space between sentences
