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
