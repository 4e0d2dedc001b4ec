"""Read-side queries for entities and their mentions (written by the entities stage)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, distinct, func, select

from marsad.errors import NotFound
from marsad.store.queries import _jsonable_row
from marsad.store.tables import article_stories, articles, entities, mentions, stories
from marsad.text.normalise import fold

ENTITY_COLUMNS = (entities.c.id, entities.c.key, entities.c.label, entities.c.names, entities.c.aliases,
                  entities.c.mentions, entities.c.first_seen, entities.c.last_seen)


def list_entities(conn: Connection, *, label: str | None = None, story: int | None = None, query: str | None = None,
                  limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Entities by number of mentions; filter by type, story or a name fragment (any script)."""
    q = select(*ENTITY_COLUMNS)
    if label:
        q = q.where(entities.c.label == label.upper())
    if story is not None:
        in_story = (
            select(mentions.c.entity_id)
            .join(article_stories, article_stories.c.article_id == mentions.c.article_id)
            .where(article_stories.c.story_id == story)
        )
        q = q.where(entities.c.id.in_(in_story))
    rows = [_jsonable_row(r) for r in conn.execute(q.order_by(entities.c.mentions.desc(), entities.c.id)).mappings()]
    if query:
        needle = fold(query)
        rows = [r for r in rows if any(needle in fold(a) for a in [*r["aliases"], *r["names"].values()])]
    return rows[offset : offset + limit]


def lookup_keys(name: str) -> set[str]:
    """The matching keys a looked-up name may have: its name key (Arabic letter variants folded,
    ال / al- removed, any apostrophe dropped) and, for Arabic, the Latin keys of its spellings."""
    from marsad.entities.keys import name_key
    from marsad.entities.transliterate import latin_keys

    return {name_key(name), *latin_keys(name)} - {""}


def _by_keys(conn: Connection, alternatives: list[set[str]]) -> tuple[int, int] | None:
    """The most-mentioned entity having, for every set of ``alternatives``, one of its keys
    (a whole name's keys, or one set per word of it)."""
    from marsad.store.tables import entity_keys

    found: set[int] | None = None
    for keys in alternatives:
        ids = set(conn.scalars(select(entity_keys.c.entity_id).where(entity_keys.c.key.in_(sorted(keys)))))
        found = ids if found is None else found & ids
        if not found:
            return None
    row = conn.execute(select(entities.c.id, entities.c.mentions).where(entities.c.id.in_(sorted(found or ())))
                       .order_by(entities.c.mentions.desc(), entities.c.id).limit(1)).first()
    return (row[0], row[1]) if row else None


def _by_sound(conn: Connection, name: str) -> tuple[int, int] | None:
    """The most-mentioned entity with a name in the other script that sounds like ``name``
    ("Putin" / "بوتين": the transliteration model spells it "Boutine")."""
    from marsad.entities.keys import has_arabic
    from marsad.entities.phonetic import sounds_alike

    best: tuple[int, int] | None = None
    for row in conn.execute(select(entities.c.id, entities.c.aliases, entities.c.mentions)
                            .order_by(entities.c.mentions.desc(), entities.c.id)).mappings():
        if any(has_arabic(a) != has_arabic(name) and sounds_alike(name, a) for a in row["aliases"]):
            best = (row["id"], row["mentions"])
            break
    return best


def find_entity(conn: Connection, name_or_id: str) -> int:
    """An entity id from an id, or from a name/alias in any script (most-mentioned match).

    A name matches an entity when its name key equals the key of one of the entity's names or
    aliases ("shibani" finds "al-Shibani", "al-Shar'a" finds "al-Shar’a", "بشار الأسد" finds
    "بشار الأسد"), else when one of its keys is one of the entity's stored matching keys (the
    Latin keys of its Arabic names: "Putin" finds "بوتين")."""
    from marsad.entities.keys import name_key

    if name_or_id.isascii() and name_or_id.isdigit() and len(name_or_id) < 19 and conn.scalar(select(entities.c.id).where(entities.c.id == int(name_or_id))):
        return int(name_or_id)
    needle, folded = name_key(name_or_id), fold(name_or_id).strip()
    best: tuple[int, int] | None = None
    rows = conn.execute(select(entities.c.id, entities.c.aliases, entities.c.names, entities.c.mentions)).mappings()
    for row in rows:
        names = [*row["aliases"], *row["names"].values()]
        if (folded in {fold(a).strip() for a in names} or needle and needle in {name_key(a) for a in names}) \
                and (best is None or row["mentions"] > best[1]):
            best = (row["id"], row["mentions"])
    if best is None:
        best = _by_keys(conn, [lookup_keys(name_or_id)]) or _by_keys(conn, [lookup_keys(w) for w in needle.split()])
    if best is None:
        best = _by_sound(conn, name_or_id)
    if best is None:
        raise NotFound("E501", name=name_or_id)
    return best[0]


