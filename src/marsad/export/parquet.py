"""Parquet, typed from the export's columns, written one row group at a time.

Rows are gathered into a row group of ``group_rows`` rows, written, and the bytes the
writer produced so far are handed on, so neither the table nor the file is ever held
whole (an HTTP download streams them as they come).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from marsad.export.columns import Col, Row, arrow_type, arrow_value

GROUP_ROWS = 1000  # rows per Parquet row group


class _Drain(io.RawIOBase):
    """A write-only sink whose bytes are taken out as they arrive."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
        chunk = bytes(data)
        self._chunks.append(chunk)
        self._size += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._size

    def take(self) -> bytes:
        data, self._chunks = b"".join(self._chunks), []
        return data


def schema(columns: list[Col], kind: str = ""):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    fields = [pa.field(c.name, arrow_type(c), metadata={"meaning": c.meaning}) for c in columns]
    return pa.schema(fields, metadata={"marsad.export": kind} if kind else None)


def encode_parquet(rows: Iterable[Row], columns: list[Col], kind: str = "",
                   group_rows: int | None = None) -> Iterator[bytes]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    group_rows = group_rows or GROUP_ROWS

    sink = _Drain()
    target = schema(columns, kind)
    writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), target, compression="zstd")

    def group(batch: dict[str, list]) -> bytes:
        table = pa.Table.from_pydict(batch, schema=target)
        writer.write_table(table, row_group_size=max(1, table.num_rows))
        return sink.take()

    batch: dict[str, list] = {c.name: [] for c in columns}
    n = 0
    try:
        for row in rows:
            for c in columns:
                batch[c.name].append(arrow_value(row.get(c.name), c))
            n += 1
            if n % group_rows == 0:
                yield group(batch)
                batch = {c.name: [] for c in columns}
        if n % group_rows or n == 0:
            yield group(batch)
    finally:
        writer.close()
    yield sink.take()
