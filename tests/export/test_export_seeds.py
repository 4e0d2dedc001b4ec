"""The seeds through the whole pipeline, then every export kind in every format: each file
reads back (json, csv, pyarrow) to the same rows, and those rows match what the CLI's JSON
(or the API's, for quotes) says about the same items; the API download equals the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_readback import read_back, same_nulls
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.cli import app
from marsad.export import KINDS

FORMATS = ("jsonl", "json", "csv", "parquet")
runner = CliRunner()
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(module_db: str) -> str:
    """The seeds ingested by the CLI: SQLite, then PostgreSQL."""
    from marsad_testing import SAMPLE, SEEDS

    path = module_db
    result = runner.invoke(app, ["--db", str(path), "ingest", str(SEEDS if SEEDS.exists() else SAMPLE), "-q"])
    assert result.exit_code == 0, result.output
    return path


def cli_json(db: str, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["--db", str(db), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def exported(db: str, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], list[dict]]:
    """Every kind but alerts (no table here) in every format, read back."""
    folder = tmp_path_factory.mktemp("out")
    out: dict[tuple[str, str], list[dict]] = {}
    for kind in ("articles", "stories", "entities", "events", "quotes", "claims"):
        cols = KINDS[kind].COLUMNS
        for fmt in FORMATS:
            path = folder / f"{kind}.{fmt}"
            result = runner.invoke(app, ["--db", str(db), "export", kind, str(path), "-q"])
            assert result.exit_code == 0, result.output
            out[kind, fmt] = same_nulls(read_back(path, cols), cols)
    return out


@pytest.mark.parametrize("kind", ["articles", "stories", "entities", "events", "quotes", "claims"])
def test_every_format_reads_back_to_the_same_rows(exported, kind: str) -> None:
    rows = exported[kind, "jsonl"]
    assert rows, f"no {kind} exported from the seeds"
    for fmt in FORMATS[1:]:
        assert exported[kind, fmt] == rows, f"{kind}.{fmt} differs from {kind}.jsonl"


def test_articles_and_stories_match_the_cli(db: str, exported) -> None:
    for kind, command in (("articles", "articles"), ("stories", "stories")):
        listed = cli_json(db, command, "--limit", "1000")
        rows = exported[kind, "parquet"]
        assert [{k: r[k] for k in listed[0]} for r in rows] == same_nulls(listed, KINDS[kind].COLUMNS)
    story = exported["stories", "csv"][0]
    assert set(story["languages"]) == {"ar", "en"} and set(story["titles"]) == {"ar", "en"}
    assert {r["story_id"] for r in exported["articles", "csv"]} == {story["id"]}


def test_entities_match_the_cli(db: str, exported) -> None:
    listed = {e["id"]: e for e in cli_json(db, "entities", "--limit", "1000")}
    rows = exported["entities", "parquet"]
    assert {r["id"] for r in rows} == set(listed)
    for r in rows:
        e = listed[r["id"]]
        assert (r["key"], r["label"], r["mentions"], r["names"]) == (e["key"], e["label"], e["mentions"], e["names"])
        assert r["aliases"] == " | ".join(sorted(e["aliases"]))
        assert r["first_seen"] == (e["first_seen"][:10] if e["first_seen"] else None)
    assert any(r["name_ar"] == "حميميم" for r in rows)


def test_events_match_the_reports_of_the_cli(db: str, exported) -> None:
    entries = cli_json(db, "events")
    reported = sorted((r["article"], r["sentence"], r["start"], r["end"], r["text"], r["date_from"] or None, r["score"], e["event"],
                       e["negated"], e["hypothetical"]) for e in entries for r in e["reports"])
    rows = exported["events", "csv"]  # an undated event has no date_from: null in JSON, an empty cell in CSV
    assert sorted((r["article_id"], r["sentence"], r["start"], r["end"], r["text"], r["date_from"] or None, r["score"],
                   r["type"], r["negated"], r["hypothetical"]) for r in rows) == reported


def test_quotes_match_the_api(db: str, exported) -> None:
    from marsad.api.app import create_app
    from marsad.store import open_store

    store = open_store(str(db))
    client = TestClient(create_app(store))
    rows = exported["quotes", "json"]
    by_article: dict[str, list] = {}
    for r in rows:
        by_article.setdefault(r["article_id"], []).append(r)
    for article_id, quotes in by_article.items():
        shown = client.get(f"/api/articles/{article_id}").json()["quotes"]
        keys = ("start", "end", "speaker", "verb", "direct", "text")

        def row(q: dict) -> tuple:  # an unnamed speaker reads back as "" from the file, None from the API
            return tuple((q[k] or None) if k == "speaker" else q[k] for k in keys)

        assert sorted(map(row, quotes)) == sorted(map(row, shown))
    store.close()


def test_claims_match_marsad_compare(db: str, exported) -> None:
    story_id = exported["stories", "jsonl"][0]["id"]
    claims = cli_json(db, "compare", str(story_id))["claims"]
    rows = [r for r in exported["claims", "parquet"] if r["story_id"] == story_id]
    assert [r["claim"] for r in rows] == list(range(len(claims)))
    keys = ("article_id", "sentence", "start", "end", "text", "status", "row", "matches")
    assert [{k: r[k] for k in keys} for r in rows] == [{k: c[k] for k in keys} for c in claims]
    assert {"shared", "unique"} <= {r["status"] for r in rows}


def test_filters_narrow_each_kind(db: str, tmp_path: Path, exported) -> None:
    ar = next(r["id"] for r in exported["articles", "jsonl"] if r["lang"] == "ar")
    for kind in ("events", "quotes", "claims"):
        out = tmp_path / f"{kind}.jsonl"
        assert runner.invoke(app, ["--db", str(db), "export", kind, str(out), "-q", "--lang", "ar"]).exit_code == 0
        rows = read_back(out, KINDS[kind].COLUMNS)
        assert rows and {r["article_id"] for r in rows} == {ar}
        assert len(rows) < len(exported[kind, "jsonl"])
    out = tmp_path / "none.jsonl"
    assert runner.invoke(app, ["--db", str(db), "export", "stories", str(out), "-q", "--until", "1990-01-01"]).exit_code == 0
    assert out.read_text() == ""


def test_api_downloads_equal_the_files(db: str, tmp_path: Path) -> None:
    from marsad.api.app import create_app
    from marsad.store import open_store

    store = open_store(str(db))
    client = TestClient(create_app(store))
    for kind, fmt in (("articles", "csv"), ("events", "jsonl"), ("entities", "graphml"), ("stories", "json")):
        path = tmp_path / f"{kind}.{fmt}"
        assert runner.invoke(app, ["--db", str(db), "export", kind, str(path), "-q"]).exit_code == 0
        response = client.get(f"/api/export/{kind}.{fmt}")
        assert response.status_code == 200 and response.content == path.read_bytes()
        assert f"marsad-{kind}.{fmt}" in response.headers["content-disposition"]
    response = client.get("/api/export/articles.parquet", params={"lang": "ar"})
    path = tmp_path / "dl.parquet"
    path.write_bytes(response.content)
    assert [r["lang"] for r in read_back(path, KINDS["articles"].COLUMNS)] == ["ar"]
    alerts = client.get("/api/export/alerts.csv")  # no watchlist yet: a header line and no rows
    assert alerts.status_code == 200 and alerts.text.splitlines()[0].startswith("id,")
    assert len(alerts.text.splitlines()) == 1
    assert client.get("/api/export/stories.gexf").status_code == 400
    store.close()
