"""JSON Lines, JSON and CSV, written as a stream of byte chunks (UTF-8)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from marsad.export.columns import Col, Row, csv_cell, json_row

CHUNK_ROWS = 200  # rows per chunk handed to the file or the HTTP response


def encode_jsonl(rows: Iterable[Row], columns: list[Col]) -> Iterator[bytes]:
    """One JSON object per line, keys in column order, values as the CLI's JSON gives them."""
    lines: list[str] = []
    for row in rows:
        lines.append(json.dumps(json_row(row, columns), ensure_ascii=False))
        if len(lines) >= CHUNK_ROWS:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")


def encode_json(rows: Iterable[Row], columns: list[Col]) -> Iterator[bytes]:
    """One JSON array of objects, written element by element (never built whole)."""
    yield b"["
    first = True
    for chunk in encode_jsonl(rows, columns):
        body = chunk.decode("utf-8").rstrip("\n").replace("\n", ",\n")
        yield (("\n" if first else ",\n") + body).encode("utf-8")
        first = False
    yield b"\n]\n"


def encode_csv(rows: Iterable[Row], columns: list[Col]) -> Iterator[bytes]:
    """A header line, then one line per row (RFC 4180 quoting; lists and objects as JSON text)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    n = 0
    for row in rows:
        writer.writerow([csv_cell(row.get(c.name), c) for c in columns])
        n += 1
        if n % CHUNK_ROWS == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")
