"""Write endpoints: the token gate, ingest of text/HTML/URL, size caps, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_helpers import AUTH, assert_error

PAGE = Path(__file__).resolve().parents[1] / "data" / "ingest" / "seed_en_page.html"
TEXT = ("Ministers met in Geneva on Monday.\nThe talks lasted two days and ended with a joint statement. "
        "Both delegations said they would meet again next month.")


def test_writes_are_off_without_a_server_token(client) -> None:
    error = assert_error(client.post("/api/ingest/text", json={"text": TEXT}), 403, "E801")
    assert "MARSAD_TOKEN" in error["message"]


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic s3cret-test-token", "s3cret-test-token"])
def test_a_missing_or_wrong_token_is_a_401(writer, header) -> None:
    headers = {"Authorization": header} if header else {}
    assert_error(writer.post("/api/ingest/text", json={"text": TEXT}, headers=headers), 401, "E802")


def test_ingest_text_stores_an_article_once(writer) -> None:
    first = writer.post("/api/ingest/text", json={"text": TEXT, "source": "test", "lang": "en"}, headers=AUTH)
    assert first.status_code == 200 and first.json()["ingested"] == 1
    again = writer.post("/api/ingest/text", json={"text": TEXT, "source": "test", "lang": "en"}, headers=AUTH)
    assert again.json()["ingested"] == 0 and again.json()["unchanged"] + again.json()["duplicates"] == 1
    items = writer.get("/api/articles").json()["items"]
    assert [a["source"] for a in items] == ["test"] and items[0]["title"] == "Ministers met in Geneva on Monday."


def test_ingest_html_extracts_the_page(writer) -> None:
    response = writer.post("/api/ingest/html", json={"html": PAGE.read_text(encoding="utf-8")}, headers=AUTH)
    assert response.status_code == 200 and response.json()["ingested"] == 1, response.text
    article = writer.get("/api/articles").json()["items"][0]
    assert "Shibani" in writer.get(f"/api/articles/{article['id']}").json()["text"]


def test_an_input_that_cannot_be_an_article_is_a_422_naming_why(writer) -> None:
    error = assert_error(writer.post("/api/ingest/html", json={"html": "<html><body></body></html>"}, headers=AUTH),
                         422, "E807")
    assert "no article text" in error["message"]


def test_body_fields_are_validated(writer) -> None:
    assert_error(writer.post("/api/ingest/text", json={"text": ""}, headers=AUTH), 422, "E800")
    assert_error(writer.post("/api/ingest/text", json={"text": "x", "colour": "red"}, headers=AUTH), 422, "E800")
    assert_error(writer.post("/api/ingest/text", content=b"not json", headers={**AUTH, "content-type": "application/json"}),
                 422, "E800")


def test_oversized_bodies_are_refused_declared_or_streamed(writer) -> None:
    big = b'{"text": "' + b"a" * (65 * 1024) + b'"}'
    assert_error(writer.post("/api/ingest/text", content=big, headers={**AUTH, "content-type": "application/json"}),
                 413, "E803")

    def chunks():  # no Content-Length: the cap is enforced while reading
        for _ in range(80):
            yield b"a" * 1024

    assert_error(writer.post("/api/ingest/text", content=chunks(), headers={**AUTH, "content-type": "application/json"}),
                 413, "E803")


def test_url_ingest_refuses_loopback_and_other_schemes(writer) -> None:
    error = assert_error(writer.post("/api/ingest/url", json={"url": "http://127.0.0.1:9/a"}, headers=AUTH), 422, "E807")
    assert "loopback" in error["message"]
    assert_error(writer.post("/api/ingest/feed", json={"url": "file:///etc/passwd"}, headers=AUTH), 422, "E125")


def test_reprocess_checks_stage_names_and_ids(writer) -> None:
    assert_error(writer.post("/api/reprocess", json={"stages": ["nope"]}, headers=AUTH), 422, "E901")
    assert_error(writer.post("/api/reprocess", json={"ids": ["missing-id"]}, headers=AUTH), 404, "E401")
    writer.post("/api/ingest/text", json={"text": TEXT}, headers=AUTH)
    done = writer.post("/api/reprocess", json={"stages": ["text"]}, headers=AUTH).json()
    assert done == {"reprocessed": 1, "stages": ["text"]}


def test_a_bug_is_a_500_without_details(client, monkeypatch) -> None:
    from marsad.api import views

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /etc/shadow")

    monkeypatch.setattr(views, "timeline_view", broken)
    story_id = 1
    response = client.get(f"/api/stories/{story_id}/timeline")
    error = assert_error(response, 500, "E805")
    assert "secret" not in response.text and "RuntimeError" not in response.text
    assert "reference" in error["message"] and "content-security-policy" in response.headers
    html = client.get(f"/stories/{story_id}", headers={"accept": "text/html"})
    assert html.status_code == 500 and "secret" not in html.text and "<h1>Something went wrong" in html.text


@pytest.fixture
def seed_writer(scratch_seeded_store):
    """A client with the token over a store holding the seeds (written to by these tests)."""
    from fastapi.testclient import TestClient

    from marsad.api.app import create_app

    return TestClient(create_app(scratch_seeded_store, token="s3cret-test-token"), raise_server_exceptions=False)


def test_entity_merge_and_split_need_the_token(client, seed_writer) -> None:
    assert_error(client.post("/api/entities/merge", json={"entities": ["Syria", "Damascus"]}), 403, "E801")
    assert_error(seed_writer.post("/api/entities/merge", json={"entities": ["Syria", "Damascus"]}), 401, "E802")
    assert_error(seed_writer.post("/api/entities/Russia/split", json={"aliases": ["الروس"]},
                                  headers={"Authorization": "Bearer wrong"}), 401, "E802")
    assert seed_writer.get("/api/entities/Damascus").json()["key"] != seed_writer.get("/api/entities/Syria").json()["key"]


def test_entity_merge_and_split_through_the_api(seed_writer) -> None:
    syria = seed_writer.get("/api/entities/Syria").json()["id"]
    merged = seed_writer.post("/api/entities/merge", json={"entities": ["Damascus", "سوريا"]}, headers=AUTH)
    assert merged.status_code == 200, merged.text
    assert merged.json()["entity"]["id"] == syria and "Damascus" in merged.json()["entity"]["aliases"]
    assert seed_writer.get("/api/entities/دمشق").json()["id"] == syria

    split = seed_writer.post("/api/entities/Russia/split", json={"aliases": ["الروس"], "label": "MISC"}, headers=AUTH)
    assert split.status_code == 200, split.text
    body = split.json()
    assert body["entity"]["label"] == "MISC" and "Russia" in body["from"]["aliases"]
    assert seed_writer.get("/api/entities/الروس").json()["id"] == body["entity"]["id"]

    assert_error(seed_writer.post("/api/entities/merge", json={"entities": ["Aleppo", "al-Shibani"]}, headers=AUTH),
                 422, "E312")
    assert_error(seed_writer.post("/api/entities/merge", json={"entities": ["Aleppo", "nobody at all"]}, headers=AUTH),
                 404, "E310")
    assert_error(seed_writer.post("/api/entities/Aleppo/split", json={"aliases": ["Aleppo", "حلب"]}, headers=AUTH),
                 422, "E315")
    assert_error(seed_writer.post("/api/entities/Aleppo/split", json={"aliases": []}, headers=AUTH), 422, "E800")
