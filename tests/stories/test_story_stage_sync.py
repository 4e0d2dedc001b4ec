"""StoryStage keeps its in-memory stories in step with the store: other writers' stories are
merged in, a recluster elsewhere (every story deleted and rewritten) makes it load afresh."""

from __future__ import annotations

import json

from sqlalchemy import select

from marsad.embed import HashBackend
from marsad.ingest.sources import SourceOptions, iter_items
from marsad.pipeline import Pipeline
from marsad.store.tables import stories
from marsad.stories.stage import EmbedStage, StoryStage, recluster_store


class NoMentions:
    name, requires, assigns = "no-ner", ("article.text",), ("article.mentions",)

    def setup(self) -> None:
        return None

    def __call__(self, article):
        article.mentions = []
        return article

    def persist(self, conn, article) -> None:
        return None


def _pipeline(store) -> tuple[Pipeline, StoryStage]:
    backend = HashBackend()
    stage = StoryStage(backend)
    return Pipeline(store=store, stages=[EmbedStage(backend), NoMentions(), stage]), stage


def _ingest(pipeline: Pipeline, folder, name: str, records: list[dict]) -> None:
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    summary = pipeline.run_items(iter_items([str(path)], SourceOptions()), [str(path)])
    assert summary.failed == 0


def _article(i: int, words: str, day: str) -> dict:
    return {"id": f"a{i}", "title": f"{words} {i}", "text": f"{words} report number {i}. " * 3, "date": day}


def _held(stage: StoryStage) -> set[int]:
    return set(stage.clusterer.stories)


def _stored(store) -> set[int]:
    with store.connect() as conn:
        return set(conn.scalars(select(stories.c.id)))


def test_stage_follows_other_writers_and_reloads_after_a_recluster(bare_store, tmp_path):
    a, stage_a = _pipeline(bare_store)
    b, _ = _pipeline(bare_store)
    _ingest(a, tmp_path, "a1", [_article(1, "flood river storm coast", "2025-03-01"),
                                _article(2, "parliament budget vote law", "2025-03-01")])
    assert _held(stage_a) == _stored(bare_store)
    _ingest(b, tmp_path, "b1", [_article(3, "football league match goal", "2025-03-02")])
    _ingest(a, tmp_path, "a2", [_article(4, "flood river storm coast", "2025-03-02")])
    assert _held(stage_a) == _stored(bare_store)  # B's story merged in
    with bare_store.begin() as conn:  # elsewhere: every story deleted and rewritten
        recluster_store(conn, HashBackend())
    before = stage_a.clusterer
    _ingest(a, tmp_path, "a3", [_article(5, "parliament budget vote law", "2025-03-03")])
    assert stage_a.clusterer is not before  # loaded afresh from the rewritten table
    assert _held(stage_a) == _stored(bare_store)
    same = stage_a.clusterer
    _ingest(a, tmp_path, "a4", [_article(6, "parliament budget vote law", "2025-03-03")])
    assert stage_a.clusterer is same  # its own writes need no reload


def test_first_look_loads_only_stories_that_can_take_articles(bare_store, tmp_path):
    a, _ = _pipeline(bare_store)
    _ingest(a, tmp_path, "old", [_article(1, "flood river storm coast", "2025-01-01"),
                                 _article(2, "parliament budget vote law", "2025-06-01")])
    fresh, stage = _pipeline(bare_store)  # a new process on the same database
    _ingest(fresh, tmp_path, "new", [_article(3, "football league match goal", "2025-06-02")])
    assert len(_stored(bare_store)) == 3
    assert len(_held(stage)) == 2  # the January story is five months older than the newest: not loaded


def _run_of(store, article_id: str) -> int:
    from marsad.store.tables import articles

    with store.connect() as conn:
        return conn.scalar(select(articles.c.run_id).where(articles.c.origin.like(f"%{article_id}%")))


def test_recluster_after_a_run_touches_only_the_stories_it_can_change(bare_store, tmp_path):
    a, _ = _pipeline(bare_store)
    _ingest(a, tmp_path, "jan", [_article(1, "flood river storm coast", "2025-01-01"),
                                 _article(2, "flood river storm coast", "2025-01-02"),
                                 _article(3, "parliament budget vote law", "2025-01-02")])
    _ingest(a, tmp_path, "jun", [_article(4, "football league match goal", "2025-06-01"),
                                 _article(5, "football league match goal", "2025-06-02")])
    with bare_store.connect() as conn:
        before = {r.id: (r.updated_at, r.size) for r in conn.execute(select(stories.c.id, stories.c.updated_at, stories.c.size))}
    june_run = _run_of(bare_store, "jun")
    with bare_store.begin() as conn:
        done = recluster_store(conn, HashBackend(), run_id=june_run)
    with bare_store.connect() as conn:
        after = {r.id: (r.updated_at, r.size) for r in conn.execute(select(stories.c.id, stories.c.updated_at, stories.c.size))}
    assert done["scope"] == "run" and done["articles"] == 2  # the January stories are five months away
    untouched = {k for k in before if before[k] == after.get(k)}
    assert len(untouched) == len(before) - 1 and sum(after[k][1] for k in after) == 5
    with bare_store.begin() as conn:  # the same pass over everything gives the same stories
        everything = recluster_store(conn, HashBackend())
    assert everything["scope"] == "all" and everything["moved"] == 0 and everything["stories"] == len(after)


def test_semantic_index_takes_new_articles_without_recounting(bare_store, tmp_path, monkeypatch):
    """Between full checks the search index reads only what arrived since its last look."""
    from marsad.search import semantic

    monkeypatch.setattr(semantic, "FULL_CHECK_S", 3600.0)
    a, _ = _pipeline(bare_store)
    _ingest(a, tmp_path, "first", [_article(1, "flood river storm coast", "2025-03-01")])
    with bare_store.connect() as conn:
        (first,) = semantic.semantic_ids(conn, "flood river storm", model="hash")
    reads = []
    real = semantic._vectors
    monkeypatch.setattr(semantic, "_vectors", lambda *args, **kw: reads.append(kw.get("since")) or real(*args, **kw))
    _ingest(a, tmp_path, "second", [_article(2, "parliament budget vote law", "2025-03-02")])
    with bare_store.connect() as conn:
        hits = semantic.semantic_ids(conn, "parliament budget vote", model="hash")
        again = semantic.semantic_ids(conn, "parliament budget vote", model="hash")
    assert len(hits) == 1 and hits[0] != first and hits == again  # the new article is found
    assert len(reads) == 1 and reads[0] is not None  # one read, of the articles since the first look


def test_a_run_leaves_planner_statistics(bare_store, tmp_path):
    from sqlalchemy import text

    a, _ = _pipeline(bare_store)
    _ingest(a, tmp_path, "one", [_article(1, "flood river storm coast", "2025-03-01")])
    with bare_store.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'articles'")).scalar() > 0