def get_entity(conn: Connection, entity_id: int, co_limit: int = 20) -> dict[str, Any]:
    """An entity with its mentions, stories and co-mentioned entities."""
    row = conn.execute(select(*ENTITY_COLUMNS).where(entities.c.id == entity_id)).mappings().first()
    if row is None:
        raise NotFound("E501", name=str(entity_id))
    entity = _jsonable_row(row)
    entity["mention_list"] = [
        _jsonable_row(m) for m in conn.execute(
            select(mentions.c.article_id, mentions.c.sentence, mentions.c.start, mentions.c.end, mentions.c.text,
                   articles.c.title, articles.c.lang)
            .join(articles, articles.c.id == mentions.c.article_id)
            .where(mentions.c.entity_id == entity_id).order_by(mentions.c.article_id, mentions.c.start).limit(500)
        ).mappings()
    ]
    entity["stories"] = [
        _jsonable_row(s) for s in conn.execute(
            select(stories.c.id, stories.c.title, stories.c.size, func.count().label("mentions"))
            .select_from(mentions.join(article_stories, article_stories.c.article_id == mentions.c.article_id)
                         .join(stories, stories.c.id == article_stories.c.story_id))
            .where(mentions.c.entity_id == entity_id)
            .group_by(stories.c.id, stories.c.title, stories.c.size).order_by(func.count().desc())
        ).mappings()
    ]
    entity["co_mentioned"] = co_mentioned(conn, entity_id, co_limit)
    return entity


def co_mentioned(conn: Connection, entity_id: int, limit: int = 20) -> list[dict[str, Any]]:
    """Entities mentioned in the same articles, with the number of shared articles."""
    other = mentions.alias("other")
    rows = conn.execute(
        select(entities.c.id, entities.c.label, entities.c.names, entities.c.key,
               func.count(distinct(mentions.c.article_id)).label("articles"))
        .select_from(mentions.join(other, and_(other.c.article_id == mentions.c.article_id,
                                               other.c.entity_id != mentions.c.entity_id))
                     .join(entities, entities.c.id == other.c.entity_id))
        .where(mentions.c.entity_id == entity_id)
        .group_by(entities.c.id)  # the key determines the other columns (and JSON has no "=" on PostgreSQL)
        .order_by(func.count(distinct(mentions.c.article_id)).desc(), entities.c.id).limit(limit)
    ).mappings()
    return [_jsonable_row(r) for r in rows]


def article_mentions(conn: Connection, article_id: str) -> list[dict[str, Any]]:
    """Mentions of one article in text order, with their entity's key and names."""
    rows = conn.execute(
        select(mentions.c.sentence, mentions.c.start, mentions.c.end, mentions.c.text, mentions.c.label,
               mentions.c.entity_id, entities.c.key, entities.c.names)
        .select_from(mentions.outerjoin(entities, entities.c.id == mentions.c.entity_id))
        .where(mentions.c.article_id == article_id).order_by(mentions.c.start)
    ).mappings()
    return [dict(r) for r in rows]


def pair_mentions(conn: Connection, pair_field: str = "ntrex_doc_id") -> list[dict[str, Any]]:
    """Mentions of articles that carry ``pair_field`` in their meta (an NTREX document's two
    sides): pair id, article language, surface text, entity id and the entity's type."""
    rows = conn.execute(
        select(articles.c.meta, articles.c.lang, mentions.c.text, mentions.c.entity_id, entities.c.label)
        .select_from(mentions.join(articles, articles.c.id == mentions.c.article_id)
                     .join(entities, entities.c.id == mentions.c.entity_id))
        .order_by(mentions.c.article_id, mentions.c.start)
    ).mappings()
    out = []
    for r in rows:
        meta = r["meta"] or {}
        if meta.get(pair_field) is not None:
            out.append({"pair": str(meta[pair_field]), "lang": meta.get("lang") or r["lang"], "text": r["text"],
                        "entity_id": r["entity_id"], "label": r["label"]})
    return out


__all__ = ["pair_mentions", "list_entities", "find_entity", "get_entity", "co_mentioned", "article_mentions"]
