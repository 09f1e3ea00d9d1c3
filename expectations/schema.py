"""The schema of every output table: one source of truth for the writer, the suites and the docs."""
from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    description: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def arrow_schema(self) -> pa.Schema:
        """The Arrow schema, with each column's description kept as field metadata."""
        return pa.schema(
            [pa.field(c.name, c.type, nullable=c.nullable, metadata={"description": c.description}) for c in self.columns],
            metadata={"table": self.name, "description": self.description, "key": self.key},
        )


def _c(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> Column:
    return Column(name, type_, description, nullable)


STRING = pa.string()
INT = pa.int64()
FLOAT = pa.float64()
DATE = pa.date32()
TIMESTAMP = pa.timestamp("us", tz="UTC")
STRINGS = pa.list_(pa.string())

_PROVENANCE = (
    _c("run_id", STRING, "Id of the run that wrote the row: a digest of the run's input and the extractor version.", False),
    _c("extractor_version", STRING, "Version of newsfacts whose transforms produced the row.", False),
)

_MENTION = (
    _c("char_start", INT, "Start of the mention: 0-based offset into the article text as ingested.", False),
    _c("char_end", INT, "End of the mention (exclusive), so text[char_start:char_end] is the mention.", False),
    _c("text", STRING, "The mention as written.", False),
    _c("sentence", STRING, "The sentence that holds the mention, as written.", False),
    _c("sentence_start", INT, "Offset of that sentence in the article text.", False),
    _c("sentence_end", INT, "End offset of that sentence (exclusive).", False),
)

ARTICLES = Table(
    name="articles",
    key="article_id",
    description="One row per ingested article.",
    columns=(
        _c("article_id", STRING, "Id of the article: the input's `id`, else derived from the file name or the text.", False),
        _c("title", STRING, "Title or headline, when the input gives one."),
        _c("source", STRING, "Outlet or feed that published the article."),
        _c("url", STRING, "Address of the article, when known."),
        _c("published_at", TIMESTAMP, "Publication time in UTC; a date without a time is taken as midnight UTC."),
        _c("published_date", DATE, "Publication date as written (local to the outlet): the anchor of relative dates."),
        _c("published_at_source", STRING, "Where published_at came from: metadata, page, dateline or none.", False),
        _c("language", STRING, "ISO 639-1 code of the article's language as detected ('und' when undetermined).", False),
        _c("text", pa.large_string(), "The article text as ingested; all offsets index into it.", False),
        _c("text_length", INT, "Length of the text in characters.", False),
        _c("content_hash", STRING, "SHA-256 of the UTF-8 text: a changed article has a new hash.", False),
        _c("duplicate_of", STRING, "For a copy of an earlier article's text under a new id (a syndicated story): the id "
                                   "that text was first ingested under; null for the first."),
        _c("input_ref", STRING, "Where the article was read: file path, and line number for JSON Lines.", False),
        _c("figure_count", INT, "Number of rows this article has in `figures`.", False),
        _c("date_count", INT, "Number of rows this article has in `dates`.", False),
        _c("event_count", INT, "Number of rows this article has in `events`.", False),
        *_PROVENANCE,
    ),
)

FIGURES = Table(
    name="figures",
    key="figure_id",
    description="Every quantity in the articles: counts, amounts, percentages, ranges.",
    columns=(
        _c("figure_id", STRING, "Stable id of the row: a digest of article_id, content_hash and the span.", False),
        _c("article_id", STRING, "The article the figure comes from.", False),
        *_MENTION,
        _c("value", FLOAT, "Point value; null for an open or two-sided range and for vague magnitudes."),
        _c("low", FLOAT, "Lower bound (UCDP 'low'); equals value for a point value; null when open below."),
        _c("high", FLOAT, "Upper bound (UCDP 'high'); equals value for a point value; null when open above."),
        _c("qualifier", STRING, "exact, approx, at_least, more_than, at_most, less_than or range.", False),
        _c("unit", STRING, "What is counted: people, fighters, families, percent, an ISO 4217 currency code, km, ..."),
        _c("metric", STRING, "What happened to the counted things: killed, injured, displaced, arrested, ... (closed list)."),
        _c("subject", STRING, "The counted noun phrase as written, e.g. 'Taliban fighters'."),
        _c("attributed_to", STRING, "Who the sentence says gave the figure, in its fullest form in the article."),
        _c("period_start", DATE, "First day of the period the figure covers, when the sentence gives one."),
        _c("period_end", DATE, "Last day of that period (inclusive)."),
        _c("as_of", DATE, "The date the figure is stated for: the period's end, else the publication date."),
        _c("date_id", STRING, "The `dates` row that gives the figure's period, if any."),
        *_PROVENANCE,
    ),
)

DATES = Table(
    name="dates",
    key="date_id",
    description="Every temporal expression, normalized as a TimeML TIMEX3.",
    columns=(
        _c("date_id", STRING, "Stable id of the row: a digest of article_id, content_hash and the span.", False),
        _c("article_id", STRING, "The article the expression comes from.", False),
        *_MENTION,
        _c("timex_type", STRING, "TIMEX3 type: DATE, TIME, DURATION or SET.", False),
        _c("value", STRING, "TIMEX3 value: 2015-05-06, 2015-W19, 2015-SU, P13D, PRESENT_REF, XXXX-04-24, ... A fiscal "
           "year is FY and the year it begins in (`the 1996/97 fiscal year` FY1996), or ends in where the country names "
           "it so (the United States); `the current fiscal year` is the government's of the dateline's country when "
           "its fiscal year is not the calendar year (transforms/lexicon/dates/fiscal_year_starts.tsv), else the "
           "calendar year.", False),
        _c("mod", STRING, "TIMEX3 mod: START, MID, END, APPROX, MORE_THAN, LESS_THAN, ..."),
        _c("range_start", DATE, "First calendar day the expression covers, when it can be resolved."),
        _c("range_end", DATE, "Last calendar day the expression covers (inclusive)."),
        _c("precision", STRING, "Granularity of the value: time, day, week, month, quarter, season, half, year, decade, century."),
        _c("anchor", STRING, "absolute (needs no anchor), published_at (resolved on the publication date) or unanchored.", False),
        _c("anchor_date", DATE, "The publication date the value was resolved against, when one was used."),
        *_PROVENANCE,
    ),
)

EVENTS = Table(
    name="events",
    key="event_id",
    description="Who did what to whom, where and when: one row per real-world event an article reports.",
    columns=(
        _c("event_id", STRING, "Stable id of the row: a digest of article_id, content_hash and the sentence.", False),
        _c("article_id", STRING, "The article that reports the event.", False),
        *_MENTION,
        _c("event_type", STRING, "battle, explosion_remote_violence, violence_against_civilians, protest, riot, "
           "strategic_development, displacement, natural_disaster, political_statement or other.", False),
        _c("event_date", STRING, "Day of the event at the precision the text supports, as a TIMEX3 value; null when undated."),
        _c("date_precision", STRING, "Granularity of event_date: day, week, month, season, year, ..."),
        _c("date_start", DATE, "First day event_date covers."),
        _c("date_end", DATE, "Last day event_date covers (inclusive)."),
        _c("location", STRING, "The most specific place named for the event, as written, then the region the article "
           "puts it in after a comma (`Imam Sahib, Kunduz`); places named together are joined (`Baquba and Ramadi`)."),
        _c("country", STRING, "ISO 3166-1 alpha-2 code of the location's country, where known."),
        _c("admin1", STRING, "First-level region of the location, where known."),
        _c("latitude", FLOAT, "Latitude of the location, where known."),
        _c("longitude", FLOAT, "Longitude of the location, where known."),
        _c("actors", STRINGS, "The actors named for the event, as written."),
        _c("fatalities", INT, "People killed as reported (best estimate); 0 when casualties but no deaths are given; "
           "null when the article gives no casualty information."),
        _c("fatalities_low", INT, "Lowest reported number killed (the lowest claim, or the low end of a range)."),
        _c("fatalities_high", INT, "Highest reported number killed; null when only a lower bound is given."),
        _c("figure_ids", STRINGS, "The `figures` rows that support the event."),
        _c("date_ids", STRINGS, "The `dates` rows that date the event."),
        *_PROVENANCE,
    ),
)

REJECTED = Table(
    name="rejected",
    key="reject_id",
    description="Everything that could not be used, with the stage, the reason and the raw input.",
    columns=(
        _c("reject_id", STRING, "Stable id: a digest of the input reference, the raw input and the reason.", False),
        _c("article_id", STRING, "The article's id, when it could be read."),
        _c("stage", STRING, "Where it was rejected: ingest, extract or validate.", False),
        _c("table_name", STRING, "The table the record was headed for: articles for an input record.", False),
        _c("reason", STRING, "Short machine-readable reason, e.g. empty_text, invalid_json, expectation failed.", False),
        _c("detail", STRING, "What exactly was wrong, for a person.", False),
        _c("input_ref", STRING, "Where the record was read: file path, and line number for JSON Lines.", False),
        _c("raw", pa.large_string(), "The raw input (or the row) as text, truncated beyond the documented limit.", False),
        _c("raw_size", INT, "Size of the raw input in bytes, before any truncation.", False),
        _c("raw_sha256", STRING, "SHA-256 of the whole raw input.", False),
        *_PROVENANCE,
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (ARTICLES, FIGURES, DATES, EVENTS, REJECTED)}
