"""Articles out: metadata, the clean text, the story each article is in."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, Select, func, select

from marsad.export.columns import Col, Row
from marsad.export.filters import ExportFilter, within_articles
from marsad.export.streaming import Tick, count_rows, stream_rows
from marsad.store.tables import article_stories, articles, sentences, sources

COLUMNS = [
    Col("id", "string", "article id: the first 16 hex digits of the SHA-256 of the text's matching form"),
    Col("title", "string", "headline (from the source, the page, or the first line)"),
    Col("lang", "string", "main language, ISO 639-1 (ar, en, ...)"),
    Col("published", "datetime", "publication date and time (UTC), when known"),
    Col("url", "string", "the article's URL (a web archive's target URI), when known"),
    Col("origin", "string", "where it was read from: path, URL, `archive#uri`, `file#line`"),
    Col("duplicate_of", "string", "id of the first copy when this row is a duplicate, else empty"),
    Col("duplicate_kind", "string", "exact or near, for duplicates"),
    Col("mixed", "bool", "true when the text mixes languages"),
    Col("source", "string", "outlet name (site, feed, folder or --source)"),
    Col("sentences", "int", "number of sentences"),
    Col("story_id", "int", "the story the article is in (empty before clustering, and for duplicates)"),
    Col("published_from", "string", "where the date came from: meta, html, htmldate(-low), header, capture"),
    Col("lang_confidence", "float", "confidence of the language detector (1.0 when the source declared it)"),
    Col("author", "string", "byline, when known"),
    Col("ingested_at", "datetime", "when Marsad stored it (UTC)"),
    Col("text", "string", "the clean article text; every offset in other exports points into it"),
]


def query(flt: ExportFilter) -> Select:
    n_sent = select(func.count()).where(sentences.c.article_id == articles.c.id).correlate(articles).scalar_subquery()
    q = select(
        articles.c.id, articles.c.title, articles.c.lang, articles.c.published, articles.c.url, articles.c.origin,
        articles.c.duplicate_of, articles.c.duplicate_kind, articles.c.mixed, sources.c.name.label("source"),
        n_sent.label("sentences"), article_stories.c.story_id, articles.c.published_from, articles.c.lang_confidence,
        articles.c.author, articles.c.ingested_at, articles.c.text,
    ).select_from(articles.outerjoin(sources).outerjoin(article_stories, article_stories.c.article_id == articles.c.id))
    q = within_articles(q, flt)
    if not flt.duplicates:
        q = q.where(articles.c.duplicate_of.is_(None))
    # `marsad articles`'s order (newest first, undated last) in a form SQLite walks the published
    # index for, so no sort of every row (text included) precedes the first one
    return q.order_by(articles.c.published.desc().nulls_last(), articles.c.id)


def count(conn: Connection, flt: ExportFilter) -> int:
    return count_rows(conn, query(flt))


def rows(conn: Connection, flt: ExportFilter, tick: Tick | None = None) -> Iterator[Row]:
    yield from stream_rows(conn, query(flt), tick)
