"""Store-aware glue for the embed and story stages, and for `marsad recluster`.

The pure parts live in embed.py (backends), cluster.py (online clustering, recluster) and
vector_index.py (ANN). Here they meet the database: vectors are stored with the name of
the model that made them, story states are written in the article's transaction, and a
clusterer that lives in one process picks up stories another process wrote meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete, func, or_, select, text

from marsad.embed import (
    EmbeddingBackend,
    embed_articles,
    from_blob,
    get_backend,
    to_blob,
)
from marsad.model import Article
from marsad.store.tables import (
    article_stories,
    article_vectors,
    articles,
    sentence_vectors,
    sources,
    stories,
)
from marsad.stories.cluster import OnlineClusterer
from marsad.stories.recluster import recluster
from marsad.stories.evidence import cluster_keys, number_keys
from marsad.stories.opinion import is_opinion
from marsad.stories.state import ClusterItem, StoryState, is_short, params_for
from marsad.text.dates import naive_utc


class EmbedStage:
    """One vector per article (title + lead + body) and per sentence, in the model's space."""

    name = "embed"
    requires = ("article.text", "article.title", "article.sentences")
    assigns = ("article.vector", "article.sentence_vectors")

    def __init__(self, backend: EmbeddingBackend | None = None) -> None:
        self.backend = backend or get_backend()

    def setup(self) -> None:
        self.backend.setup()

    def __call__(self, article: Article) -> Article:
        embed_articles([article], self.backend)
        return article

    def persist(self, conn: Connection, article: Article) -> None:
        save_vectors(conn, article, self.backend)


def save_vectors(conn: Connection, article: Article, backend: EmbeddingBackend) -> None:
    conn.execute(delete(article_vectors).where(article_vectors.c.article_id == article.id))
    conn.execute(delete(sentence_vectors).where(sentence_vectors.c.article_id == article.id))
    conn.execute(article_vectors.insert().values(article_id=article.id, model=backend.name, dim=backend.dim,
                                                 vector=to_blob(article.vector)))
    if article.sentence_vectors is not None and len(article.sentence_vectors):
        conn.execute(sentence_vectors.insert().values(article_id=article.id, model=backend.name, dim=backend.dim,
                                                      vectors=to_blob(article.sentence_vectors)))


def load_sentence_vectors(conn: Connection, article_id: str, model: str) -> np.ndarray | None:
    row = conn.execute(select(sentence_vectors.c.vectors, sentence_vectors.c.dim).where(
        sentence_vectors.c.article_id == article_id, sentence_vectors.c.model == model)).first()
    return from_blob(row.vectors, row.dim) if row else None


class StoryStage:
    """Online story clustering: each new article joins its best story or opens one."""

    name = "stories"
    requires = ("article.vector", "article.mentions")
    assigns = ("article.story",)

    def __init__(self, backend: EmbeddingBackend | None = None) -> None:
        self.backend = backend or get_backend()
        self.params = params_for(self.backend.name)
        self.clusterer: OnlineClusterer | None = None
        self.synced: datetime | None = None

    def setup(self) -> None:
        return None

    def __call__(self, article: Article) -> Article:
        return article

    def persist(self, conn: Connection, article: Article) -> None:
        clusterer = self._sync(conn)
        assignment = clusterer.add(cluster_item(article))
        for state in clusterer.changed_states():
            self.synced = write_state(conn, state, self.backend.name)
        conn.execute(article_stories.insert().values(article_id=article.id, story_id=assignment.story_key,
                                                     score=assignment.score))
        article.meta["story"] = assignment.story_key

    def forget(self) -> None:
        """Drop the in-memory clusterer (after a rolled-back transaction); reloaded on next use."""
        self.clusterer, self.synced = None, None

    def _sync(self, conn: Connection) -> OnlineClusterer:
        """Load story states written since the last look (by this or another process).

        The first look loads only the stories that can still take articles (last seen within
        ``max_gap_days`` of the newest story); the clusterer then forgets stories as they go
        inactive, so memory follows the active stories, not the corpus. Stories written
        elsewhere are merged in by ``updated_at``. ``recluster`` and ``reprocess`` (in any
        process) delete and rewrite every story: when even the oldest stored story is newer than
        the last look, or none is left while some are held, the clusterer is loaded afresh.
        """
        model = stories.c.model == self.backend.name
        if self.clusterer is not None and self.synced is not None:
            oldest = conn.scalar(select(func.min(stories.c.updated_at)).where(model))
            if (oldest is None and self.clusterer.stories) or (oldest is not None and _aware(oldest) > self.synced):
                self.forget()
        query = select(stories.c.id, stories.c.state, stories.c.centroid, stories.c.updated_at).where(model)
        if self.clusterer is not None and self.synced is not None:
            query = query.where(stories.c.updated_at > self.synced)
        else:
            newest_last = conn.scalar(select(func.max(stories.c.last_seen)).where(model))
            if newest_last is not None:
                horizon = newest_last - timedelta(days=self.params.max_gap_days)
                query = query.where(or_(stories.c.last_seen.is_(None), stories.c.last_seen >= horizon))
        states = [read_state(r) for r in conn.execute(query)]
        newest = conn.scalar(select(func.max(stories.c.updated_at)))
        if self.clusterer is None:
            next_key = (conn.scalar(select(func.max(stories.c.id))) or 0) + 1
            self.clusterer = OnlineClusterer(self.backend.dim, self.params, states, next_key=next_key, keep_inactive=False)
        elif states:  # another process wrote stories: rebuild the clusterer over the union
            merged = {**self.clusterer.stories, **{s.key: s for s in states}}
            next_key = max(self.clusterer.next_key, max(merged) + 1)
            self.clusterer = OnlineClusterer(self.backend.dim, self.params, merged.values(), next_key=next_key,
                                             keep_inactive=False)
        self.synced = _aware(newest) if newest else self.synced
        return self.clusterer


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


