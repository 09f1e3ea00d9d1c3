"""Rows of the output tables, built from articles and the facts extracted from them."""
from __future__ import annotations

from collections.abc import Iterable

from flows.records import Article, Rejection, digest
from transforms.extract import ArticleFacts
from transforms.language import detect_language
from transforms.sentences import Sentence, sentence_at

TableRows = dict[str, list[dict]]


def article_rows(batch: Iterable[tuple[Article, ArticleFacts]], run_id: str, version: str) -> TableRows:
    """The rows of articles, figures, dates and events for a batch of extracted articles."""
    out: TableRows = {"articles": [], "figures": [], "dates": [], "events": []}
    provenance = {"run_id": run_id, "extractor_version": version}
    for article, facts in batch:
        text, aid, chash = article.text, article.article_id, article.content_hash
        date_ids = [digest(aid, chash, t.start, t.end, "date") for t in facts.timexes]
        figure_ids = [digest(aid, chash, f.start, f.end, "figure") for f in facts.figures]
        for t, date_id in zip(facts.timexes, date_ids):
            out["dates"].append({
                "date_id": date_id, "article_id": aid, **_mention(text, facts.sentences, t.start, t.end),
                "timex_type": t.timex_type, "value": t.value, "mod": t.mod,
                "range_start": t.range_start, "range_end": t.range_end, "precision": t.precision,
                "anchor": t.anchor, "anchor_date": article.published_date if t.anchor == "published_at" else None,
                **provenance,
            })
        for f, period, figure_id in zip(facts.figures, facts.periods, figure_ids):
            out["figures"].append({
                "figure_id": figure_id, "article_id": aid, **_mention(text, facts.sentences, f.start, f.end),
                "value": f.value, "low": f.low, "high": f.high, "qualifier": f.qualifier,
                "unit": f.unit, "metric": f.metric, "subject": f.subject, "attributed_to": f.attributed_to,
                "period_start": period.start, "period_end": period.end,
                "as_of": period.end or article.published_date,
                "date_id": date_ids[period.timex_index] if period.timex_index is not None else None,
                **provenance,
            })
        for e in facts.events:
            sentence = text[e.sentence_start:e.sentence_end]
            out["events"].append({
                "event_id": digest(aid, chash, e.sentence_start, e.trigger_start, "event"), "article_id": aid,
                "char_start": e.trigger_start, "char_end": e.trigger_end, "text": text[e.trigger_start:e.trigger_end],
                "sentence": sentence, "sentence_start": e.sentence_start, "sentence_end": e.sentence_end,
                "event_type": e.event_type, "event_date": e.event_date, "date_precision": e.date_precision,
                "date_start": e.date_start, "date_end": e.date_end, "location": e.location,
                "country": getattr(e, "country", None), "admin1": getattr(e, "admin1", None),
                "latitude": getattr(e, "latitude", None), "longitude": getattr(e, "longitude", None),
                "actors": list(e.actors), "fatalities": e.fatalities,
                "fatalities_low": e.fatalities_low, "fatalities_high": e.fatalities_high,
                "figure_ids": [figure_ids[i] for i in e.figure_indexes],
                "date_ids": [date_ids[i] for i in e.timex_indexes],
                **provenance,
            })
        out["articles"].append({
            "article_id": aid, "title": article.title, "source": article.source, "url": article.url,
            "published_at": article.published_at, "published_date": article.published_date,
            "published_at_source": article.published_at_source, "language": detect_language(text),
            "text": text, "text_length": len(text), "content_hash": chash, "duplicate_of": article.duplicate_of,
            "input_ref": article.input_ref,
            "figure_count": len(facts.figures), "date_count": len(facts.timexes), "event_count": len(facts.events),
            **provenance,
        })
    return out


def rejected_rows(rejections: Iterable[Rejection], run_id: str, version: str) -> list[dict]:
    """The rows of `rejected` for a batch of rejections."""
    return [{
        "reject_id": r.reject_id, "article_id": r.article_id, "stage": r.stage, "table_name": r.table_name,
        "reason": r.reason, "detail": r.detail, "input_ref": r.input_ref, "raw": r.raw,
        "raw_size": r.raw_size, "raw_sha256": r.raw_sha256, "run_id": run_id, "extractor_version": version,
    } for r in rejections]


def _mention(text: str, sentences: list[Sentence], start: int, end: int) -> dict:
    sentence = sentence_at(sentences, start) or Sentence(start, end)
    s_end = max(sentence.end, end)
    return {"char_start": start, "char_end": end, "text": text[start:end], "sentence": text[sentence.start:s_end],
            "sentence_start": sentence.start, "sentence_end": s_end}
