"""The lexicon tables read as dicts (lexicon.table) keep one row per key: a second row of the same key would be
dropped without a word, so every key must appear once."""
from collections import Counter

import pytest

from transforms import lexicon

_ROOT = lexicon.LEXICON_DIR
_TABLES = sorted(str(p.relative_to(_ROOT)) for p in _ROOT.rglob("*.tsv"))


@pytest.mark.parametrize("name", _TABLES)
def test_each_key_once(name):
    keys = Counter(line.partition("\t")[0].strip().lower() for line in lexicon._lines(name))
    assert [key for key, count in keys.items() if count > 1] == []
