"""Exports without models: articles read back from every format equal `marsad articles --json`;
filters, typed Parquet in row groups, the alerts table by reflection, and the coded refusals."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from export_readback import read_back, same_nulls
from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, String, Table, text
from typer.testing import CliRunner

from marsad.cli import app
from marsad.errors import MarsadError
from marsad.export import ExportFilter, columns, encode, export
from marsad.export import articles as article_export
from marsad.export.articles import COLUMNS
from marsad.export.parquet import encode_parquet
from marsad.ingest.sources import SourceOptions
from marsad.pipeline import Pipeline
from marsad.store import open_store
from marsad.store.tables import entities, mentions

RECORDS = [
    {"title": "Talks in Moscow", "text": "The foreign minister met his Russian counterpart in Moscow on Monday. "
     "They discussed the bases on the coast.\nBoth sides called the talks frank.", "date": "2025-11-20T09:00:00",
     "lang": "en", "source": "Wire", "url": "https://example.com/a"},
    {"title": "محادثات في موسكو", "text": "التقى وزير الخارجية نظيره الروسي في موسكو يوم الاثنين. "
     "وناقش الجانبان مستقبل القواعد على الساحل.", "date": "2025-11-21", "lang": "ar", "source": "Majalla"},
    {"title": "Undated note", "text": "A note without a date, with \"quotes\", commas, and a\nline break.",
     "lang": "en", "source": "Wire"},
    {"title": "Copy", "text": "The foreign minister met his Russian counterpart in Moscow on Monday. "
     "They discussed the bases on the coast.\nBoth sides called the talks frank.", "date": "2025-11-20T10:00:00",
     "lang": "en", "source": "Echo"},
]
FORMATS = ("jsonl", "json", "csv", "parquet")
runner = CliRunner()


@pytest.fixture(scope="module")
def db(module_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The records above in a store without models: SQLite, then PostgreSQL."""
    folder = tmp_path_factory.mktemp("export")
    source = folder / "in.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n", encoding="utf-8")
    path = module_db
    store = open_store(path)
    summary = Pipeline(store=store, stages=[]).ingest([str(source)], SourceOptions())
    assert (summary.ingested, summary.duplicates) == (3, 1)
    store.close()
    return path


