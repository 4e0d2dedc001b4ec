"""Parquet inputs become the same RawItems as JSON records with the same fields."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from marsad.distributed.inputs import iter_inputs
from marsad.ingest.jsonrecords import record_items
from marsad.ingest.sources import SourceOptions
from marsad.model import Failure, RawItem

ROOT = Path(__file__).resolve().parents[2]
SEED = sorted((ROOT / "src" / "marsad" / "data" / "sample").glob("*.txt"))[0]


def test_parquet_rows_read_like_json_records(tmp_path: Path) -> None:
    body = SEED.read_text(encoding="utf-8")
    rows = [{"headline": "First", "body": body, "published": datetime(2024, 12, 8, 9, 30), "source": "seed"},
            {"headline": "Empty", "body": "", "published": None, "source": "seed"}]
    path = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    items = list(iter_inputs([str(path)], SourceOptions()))
    assert isinstance(items[0], RawItem) and items[0].origin == f"{path}#1"
    assert items[0].data == body and items[0].meta["title"] == "First" and items[0].meta["source"] == "seed"
    expected = next(record_items({**rows[0], "published": "2024-12-08T09:30:00"}, f"{path}#1", SourceOptions()))
    assert items[0].meta == expected.meta
    assert isinstance(items[1], Failure)


def test_unreadable_parquet_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"not parquet at all")
    (item,) = list(iter_inputs([str(path)]))
    assert isinstance(item, Failure) and item.code == "E130" and str(path) in item.reason


def test_other_inputs_go_through_iter_items() -> None:
    (item,) = list(iter_inputs([str(SEED)]))
    assert isinstance(item, RawItem) and item.origin == str(SEED)