EVIDENCE_VERSION = 3  # 2: figures and the short-text flag (issue 15); 3: surname sound keys, table organisations, opinion flag


def cluster_item(article: Article) -> ClusterItem:
    if article.meta.get("cluster_evidence") != EVIDENCE_VERSION:  # computed once; again after a change of the rules
        article.meta["cluster_keys"] = sorted(set(cluster_keys(article.mentions)) | set(number_keys(f"{article.title}\n{article.text}")))
        article.meta["cluster_short"] = is_short(article.title, article.text)
        article.meta["cluster_opinion"] = is_opinion(article.title, article.text, article.url)
        article.meta["cluster_evidence"] = EVIDENCE_VERSION
    keys = frozenset(str(k) for k in article.meta["cluster_keys"])
    return ClusterItem(id=article.id, vector=np.asarray(article.vector, dtype=np.float32), published=article.published,
                       entity_keys=keys, lang=article.lang, source=article.source, title=article.title,
                       short=bool(article.meta["cluster_short"]), opinion=bool(article.meta.get("cluster_opinion", False)))


def read_state(row: Any) -> StoryState:
    data = dict(row.state)
    data["centroid_sum"] = np.frombuffer(row.centroid, dtype="<f4").astype(np.float32)
    return StoryState.from_dict(data)


def write_state(conn: Connection, state: StoryState, model: str) -> datetime:
    """Insert or update one story row from its clusterer state; returns its update time."""
    data = state.to_dict()
    data.pop("centroid_sum")
    titles = {lang: title for lang, (title, _) in sorted(state.titles.items())}
    main_lang = max(state.languages, key=lambda k: (state.languages[k], k)) if state.languages else None
    values = dict(
        title=titles.get("en") or titles.get(main_lang or "", "") or next(iter(titles.values()), ""),
        titles=titles, languages=sorted(state.languages), sources=sorted(state.sources),
        first_seen=naive_utc(state.first), last_seen=naive_utc(state.last), size=state.count, state=data,
        centroid=to_blob(state.centroid_sum), model=model, updated_at=datetime.now(timezone.utc),
    )
    done = conn.execute(stories.update().where(stories.c.id == state.key).values(**values))
    if done.rowcount == 0:
        conn.execute(stories.insert().values(id=state.key, **values))
        if conn.dialect.name == "postgresql":  # explicit ids: keep the serial sequence ahead of them
            conn.execute(text("SELECT setval(pg_get_serial_sequence('stories', 'id'), (SELECT max(id) FROM stories))"))
    return values["updated_at"]


