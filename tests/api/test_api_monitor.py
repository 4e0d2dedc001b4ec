"""The monitoring endpoints: watchlists (writes need the token), alerts, the Atom feed, trends."""

from __future__ import annotations

import feedparser
from api_helpers import AUTH, assert_error


def test_watchlists_need_the_token_and_refuse_bad_targets(writer, client) -> None:
    assert_error(client.post("/api/watches", json={"target": "entity:Moscow"}), 403, "E801")
    assert_error(writer.post("/api/watches", json={"target": "entity:Moscow"}), 401, "E802")
    assert_error(writer.post("/api/watches", json={"target": "story:abc"}, headers=AUTH), 400, "E382")
    assert_error(writer.post("/api/watches", json={"target": "story:99"}, headers=AUTH), 404, "E302")
    refused = assert_error(writer.post("/api/watches", json={"target": "x", "webhook": "http://127.0.0.1:9/h"},
                                       headers=AUTH), 400, "E383")
    assert "loopback" in refused["message"]


def test_watchlist_lifecycle_and_feed(writer) -> None:
    made = writer.post("/api/watches", json={"target": "entity:الشيباني", "label": "Shibani"}, headers=AUTH)
    assert made.status_code == 201, made.text
    watch = made.json()
    assert watch["kind"] == "entity" and "شيباني" in watch["keys"] and watch["alerts"] == 0
    assert [w["id"] for w in writer.get("/api/watches").json()] == [watch["id"]]
    assert writer.get(f"/api/watches/{watch['id']}/alerts").json() == []
    feed = writer.get(f"/api/watches/{watch['id']}/feed.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo and parsed.feed.title.endswith("Shibani")
    assert writer.get("/api/alerts/unread").json() == {"unread": 0}
    assert writer.post(f"/api/watches/{watch['id']}/read", headers=AUTH).json() == {"unread": 0}
    assert writer.delete(f"/api/watches/{watch['id']}", headers=AUTH).status_code == 204
    assert_error(writer.get(f"/api/watches/{watch['id']}"), 404, "E380")


def test_trends_of_the_seeds(client) -> None:
    stories = client.get("/api/stories").json()["items"]
    trend = client.get(f"/api/trends/stories/{stories[0]['id']}").json()
    assert set(trend) == {"days", "langs", "counts", "totals", "undated"}
    assert sum(trend["totals"]) + trend["undated"] == sum(s["size"] for s in stories[:1])
    entity = client.get("/api/trends/entities/الشيباني").json()
    assert entity["counts"].get("ar") == [1] and entity["undated"] == 1  # the English seed has no date
    assert client.get("/api/trends/query", params={"q": "Russia"}).status_code == 200
    assert set(client.get("/api/rising").json()) == {"stories", "entities"}
    assert_error(client.get("/api/trends/stories/999999"), 404, "E302")
