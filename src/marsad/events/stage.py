"""Store-aware glue for the events stage: code events, quotes and time expressions after
the article's entities are linked (so actors carry entity ids), and read story timelines.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select

from marsad.events import SourcedEvent, TimelineEntry, annotate, merge_events
from marsad.model import Article, Event
from marsad.store.events import list_events
from marsad.store.tables import article_stories, articles, events, quotes
from marsad.text.dates import naive_utc

EVENT_FIELDS = ("sentence", "start", "end", "type", "actor", "actor_entity", "recipient", "recipient_entity",
                "location", "location_entity", "date", "date_from", "negated", "hypothetical", "score")


class EventStage:
    """PLOVER events, quotes and time expressions of every sentence."""

    name = "events"
    requires = ("article.text", "article.sentences", "article.entities")
    assigns = ("article.events", "article.quotes")

    def __init__(self, method: str = "learned") -> None:
        self.method = method

    def setup(self) -> None:
        return None

    def __call__(self, article: Article) -> Article:
        return article  # coded in persist, once linking has given the mentions their entity ids

    def persist(self, conn: Connection, article: Article) -> None:
        self.code(conn, article, None if article.published else story_date(conn, article))
        if article.published and article.meta.get("story") is not None:
            self.reanchor_siblings(conn, article)

    def reanchor_siblings(self, conn: Connection, article: Article) -> None:
        """A dated article joined the story: if it moved the story's first dated day, re-code
        the story's undated articles, whose relative times ("a few weeks ago") are read from
        that day. A later-dated article leaves the anchor, and them, as they were (re-coding
        them for every article that joins made a big story ever slower to extend)."""
        from marsad.entities.stage import mentions_of
        from marsad.store.queries import get_article

        anchor = story_date(conn, article)
        if anchor is None or naive_utc(anchor) != naive_utc(article.published):
            return
        undated = conn.execute(
            select(articles.c.id).join(article_stories, article_stories.c.article_id == articles.c.id)
            .where(article_stories.c.story_id == article.meta["story"], articles.c.published.is_(None),
                   articles.c.id != article.id)
        ).scalars().all()
        if not undated:
            return
        context = mentions_of(conn, undated)
        for sibling_id in undated:
            sibling = get_article(conn, sibling_id)
            sibling.mentions = context.get(sibling_id, [])
            sibling.meta["story"] = article.meta["story"]
            self.code(conn, sibling, anchor)

    def code(self, conn: Connection, article: Article, anchor: Any) -> None:
        """Code one article and replace its stored events and quotes."""
        annotate(article, method=self.method, anchor=anchor)
        conn.execute(delete(events).where(events.c.article_id == article.id))
        conn.execute(delete(quotes).where(quotes.c.article_id == article.id))
        if article.events:
            conn.execute(events.insert(), [
                {"article_id": article.id, **{f: getattr(e, f) for f in EVENT_FIELDS}} for e in article.events])
        if article.quotes:
            conn.execute(quotes.insert(), [
                {"article_id": article.id, "sentence": q.sentence, "start": q.start, "end": q.end,
                 "speaker": q.speaker, "speaker_entity": q.speaker_entity, "verb": q.verb, "direct": q.direct,
                 "text": q.text} for q in article.quotes])
        conn.execute(articles.update().where(articles.c.id == article.id).values(meta=article.meta))


def story_date(conn: Connection, article: Article) -> Any:
    """The first dated day of the article's story: anchors relative times of an undated article."""
    from sqlalchemy import select

    from marsad.store.tables import stories

    story = article.meta.get("story")
    return conn.scalar(select(stories.c.first_seen).where(stories.c.id == story)) if story is not None else None


def sourced(rows: list[dict[str, Any]], texts: dict[str, str] | None = None) -> list[SourcedEvent]:
    """Stored event rows (store.events.list_events) as SourcedEvents for merging."""
    out = []
    for r in rows:
        event = Event(**{f: r[f] for f in EVENT_FIELDS})
        text = texts[r["article_id"]][r["start"]:r["end"]] if texts and r["article_id"] in texts else ""
        out.append(SourcedEvent(event=event, article_id=r["article_id"], source=r["source"] or "", lang=r["lang"],
                                text=text))
    return out


def sourced_rows(conn: Connection, rows: list[dict[str, Any]]) -> list[SourcedEvent]:
    """Stored event rows with their source spans read from the articles."""
    from sqlalchemy import select

    ids = sorted({r["article_id"] for r in rows})
    texts = dict(conn.execute(select(articles.c.id, articles.c.text).where(articles.c.id.in_(ids))).all()) if ids else {}
    return sourced(rows, texts)


def story_timeline(conn: Connection, story: int, **filters: Any) -> list[TimelineEntry]:
    """The story's events merged across articles and languages, by event date."""
    return merge_events(sourced_rows(conn, list_events(conn, story=story, **filters)))
