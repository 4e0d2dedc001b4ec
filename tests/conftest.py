"""Fixtures named for the situation they set up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from marsad_testing import AR_SEED, EN_SEED, SAMPLE, SEEDS, SHARED, pg_schema_url, shared_data  # noqa: F401

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]

# Property tests check behaviour, not speed: a per-example deadline only makes them fail on a
# busy machine (benchmarks in bench/ measure speed).
settings.register_profile("marsad", deadline=None)
settings.load_profile("marsad")


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    """`.ci/run` exports the throwaway server as MARSAD_DATABASE_URL (and MARSAD_TEST_PG_URL).
    The suite picks its databases itself: a PostgreSQL MARSAD_DATABASE_URL becomes the server of
    the ``postgres`` tests, and is removed so that commands run without ``--db`` stay on SQLite."""
    url = os.environ.pop("MARSAD_DATABASE_URL", "")
    if url.startswith("postgresql") and not os.environ.get("MARSAD_TEST_PG_URL"):
        os.environ["MARSAD_TEST_PG_URL"] = url
    if "MARSAD_CACHE_DIR" not in os.environ:  # the suite's derived files stay out of the user's cache
        import tempfile

        os.environ["MARSAD_CACHE_DIR"] = tempfile.mkdtemp(prefix="marsad-test-cache-")


def pytest_collection_modifyitems(config, items) -> None:  # type: ignore[no-untyped-def]
    """Tests that ask for a PostgreSQL store directly are marked ``postgres`` too."""
    for item in items:
        if {"pg_url", "pg_store"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture
def seeds_dir() -> Path:
    """The founding articles; the bundled sample holds the same two files."""
    return SEEDS if SEEDS.exists() else SAMPLE


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "marsad.db"


@pytest.fixture
def pg_url(request):
    """The URL of a fresh, empty PostgreSQL schema on the MARSAD_TEST_PG_URL server (dropped
    afterwards); skips when MARSAD_TEST_PG_URL is unset (.ci/run always sets it)."""
    with pg_schema_url(request.node.name) as url:
        yield url


@pytest.fixture
def pg_store(pg_url: str):
    """An empty, migrated PostgreSQL store in its own schema."""
    from marsad.store import open_store

    store = open_store(pg_url)
    yield store
    store.close()


@pytest.fixture(params=BACKENDS)
def store_url(request, db_path: Path) -> str:
    """A database URL for an empty store: an SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(db_path)
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="module", params=BACKENDS)
def module_db(request, tmp_path_factory) -> str:
    """A database (``--db`` value) shared by a test module: an SQLite file, then a fresh
    PostgreSQL schema (marked ``postgres``; skipped without MARSAD_TEST_PG_URL)."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("db") / "marsad.db")
        return
    with pg_schema_url(request.module.__name__.rsplit(".", 1)[-1]) as url:
        yield url


@pytest.fixture
def bare_store(store_url: str):
    """An empty, migrated store: SQLite in a temporary folder, then PostgreSQL (marked
    ``postgres``; skipped without MARSAD_TEST_PG_URL)."""
    from marsad.store import open_store

    store = open_store(store_url)
    yield store
    store.close()


@pytest.fixture
def sqlite_store(db_path: Path):
    """An empty, migrated SQLite store (for what only SQLite has: WAL, the side folder)."""
    from marsad.store import open_store

    store = open_store(str(db_path))
    yield store
    store.close()
