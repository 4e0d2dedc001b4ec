"""The typed columns of an export and how each value is written in JSON, CSV and Parquet.

Every export kind declares its columns once (name, type, meaning); the writers derive the
Parquet schema, the CSV cells and the JSON values from that list, and docs/exports.md lists
the same columns. Row values are plain Python (str, int, float, bool, datetime, date, list,
dict, or None).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

# type -> what a value is; see ``arrow_type`` for the Parquet type
TYPES = {
    "string": "text",
    "int": "integer",
    "float": "floating-point number",
    "bool": "true / false",
    "datetime": "date and time (ISO 8601, no time zone: UTC)",
    "date": "calendar day (YYYY-MM-DD)",
    "strings": "list of text",
    "map": "object of text to text (e.g. language -> title)",
    "counts": "object of text to integer",
    "json": "JSON value (an object or list; a JSON string in CSV and Parquet)",
}


@dataclass(frozen=True)
class Col:
    name: str
    type: str
    meaning: str

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name}: unknown type {self.type!r}")


Row = dict[str, Any]


def utc_naive(value: Any) -> Any:
    """A time-zone-aware datetime (PostgreSQL's timestamptz) as naive UTC, like every other date."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def json_value(value: Any) -> Any:
    """A row value as the CLI's JSON gives it: dates and times as ISO strings (UTC, no zone)."""
    if isinstance(value, (datetime, date)):
        return utc_naive(value).isoformat()
    return value


def json_row(row: Row, columns: list[Col]) -> Row:
    return {c.name: json_value(row.get(c.name)) for c in columns}


def csv_cell(value: Any, col: Col) -> str:
    """One CSV cell: empty for null, true/false, ISO dates, JSON text for lists and objects."""
    if value is None:
        return ""
    if col.type == "bool":
        return "true" if value else "false"
    if col.type in ("strings", "map", "counts", "json"):
        return json.dumps(value, ensure_ascii=False, sort_keys=col.type != "json")
    if isinstance(value, (datetime, date)):
        return utc_naive(value).isoformat()
    return str(value)


def arrow_type(col: Col):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    return {
        "string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
        "datetime": pa.timestamp("us"), "date": pa.date32(), "strings": pa.list_(pa.string()),
        "map": pa.map_(pa.string(), pa.string()), "counts": pa.map_(pa.string(), pa.int64()), "json": pa.string(),
    }[col.type]


def arrow_value(value: Any, col: Col) -> Any:
    if value is None:
        return None
    if col.type == "json":
        return json.dumps(value, ensure_ascii=False)
    if col.type in ("map", "counts"):
        return list(value.items())
    return utc_naive(value)
