"""A run killed mid-way and re-run ends with the same content as an uninterrupted run."""

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


def _corpus(folder: Path, seeds_dir: Path, n: int = 24) -> None:
    """n distinct real-text files: each is a different window of seed paragraphs/sentences."""
    en = [p for p in (seeds_dir / EN_SEED).read_text(encoding="utf-8").split("\n") if len(p) > 80]
    ar = [s for s in (seeds_dir / AR_SEED).read_text(encoding="utf-8").split(".") if len(s) > 40]
    folder.mkdir()
    for i in range(n):
        src = en if i % 2 else ar
        k = i // 2
        chosen = [src[(k + j) % len(src)] for j in range(0, len(src), 1 + k % 3)][: 2 + k % 4]
        (folder / f"{i:03d}.txt").write_text(f"Item {i}\n\n" + "\n\n".join(chosen), encoding="utf-8")


def _ingest(db: Path, folder: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "marsad.cli", "--db", str(db), "ingest", str(folder), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _content(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        arts = con.execute("select id, title, text, lang, duplicate_of, duplicate_kind from articles order by id").fetchall()
        sents = con.execute('select article_id, idx, start, "end" from sentences order by 1, 2').fetchall()
        return arts + sents
    finally:
        con.close()


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(db, timeout=1)
        return con.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_killed_run_then_rerun_equals_uninterrupted(tmp_path, seeds_dir):
    folder = tmp_path / "corpus"
    _corpus(folder, seeds_dir)
    killed, clean = tmp_path / "killed.db", tmp_path / "clean.db"

    proc = _ingest(killed, folder)
    deadline = time.time() + 120
    while _count(killed) < 3 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _count(killed)
    assert partial < 24, "the run finished before it could be killed; make the corpus bigger"

    assert _ingest(killed, folder).wait(timeout=300) == 0
    assert _ingest(clean, folder).wait(timeout=300) == 0
    assert _content(killed) == _content(clean)
