"""The Alembic migrations create exactly the schema described by store/tables.py."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from marsad.store import open_store
from marsad.store.tables import metadata


def test_migrated_schema_matches_tables(bare_store):
    with bare_store.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": _search_tables_excluded})
        diff = compare_metadata(ctx, metadata)
    assert diff == []


def _search_tables_excluded(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and name.startswith(("search_fts", "search_docs")))


def test_migrate_is_idempotent(db_path):
    first = open_store(str(db_path))
    first.close()
    second = open_store(str(db_path))
    names = set(inspect(second.engine).get_table_names())
    assert {"articles", "sentences", "sources", "runs", "run_errors", "minhash_bands"} <= names
    second.close()


def test_sqlite_uses_wal(sqlite_store):
    with sqlite_store.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_unreachable_database_is_a_clear_error(tmp_path):
    import pytest

    from marsad.errors import StoreError

    with pytest.raises(StoreError) as info:
        open_store(str(tmp_path / "missing-dir" / "x.db"))
    assert "E400" in str(info.value) and "missing-dir" in str(info.value)


def test_postgres_migrations_are_idempotent_and_index_search_with_gin(pg_url):
    from sqlalchemy import text

    open_store(pg_url).close()
    store = open_store(pg_url)
    with store.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        index = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_search_docs_tsv'")).scalar()
        column = conn.execute(text("SELECT generation_expression FROM information_schema.columns "
                                   "WHERE table_name = 'search_docs' AND column_name = 'tsv'")).scalar()
    store.close()
    assert "USING gin (tsv)" in index
    assert "setweight(to_tsvector('simple'::regconfig, title), 'A'" in column


def test_head_revision_read_from_files_is_alembics_head():
    """migrate() skips alembic when the file's revision is the head read from the migration files."""
    from alembic.script import ScriptDirectory

    from marsad.store.db import alembic_config, head_revision

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_opening_a_current_database_does_not_import_alembic(db_path):
    """The CLI's cold start: a database already at head is opened without loading alembic."""
    import subprocess
    import sys

    open_store(str(db_path)).close()
    code = ("import sys; from marsad.store import open_store; open_store(sys.argv[1]).close(); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