def cli(db: str | Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.mark.parametrize("fmt", FORMATS)
def test_articles_read_back_as_the_cli_lists_them(db: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"articles.{fmt}"
    result = cli(db, "export", "articles", str(out), "-q")
    assert result.exit_code == 0, result.output
    rows = read_back(out, COLUMNS)
    listed = json.loads(cli(db, "articles", "--json", "--limit", "100").stdout)
    shared = list(listed[0])
    assert same_nulls([{k: r[k] for k in shared} for r in rows], COLUMNS) == same_nulls(listed, COLUMNS)
    assert {r["title"]: r["text"] for r in rows}["Undated note"] == 'A note without a date, with "quotes", commas, and a\nline break.'
    assert {r["lang"] for r in rows} == {"ar", "en"} and all(r["ingested_at"] for r in rows)


def test_filters_pick_the_same_articles_as_the_cli(db: str, tmp_path: Path) -> None:
    def ids(*args: str) -> list[str]:
        out = tmp_path / "f.jsonl"
        assert cli(db, "export", "articles", str(out), "-q", *args).exit_code == 0
        return [r["id"] for r in read_back(out, COLUMNS)]

    def listed(*args: str) -> list[str]:
        return [r["id"] for r in json.loads(cli(db, "articles", "--json", *args).stdout)]

    assert ids("--lang", "ar") == listed("--lang", "ar") and len(ids("--lang", "ar")) == 1
    assert ids("--source", "Wire") == listed("--source", "Wire") and len(ids("--source", "Wire")) == 2
    assert ids("--since", "2025-11-21") == listed("--since", "2025-11-21")
    assert len(ids("--until", "2025-11-20")) == 1  # a bare date covers the whole day (09:00)
    assert len(ids("--duplicates")) == 4 and listed("--duplicates") == ids("--duplicates")
    assert ids("--story", "1") == []  # no stories without the clustering stage
    summary = json.loads(cli(db, "export", "articles", str(tmp_path / "s.parquet"), "--json", "--lang", "en").stdout)
    assert summary == {"path": str(tmp_path / "s.parquet"), "kind": "articles", "format": "parquet", "rows": 2}


def test_parquet_is_typed_and_written_in_row_groups(db: str, tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    store = open_store(str(db))
    with store.connect() as conn:
        rows = list(article_export.rows(conn, ExportFilter(duplicates=True)))
    out.write_bytes(b"".join(encode_parquet(rows, COLUMNS, "articles", group_rows=2)))
    meta = pq.ParquetFile(out).metadata
    assert (meta.num_rows, meta.num_row_groups) == (4, 2)
    table = pq.read_table(out)
    assert str(table.schema.field("published").type) == "timestamp[us]" and str(table.schema.field("mixed").type) == "bool"
    assert table.schema.field("text").metadata[b"meaning"].startswith(b"the clean article text")
    assert table.schema.metadata[b"marsad.export"] == b"articles"
    store.close()


def test_unknown_formats_and_bad_dates_are_coded_errors(db: str, tmp_path: Path) -> None:
    store = open_store(str(db))
    with store.connect() as conn:
        for name, code in (("x.xlsx", "E901"), ("x.gexf", "E901"), ("x", "E901")):
            with pytest.raises(MarsadError) as info:
                export(conn, "articles", tmp_path / name)
            assert info.value.code == code
        with pytest.raises(MarsadError, match="E901"):
            list(encode(conn, "tweets", "csv"))
        with pytest.raises(MarsadError, match="E900"):
            export(conn, "articles", tmp_path / "missing" / "a.csv")
    store.close()
    bad = cli(db, "export", "articles", str(tmp_path / "a.csv"), "--since", "last week")
    assert bad.exit_code != 0 and not (tmp_path / "a.csv").exists()


def test_alerts_need_their_table_and_read_it_by_reflection(store_url: str, tmp_path: Path) -> None:
    path = store_url
    store = open_store(path)
    with store.begin() as conn:  # a database from before the monitoring migration had no alerts table
        conn.execute(text("DROP TABLE webhook_outbox"))
        conn.execute(text("DROP TABLE alerts"))
    with store.connect() as conn:
        with pytest.raises(MarsadError) as info:
            columns(conn, "alerts")
    assert info.value.code == "E420" and info.value.message == "no alerts table in this database (upgrade)"
    result = cli(path, "export", "alerts", str(tmp_path / "a.csv"))
    assert result.exit_code != 0 and isinstance(result.exception, MarsadError) and result.exception.code == "E420"
    table = Table("alerts", MetaData(), Column("id", Integer, primary_key=True), Column("story_id", Integer),
                  Column("rule", String(80)), Column("created_at", DateTime), Column("detail", JSON))
    with store.begin() as conn:
        table.create(conn)
        conn.execute(table.insert(), [
            {"story_id": 3, "rule": "spike", "created_at": datetime(2025, 11, 22, 8), "detail": {"n": 5}},
            {"story_id": 4, "rule": "new entity", "created_at": datetime(2025, 11, 24, 8), "detail": ["الشيباني"]}])
    with store.connect() as conn:
        cols = columns(conn, "alerts")
    assert [(c.name, c.type) for c in cols] == [("id", "int"), ("story_id", "int"), ("rule", "string"),
                                                ("created_at", "datetime"), ("detail", "json")]
    expected = [{"id": 1, "story_id": 3, "rule": "spike", "created_at": "2025-11-22T08:00:00", "detail": {"n": 5}},
                {"id": 2, "story_id": 4, "rule": "new entity", "created_at": "2025-11-24T08:00:00", "detail": ["الشيباني"]}]
    for fmt in FORMATS:
        out = tmp_path / f"alerts.{fmt}"
        assert cli(path, "export", "alerts", str(out), "-q").exit_code == 0
        assert read_back(out, cols) == expected
    out = tmp_path / "late.jsonl"
    assert cli(path, "export", "alerts", str(out), "-q", "--since", "2025-11-23").exit_code == 0
    assert [r["id"] for r in read_back(out, cols)] == [2]
    refused = cli(path, "export", "alerts", str(out), "--lang", "ar")
    assert isinstance(refused.exception, MarsadError) and refused.exception.code == "E911"
    store.close()


def test_alerts_filter_by_language_and_source_through_their_article(db: str, tmp_path: Path) -> None:
    """The monitoring stage's alerts name an article_id and no language: --lang goes through it."""
    from marsad.store.tables import alerts, watchlists

    store = open_store(db)
    with store.begin() as conn:
        ids = {r["lang"]: r["id"] for r in article_export.rows(conn, ExportFilter())}
        watch = conn.execute(watchlists.insert().values(kind="query", target="q:الشيباني", label="", params={},
                                                        created_at=datetime(2025, 11, 22))).inserted_primary_key[0]
        conn.execute(alerts.insert(), [{"watchlist_id": watch, "article_id": ids["ar"], "created_at": datetime(2025, 11, 22)},
                                       {"watchlist_id": watch, "article_id": ids["en"], "created_at": datetime(2025, 11, 22)}])
    try:
        out = tmp_path / "a.jsonl"
        assert cli(db, "export", "alerts", str(out), "-q", "--lang", "ar").exit_code == 0
        assert [r["article_id"] for r in map(json.loads, out.read_text().splitlines())] == [ids["ar"]]
        assert cli(db, "export", "alerts", str(out), "-q", "--source", "Majalla").exit_code == 0
        assert [r["article_id"] for r in map(json.loads, out.read_text().splitlines())] == [ids["ar"]]
    finally:
        with store.begin() as conn:
            conn.execute(alerts.delete())
            conn.execute(watchlists.delete())
        store.close()


def test_entity_graph_as_graphml_and_gexf(store_url: str, tmp_path: Path) -> None:
    store = open_store(store_url)
    art = {"id": "a1", "origin": "x", "text": "t", "content_hash": "h1", "ingested_at": datetime(2025, 1, 1)}
    from marsad.store.tables import articles

    with store.begin() as conn:
        conn.execute(articles.insert(), [art, {**art, "id": "a2", "content_hash": "h2"}])
        conn.execute(entities.insert(), [
            {"id": 1, "key": "PER:shibani", "label": "PER", "names": {"en": "al-Shibani", "ar": "الشيباني"},
             "aliases": {"الشيباني": 2, "Shibani": 1}, "mentions": 3},
            {"id": 2, "key": "LOC:moscow", "label": "LOC", "names": {"en": "Moscow", "ar": "موسكو"}, "aliases": {}, "mentions": 2},
            {"id": 3, "key": "LOC:idlib", "label": "LOC", "names": {"en": "Idlib"}, "aliases": {}, "mentions": 1}])
        m = {"start": 0, "end": 1, "text": "x", "label": "PER", "norm": ""}
        conn.execute(mentions.insert(), [{**m, "article_id": "a1", "entity_id": 1}, {**m, "article_id": "a1", "entity_id": 2},
                                          {**m, "article_id": "a2", "entity_id": 1}, {**m, "article_id": "a2", "entity_id": 2},
                                          {**m, "article_id": "a2", "entity_id": 3}])
    with store.connect() as conn:
        counts = export(conn, "entities", tmp_path / "g.graphml")
        export(conn, "entities", tmp_path / "g.gexf", ExportFilter(min_mentions=2))
    assert counts == {"entities": 3, "edges": 3}
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(tmp_path / "g.graphml").getroot()
    weights = {(e.get("source"), e.get("target")): e.find("g:data", ns).text for e in root.iter(f"{{{ns['g']}}}edge")}
    assert weights == {("e1", "e2"): "2", ("e1", "e3"): "1", ("e2", "e3"): "1"}
    gexf = ET.parse(tmp_path / "g.gexf").getroot()
    ns = {"x": "http://gexf.net/1.3"}
    assert [n.get("label") for n in gexf.iter(f"{{{ns['x']}}}node")] == ["al-Shibani", "Moscow"]
    assert [(e.get("source"), e.get("target"), e.get("weight")) for e in gexf.iter(f"{{{ns['x']}}}edge")] == [("e1", "e2", "2")]
    store.close()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_exports_are_produced_lazily_row_by_row(db: str, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """The first bytes leave before the later rows are read: nothing waits for the whole table."""
    from marsad.export import parquet, textformats

    monkeypatch.setattr(textformats, "CHUNK_ROWS", 1)
    monkeypatch.setattr(parquet, "GROUP_ROWS", 1)
    read = []
    store = open_store(str(db))
    with store.connect() as conn:
        chunks = encode(conn, "articles", fmt, ExportFilter(duplicates=True), tick=lambda: read.append(1))
        first = next(chunks)
        assert first and len(read) <= 2  # (csv: the header chunk comes with the first row)
        rest = list(chunks)
    assert len(read) == 4 and len([c for c in rest if c]) >= 3
    store.close()
