"""Reading a query row by row: a server-side cursor on PostgreSQL, ``fetchmany`` on SQLite."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Connection, Select, func, select

YIELD_PER = 500  # rows fetched from the database at a time
Tick = Callable[[], None]


def stream_rows(conn: Connection, query: Select, tick: Tick | None = None) -> Iterator[dict[str, Any]]:
    """The rows of ``query`` as dicts, never more than ``YIELD_PER`` of them held at once."""
    # a statement option: Connection.execution_options would change the caller's connection for good
    result = conn.execute(query.execution_options(yield_per=YIELD_PER)).mappings()
    try:
        for row in result:
            if tick is not None:
                tick()
            yield dict(row)
    finally:
        result.close()


def count_rows(conn: Connection, query: Select) -> int:
    """How many rows ``query`` returns (for the progress bar)."""
    return int(conn.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)
