"""Events out: one row per coded event (PLOVER type, actor, recipient, place, date) with its source span."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, Select, func, select

from marsad.export.columns import Col, Row
from marsad.export.filters import ExportFilter, within_articles
from marsad.export.streaming import Tick, count_rows, stream_rows
from marsad.store.tables import article_stories, articles, events, sources

COLUMNS = [
    Col("id", "int", "event id"),
    Col("story_id", "int", "story of the article"),
    Col("article_id", "string", "article the event was coded from"),
    Col("source", "string", "the article's outlet"),
    Col("lang", "string", "the article's language"),
    Col("sentence", "int", "index of the sentence in the article"),
    Col("start", "int", "character offset of the event's span in the article text"),
    Col("end", "int", "end offset (exclusive); text = article text[start:end]"),
    Col("text", "string", "the span the event was coded from"),
    Col("type", "string", "PLOVER event type (CONSULT, ACCUSE, ASSAULT, ...)"),
    Col("actor", "string", "who acts, as written"),
    Col("actor_entity", "int", "the actor's entity id, when linked"),
    Col("recipient", "string", "who is acted on, as written"),
    Col("recipient_entity", "int", "the recipient's entity id, when linked"),
    Col("location", "string", "where, as written"),
    Col("location_entity", "int", "the place's entity id, when linked"),
    Col("date", "string", "event date (YYYY, YYYY-MM or YYYY-MM-DD), not the publication date"),
    Col("date_from", "string", "how the date was found (timex, published, story, ...)"),
    Col("negated", "bool", "the text says it did not happen"),
    Col("hypothetical", "bool", "the text says it may or would happen"),
    Col("score", "float", "coder confidence"),
]


def event_query(flt: ExportFilter) -> Select:
    text = func.substr(articles.c.text, events.c.start + 1, events.c.end - events.c.start)
    q = select(
        events.c.id, article_stories.c.story_id, events.c.article_id, sources.c.name.label("source"), articles.c.lang,
        events.c.sentence, events.c.start, events.c.end, text.label("text"), events.c.type, events.c.actor,
        events.c.actor_entity, events.c.recipient, events.c.recipient_entity, events.c.location,
        events.c.location_entity, events.c.date, func.nullif(events.c.date_from, "").label("date_from"),  # "" = no date, as the CLI says
        events.c.negated, events.c.hypothetical, events.c.score,
    ).select_from(events.join(articles, articles.c.id == events.c.article_id).outerjoin(sources)
                  .outerjoin(article_stories, article_stories.c.article_id == events.c.article_id))
    q = within_articles(q, flt, published=False)
    if flt.since:  # event dates are text of 4, 7 or 10 characters: compare as text, like `marsad events`
        q = q.where(events.c.date >= flt.since.date().isoformat()[: 10])
    if flt.until:
        q = q.where(events.c.date <= flt.until.date().isoformat() + "\uffff")
    return q.order_by(events.c.date.is_(None), events.c.date, events.c.article_id, events.c.start)


def count(conn: Connection, flt: ExportFilter) -> int:
    return count_rows(conn, event_query(flt))


def rows(conn: Connection, flt: ExportFilter, tick: Tick | None = None) -> Iterator[Row]:
    yield from stream_rows(conn, event_query(flt), tick)
