"""Inputs of `marsad batch`: what `marsad ingest` reads (web archives included), plus Parquet files.

Parquet rows are read in record batches with pyarrow and turned into RawItems by the
same code that reads JSON records (``marsad.ingest.jsonrecords.record_items``), so the
column names follow the JSON options (``--text-field`` etc., or the usual names:
text/body/content, title/headline, date/published, url/link, lang/language, source).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.ingest.jsonrecords import record_items
from marsad.ingest.sources import SourceOptions, iter_items
from marsad.model import Failure, RawItem

Item = RawItem | Failure


def is_parquet(value: str) -> bool:
    """True for an existing ``*.parquet`` file."""
    return value.lower().endswith(".parquet") and Path(value).is_file()


def iter_inputs(inputs: Sequence[str], options: SourceOptions | None = None) -> Iterator[Item]:
    """RawItems and Failures of every input in order; Parquet files row by row."""
    options = options or SourceOptions()
    for value in inputs:
        if is_parquet(value):
            yield from iter_parquet(Path(value), options)
        else:
            yield from iter_items([value], options)


def iter_parquet(path: Path, options: SourceOptions, batch_rows: int = 1024) -> Iterator[Item]:
    """One item per Parquet row (``path#row N`` names it in errors); memory bounded by the batch."""
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(path)
    except Exception as exc:  # not Parquet, truncated, unreadable
        yield Failure(origin=str(path), reason=MarsadError("E130", origin=str(path), detail=str(exc)).message, code="E130")
        return
    row = 0
    for batch in reader.iter_batches(batch_size=batch_rows):
        for record in batch.to_pylist():
            row += 1
            yield from record_items(plain_record(record), f"{path}#{row}", options)


def plain_record(record: dict[str, Any]) -> dict[str, Any]:
    """Parquet values as JSON would give them: dates and timestamps as ISO strings."""
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in record.items()}
