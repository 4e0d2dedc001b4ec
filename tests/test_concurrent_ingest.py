"""Four `marsad ingest` processes on overlapping inputs against one PostgreSQL database lose
nothing and create no duplicate articles, stories or entities (issue 8).

The corpus: NTREX documents (English original and Arabic translation of each, as separate
files: same story, two languages), the two seeds, and an exact copy of the English seed from
a second outlet (a duplicate). Four slices of it overlap so that every file is ingested by
two processes at about the same time.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from marsad.store.db import make_engine
from marsad_testing import AR_SEED, EN_SEED, shared_data

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

N_DOCS = 8  # NTREX documents: 16 files, plus 3 seed files
PROCESSES = 4


def build_corpus(folder: Path, seeds: Path, ntrex: Path, n_docs: int = N_DOCS) -> list[Path]:
    """Real news text as .txt files under outlet folders; returns them in a fixed order."""
    wire, mirror = folder / "wire", folder / "mirror"
    wire.mkdir(parents=True), mirror.mkdir()
    files = []
    for line in ntrex.read_text(encoding="utf-8").splitlines()[:n_docs]:
        doc = json.loads(line)
        for lang in ("en", "ar"):
            path = wire / f"{doc['doc_id']}.{lang}.txt"
            title, _, body = doc[lang].partition("\n")
            path.write_text(f"{title}\n\n{body.replace(chr(10), ' ')}\n", encoding="utf-8")
            files.append(path)
    for name in (EN_SEED, AR_SEED):
        files.append(Path(shutil.copy(seeds / name, wire / name)))
    files.append(Path(shutil.copy(seeds / EN_SEED, mirror / EN_SEED)))  # same text, another outlet
    return files


def slices(files: list[Path], folder: Path, k: int = PROCESSES) -> list[Path]:
    """k overlapping windows, each half the corpus, starting a quarter apart (wrapping), as
    folders slice-<i>/<outlet>/<file> (the outlet folder names the source)."""
    n, width = len(files), (len(files) + 1) // 2
    out = []
    for i in range(k):
        root = folder / f"slice-{i}"
        for j in range(width):
            path = files[(i * n // k + j) % n]
            (root / path.parent.name).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, root / path.parent.name / path.name)
        out.append(root)
    return out


def ingest(url: str, paths: list[Path]) -> subprocess.Popen:
    """`marsad ingest` without the closing recluster pass, so the stories checked are the
    ones the online clustering wrote while the four processes raced."""
    return subprocess.Popen([sys.executable, "-m", "marsad.cli", "--db", url, "ingest", *map(str, paths), "--json", "-q",
                             "--no-recluster"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_all(url: str, batches: list[list[Path]]) -> list[dict]:
    procs = [ingest(url, b) for b in batches]
    outs = [p.communicate(timeout=900) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, f"exit {p.returncode}: {out[-2000:]} {err[-2000:]}"
    return [json.loads(out) for out, _ in outs]


def query(url: str, sql: str) -> list[tuple]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, request) -> list[Path]:
    from marsad_testing import SEEDS

    ntrex = shared_data("ntrex-ar-en", "documents.dev.jsonl")
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent")
    return build_corpus(tmp_path_factory.mktemp("concurrent"), SEEDS, ntrex)


@pytest.fixture(scope="module")
def batches(corpus) -> list[Path]:
    return slices(corpus, corpus[0].parents[1])


@pytest.fixture(scope="module")
def concurrent(batches):
    """Four overlapping ingest processes, started together, on one fresh schema."""
    from marsad_testing import pg_schema_url

    with pg_schema_url("concurrent") as url:
        yield url, run_all(url, [[b] for b in batches])


def stored_inputs(url: str) -> Counter:
    """(source, file name) of every stored article."""
    rows = query(url, "SELECT s.name, a.origin FROM articles a JOIN sources s ON s.id = a.source_id")
    return Counter((source, Path(origin).name) for source, origin in rows)


def test_no_run_failed_and_every_input_is_stored_once(concurrent, corpus):
    url, summaries = concurrent
    assert all(s["failed"] == 0 for s in summaries), [s["failures"] for s in summaries]
    stored = stored_inputs(url)
    assert set(stored) == {(p.parent.name, p.name) for p in corpus}
    assert max(stored.values()) == 1
    per_key = query(url, "SELECT content_hash, source_id, count(*) FROM articles GROUP BY 1, 2 HAVING count(*) > 1")
    assert per_key == []
    assert query(url, "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL") == [(1,)]
    assert sum(s["ingested"] + s["duplicates"] for s in summaries) == len(corpus)


def test_every_original_is_in_exactly_one_story_and_stories_differ(concurrent):
    url, _ = concurrent
    unplaced = query(url, "SELECT a.id FROM articles a LEFT JOIN article_stories s ON s.article_id = a.id "
                          "WHERE a.duplicate_of IS NULL AND s.article_id IS NULL")
    assert unplaced == []
    members = query(url, "SELECT st.id, st.size, string_agg(s.article_id, ',' ORDER BY s.article_id) "
                         "FROM stories st LEFT JOIN article_stories s ON s.story_id = st.id GROUP BY st.id, st.size")
    sets = [m for _, _, m in members]
    assert None not in sets, "a story without articles"
    assert len(sets) == len(set(sets)), "two stories with the same articles"
    assert all(size == len(m.split(",")) for _, size, m in members)


def test_no_duplicate_entities_and_every_mention_is_linked(concurrent):
    url, _ = concurrent
    assert query(url, "SELECT key FROM entities GROUP BY key HAVING count(*) > 1") == []
    assert query(url, "SELECT count(*) FROM mentions WHERE entity_id IS NULL") == [(0,)]
    seeds = query(url, "SELECT count(DISTINCT a.id) FROM mentions m JOIN articles a ON a.id = m.article_id "
                       f"WHERE a.origin LIKE '%{EN_SEED}' OR a.origin LIKE '%{AR_SEED}'")
    assert seeds == [(2,)]


def recluster(url: str) -> None:
    done = subprocess.run([sys.executable, "-m", "marsad.cli", "--db", url, "recluster"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_same_articles_and_stories_as_one_process(concurrent, batches):
    """One process over the same four folders stores the same originals and, after the
    recluster pass, groups them into the same stories."""
    from marsad_testing import pg_schema_url

    url, _ = concurrent
    with pg_schema_url("sequential") as alone:
        run_all(alone, [batches])
        recluster(alone), recluster(url)
        originals = "SELECT id FROM articles WHERE duplicate_of IS NULL ORDER BY id"
        stories = ("SELECT string_agg(s.article_id, ',' ORDER BY s.article_id) FROM article_stories s "
                   "GROUP BY s.story_id ORDER BY 1")
        assert query(alone, originals) == query(url, originals)
        assert stored_inputs(alone) == stored_inputs(url)
        assert query(alone, stories) == query(url, stories)
