"""Every result out of the store: articles, stories, entities, events, quotes, claims, alerts.

One module per kind (its typed columns, a streamed query, a row count for progress) and one
per format (``textformats``: JSON Lines, JSON, CSV; ``parquet``; ``graph``: GraphML and
GEXF for the entity graph). ``encode`` gives an export as a stream of byte chunks, which
``export`` writes to a file and the API sends as a download; nothing reads a table whole.
The format follows the file extension. docs/exports.md lists the columns.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

from sqlalchemy import Connection

from marsad.errors import MarsadError
from marsad.export import alerts, articles, claims, entities, events, quotes, stories
from marsad.export.columns import Col
from marsad.export.filters import ExportFilter, parse_bound
from marsad.export.graph import encode_gexf, encode_graphml
from marsad.export.parquet import encode_parquet
from marsad.export.streaming import Tick
from marsad.export.textformats import encode_csv, encode_json, encode_jsonl

__all__ = ["FORMATS", "KINDS", "ExportFilter", "columns", "count_units", "encode", "export", "format_for",
           "parse_bound"]

KINDS: dict[str, ModuleType] = {
    "articles": articles, "stories": stories, "entities": entities, "events": events, "quotes": quotes,
    "claims": claims, "alerts": alerts,
}
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".parquet": "parquet",
           ".graphml": "graphml", ".gexf": "gexf"}
GRAPH_FORMATS = ("graphml", "gexf")  # the entity graph only
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "json": "application/json", "csv": "text/csv; charset=utf-8",
               "parquet": "application/vnd.apache.parquet", "graphml": "application/graphml+xml",
               "gexf": "application/gexf+xml"}


def check(kind: str, fmt: str) -> None:
    """E901 for an unknown kind or format, or a graph format for anything but entities."""
    if kind not in KINDS:
        raise MarsadError("E901", what="export kind", value=kind, choices=", ".join(KINDS))
    allowed = sorted(set(FORMATS.values()) - (set() if kind == "entities" else set(GRAPH_FORMATS)))
    if fmt not in allowed:
        raise MarsadError("E901", what=f"{kind} export format", value=fmt, choices=", ".join(allowed))


def format_for(path: str | os.PathLike[str], kind: str) -> str:
    """The format a file name asks for (``.parquet`` -> parquet); E901 when there is none."""
    suffix = Path(path).suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        choices = [s for s, f in FORMATS.items() if kind == "entities" or f not in GRAPH_FORMATS]
        raise MarsadError("E901", what=f"{kind} export format", value=suffix or str(path), choices=", ".join(choices))
    check(kind, fmt)
    return fmt


def columns(conn: Connection, kind: str) -> list[Col]:
    """The columns of ``kind`` (alerts: those of the table, E420 when there is none)."""
    module = KINDS[kind]
    return module.columns(conn) if kind == "alerts" else module.COLUMNS


def count_units(conn: Connection, kind: str, flt: ExportFilter) -> int:
    """What the progress bar counts: rows, or stories for claims."""
    return KINDS[kind].count(conn, flt)


def encode(conn: Connection, kind: str, fmt: str, flt: ExportFilter = ExportFilter(), tick: Tick | None = None,
           stats: dict[str, int] | None = None) -> Iterator[bytes]:
    """The export as byte chunks. Call ``check``/``columns`` first to fail before the first byte."""
    check(kind, fmt)
    cols = columns(conn, kind)
    stats = stats if stats is not None else {}
    stats.setdefault(kind, 0)

    def counted() -> Iterator[dict]:
        for row in KINDS[kind].rows(conn, flt, tick):
            stats[kind] += 1
            yield row

    if fmt in GRAPH_FORMATS:
        graph = encode_graphml if fmt == "graphml" else encode_gexf
        return graph(counted(), lambda ids: entities.edges(conn, flt, ids), stats)
    writer: Callable[..., Iterator[bytes]] = {"jsonl": encode_jsonl, "json": encode_json, "csv": encode_csv}.get(fmt) \
        or (lambda rows, cols: encode_parquet(rows, cols, kind))
    return writer(counted(), cols)


def export(conn: Connection, kind: str, out: Path, flt: ExportFilter = ExportFilter(),
           tick: Tick | None = None) -> dict[str, int]:
    """Write ``kind`` to ``out`` (format from the extension); returns what was written.

    The file appears whole or not at all: it is written beside ``out`` and renamed at the end.
    """
    fmt = format_for(out, kind)
    if not out.parent.is_dir():
        raise MarsadError("E900", path=str(out), detail="no such folder to write the export into")
    columns(conn, kind)  # E420 before any file is made
    stats: dict[str, int] = {}
    partial = out.with_name(out.name + ".partial")
    try:
        with partial.open("wb") as fh:
            for chunk in encode(conn, kind, fmt, flt, tick, stats):
                fh.write(chunk)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return stats
