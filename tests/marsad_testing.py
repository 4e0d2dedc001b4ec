"""Paths and helpers shared by the tests (import as ``marsad_testing``; tests/ is on pythonpath)."""

from __future__ import annotations

import os
import re
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
