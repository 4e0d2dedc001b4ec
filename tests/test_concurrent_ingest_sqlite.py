"""Two `marsad ingest` processes at once on ONE SQLite file lose nothing and create no duplicate
articles, stories or entities (issue 21; the PostgreSQL case with four processes is
test_concurrent_ingest.py, whose corpus and slicing this reuses, smaller: 2 cores).

SQLite has one writer at a time (WAL, a busy timeout): the two processes' article
transactions take turns, and each sees what the other committed before placing an article.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from marsad_testing import SEEDS, shared_data, sqlite_rows
from test_concurrent_ingest import build_corpus, run_all, slices

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def raced(tmp_path_factory):
    """9 files (3 NTREX documents in two languages, the seeds, a copy of the English seed from a
    second outlet), in two overlapping parts (7 files each, 5 in both), ingested by two
    processes started together into one new SQLite file."""
    ntrex = shared_data("ntrex-ar-en", "documents.dev.jsonl")
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent")
    tmp = tmp_path_factory.mktemp("sqlite-race")
    corpus = build_corpus(tmp / "files", SEEDS, ntrex, n_docs=3)
    quarters = slices(corpus, tmp / "slices", k=4)
    db = tmp / "marsad.db"
    summaries = run_all(str(db), [quarters[:2], quarters[2:]])
    return db, corpus, summaries


def test_two_processes_store_every_input_once(raced):
    db, corpus, summaries = raced
    assert all(s["failed"] == 0 for s in summaries), [s["failures"] for s in summaries]
    rows = sqlite_rows(db, "SELECT s.name, a.origin FROM articles a JOIN sources s ON s.id = a.source_id")
    stored = Counter((source, Path(origin).name) for source, origin in rows)
    assert set(stored) == {(p.parent.name, p.name) for p in corpus}
    assert max(stored.values()) == 1
    assert sqlite_rows(db, "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL") == [(1,)]
    assert sum(s["ingested"] + s["duplicates"] for s in summaries) == len(corpus)
    assert all(s["unchanged"] > 0 for s in summaries), "the halves overlap: each process met files already stored"


def test_every_original_in_one_story_no_duplicate_entities(raced):
    db, _, _ = raced
    assert sqlite_rows(db, "SELECT a.id FROM articles a LEFT JOIN article_stories s ON s.article_id = a.id "
                      "WHERE a.duplicate_of IS NULL AND s.article_id IS NULL") == []
    assert sqlite_rows(db, "SELECT article_id FROM article_stories GROUP BY 1 HAVING count(*) > 1") == []
    sizes = sqlite_rows(db, "SELECT st.size, count(s.article_id) FROM stories st "
                       "LEFT JOIN article_stories s ON s.story_id = st.id GROUP BY st.id")
    assert sizes and all(size == members and members > 0 for size, members in sizes)
    assert sqlite_rows(db, "SELECT key FROM entities GROUP BY key HAVING count(*) > 1") == []
    assert sqlite_rows(db, "SELECT count(*) FROM mentions WHERE entity_id IS NULL") == [(0,)]
    assert sqlite_rows(db, "SELECT count(*) FROM events")[0][0] > 0
