"""A database made by an earlier release opens with today's code, is upgraded in place by every
later migration, and keeps every row and value it held (issue 21)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import create_engine, text

from marsad.store import open_store
from marsad.store.db import alembic_config
from marsad.store.fingerprint import columns_of, fingerprint

# Made by release 0.1 (schema 0007) from the two seed articles: `marsad ingest ../shared/seeds`
# at commit 89332c9, then VACUUM. Never regenerate it with newer code: it stands for the old release.
FIXTURE = Path(__file__).resolve().parents[1] / "data" / "store" / "release-0.1-seeds.db"


def _head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_an_old_database_upgrades_in_place_with_nothing_lost(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(FIXTURE, db)
    old_engine = create_engine(f"sqlite:///{db}")
    with old_engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0007"
    old_columns = columns_of(old_engine)
    before = fingerprint(old_engine)
    old_engine.dispose()
    assert before["articles"][0] == 2 and before["mentions"][0] > 0 and before["events"][0] > 0

    store = open_store(str(db))  # upgrades to head
    try:
        with store.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head()
        assert fingerprint(store.engine, old_columns) == before
        with store.connect() as conn:  # and today's code reads what the old release wrote
            from marsad.store.queries import list_articles, ArticleFilter
            from marsad.store.stories import list_stories

            assert len(list_articles(conn, ArticleFilter())) == 2
            assert list_stories(conn)[0]["size"] == 2
    finally:
        store.close()


def test_reprocess_brings_an_upgraded_database_up_to_the_new_stages(tmp_path: Path) -> None:
    """After the upgrade, `marsad reprocess` fills what later releases derive (provenance, outlets)
    and keeps every article."""
    import subprocess
    import sys

    db = tmp_path / "old.db"
    shutil.copy(FIXTURE, db)
    store = open_store(str(db))
    try:
        before = fingerprint(store.engine)
        assert before["article_provenance"][0] == 0  # the old release had no provenance
        with store.connect() as conn:
            kept = conn.execute(text("SELECT id, content_hash, text, url FROM articles ORDER BY id")).all()
    finally:
        store.close()
    done = subprocess.run([sys.executable, "-m", "marsad.cli", "--db", str(db), "reprocess", "-q"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "provenance recomputed for 1 stories" in done.stdout
    engine = create_engine(f"sqlite:///{db}")
    try:
        after = fingerprint(engine)
        with engine.connect() as conn:
            kinds = {r[0] for r in conn.execute(text("SELECT kind FROM article_provenance"))}
            now = conn.execute(text("SELECT id, content_hash, text, url FROM articles ORDER BY id")).all()
    finally:
        engine.dispose()
    assert now == kept  # every article kept as it was (derived columns may be refreshed)
    assert after["article_provenance"][0] == 2 and after["story_sources"][0] == 1 and kinds
    assert after["outlets"][0] > 0 and after["mentions"][0] > 0 and after["events"][0] > 0
