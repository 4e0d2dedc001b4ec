"""Store-aware glue for the entities stage: recognise in memory, link against the stored
catalogue inside the article's transaction, and `marsad reprocess --stage entities`.

The pure parts are in entities/ (NER, gazetteer, transliteration, linking). For each
article, only the stored entities it can link to are loaded (``load_catalogue``).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import numpy as np
from sqlalchemy import Connection, bindparam, delete, or_, select

from marsad.entities import ner
from marsad.entities.linking import EntityCatalog, EntityRecord, catalogue_keys, link
from marsad.entities.projection import with_projections
from marsad.entities.store import load_pins
from marsad.model import Article, Mention
from marsad.store.tables import (
    article_stories,
    articles,
    entities,
    entity_keys,
    mentions,
    sentence_vectors,
)


class NerStage:
    """Named-entity mentions (PER, ORG, LOC) of every sentence, in memory."""

    name = "ner"
    requires = ("article.text", "article.sentences", "article.lang")
    assigns = ("article.mentions",)

    def setup(self) -> None:
        ner.setup()

    def __call__(self, article: Article) -> Article:
        article.mentions = ner.recognise(article)
        return article

    def persist(self, conn: Connection, article: Article) -> None:
        return None  # the linking stage stores the mentions with their entities


class LinkStage:
    """Link mentions to canonical entities across scripts, within the article's story.

    Nothing is held between articles: for each article the stage loads from the store only the
    entities that share a matching key (``entity_keys``) with the names of the article and of
    its story context, or are the places they name (``linking.catalogue_keys``), which is all
    ``link`` consults. Memory therefore does not grow with the catalogue, a new process starts
    without reading it, and concurrent writers see each other's entities at once.
    """

    name = "entities"
    requires = ("article.mentions", "article.story")
    assigns = ("article.entities",)

    def setup(self) -> None:
        return None

    def __call__(self, article: Article) -> Article:
        return article  # linking needs the stored catalogue: it happens in persist

    def persist(self, conn: Connection, article: Article) -> None:
        story = article.meta.get("story")
        context = story_mentions(conn, story, exclude=article.id, recent=CONTEXT_ARTICLES) if story is not None else {}
        # names the sister articles have but NER missed here ("للأسد" for "Bashar al-Assad")
        article.mentions = with_projections(article, context)
        named = [*article.mentions, *(m for ms in context.values() for m in ms)]
        pins = load_pins(conn)  # the analyst's merges and splits
        catalog = load_catalogue(conn, named, also={p.key for m in named if (p := pins.of(m.text))})
        story_of = {aid: story for aid in [article.id, *context]}
        linked = link({article.id: article.mentions}, catalog, story_of=story_of,
                      seen_of={article.id: article.published}, context=context, taken=StoredKeys(conn, catalog),
                      pins=pins, aligned=aligned_sentences(conn, article, context))
        ids = write_entities(conn, catalog, sorted({key for _, _, key in linked}))
        write_mentions(conn, article.id, [(m, ids[key]) for _, m, key in linked])
        article.meta["entity_keys"] = sorted({key for _, _, key in linked})
        conn.execute(articles.update().where(articles.c.id == article.id).values(meta=article.meta))


def _vectors(conn: Connection, article_id: str, dim: int | None) -> np.ndarray | None:
    from marsad.embed import from_blob

    for row in conn.execute(select(sentence_vectors.c.vectors, sentence_vectors.c.dim)
                            .where(sentence_vectors.c.article_id == article_id).order_by(sentence_vectors.c.model)):
        if dim is None or row.dim == dim:
            return from_blob(row.vectors, row.dim)
    return None


def aligned_sentences(conn: Connection, article: Article, context: dict[str, list[Mention]]) -> set[tuple[tuple[str, int], tuple[str, int]]]:
    """Sentence pairs of ``article`` and of its story's articles in the other script that say
    the same thing (compare.align on the stored sentence vectors; about 0.96 precision on
    NTREX), both orders: evidence that names standing in them are one entity."""
    from marsad.compare.align import align_pair
    from marsad.entities.keys import has_arabic

    own = article.sentence_vectors
    own = np.asarray(own, dtype=np.float32) if own is not None and len(own) else _vectors(conn, article.id, None)
    if own is None or not len(own):
        return set()
    arabic = article.lang == "ar" if article.lang else any(has_arabic(m.text) for m in article.mentions)
    out: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    for aid, ms in context.items():
        if not ms or any(has_arabic(m.text) for m in ms) == arabic:
            continue  # the same script: no translation to align with
        other = _vectors(conn, aid, own.shape[1])
        if other is None or not len(other):
            continue
        for link in align_pair(own, other):
            for i, j in link.pairs():
                out |= {((article.id, i), (aid, j)), ((aid, j), (article.id, i))}
    return out


def load_catalogue(conn: Connection, mentions: list[Mention], also: set[str] = frozenset()) -> EntityCatalog:
    """The stored entities ``link`` may consult for ``mentions`` (see ``catalogue_keys``), and
    the entities keyed ``also`` (those the mentions' names are pinned to)."""
    keys, places = catalogue_keys(mentions)
    places = places | set(also)
    catalog = EntityCatalog()
    if not keys and not places:
        return catalog
    wanted = select(entity_keys.c.entity_id).where(entity_keys.c.key.in_(sorted(keys)))
    for row in conn.execute(select(entities).where(or_(entities.c.id.in_(wanted), entities.c.key.in_(sorted(places))))).mappings():
        catalog.entities[row["key"]] = record_from_row(row)
    return catalog


class StoredKeys:
    """Entity keys in use: in the article's catalogue or anywhere in the store."""

    def __init__(self, conn: Connection, catalog: EntityCatalog) -> None:
        self.conn, self.catalog = conn, catalog

    def __contains__(self, key: object) -> bool:
        return key in self.catalog.entities or self.conn.scalar(select(entities.c.id).where(entities.c.key == key)) is not None


def record_from_row(row: Any) -> EntityRecord:
    day = lambda v: v.date().isoformat() if v else None  # noqa: E731
    return EntityRecord(key=row["key"], label=row["label"], names=dict(row["names"] or {}),
                        aliases=dict(row["aliases"] or {}), keys=list(row["keys"] or []), mentions=row["mentions"],
                        articles={}, first_seen=day(row["first_seen"]), last_seen=day(row["last_seen"]),
                        place=row["place"])


def _day(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def write_entities(conn: Connection, catalog: EntityCatalog, keys: list[str]) -> dict[str, int]:
    """Insert or update the given catalogue records; returns key -> entity id. New entities are
    inserted one by one in key order (their ids follow it); the lookups, updates and key rows go
    in a few statements, not several per entity."""
    now = datetime.now(timezone.utc)
    ids = _entity_ids(conn, keys)
    stored: dict[int, set[str]] = {}
    for chunk in _chunks(sorted(ids.values())):
        for entity_id, key in conn.execute(select(entity_keys.c.entity_id, entity_keys.c.key)
                                           .where(entity_keys.c.entity_id.in_(chunk))):
            stored.setdefault(entity_id, set()).add(key)
    updates, new_keys = [], []
    for key in keys:
        rec = catalog.entities[key]
        values = dict(label=rec.label, names=rec.names, aliases=rec.aliases, mentions=rec.mentions,
                      first_seen=_day(rec.first_seen), last_seen=_day(rec.last_seen), keys=rec.keys, place=rec.place,
                      updated_at=now)
        found = ids.get(key)
        if found is None:
            found = ids[key] = conn.execute(entities.insert().values(key=key, **values)
                                            .returning(entities.c.id)).scalar_one()
        else:
            updates.append({"_id": found, **values})
        old = stored.get(found, set())
        if old - set(rec.keys):
            conn.execute(delete(entity_keys).where(entity_keys.c.entity_id == found,
                                                   entity_keys.c.key.in_(sorted(old - set(rec.keys)))))
        new_keys += [{"key": k, "entity_id": found} for k in sorted(set(rec.keys) - old)]
    if updates:
        conn.execute(entities.update().where(entities.c.id == bindparam("_id")), updates)
    if new_keys:
        conn.execute(entity_keys.insert(), new_keys)
    return {key: ids[key] for key in keys}


def _entity_ids(conn: Connection, keys: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for chunk in _chunks(keys):
        out.update((key, id_) for key, id_ in conn.execute(select(entities.c.key, entities.c.id).where(entities.c.key.in_(chunk))))
    return out


def _chunks(items: list, size: int = 500) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def write_mentions(conn: Connection, article_id: str, rows: list[tuple[Mention, int]]) -> None:
    conn.execute(delete(mentions).where(mentions.c.article_id == article_id))
    if rows:
        conn.execute(mentions.insert(), [
            {"article_id": article_id, "sentence": m.sentence, "start": m.start, "end": m.end, "text": m.text,
             "label": m.label, "lang": m.lang, "norm": m.norm, "score": m.score, "entity_id": entity_id}
            for m, entity_id in rows
        ])
        for m, entity_id in rows:
            m.entity_id = entity_id


CONTEXT_ARTICLES = 25  # linking context: the story's most recent articles, not all of them


def story_mentions(conn: Connection, story: int, exclude: str, recent: int | None = None) -> dict[str, list[Mention]]:
    """Stored mentions of the other articles of ``story``; with ``recent``, only of its
    ``recent`` most recently ingested ones (linking re-groups its context for every new
    article, so an unbounded context made a growing story ever slower to extend)."""
    members = (select(article_stories.c.article_id)
               .join(articles, articles.c.id == article_stories.c.article_id)
               .where(article_stories.c.story_id == story, article_stories.c.article_id != exclude))
    if recent is not None:
        members = members.order_by(articles.c.ingested_at.desc(), articles.c.id).limit(recent)
    return _mentions_by_article(conn.execute(
        select(mentions).where(mentions.c.article_id.in_(members.scalar_subquery() if recent is None else
                                                         select(members.subquery().c.article_id)))
        .order_by(mentions.c.article_id, mentions.c.start)
    ).mappings())


def mentions_of(conn: Connection, article_ids: list[str]) -> dict[str, list[Mention]]:
    """Stored mentions of the given articles, with their entity ids."""
    rows = conn.execute(select(mentions).where(mentions.c.article_id.in_(article_ids))
                        .order_by(mentions.c.article_id, mentions.c.start))
    return _mentions_by_article(rows.mappings())


def stored_mentions(conn: Connection, article_id: str) -> list[Mention]:
    """One article's stored mentions, with their entity ids."""
    return mentions_of(conn, [article_id]).get(article_id, [])


def _mentions_by_article(rows: Any) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = {}
    for r in rows:
        out.setdefault(r["article_id"], []).append(
            Mention(start=r["start"], end=r["end"], text=r["text"], label=r["label"], sentence=r["sentence"],
                    lang=r["lang"], norm=r["norm"], score=r["score"] or 1.0, entity_id=r["entity_id"]))
    return out
