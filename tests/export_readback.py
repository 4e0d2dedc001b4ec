"""Read an export file back with the plain readers (json, csv, pyarrow) into the values the
CLI's JSON gives: dates as ISO text, lists and objects as lists and dicts."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from marsad.export.columns import Col


def _from_csv(value: str, col: Col) -> Any:
    if value == "":
        return "" if col.type == "string" else None
    if col.type == "int":
        return int(value)
    if col.type == "float":
        return float(value)
    if col.type == "bool":
        return {"true": True, "false": False}[value]
    if col.type in ("strings", "map", "counts", "json"):
        return json.loads(value)
    return value


def _from_arrow(value: Any, col: Col) -> Any:
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if col.type in ("map", "counts"):
        return dict(value)
    if col.type == "json":
        return json.loads(value)
    return value


def read_back(path: Path, columns: list[Col]) -> list[dict[str, Any]]:
    suffix = path.suffix
    if suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    if suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            assert reader.fieldnames == [c.name for c in columns]
            return [{c.name: _from_csv(r[c.name], c) for c in columns} for r in reader]
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        assert table.column_names == [c.name for c in columns]
        return [{c.name: _from_arrow(r[c.name], c) for c in columns} for r in table.to_pylist()]
    raise AssertionError(suffix)


def same_nulls(rows: list[dict[str, Any]], columns: list[Col]) -> list[dict[str, Any]]:
    """CSV cannot tell an empty string from a null text: read both as empty."""
    text = {c.name for c in columns if c.type == "string"}
    return [{k: ("" if k in text and v is None else v) for k, v in r.items()} for r in rows]
