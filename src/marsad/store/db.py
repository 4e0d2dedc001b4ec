"""Open a database (SQLite by default, PostgreSQL by URL) and bring its schema up to date."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from marsad.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(db: str | None = None) -> str:
    """The URL to use: ``db`` (a path or URL), else ``MARSAD_DATABASE_URL``, else ./marsad.db."""
    value = db or os.environ.get("MARSAD_DATABASE_URL") or "marsad.db"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine with the settings Marsad relies on (WAL and foreign keys on SQLite)."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


# Key of the PostgreSQL advisory lock that serialises corpus-wide writes (arbitrary constant:
# "marsad" in ASCII). Other applications sharing the database must not use it.
CORPUS_LOCK = 0x6D6172736164
MIGRATE_LOCK = CORPUS_LOCK + 1


def lock_corpus(conn: Connection) -> None:
    """Serialise the corpus-wide part of this transaction with every other writer.

    On PostgreSQL: ``pg_advisory_xact_lock``, released at commit or rollback, taken before
    the duplicate check so that two processes never both decide an article is new, never
    open the same story id and never create the same entity key. SQLite has one writer at
    a time already (WAL, busy timeout): nothing to do there.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CORPUS_LOCK})


_PASSED: dict[str, int] = {}


def crash_point(point: str) -> None:
    """A place where the crash tests (tests/test_killed_run.py) kill -9 a run, inside an open
    transaction. With ``MARSAD_TEST_PAUSE_AT=<point>`` (or ``<point>:<n>``, the n-th time this
    process gets there), touch ``$MARSAD_TEST_PAUSE_FILE`` and sleep until killed. Unset (as
    always outside those tests), it costs one dictionary look-up."""
    wanted = os.environ.get("MARSAD_TEST_PAUSE_AT")
    if not wanted:
        return
    name, _, nth = wanted.partition(":")
    if name != point:
        return
    _PASSED[point] = _PASSED.get(point, 0) + 1
    if _PASSED[point] == int(nth or 1):
        import time

        Path(os.environ["MARSAD_TEST_PAUSE_FILE"]).touch()
        time.sleep(600)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


_REVISION = re.compile(r"""^(down_revision|revision)\s*=\s*['"]?([^'"\s]+)['"]?""", re.M)


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest migration id, read from the migration files' ``revision`` lines.

    Alembic's own ScriptDirectory imports every migration module (and alembic itself costs
    about a second of CPU to import), which every CLI call paid just to learn that the
    schema is current; ``tests/store/test_migrations_head.py`` checks this equals alembic's head.
    """
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for name, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (revisions if name == "revision" else parents).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None  # None: let alembic decide


def _current_revision(engine: Engine) -> str | None:
    """The database's recorded revision, or None (new file, no table yet)."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest revision this Marsad knows (idempotent)."""
    head = head_revision()
    if head is not None and _current_revision(engine) == head:
        return  # the common case: no alembic import, no lock
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = alembic_config()
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # processes starting together migrate one at a time
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_LOCK})
        elif conn.dialect.name == "sqlite":
            # The same on SQLite: take the write lock before reading the revision (the driver would
            # run the DDL outside any transaction, so two processes opening a new file at once
            # both created the tables: "table runs already exists"). Waits up to the busy timeout.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
        known = {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}
        if current is not None and current not in known:
            raise StoreError("E402", detail=f"revision {current} is unknown")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_engine(db: str | None = None, *, upgrade: bool = True) -> Engine:
    """Open the database at ``db`` and migrate it; a clear StoreError if that fails."""
    url = database_url(db)
    try:
        engine = make_engine(url)
        if upgrade:
            migrate(engine)
    except SQLAlchemyError as exc:
        raise StoreError("E400", url=_redact(url), detail=str(exc).splitlines()[0]) from exc
    except ModuleNotFoundError as exc:
        raise StoreError("E400", url=_redact(url), detail=f"missing driver {exc.name}; pip install 'marsad[postgres]'") from exc
    return engine


def _redact(url: str) -> str:
    """Hide a password in a URL before showing it."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
