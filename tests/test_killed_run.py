"""A run killed mid-way and re-run ends with the same content as an uninterrupted run.

"The same content" is the canonical dump of marsad.store.fingerprint (``content_fingerprint``):
every table (articles, sentences, stories and memberships, entities, mentions, events, quotes,
watchlists and alerts, provenance), leaving out only the run bookkeeping (which run stored a
row) and the times things ran. The kill lands inside an open transaction, at a crash point
(marsad.store.db.crash_point): the process touches a file there, and the test kills it -9.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from marsad_testing import AR_SEED, EN_SEED, SAMPLE, SEEDS, sqlite_rows

N = 12
WATCHES = ("query:Moscow", "entity:روسيا")  # so alerts are compared too


def _corpus(folder: Path, seeds_dir: Path, n: int = N) -> None:
    """n distinct real-text files: each is a different window of seed paragraphs/sentences."""
    en = [p for p in (seeds_dir / EN_SEED).read_text(encoding="utf-8").split("\n") if len(p) > 80]
    ar = [s for s in (seeds_dir / AR_SEED).read_text(encoding="utf-8").split(".") if len(s) > 40]
    folder.mkdir()
    for i in range(n):
        src = en if i % 2 else ar
        k = i // 2
        chosen = [src[(k + j) % len(src)] for j in range(0, len(src), 1 + k % 3)][: 2 + k % 4]
        (folder / f"{i:03d}.txt").write_text(f"Item {i}\n\n" + "\n\n".join(chosen), encoding="utf-8")


def _ingest(db: Path, folder: Path, pause_at: str | None = None, flag: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("MARSAD_TEST_PAUSE_AT", None)
    if pause_at:
        env.update(MARSAD_TEST_PAUSE_AT=pause_at, MARSAD_TEST_PAUSE_FILE=str(flag))
    return subprocess.Popen([sys.executable, "-m", "marsad.cli", "--db", str(db), "ingest", str(folder), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def _watched(db: Path) -> None:
    from marsad.monitor.store import add_watch
    from marsad.store import open_store

    store = open_store(str(db))
    with store.begin() as conn:
        for target in WATCHES:
            add_watch(conn, target)
    store.close()


def _content(db: Path) -> dict[str, tuple[int, str]]:
    from marsad.store.fingerprint import content_fingerprint

    engine = create_engine(f"sqlite:///{db}")
    try:
        return content_fingerprint(engine)
    finally:
        engine.dispose()


def _kill_at(db: Path, folder: Path, point: str, tmp_path: Path) -> None:
    """Ingest ``folder`` into ``db`` and kill -9 the process once it reaches ``point``."""
    flag = tmp_path / f"paused-{point.replace(':', '-')}"
    proc = _ingest(db, folder, point, flag)
    deadline = time.time() + 120
    while not flag.exists() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert flag.exists(), f"the run never reached the crash point {point!r} (exit {proc.poll()})"
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> tuple[Path, Path, dict[str, tuple[int, str]]]:
    """The corpus, and the content of one uninterrupted run over it (with two watchlists)."""
    tmp = tmp_path_factory.mktemp("killed")
    folder = tmp / "corpus"
    _corpus(folder, SEEDS if SEEDS.exists() else SAMPLE)
    clean = tmp / "clean.db"
    _watched(clean)
    assert _ingest(clean, folder).wait(timeout=300) == 0
    content = _content(clean)
    assert content["alerts"][0] > 0 and content["events"][0] > 0 and content["entities"][0] > 0
    return folder, clean, content


@pytest.mark.slow
def test_killed_in_an_article_transaction_then_rerun_equals_uninterrupted(uninterrupted, tmp_path):
    folder, _, clean = uninterrupted
    killed = tmp_path / "killed.db"
    _watched(killed)
    _kill_at(killed, folder, "article:4", tmp_path)  # three articles committed, the fourth written, not committed
    assert sqlite_rows(killed, "select count(*) from articles", timeout=5) == [(3,)]
    assert sqlite_rows(killed, "select status from runs", timeout=5) == [("running",)]

    assert _ingest(killed, folder).wait(timeout=300) == 0
    assert _content(killed) == clean
    assert sqlite_rows(killed, "select status from runs order by id", timeout=5) == [("resumed",), ("ok",)]


@pytest.mark.slow
def test_killed_in_the_closing_recluster_then_rerun_equals_uninterrupted(uninterrupted, tmp_path):
    """Every article committed, the merge/split pass killed before its commit: the re-run
    ingests nothing new, yet owes the killed run its closing passes, and does them."""
    folder, _, clean = uninterrupted
    killed = tmp_path / "killed.db"
    _watched(killed)
    _kill_at(killed, folder, "recluster", tmp_path)
    assert sqlite_rows(killed, "select count(*) from articles", timeout=5) == [(N,)]
    before = _content(killed)
    assert before["article_stories"] != clean["article_stories"] or before["story_sources"] != clean["story_sources"], \
        "the closing passes change nothing on this corpus: the test would not see them lost"

    assert _ingest(killed, folder).wait(timeout=300) == 0
    assert _content(killed) == clean
    assert sqlite_rows(killed, "select status, ingested, unchanged from runs order by id", timeout=5) == [
        ("resumed", 0, 0), ("ok", 0, N)]
