"""Alerts out: the monitoring stage's ``alerts`` table, read by reflection.

The table belongs to the monitoring feature; this export reads whatever columns it has
(their types from the database), so it needs no change when that table grows. A database
made before the table existed answers E420 ("upgrade"). Filters apply to the columns that
exist: ``story_id``, ``lang``, ``source`` (or, without those two, the language and source of
the alert's ``article_id``) and the first of ``created_at``, ``triggered_at``,
``fired_at``, ``at``, ``date`` for ``--since/--until``; a filter the table cannot honour is
refused (E911) rather than ignored.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import JSON, Boolean, Connection, Date, DateTime, Float, Integer, MetaData, Numeric, Select, Table
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from marsad.errors import MarsadError
from marsad.export.columns import Col, Row
from marsad.export.filters import ExportFilter
from marsad.export.streaming import Tick, count_rows, stream_rows
from marsad.store.tables import articles, sources

TABLE = "alerts"
TIME_COLUMNS = ("created_at", "triggered_at", "fired_at", "at", "date")


def table(conn: Connection) -> Table:
    """The reflected alerts table (E420 when this database has none)."""
    if not sa_inspect(conn).has_table(TABLE):
        raise MarsadError("E420", status=404, table=TABLE)
    return Table(TABLE, MetaData(), autoload_with=conn)


def _type(sql_type: object) -> str:
    for kind, name in ((Boolean, "bool"), (Integer, "int"), (Float, "float"), (Numeric, "float"),
                       (DateTime, "datetime"), (Date, "date"), (JSON, "json")):
        if isinstance(sql_type, kind):
            return name
    return "string"


def columns(conn: Connection) -> list[Col]:
    return [Col(c.name, _type(c.type), c.comment or "as stored by the monitoring stage") for c in table(conn).columns]


def alert_query(conn: Connection, flt: ExportFilter) -> Select:
    t = table(conn)
    q = select(t)
    wanted = {"story_id": flt.story, "lang": flt.lang, "source": flt.source}
    for name, value in wanted.items():
        if value is None or value == "":
            continue
        if name in ("lang", "source") and name not in t.c and "article_id" in t.c:
            q = q.where(t.c.article_id.in_(_articles_with(name, value)))
            continue
        if name not in t.c:
            raise MarsadError("E911", kind="alerts", option=name.removesuffix("_id"), detail=f"the {TABLE} table has no {name} column")
        q = q.where(t.c[name] == value)
    if flt.since or flt.until:
        when = next((t.c[n] for n in TIME_COLUMNS if n in t.c), None)
        if when is None:
            raise MarsadError("E911", kind="alerts", option="since/until", detail=f"the {TABLE} table has no time column")
        if flt.since:
            q = q.where(when >= flt.since)
        if flt.until:
            q = q.where(when < flt.until_exclusive)
    key = [c for c in t.primary_key.columns] or list(t.columns)[:1]
    return q.order_by(*key)


def _articles_with(name: str, value: str) -> Select:
    """Ids of the articles in language ``value`` or from source ``value``."""
    if name == "lang":
        return select(articles.c.id).where(articles.c.lang == value)
    return select(articles.c.id).join(sources, sources.c.id == articles.c.source_id).where(sources.c.name == value)


def count(conn: Connection, flt: ExportFilter) -> int:
    return count_rows(conn, alert_query(conn, flt))


def rows(conn: Connection, flt: ExportFilter, tick: Tick | None = None) -> Iterator[Row]:
    yield from stream_rows(conn, alert_query(conn, flt), tick)