def stored_items(conn: Connection, model: str, scope: set[int] | None = None) -> tuple[list[ClusterItem], dict[str, int]]:
    """Every clustered article as a ClusterItem, and its current story (with ``scope``, only
    the articles of those stories)."""
    query = (
        select(articles.c.id, articles.c.published, articles.c.lang, articles.c.title, articles.c.meta,
               sources.c.name.label("source"), article_vectors.c.vector, article_vectors.c.dim,
               article_stories.c.story_id)
        .select_from(articles.join(article_vectors, article_vectors.c.article_id == articles.c.id)
                     .outerjoin(sources).outerjoin(article_stories, article_stories.c.article_id == articles.c.id))
        .where(article_vectors.c.model == model, articles.c.duplicate_of.is_(None))
        .order_by(articles.c.id)
    )
    if scope is not None:
        query = query.where(article_stories.c.story_id.in_(sorted(scope)))
    rows = conn.execute(query)
    items, assignment = [], {}
    for r in rows:
        meta = r.meta or {}
        items.append(ClusterItem(id=r.id, vector=from_blob(r.vector, r.dim)[0], published=r.published,
                                 entity_keys=frozenset(str(k) for k in meta.get("cluster_keys", [])),
                                 lang=r.lang, source=r.source or "", title=r.title, short=bool(meta.get("cluster_short", False)),
                                 opinion=bool(meta.get("cluster_opinion", False))))
        if r.story_id is not None:
            assignment[r.id] = r.story_id
    return items, assignment


def recluster_store(conn: Connection, backend: EmbeddingBackend | None = None,
                    run_id: int | Sequence[int] | None = None, start: str | None = None) -> dict[str, Any]:
    """The merge/split pass; rewrites stories and memberships.

    ``start`` (:func:`marsad.stories.recluster.recluster`): "online" refines the stored stories
    (splits and merges that each raise the online objective; what `marsad ingest` ends with, so
    the pass does not undo what the online pass got right); "singletons" rebuilds them from
    single articles, a result that depends only on the set of articles, not on the order they
    arrived in (`marsad recluster`, the default without ``run_id``). With ``run_id`` (what
    `marsad ingest` does after a run), only over the stories that run can have changed
    (``run_scope``): the work and memory then follow the run and the stories active around its
    dates, not the corpus. Several run ids: the stories any of them can have changed (a run
    closes the passes a killed run left owed).
    """
    from marsad.store.db import crash_point, lock_corpus

    backend = backend or get_backend()
    params = params_for(backend.name)
    lock_corpus(conn)
    scope = None if run_id is None else run_scope(conn, run_id, backend.name, params.max_gap_days)
    if scope is not None and not scope:
        return {"articles": 0, "stories": 0, "merged": 0, "split": 0, "moved": 0, "scope": "run", "start": start or "online"}
    items, current = stored_items(conn, backend.name, scope)
    next_key = (conn.scalar(select(func.max(stories.c.id))) or 0) + 1
    start = start or ("singletons" if run_id is None else "online")
    result = recluster(items, {k: v for k, v in current.items()}, params, next_key=next_key, start=start)
    if scope is None:
        conn.execute(delete(article_stories))
        conn.execute(delete(stories))
    else:
        conn.execute(delete(article_stories).where(article_stories.c.story_id.in_(sorted(scope))))
        conn.execute(delete(stories).where(stories.c.id.in_(sorted(scope))))
    crash_point("recluster")  # tests/test_killed_run.py: old stories deleted, new ones not yet written
    for state in result.states:
        write_state(conn, state, backend.name)
    if result.assignment:
        conn.execute(article_stories.insert(), [{"article_id": a, "story_id": s, "score": None}
                                                for a, s in sorted(result.assignment.items())])
    moved = sum(1 for a, s in result.assignment.items() if current.get(a) != s)
    return {"articles": len(items), "stories": len(result.states), "merged": len(result.merged),
            "split": len(result.split), "moved": moved, "scope": "all" if scope is None else "run", "start": start}


def run_scope(conn: Connection, run_id: int | Sequence[int], model: str, max_gap_days: float) -> set[int]:
    """Stories a run (or runs) can have changed: those its new articles joined, and every story
    whose span comes within ``max_gap_days`` of the run's publication dates (only those can
    merge with them: the time gate of cluster.py). A story older than that is left as it is."""
    run_ids = [run_id] if isinstance(run_id, int) else sorted(set(run_id))
    rows = conn.execute(
        select(article_stories.c.story_id, articles.c.published)
        .join(articles, articles.c.id == article_stories.c.article_id)
        .where(articles.c.run_id.in_(run_ids), articles.c.duplicate_of.is_(None))
    ).all()
    scope = {story for story, _ in rows}
    dated = [published for _, published in rows if published is not None]
    if dated:
        lo, hi = min(dated) - timedelta(days=max_gap_days), max(dated) + timedelta(days=max_gap_days)
        scope |= set(conn.scalars(select(stories.c.id).where(
            stories.c.model == model, stories.c.last_seen >= lo, stories.c.first_seen <= hi)))
    return scope
