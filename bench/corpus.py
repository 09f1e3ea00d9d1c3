"""A deterministic benchmark corpus: N articles of about 5 KB, recombined from the seeds and the dev texts."""
from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
# The dev texts are read at run time when present, never copied into the repo.
DEV_DATA = REPO.parent / "shared" / "eval" / "data"
TARGET_CHARS = 5000
# Long paragraphs are cut into pieces of at most this many sentences, so articles mix at a finer grain.
PARAGRAPH_SENTENCES = 5
SEED = 20260101
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])")
_FIRST_DAY = date(1996, 1, 1)
_DAYS = (date(2025, 12, 31) - _FIRST_DAY).days


def source_documents(dev_data: Path = DEV_DATA) -> list[list[list[str]]]:
    """Every source text as paragraphs of sentences: the seeds (as the pipeline reads them) and the dev texts."""
    texts = list(_seed_texts())
    for path in _dev_files(dev_data):
        texts += _dev_texts(path)
    docs = []
    for text in texts:
        paragraphs = []
        for block in re.split(r"\n\s*\n", text):
            sentences = _sentences(block)
            paragraphs += [sentences[i:i + PARAGRAPH_SENTENCES] for i in range(0, len(sentences), PARAGRAPH_SENTENCES)]
        if paragraphs:
            docs.append(paragraphs)
    return docs


def describe_sources(dev_data: Path = DEV_DATA) -> str:
    """Which texts the corpus is recombined from. Without the dev sets it holds only the seeds, conflict
    reports dense in events, and extraction measured on it is not comparable with a run that had them."""
    seeds = f"{sum(1 for _ in _seed_texts())} seed articles"
    files = _dev_files(dev_data)
    if not files:
        return f"{seeds} only (no dev sets at {dev_data})"
    counts = ", ".join(f"{path.name} {len(_dev_texts(path)):,}" for path in files)
    return f"{seeds} and the dev texts of {dev_data} ({counts})"


def _dev_files(dev_data: Path) -> list[Path]:
    return sorted(dev_data.glob("*.jsonl")) if dev_data.is_dir() else []


def _dev_texts(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line).get("text") or "" for line in f if line.strip()]


def articles(n: int, seed: int = SEED, dev_data: Path = DEV_DATA) -> Iterator[dict]:
    """N article records (id, title, source, published_at, text), the same for the same n and seed."""
    docs = source_documents(dev_data)
    # Long documents give whole runs of paragraphs; short ones (single sentences) are sprinkled in.
    long_docs = [d for d in docs if sum(len(s) for p in d for s in p) >= 600] or docs
    snippets = [s for d in docs if d not in long_docs for p in d for s in p]
    rng = random.Random(seed)
    seen: set[bytes] = set()
    i = 0
    while i < n:
        paragraphs: list[str] = []
        size = 0
        # Stop short of the target so that the last paragraph brings the mean near it.
        while size < TARGET_CHARS - 300:
            doc = rng.choice(long_docs)
            start = rng.randrange(len(doc))
            for para in doc[start:start + rng.randint(1, 4)]:
                sentences = list(para)
                if snippets and rng.random() < 0.3:
                    sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(snippets))
                text = " ".join(sentences)
                paragraphs.append(text)
                size += len(text) + 2
                if size >= TARGET_CHARS - 300:
                    break
        text = "\n\n".join(paragraphs)
        # Every article is distinct: a repeated text would be ingested as a copy, which is not what is timed.
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        if key in seen:
            continue
        seen.add(key)
        published = _FIRST_DAY + timedelta(days=rng.randrange(_DAYS))
        yield {"id": f"bench-{i:07d}", "title": paragraphs[0][:80], "source": "newsfacts bench",
               "published_at": published.isoformat(), "text": text}
        i += 1


def write_corpus(path: Path, n: int, seed: int = SEED, dev_data: Path = DEV_DATA) -> dict:
    """Write N articles as JSON Lines to `path`; returns counts and sizes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    chars = 0
    with open(path, "w", encoding="utf-8") as f:
        for record in articles(n, seed, dev_data):
            chars += len(record["text"])
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {"articles": n, "mean_chars": chars / max(n, 1), "bytes": path.stat().st_size}


def _seed_texts() -> Iterator[str]:
    from datetime import datetime, timezone

    from flows.ingest import ingest_record
    from flows.records import Article
    from flows.sources import read_records, resolve_inputs

    root, files = resolve_inputs(str(SEEDS))
    now = datetime.now(timezone.utc)
    for record in read_records(root, files):
        for item in ingest_record(record, now):
            if isinstance(item, Article):
                yield item.text


def _sentences(paragraph: str) -> list[str]:
    flat = " ".join(paragraph.split())
    return [s for s in _SENTENCE_END.split(flat) if s.strip()]
