"""An app over a store holding the two seeds (ingested by the real pipeline), and clients."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_helpers import TOKEN
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()
SAMPLE = ROOT / "src" / "marsad" / "data" / "sample"  # the bundled copy of the same two seeds
EN_SEED, AR_SEED = "000_caab26223d637160.txt", "003_31f4c5ac5bfdc59e.txt"


def seed_store(path: Path):  # type: ignore[no-untyped-def]
    """A new store at ``path`` holding the two seeds, ingested by the real pipeline."""
    from marsad.ingest.sources import SourceOptions
    from marsad.pipeline import build_pipeline
    from marsad.store import open_store

    folder = SEEDS if SEEDS.exists() else SAMPLE
    store = open_store(str(path))
    summary = build_pipeline(store).ingest([str(folder / EN_SEED), str(folder / AR_SEED)], SourceOptions())
    assert summary.ingested == 2, summary.as_dict()
    return store


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory):
    """The seeds, read-only for the tests that use it."""
    store = seed_store(tmp_path_factory.mktemp("api") / "marsad.db")
    yield store
    store.close()


@pytest.fixture(scope="module")
def scratch_seeded_store(tmp_path_factory: pytest.TempPathFactory):
    """The seeds in a store that tests may write to (generated ingests land here)."""
    store = seed_store(tmp_path_factory.mktemp("scratch") / "marsad.db")
    yield store
    store.close()


@pytest.fixture(scope="session")
def seeded_app(seeded_store):
    from marsad.api.app import create_app

    return create_app(seeded_store, token=None)


@pytest.fixture
def client(seeded_app) -> TestClient:
    """Read-only client over the seeds (the server has no token: writes are off)."""
    return TestClient(seeded_app, raise_server_exceptions=False)


@pytest.fixture
def writer(bare_store) -> TestClient:
    """A client over an empty store, on a server that has a token."""
    from marsad.api.app import create_app

    return TestClient(create_app(bare_store, token=TOKEN, max_body=64 * 1024), raise_server_exceptions=False)
