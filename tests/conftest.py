"""Fixtures named for the situation they set up."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad_testing import AR_SEED, EN_SEED, SAMPLE, SEEDS, SHARED, shared_data  # noqa: F401


@pytest.fixture
def seeds_dir() -> Path:
    """The founding articles; the bundled sample holds the same two files."""
    return SEEDS if SEEDS.exists() else SAMPLE


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "marsad.db"


@pytest.fixture
def bare_store(db_path: Path):
    """An empty, migrated SQLite store in a temporary folder."""
    from marsad.store import open_store

    store = open_store(str(db_path))
    yield store
    store.close()
