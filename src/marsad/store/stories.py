"""Read-side queries for stories (written by the clustering stage, see cluster_store.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from marsad.errors import NotFound
from marsad.store.queries import _jsonable_row
from marsad.store.tables import article_stories, articles, sources, stories, story_sources

STORY_COLUMNS = (
    stories.c.id, stories.c.title, stories.c.titles, stories.c.languages, stories.c.sources,
    stories.c.first_seen, stories.c.last_seen, stories.c.size,
)
# sources/ writes these per story (independent sources, first report per language, lag)
SOURCE_COLUMNS = (
    story_sources.c.independent, story_sources.c.copies, story_sources.c.translations,
    story_sources.c.lag_hours, story_sources.c.countries, story_sources.c.types,
)
SORTS = ("recent", "size", "independent")


def list_stories(conn: Connection, *, lang: str | None = None, sort: str = "recent", min_size: int = 1,
                 limit: int = 50, offset: int = 0, since: datetime | None = None,
                 until: datetime | None = None) -> list[dict[str, Any]]:
    """Stories, most recent, biggest or with most independent sources first; ``lang`` keeps
    stories with an article in it; ``since``/``until`` keep stories whose span (first..last
    seen) overlaps the range. Stories whose sources are not computed yet sort last."""
    query = (select(*STORY_COLUMNS, *SOURCE_COLUMNS)
             .outerjoin(story_sources, story_sources.c.story_id == stories.c.id)
             .where(stories.c.size >= min_size))
    if since is not None:
        query = query.where(stories.c.last_seen >= since)
    if until is not None:
        query = query.where(stories.c.first_seen <= until)
    if lang:
        has_lang = (
            select(article_stories.c.story_id)
            .join(articles, articles.c.id == article_stories.c.article_id)
            .where(articles.c.lang == lang)
        )
        query = query.where(stories.c.id.in_(has_lang))
    order = {
        "recent": (stories.c.last_seen.is_(None), stories.c.last_seen.desc(), stories.c.size.desc(), stories.c.id),
        "size": (stories.c.size.desc(), stories.c.last_seen.is_(None), stories.c.last_seen.desc(), stories.c.id),
        "independent": (story_sources.c.independent.is_(None), story_sources.c.independent.desc(), stories.c.size.desc(),
                        stories.c.last_seen.is_(None), stories.c.last_seen.desc(), stories.c.id),
    }[sort]
    rows = conn.execute(query.order_by(*order).limit(limit).offset(offset)).mappings()
    return [_jsonable_row(r) for r in rows]


def count_stories(conn: Connection) -> int:
    return int(conn.scalar(select(func.count()).select_from(stories)) or 0)


def get_story(conn: Connection, story_id: int) -> dict[str, Any]:
    """One story with its articles (by language, then date)."""
    row = conn.execute(select(*STORY_COLUMNS).where(stories.c.id == story_id)).mappings().first()
    if row is None:
        raise NotFound("E302", id=story_id)
    story = _jsonable_row(row)
    members = conn.execute(
        select(articles.c.id, articles.c.title, articles.c.lang, articles.c.published, articles.c.url,
               sources.c.name.label("source"), article_stories.c.score)
        .select_from(article_stories.join(articles, articles.c.id == article_stories.c.article_id).outerjoin(sources))
        .where(article_stories.c.story_id == story_id)
        .order_by(articles.c.lang, articles.c.published, articles.c.id)
    ).mappings()
    story["articles"] = [_jsonable_row(m) for m in members]
    return story


def story_of(conn: Connection, article_id: str) -> int | None:
    return conn.scalar(select(article_stories.c.story_id).where(article_stories.c.article_id == article_id))
