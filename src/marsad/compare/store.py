"""Load a story's articles, sentence vectors, linked mentions and entity names from the
store and compare them (`marsad compare`, the API and the web UI call this)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

import numpy as np
from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError

from marsad.compare import StoryComparison, compare_story
from marsad.embed import get_backend
from marsad.entities.stage import mentions_of
from marsad.store.queries import get_article
from marsad.store.stories import get_story
from marsad.store.tables import clause_vectors, entities
from marsad.stories.stage import load_sentence_vectors


def compare_stored_story(conn: Connection, story_id: int) -> StoryComparison:
    """The comparison of every article of ``story_id`` (E302 when there is no such story)."""
    story = get_story(conn, story_id)
    return compare_stored_articles(conn, [a["id"] for a in story["articles"]])


def compare_stored_articles(conn: Connection, article_ids: list[str]) -> StoryComparison:
    """The comparison of the given stored articles, in that order (whatever their stories)."""
    backend = get_backend()
    articles = [get_article(conn, aid) for aid in article_ids]
    mentions = mentions_of(conn, list(article_ids))
    vectors = {}
    for art in articles:
        stored = load_sentence_vectors(conn, art.id, backend.name)
        if stored is None or len(stored) != len(art.sentences):
            stored = backend.embed_sentences([s.text for s in art.sentences])
        vectors[art.id] = stored
        art.mentions = mentions.get(art.id, [])
    ids = sorted({m.entity_id for ms in mentions.values() for m in ms if m.entity_id is not None})
    names = {r.id: dict(r.names or {}) for r in conn.execute(select(entities.c.id, entities.c.names).where(entities.c.id.in_(ids)))}
    return compare_story(articles, sentence_vectors=vectors, mentions=mentions, entity_names=names,
                         embed=cached_embed(conn, backend.name, backend.embed_sentences))


log = logging.getLogger(__name__)


def cached_embed(conn: Connection, model: str, embed: Callable[[list[str]], np.ndarray]
                 ) -> Callable[[list[str]], np.ndarray]:
    """``embed`` through the ``clause_vectors`` table: texts embedded once are read back.

    A comparison embeds clauses (parts of sentences), which ingest does not store; keeping
    them means the next `marsad compare` of the story, in a new process, loads no model.
    New vectors are written in their own transaction; a store that cannot take the write
    (read-only file, busy writer) just computes them again next time."""

    def run(texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        found: dict[str, np.ndarray] = {}
        wanted = sorted(set(keys))
        for lo in range(0, len(wanted), 500):
            rows = conn.execute(select(clause_vectors.c.text_hash, clause_vectors.c.dim, clause_vectors.c.vector)
                                .where(clause_vectors.c.model == model,
                                       clause_vectors.c.text_hash.in_(wanted[lo:lo + 500])))
            for h, dim, blob in rows:
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.size == dim:
                    found[h] = vec
        missing, asked = [], set()
        for i, k in enumerate(keys):
            if k not in found and k not in asked:
                asked.add(k)
                missing.append(i)
        if missing:  # each new text embedded once, in first-seen order
            fresh = np.asarray(embed([texts[i] for i in missing]), dtype=np.float32)
            new = {keys[i]: vec for i, vec in zip(missing, fresh)}
            found.update(new)
            _keep(conn, model, new)
        return np.stack([found[k] for k in keys]) if keys else np.zeros((0, 0), dtype=np.float32)

    return run


def _keep(conn: Connection, model: str, new: dict[str, np.ndarray]) -> None:
    rows = [{"model": model, "text_hash": h, "dim": int(v.size), "vector": v.astype(np.float32).tobytes()}
            for h, v in new.items()]
    try:
        with conn.engine.begin() as write:
            have = set(write.execute(select(clause_vectors.c.text_hash).where(
                clause_vectors.c.model == model, clause_vectors.c.text_hash.in_(list(new)))).scalars())
            rows = [r for r in rows if r["text_hash"] not in have]
            if rows:
                write.execute(clause_vectors.insert(), rows)
    except SQLAlchemyError as exc:  # a cache: never fail the comparison for it
        log.info("clause vectors not kept: %s", str(exc).splitlines()[0])
