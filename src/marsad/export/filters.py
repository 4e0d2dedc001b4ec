"""What an export covers: ``--story --since --until --lang --source`` (and two kind-specific options)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select

from marsad.errors import MarsadError
from marsad.store.tables import article_stories, articles, sources


@dataclass(frozen=True)
class ExportFilter:
    """Bounds are inclusive; an ``until`` without a time covers the whole day.

    What each bound applies to depends on the kind (docs/exports.md): articles and quotes by
    publication date, stories and entities by the span they were seen in, events by event
    date, claims by their story's span.
    """

    story: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    lang: str | None = None
    source: str | None = None
    duplicates: bool = False  # articles: include copies recorded as duplicates
    min_mentions: int = 1  # entities: leave out those with fewer mentions

    @property
    def until_exclusive(self) -> datetime | None:
        """The first instant after ``until``: the next day for a bare date, else ``until`` + 1 µs."""
        if self.until is None:
            return None
        if self.until.time() == datetime.min.time():
            return self.until + timedelta(days=1)
        return self.until + timedelta(microseconds=1)


def parse_bound(value: str | date | datetime | None, name: str) -> datetime | None:
    """``2025-11-22`` or ``2025-11-22T10:00`` -> a naive datetime (E910 when it is neither)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(str(value).strip()).replace(tzinfo=None)
    except ValueError:
        raise MarsadError("E910", name=name, value=value) from None


def within_articles(q: Select, flt: ExportFilter, published: bool = True) -> Select:
    """``q`` (rows joined to their article, its source and its story) kept to ``--story``,
    ``--lang``, ``--source`` and, with ``published``, to ``--since/--until`` by publication date."""
    if flt.story is not None:
        q = q.where(article_stories.c.story_id == flt.story)
    if flt.lang:
        q = q.where(articles.c.lang == flt.lang)
    if flt.source:
        q = q.where(sources.c.name == flt.source)
    if published and flt.since:
        q = q.where(articles.c.published >= flt.since)
    if published and flt.until:
        q = q.where(articles.c.published < flt.until_exclusive)
    return q
