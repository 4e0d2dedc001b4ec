"""Read-side queries for coded events and quotes (written by the events stage)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, or_, select

from marsad.store.queries import _jsonable_row
from marsad.store.tables import article_stories, articles, events, quotes, sources

EVENT_COLUMNS = (
    events.c.id, events.c.article_id, events.c.sentence, events.c.start, events.c.end, events.c.type,
    events.c.actor, events.c.actor_entity, events.c.recipient, events.c.recipient_entity, events.c.location,
    events.c.location_entity, events.c.date, events.c.date_from, events.c.negated, events.c.hypothetical,
    events.c.score, articles.c.lang, articles.c.title.label("article_title"), sources.c.name.label("source"),
    article_stories.c.story_id,
)


def list_events(conn: Connection, *, story: int | None = None, type: str | None = None, entity: int | None = None,
                since: str | None = None, until: str | None = None, article: str | None = None,
                limit: int = 500, offset: int = 0) -> list[dict[str, Any]]:
    """Events ordered by event date, with their article's language and source."""
    q = select(*EVENT_COLUMNS).select_from(
        events.join(articles, articles.c.id == events.c.article_id).outerjoin(sources)
        .outerjoin(article_stories, article_stories.c.article_id == events.c.article_id)
    )
    if story is not None:
        q = q.where(article_stories.c.story_id == story)
    if article is not None:
        q = q.where(events.c.article_id == article)
    if type:
        q = q.where(events.c.type == type.upper())
    if entity is not None:
        q = q.where(or_(events.c.actor_entity == entity, events.c.recipient_entity == entity,
                        events.c.location_entity == entity))
    if since:
        q = q.where(events.c.date >= since)
    if until:
        q = q.where(events.c.date <= until + "\uffff")
    q = q.order_by(events.c.date.is_(None), events.c.date, events.c.article_id, events.c.start)
    return [_jsonable_row(r) for r in conn.execute(q.limit(limit).offset(offset)).mappings()]


def article_quotes(conn: Connection, article_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(select(quotes).where(quotes.c.article_id == article_id).order_by(quotes.c.start)).mappings()
    return [dict(r) for r in rows]


def story_quotes(conn: Connection, story_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(quotes, articles.c.lang, sources.c.name.label("source"))
        .select_from(quotes.join(articles, articles.c.id == quotes.c.article_id).outerjoin(sources)
                     .join(article_stories, article_stories.c.article_id == quotes.c.article_id))
        .where(article_stories.c.story_id == story_id).order_by(quotes.c.article_id, quotes.c.start)
    ).mappings()
    return [dict(r) for r in rows]
