"""The store: SQLite by default, PostgreSQL by URL, one schema (tables.py) and migrations."""

from __future__ import annotations

from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine

from marsad.store.db import database_url, open_engine


class Store:
    """A migrated database: ``begin()`` for one transaction, ``connect()`` for reads."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def side_path(self) -> Path | None:
        """Folder beside an SQLite file for derived files (vector index); None elsewhere."""
        if self.dialect == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            db = Path(self.engine.url.database)
            return db.with_name(db.name + ".d")
        return None

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()


def open_store(db: str | None = None) -> Store:
    """Open (and migrate) the database at ``db``, ``MARSAD_DATABASE_URL`` or ./marsad.db."""
    url = database_url(db)
    return Store(open_engine(url), url)


__all__ = ["Store", "open_store"]
