"""A fingerprint of everything a database holds: rows and a digest per table.

Two runs of the same input give the same fingerprint, so it tells whether a change of code
(a refactoring, an upgrade, a migration) kept the stored content (``scripts/db_fingerprint.py``).
Every table is read in primary-key order; the columns that record *when* something ran
(ingest and run times, story and entity update times, when an outlet was first met, when an
alert was raised and its webhook tried) are
left out, and JSON values are compared with sorted keys, since two runs of the same input
differ there and nowhere else.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import Engine, MetaData, select

VOLATILE = {"ingested_at", "started_at", "finished_at", "updated_at", "computed_at"}
# when the outlet was first met by this run, when an alert was raised and its webhook tried: not the text
VOLATILE_IN = {"sources": {"first_seen"}, "alerts": {"created_at"}, "watchlists": {"created_at"},
               "webhook_outbox": {"next_attempt_at", "delivered_at", "failed_at"}}
# Which run stored what: a killed run re-run stores the same content in two runs, not one.
RUN_BOOKKEEPING = {"runs": None, "run_errors": None, "articles": {"run_id"}}


def fingerprint(engine: Engine, columns: dict[str, list[str]] | None = None) -> dict[str, tuple[int, str]]:
    """``{table: (rows, first 16 hex digits of the rows' SHA-256)}`` for every table behind ``engine``.

    ``columns`` (table -> column names, as :func:`columns_of` gives them for an older
    database) limits the fingerprint to those tables and columns: what an upgrade must keep.
    """
    meta = MetaData()
    meta.reflect(engine)
    out: dict[str, tuple[int, str]] = {}
    with engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            if name.startswith(("alembic", "sqlite_")) or "_fts" in name or (columns is not None and name not in columns):
                continue
            skip = VOLATILE | VOLATILE_IN.get(name, set())
            wanted = set(columns[name]) if columns is not None else {c.name for c in table.columns}
            cols = [c for c in table.columns if c.name not in skip and c.name in wanted]
            order = list(table.primary_key.columns) or cols
            digest = hashlib.sha256()
            rows = 0
            for row in conn.execute(select(*cols).order_by(*order)):
                digest.update(json.dumps([_plain(v) for v in row], default=str, ensure_ascii=False).encode())
                rows += 1
            out[name] = (rows, digest.hexdigest()[:16])
    return out


def content_fingerprint(engine: Engine) -> dict[str, tuple[int, str]]:
    """The fingerprint of the content alone (articles, sentences, stories, entities, events,
    alerts, provenance...), leaving out the run bookkeeping (``RUN_BOOKKEEPING``): what a
    killed-then-re-run ingest must share with an uninterrupted one (tests/test_killed_run.py)."""
    cols = {name: [c for c in names if c not in (RUN_BOOKKEEPING.get(name) or ())]
            for name, names in columns_of(engine).items()
            if not (name in RUN_BOOKKEEPING and RUN_BOOKKEEPING[name] is None)}
    return fingerprint(engine, cols)


def columns_of(engine: Engine) -> dict[str, list[str]]:
    """Table -> column names of the database behind ``engine`` (before an upgrade, say)."""
    meta = MetaData()
    meta.reflect(engine)
    return {name: [c.name for c in table.columns] for name, table in meta.tables.items()}


def _plain(value: object) -> object:
    """Bytes as hex; JSON objects with sorted keys (a dict's order can follow string hashing)."""
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.dumps(json.loads(value), sort_keys=True, ensure_ascii=False)
        except ValueError:
            return value
    return value
