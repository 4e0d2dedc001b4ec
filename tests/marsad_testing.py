"""Paths and helpers shared by the tests (import as ``marsad_testing``; tests/ is on pythonpath)."""

from __future__ import annotations

import os
import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
SEEDS = SHARED / "seeds"
SAMPLE = ROOT / "src" / "marsad" / "data" / "sample"
EN_SEED = "000_caab26223d637160.txt"
AR_SEED = "003_31f4c5ac5bfdc59e.txt"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test saying what is missing."""
    path = SHARED.joinpath("data", *parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared gold data sits beside the repository as ../shared)")
    return path


PG_ENV = "MARSAD_TEST_PG_URL"


@contextmanager
def pg_schema_url(label: str = "t") -> Iterator[str]:
    """A URL for a fresh schema on the PostgreSQL server named by MARSAD_TEST_PG_URL, dropped
    on exit; the schema is the connection's search_path, so subprocesses given the URL use it
    too. Skips the test when the variable is unset."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is unset (`.ci/run` starts a throwaway PostgreSQL and sets it)")
    from sqlalchemy import text

    from marsad.store.db import make_engine

    schema = "t_" + re.sub(r"[^a-z0-9]+", "_", label.lower())[:30] + "_" + uuid.uuid4().hex[:8]
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def sources_corpus(folder: Path) -> dict[str, Path]:
    """JSON Lines for the sources tests, written under ``folder``:

    - ``seeds``: the English seed (Enab Baladi, 08:00), a near copy of it carrying another
      outlet's name (Asharq Al-Awsat, 10:00, two phrases re-worded) and the Arabic seed (Sky
      News Arabia, 14:30): one story, two pieces of independent writing and one copy;
    - ``ntrex`` (when ../shared/data is present): NTREX dev document 0, the English original
      (BBC, 1 December) and its human Arabic translation (Al Jazeera, 2 December).
    """
    import json

    seeds = SEEDS if SEEDS.exists() else SAMPLE
    title, body = (seeds / EN_SEED).read_text(encoding="utf-8").split("\n", 1)
    copy = body.replace("revealed details about", "disclosed details about", 1).replace(
        "He continued that", "He went on to say that", 1)
    records = [
        {"title": title, "text": body, "published": "2025-11-22T08:00:00", "source": "Enab Baladi",
         "url": "https://www.enabbaladi.net/en/archives/1"},
        {"title": title, "text": copy, "published": "2025-11-22T10:00:00", "source": "Asharq Al-Awsat",
         "url": "https://english.aawsat.com/2"},
        {"text": (seeds / AR_SEED).read_text(encoding="utf-8"), "published": "2025-11-22T14:30:00",
         "source": "سكاي نيوز عربية", "url": "https://www.skynewsarabia.com/middle-east/3"},
    ]
    out = {"seeds": folder / "seeds.jsonl"}
    out["seeds"].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    ntrex = SHARED / "data" / "ntrex-ar-en" / "documents.dev.jsonl"
    if ntrex.exists():
        doc = json.loads(ntrex.read_text(encoding="utf-8").splitlines()[0])
        pair = [
            {"text": doc["en"], "lang": "en", "published": "2025-12-01T09:00:00", "source": "BBC News",
             "url": "https://www.bbc.com/news/1"},
            {"text": doc["ar"], "lang": "ar", "published": "2025-12-02T09:00:00", "source": "Al Jazeera",
             "url": "https://www.aljazeera.net/news/2"},
        ]
        out["ntrex"] = folder / "ntrex.jsonl"
        out["ntrex"].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pair), encoding="utf-8")
    return out


def sqlite_rows(db: Path, sql: str, timeout: float = 30) -> list[tuple]:
    """The rows of ``sql`` on the SQLite file ``db``, read on a connection of its own."""
    con = sqlite3.connect(db, timeout=timeout)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
