"""kill -9 during an ingest, then the same ingest again: every alert exists exactly once,
and the alerts equal those of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from marsad_testing import AR_SEED, EN_SEED

N = 10


def _corpus(folder: Path, seeds_dir: Path) -> None:
    """N distinct real-text files, windows of the seeds' paragraphs (English) and sentences (Arabic)."""
    en = [p for p in (seeds_dir / EN_SEED).read_text(encoding="utf-8").split("\n") if len(p) > 80]
    ar = [s for s in (seeds_dir / AR_SEED).read_text(encoding="utf-8").split(".") if len(s) > 40]
    folder.mkdir()
    for i in range(N):
        src = en if i % 2 else ar
        k = i // 2
        chosen = [src[(k + j) % len(src)] for j in range(0, len(src), 1 + k % 3)][: 2 + k % 4]
        (folder / f"{i:03d}.txt").write_text(f"Report {i}\n\n" + "\n\n".join(chosen), encoding="utf-8")


def _marsad(db: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen([sys.executable, "-m", "marsad.cli", "--db", str(db), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def _rows(db: Path, sql: str) -> list[tuple]:
    try:
        con = sqlite3.connect(db, timeout=1)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return []


def _alerts(db: Path) -> list[tuple]:
    return _rows(db, "select w.target, a.article_id, a.sentence, a.mention from alerts a "
                     "join watchlists w on w.id = a.watchlist_id order by 1, 2")


def _watched_db(db: Path) -> None:
    for target in ("query:report", "entity:روسيا"):
        assert _marsad(db, "watch", "add", target, "--no-semantic").wait(timeout=120) == 0


@pytest.mark.slow
def test_kill_9_then_rerun_gives_each_alert_exactly_once(tmp_path, seeds_dir):
    folder = tmp_path / "corpus"
    _corpus(folder, seeds_dir)
    killed, clean = tmp_path / "killed.db", tmp_path / "clean.db"
    _watched_db(killed)
    _watched_db(clean)

    proc = _marsad(killed, "ingest", str(folder), "-q")
    deadline = time.time() + 240
    while len(_rows(killed, "select id from articles")) < 2 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = _rows(killed, "select id from articles")
    assert 0 < len(stored) < N, "the run was not killed mid-way"
    # every stored article already has its alert: they committed together
    assert {a for t, a, _, _ in _alerts(killed) if t == "report"} == {a for (a,) in stored}

    assert _marsad(killed, "ingest", str(folder), "-q").wait(timeout=600) == 0
    assert _marsad(clean, "ingest", str(folder), "-q").wait(timeout=600) == 0
    after, reference = _alerts(killed), _alerts(clean)
    assert len({(t, a) for t, a, _, _ in after}) == len(after)  # no alert twice
    assert sum(t == "report" for t, _, _, _ in after) == N  # every article's title names a report
    assert after == reference
