"""Provenance through `marsad ingest` on real text: a copy, a translation, independent sources,
first report per language and the lag; the stories list sorted by independent sources (CLI, API)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from marsad_testing import sources_corpus
from typer.testing import CliRunner

from marsad.cli import app

runner = CliRunner()


def _cli(db, *args):
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sources")
    db = folder / "marsad.db"
    files = sources_corpus(folder)
    for path in files.values():
        _cli(db, "ingest", str(path), "-q")
    return db, files


def _stories(db, sort):
    return json.loads(_cli(db, "stories", "--sort", sort, "--json").stdout)


def _story_of(db, article_source):
    for s in _stories(db, "recent"):
        view = json.loads(_cli(db, "sources", "story", str(s["id"]), "--json").stdout)
        if any(p["source"] == article_source for p in view["provenance"]):
            return view
    raise AssertionError(f"no story holds an article from {article_source}")


def test_seed_story_counts_two_independent_sources_and_one_copy(corpus_db):
    db, _ = corpus_db
    view = _story_of(db, "Enab Baladi")
    kinds = {p["source"]: (p["kind"], p["outlet"]) for p in view["provenance"]}
    assert kinds == {"Enab Baladi": ("original", "enabbaladi"), "Asharq Al-Awsat": ("copy", "aawsat"),
                     "سكاي نيوز عربية": ("original", "skynewsarabia")}
    copy = next(p for p in view["provenance"] if p["kind"] == "copy")
    original = next(p for p in view["provenance"] if p["source"] == "Enab Baladi")
    assert copy["of_article"] == original["article_id"] and copy["evidence"]["match"] == "near"
    assert view["articles"] == 3 and view["independent"] == 2 and view["copies"] == 1
    assert view["first_by_lang"]["en"]["article_id"] == original["article_id"]
    assert view["first_by_lang"]["ar"]["source"] == "سكاي نيوز عربية"
    assert view["first_by_lang"]["ar"]["lag_hours"] == 6.5 and view["lag_hours"] == 6.5
    assert view["countries"] == ["AE", "GB", "SY"] and view["types"] == ["private"]


def test_ntrex_arabic_dated_later_is_a_translation_of_the_english(corpus_db):
    db, files = corpus_db
    if "ntrex" not in files:
        pytest.skip("../shared/data/ntrex-ar-en is absent")
    view = _story_of(db, "Al Jazeera")
    by_source = {p["source"]: p for p in view["provenance"]}
    arabic, english = by_source["Al Jazeera"], by_source["BBC News"]
    assert english["kind"] == "original" and arabic["kind"] == "translation"
    assert arabic["of_article"] == english["article_id"] and arabic["of_outlet"] == "bbc"
    assert arabic["evidence"]["coverage"] >= 0.75 and arabic["evidence"]["coverage_of_original"] >= 0.75
    assert view["independent"] == 1 and view["lag_hours"] == 24.0


def test_stories_sort_by_independent_sources_in_cli_and_api(corpus_db):
    db, files = corpus_db
    if "ntrex" not in files:
        pytest.skip("../shared/data/ntrex-ar-en is absent")
    recent, indep = _stories(db, "recent"), _stories(db, "independent")
    assert [s["independent"] for s in indep] == sorted((s["independent"] for s in indep), reverse=True)
    assert indep[0]["independent"] == 2 and recent[0]["independent"] == 1  # the orders differ
    table = _cli(db, "stories", "--sort", "independent").stdout
    assert "indep." in table

    from marsad.api.app import create_app
    from marsad.store import open_store

    store = open_store(str(db))
    try:
        client = TestClient(create_app(store))
        body = client.get("/api/stories", params={"sort": "independent"}).json()
        assert [s["id"] for s in body["items"]] == [s["id"] for s in indep]
        assert body["items"][0]["independent"] == 2 and body["items"][0]["lag_hours"] == 6.5
        assert client.get("/api/stories", params={"sort": "bogus"}).status_code == 422
    finally:
        store.close()


def test_unknown_sort_is_a_one_line_error(corpus_db):
    db, _ = corpus_db
    result = runner.invoke(app, ["--db", str(db), "stories", "--sort", "bogus"])
    assert result.exit_code != 0 and "E901" in str(result.exception)


def test_sources_add_and_import_change_resolution(corpus_db, tmp_path):
    db, _ = corpus_db
    _cli(db, "sources", "add", "skynewsarabia", "--name", "Sky News Arabia (edited)", "--domain",
         "skynewsarabia.com", "--country", "AE", "--type", "state", "--fact-source", "my notes")
    listed = {r["key"]: r for r in json.loads(_cli(db, "sources", "list", "--json").stdout)}
    assert listed["skynewsarabia"]["origin"] == "user" and listed["skynewsarabia"]["type"] == "state"
    assert listed["skynewsarabia"]["articles"] == 1 and listed["reuters"]["origin"] == "bundled"
    bad = tmp_path / "bad.csv"
    bad.write_text("key,name,type\nx,X,tabloid\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", str(db), "sources", "import", str(bad)])
    assert "E170" in str(result.exception)
    good = tmp_path / "good.csv"
    good.write_text("key,name,domains,country,type\nmylocal,My Local,example.org,SY,private\n", encoding="utf-8")
    _cli(db, "sources", "import", str(good))
    page = json.loads(_cli(db, "sources", "show", "enabbaladi", "--json").stdout)
    assert page["first_reports"] == 1 and page["reused_by_others"]["copy"] == 1 and page["stories"] == 1


def test_contradicted_claims_are_the_comparisons_conflicts_of_the_outlets_articles(corpus_db):
    db, _ = corpus_db
    from marsad.compare.store import compare_stored_story
    from marsad.sources.store import outlet_page
    from marsad.store import open_store

    store = open_store(str(db))
    try:
        with store.connect() as conn:
            page = outlet_page(conn, "skynewsarabia")
            sid = page["recent_stories"][0]["id"]
            mine = {p["article_id"] for p in json.loads(_cli(db, "sources", "story", str(sid), "--json").stdout)["provenance"]
                    if p["outlet"] == "skynewsarabia"}
            comp = compare_stored_story(conn, sid)
    finally:
        store.close()
    expected = sorted((comp.claims[c.claim_a if c.article_a in mine else c.claim_b].text)
                      for c in comp.conflicts if {c.article_a, c.article_b} & mine)
    assert sorted(c["claim"] for c in page["contradicted"]) == expected
    for c in page["contradicted"]:
        assert c["article_id"] in mine and c["differences"] and c["other_article"] not in mine


def test_source_endpoints(corpus_db):
    db, _ = corpus_db
    from marsad.api.app import create_app
    from marsad.store import open_store

    store = open_store(str(db))
    try:
        client = TestClient(create_app(store, token="t"))
        outlets = {o["key"]: o for o in client.get("/api/sources").json()}
        assert outlets["reuters"]["type"] == "agency" and outlets["reuters"]["fact_source"].startswith("https://")
        page = client.get("/api/sources/aawsat").json()
        assert page["by_kind"]["copy"] == 1 and page["first_reports"] == 0
        missing = client.get("/api/sources/nosuch")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "E171"
        story = next(s for s in client.get("/api/stories", params={"sort": "independent"}).json()["items"])
        view = client.get(f"/api/stories/{story['id']}/sources").json()
        assert view["independent"] == story["independent"] and len(view["provenance"]) == view["articles"]
        body = {"key": "mywire", "name": "My Wire", "domains": ["mywire.example.org"], "type": "agency"}
        assert client.post("/api/sources", json=body).status_code == 401
        made = client.post("/api/sources", json=body, headers={"Authorization": "Bearer t"})
        assert made.status_code == 200 and made.json()["origin"] == "user"
        assert "mywire" in {o["key"] for o in client.get("/api/sources").json()}
        bad = client.post("/api/sources", json={**body, "type": "tabloid"}, headers={"Authorization": "Bearer t"})
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "E170"
    finally:
        store.close()
