"""Entities out: the catalogue as a table, and the co-mention graph (nodes and weighted edges)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, Select, distinct, func, select

from marsad.export.columns import Col, Row
from marsad.export.filters import ExportFilter
from marsad.export.streaming import Tick, count_rows, stream_rows
from marsad.store.tables import article_stories, articles, entities, mentions, sources

COLUMNS = [
    Col("id", "int", "entity id"),
    Col("key", "string", "canonical key (label and matching form of the preferred name)"),
    Col("label", "string", "PER, ORG, LOC or MISC"),
    Col("mentions", "int", "number of linked mentions in the whole corpus"),
    Col("name_en", "string", "preferred Latin-script name"),
    Col("name_ar", "string", "preferred Arabic-script name"),
    Col("names", "map", "preferred name per language or script (en/latin/ar -> name)"),
    Col("aliases", "string", "every surface form seen, sorted, joined with ' | '"),
    Col("first_seen", "date", "publication day of the earliest article mentioning it"),
    Col("last_seen", "date", "publication day of the latest article mentioning it"),
]


def _mentioning_articles(flt: ExportFilter) -> Select | None:
    """The articles whose mentions count under the filter, or None when all do."""
    if flt.story is None and not flt.lang and not flt.source:
        return None
    q = select(articles.c.id)
    if flt.story is not None:
        q = q.join(article_stories, article_stories.c.article_id == articles.c.id).where(
            article_stories.c.story_id == flt.story)
    if flt.lang:
        q = q.where(articles.c.lang == flt.lang)
    if flt.source:
        q = q.join(sources, sources.c.id == articles.c.source_id).where(sources.c.name == flt.source)
    return q


def entity_query(flt: ExportFilter) -> Select:
    q = select(entities.c.id, entities.c.key, entities.c.label, entities.c.mentions, entities.c.names,
               entities.c.aliases, entities.c.first_seen, entities.c.last_seen)
    q = q.where(entities.c.mentions >= flt.min_mentions)
    scope = _mentioning_articles(flt)
    if scope is not None:
        q = q.where(entities.c.id.in_(select(mentions.c.entity_id).where(mentions.c.article_id.in_(scope))))
    if flt.since:
        q = q.where(entities.c.last_seen >= flt.since)
    if flt.until:
        q = q.where(entities.c.first_seen < flt.until_exclusive)
    return q.order_by(entities.c.id)


def entity_row(r: dict) -> Row:
    names = r["names"] or {}
    return {
        "id": r["id"], "key": r["key"], "label": r["label"], "mentions": r["mentions"],
        "name_en": names.get("en") or names.get("latin") or "", "name_ar": names.get("ar") or "", "names": names,
        "aliases": " | ".join(sorted(r["aliases"] or {})),
        "first_seen": r["first_seen"].date() if r["first_seen"] else None,
        "last_seen": r["last_seen"].date() if r["last_seen"] else None,
    }


def count(conn: Connection, flt: ExportFilter) -> int:
    return count_rows(conn, entity_query(flt))


def rows(conn: Connection, flt: ExportFilter, tick: Tick | None = None) -> Iterator[Row]:
    for r in stream_rows(conn, entity_query(flt), tick):
        yield entity_row(r)


def edges(conn: Connection, flt: ExportFilter, ids: set[int]) -> Iterator[tuple[int, int, int]]:
    """(entity a, entity b, articles mentioning both), a < b, both among ``ids``; within the
    filter's articles when it names a story, language or source."""
    a, b = mentions.alias("a"), mentions.alias("b")
    q = (select(a.c.entity_id, b.c.entity_id, func.count(distinct(a.c.article_id)))
         .select_from(a.join(b, a.c.article_id == b.c.article_id))
         .where(a.c.entity_id < b.c.entity_id))
    scope = _mentioning_articles(flt)
    if scope is not None:
        q = q.where(a.c.article_id.in_(scope))
    q = q.group_by(a.c.entity_id, b.c.entity_id).order_by(a.c.entity_id, b.c.entity_id)
    for row in stream_rows(conn, q):
        x, y, n = row.values()
        if x in ids and y in ids:
            yield x, y, n
