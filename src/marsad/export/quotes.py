"""Quotes out: who said what, with the span in the article."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, Select, select

from marsad.export.columns import Col, Row
from marsad.export.filters import ExportFilter, within_articles
from marsad.export.streaming import Tick, count_rows, stream_rows
from marsad.store.tables import article_stories, articles, quotes, sources

COLUMNS = [
    Col("id", "int", "quote id"),
    Col("story_id", "int", "story of the article"),
    Col("article_id", "string", "article the quote is in"),
    Col("source", "string", "the article's outlet"),
    Col("lang", "string", "the article's language"),
    Col("published", "datetime", "the article's publication date"),
    Col("sentence", "int", "index of the sentence in the article"),
    Col("start", "int", "character offset of the quoted words in the article text"),
    Col("end", "int", "end offset (exclusive); text = article text[start:end]"),
    Col("speaker", "string", "who said it, as written"),
    Col("speaker_entity", "int", "the speaker's entity id, when linked"),
    Col("verb", "string", "the reporting verb (said, قال, ...)"),
    Col("direct", "bool", "true for a direct (quoted) statement, false for reported speech"),
    Col("text", "string", "what was said"),
]


def quote_query(flt: ExportFilter) -> Select:
    q = select(
        quotes.c.id, article_stories.c.story_id, quotes.c.article_id, sources.c.name.label("source"), articles.c.lang,
        articles.c.published, quotes.c.sentence, quotes.c.start, quotes.c.end, quotes.c.speaker,
        quotes.c.speaker_entity, quotes.c.verb, quotes.c.direct, quotes.c.text,
    ).select_from(quotes.join(articles, articles.c.id == quotes.c.article_id).outerjoin(sources)
                  .outerjoin(article_stories, article_stories.c.article_id == quotes.c.article_id))
    q = within_articles(q, flt)
    return q.order_by(quotes.c.article_id, quotes.c.start)


def count(conn: Connection, flt: ExportFilter) -> int:
    return count_rows(conn, quote_query(flt))


def rows(conn: Connection, flt: ExportFilter, tick: Tick | None = None) -> Iterator[Row]:
    yield from stream_rows(conn, quote_query(flt), tick)
