"""Stories out: one row per story with its headlines, languages, sources, span and independent sources."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, Select, select

from marsad.export.columns import Col, Row
from marsad.export.filters import ExportFilter
from marsad.export.streaming import Tick, count_rows, stream_rows
from marsad.store.stories import SOURCE_COLUMNS
from marsad.store.tables import article_stories, articles, sources, stories, story_sources

COLUMNS = [
    Col("id", "int", "story id"),
    Col("title", "string", "the story's headline"),
    Col("titles", "map", "best headline per language (language code -> headline)"),
    Col("languages", "strings", "languages of its articles"),
    Col("sources", "strings", "outlets that reported it"),
    Col("first_seen", "datetime", "earliest publication date of its articles"),
    Col("last_seen", "datetime", "latest publication date of its articles"),
    Col("size", "int", "number of articles"),
    Col("independent", "int", "independent sources: provenance chains (copies, translations) counted once; null until computed"),
    Col("copies", "int", "articles that copy another article of the story"),
    Col("translations", "int", "articles that translate another article of the story"),
    Col("lag_hours", "float", "hours from the first report in one language to the first in the other"),
    Col("countries", "strings", "countries of the registered outlets that report it"),
    Col("types", "strings", "types of those outlets (agency, public, state, private, party)"),
]


def _members(flt: ExportFilter) -> Select:
    q = select(article_stories.c.story_id).join(articles, articles.c.id == article_stories.c.article_id)
    if flt.lang:
        q = q.where(articles.c.lang == flt.lang)
    if flt.source:
        q = q.join(sources, sources.c.id == articles.c.source_id).where(sources.c.name == flt.source)
    return q


def story_query(flt: ExportFilter) -> Select:
    """Stories with an article in ``lang`` / from ``source``, seen within [since, until]."""
    q = (select(stories.c.id, stories.c.title, stories.c.titles, stories.c.languages, stories.c.sources,
                stories.c.first_seen, stories.c.last_seen, stories.c.size, *SOURCE_COLUMNS)
         .outerjoin(story_sources, story_sources.c.story_id == stories.c.id))
    if flt.story is not None:
        q = q.where(stories.c.id == flt.story)
    if flt.lang or flt.source:
        q = q.where(stories.c.id.in_(_members(flt)))
    if flt.since:
        q = q.where(stories.c.last_seen >= flt.since)
    if flt.until:
        q = q.where(stories.c.first_seen < flt.until_exclusive)
    return q.order_by(stories.c.last_seen.is_(None), stories.c.last_seen.desc(), stories.c.size.desc(), stories.c.id)


def count(conn: Connection, flt: ExportFilter) -> int:
    return count_rows(conn, story_query(flt))


def rows(conn: Connection, flt: ExportFilter, tick: Tick | None = None) -> Iterator[Row]:
    yield from stream_rows(conn, story_query(flt), tick)
