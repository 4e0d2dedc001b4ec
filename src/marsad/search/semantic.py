"""Semantic search over stored article vectors through a persisted ANN index.

The index (usearch HNSW, see vector_index.py) lives beside an SQLite database as
``<db>.d/articles-<model>.usearch`` (in memory only for other databases). It is updated
incrementally: before a search, vectors stored since the index was saved are added, and
the file is saved again. ``rebuild()`` (``marsad reindex``) makes it anew from the store.
Keys are the article ids read as 64-bit integers (ids are 16 hex digits).
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, func, select

from marsad.embed import from_blob, get_backend
from marsad.search.vector_index import VectorIndex
from marsad.store.tables import article_vectors, articles, sentence_vectors

_LOCK = threading.Lock()
_OPEN: dict[tuple[str, str], VectorIndex] = {}


def key_of(article_id: str) -> int:
    return int(article_id[:16], 16)


def id_of(key: int) -> str:
    return f"{key:016x}"


def index_path(conn: Connection, model: str) -> Path | None:
    url = conn.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    db = Path(url.database)
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in model)
    return db.with_name(db.name + ".d") / f"articles-{safe}.usearch"


def _vectors(conn: Connection, model: str, missing_from: VectorIndex | None = None,
             since: datetime | None = None) -> tuple[list[int], np.ndarray | None]:
    query = (
        select(article_vectors.c.article_id, article_vectors.c.vector, article_vectors.c.dim)
        .join(articles, articles.c.id == article_vectors.c.article_id)
        .where(article_vectors.c.model == model, articles.c.duplicate_of.is_(None))
        .order_by(article_vectors.c.article_id)
    )
    rows = conn.execute(query if since is None else query.where(articles.c.ingested_at > since))
    keys, vecs = [], []
    for r in rows:
        key = key_of(r.article_id)
        if missing_from is not None and key in missing_from:
            continue
        keys.append(key)
        vecs.append(from_blob(r.vector, r.dim)[0])
    return keys, (np.stack(vecs) if vecs else None)


def rebuild(conn: Connection, model: str | None = None) -> int:
    """Build the article index from the store and save it; returns its size."""
    backend = get_backend(model)
    keys, vecs = _vectors(conn, backend.name)
    index = VectorIndex.build(keys, vecs if vecs is not None else np.zeros((0, backend.dim), np.float32), backend.dim)
    _save(conn, backend.name, index)
    return len(index)


def _save(conn: Connection, model: str, index: VectorIndex) -> None:
    path = index_path(conn, model)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        index.save(path)
    _OPEN[(str(conn.engine.url), model)] = index


FULL_CHECK_S = 60.0  # how often a search process re-counts the stored vectors (deletions, late commits)
_SEEN: dict[tuple[str, str], tuple[datetime | None, float]] = {}  # newest ingested_at indexed, last full check


def article_index(conn: Connection, model: str, dim: int) -> VectorIndex:
    """The up-to-date index for ``model``: loaded, topped up with new vectors, or rebuilt.

    Between full checks (every ``FULL_CHECK_S`` seconds, and on first use) a search only asks
    for the newest ``ingested_at`` (indexed) and reads the vectors of articles ingested since
    the last look: its cost does not grow with the corpus. The full check counts the stored
    vectors, rebuilds when articles were removed and catches what the quick look can miss (an
    article committed late by a concurrent writer)."""
    with _LOCK:
        cache_key = (str(conn.engine.url), model)
        index = _OPEN.get(cache_key)
        newest = conn.scalar(select(func.max(articles.c.ingested_at)))
        seen, checked = _SEEN.get(cache_key, (None, 0.0))
        if index is not None and time.monotonic() - checked < FULL_CHECK_S:
            if newest != seen:
                keys, vecs = _vectors(conn, model, missing_from=index, since=seen)
                if keys:
                    index.upsert(keys, vecs)
                _SEEN[cache_key] = (newest, checked)
            return index
        if index is None:
            path = index_path(conn, model)
            index = VectorIndex.load(path, dim) if path is not None and path.exists() else VectorIndex(dim)
        stored = conn.scalar(select(func.count()).select_from(article_vectors.join(articles)).where(
            article_vectors.c.model == model, articles.c.duplicate_of.is_(None))) or 0
        if stored < len(index):  # articles were removed: start again
            index = VectorIndex(dim)
        if stored != len(index):
            keys, vecs = _vectors(conn, model, missing_from=index)
            if keys:
                index.upsert(keys, vecs)
            _save(conn, model, index)
        _OPEN[cache_key] = index
        _SEEN[cache_key] = (newest, time.monotonic())
        return index


# The semantic half always contributes its nearest neighbours, ranked, to the fusion (an
# absolute floor of 0.2 silenced it on small corpora: a short English query and the Arabic
# article it is about score ~0.1 with use-m3); only neighbours pointing away are dropped.
MIN_SIMILARITY = 0.0


def semantic_matches(conn: Connection, query: str, k: int = 50, model: str | None = None,
                     min_similarity: float = MIN_SIMILARITY) -> list[tuple[str, float, int | None]]:
    """(article id, similarity, index of its best sentence) nearest to the query, best first.

    The article index proposes the ``k`` nearest articles (any language, whatever the corpus
    size); each is scored by the better of its whole-article cosine and
    its best *sentence* cosine, since a short query ("Hmeimim air base") is about one sentence
    of an article, not about its average. Neighbours below ``min_similarity`` are dropped."""
    backend = get_backend(model)
    index = article_index(conn, backend.name, backend.dim)
    if len(index) == 0:
        return []
    vector = backend.embed_queries([query])[0]
    found = [(id_of(key), sim) for key, sim in index.search(vector, min(len(index), k))]
    rows = conn.execute(select(sentence_vectors.c.article_id, sentence_vectors.c.vectors, sentence_vectors.c.dim).where(
        sentence_vectors.c.model == backend.name, sentence_vectors.c.article_id.in_([a for a, _ in found]))) if found else []
    by_article = {r.article_id: from_blob(r.vectors, r.dim) for r in rows}
    scored = []
    for article_id, sim in found:
        best, sents = None, by_article.get(article_id)
        if sents is not None and len(sents):
            cos = sents @ vector
            best = int(np.argmax(cos))
            sim = max(float(sim), float(cos[best]))
        if sim >= min_similarity:
            scored.append((article_id, float(sim), best))
    scored.sort(key=lambda t: (-t[1], t[0]))
    return scored[:k]


def semantic_ids(conn: Connection, query: str, k: int = 50, model: str | None = None,
                 min_similarity: float = MIN_SIMILARITY) -> list[str]:
    """Article ids nearest to the query's embedding (any language), best first (:func:`semantic_matches`)."""
    return [a for a, _, _ in semantic_matches(conn, query, k, model, min_similarity)]
