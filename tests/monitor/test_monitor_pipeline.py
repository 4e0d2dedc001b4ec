"""Watchlists through the real pipeline: an entity watched by its Arabic name raises one alert
for an English article about it; its Atom feed parses; webhooks reach a local receiver, and a
receiver answering 500 is retried while the ingest goes on."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import feedparser
import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from marsad.cli import app
from marsad_testing import AR_SEED, EN_SEED

runner = CliRunner()


class Receiver:
    """A webhook receiver on 127.0.0.1 answering ``status`` and keeping what it got."""

    def __init__(self, status: int) -> None:
        self.status, self.got = status, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.got.append((self.headers.get("Content-Type"), json.loads(body)))
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *args) -> None:  # noqa: ANN002
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _cli(db, *args):
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def watched(tmp_path_factory, seeds_dir_module):
    """Arabic seed ingested; then watches (entity by its Arabic name, with two webhooks, one
    failing); then the English seed ingested."""
    db = tmp_path_factory.mktemp("watch") / "marsad.db"
    ok, failing = Receiver(200), Receiver(500)
    _cli(db, "ingest", str(seeds_dir_module / AR_SEED), "-q")
    _cli(db, "watch", "add", "entity:الشيباني", "--webhook", ok.url, "--allow-private")
    _cli(db, "watch", "add", "entity:الشيباني", "--label", "failing hook", "--webhook", failing.url, "--allow-private")
    _cli(db, "watch", "add", "event:CONSULT")
    ingest = runner.invoke(app, ["--db", str(db), "ingest", str(seeds_dir_module / EN_SEED), "-q"])
    yield db, ok, failing, ingest
    ok.close()
    failing.close()


@pytest.fixture(scope="module")
def seeds_dir_module():
    from marsad_testing import SAMPLE, SEEDS

    return SEEDS if SEEDS.exists() else SAMPLE


@pytest.mark.slow
def test_arabic_watch_gets_one_alert_with_the_english_mention(watched):
    db, _, _, ingest = watched
    assert ingest.exit_code == 0, ingest.output
    rows = json.loads(_cli(db, "watch", "show", "1", "--json").stdout)
    assert len(rows) == 1, rows
    alert = rows[0]
    assert alert["lang"] == "en" and "Shibani" in alert["mention"] and "Shibani" in alert["excerpt"]
    assert alert["story_id"] is not None and alert["reason"].startswith("mentions ")
    listed = {w["id"]: w for w in json.loads(_cli(db, "watch", "list", "--json").stdout)}
    assert listed[1]["alerts"] == 1 and listed[1]["unread"] == 1
    assert listed[3]["alerts"] == 1  # the English seed codes CONSULT events
    _cli(db, "watch", "show", "1", "--mark-read")
    assert json.loads(_cli(db, "watch", "list", "--json").stdout)[0]["unread"] == 0


@pytest.mark.slow
def test_reingesting_raises_no_second_alert(watched):
    db, _, _, _ = watched
    from marsad_testing import SAMPLE, SEEDS

    seeds = SEEDS if SEEDS.exists() else SAMPLE
    _cli(db, "ingest", str(seeds / EN_SEED), "-q")
    assert len(json.loads(_cli(db, "watch", "show", "1", "--json").stdout)) == 1


@pytest.mark.slow
def test_atom_feed_of_the_watch_parses(watched, tmp_path):
    db = watched[0]
    out = tmp_path / "feed.xml"
    _cli(db, "watch", "feed", "1", "--output", str(out), "--base-url", "http://localhost:8000")
    parsed = feedparser.parse(out.read_bytes())
    assert not parsed.bozo and parsed.version == "atom10"
    assert len(parsed.entries) == 1 and "Shibani" in parsed.entries[0].content[0].value
    assert "الشيباني" in parsed.feed.title


@pytest.mark.slow
def test_webhook_gets_the_json_and_a_failing_one_is_retried(watched):
    db, ok, failing, ingest = watched
    assert ingest.exit_code == 0  # the failing receiver did not stop the ingest
    assert len(ok.got) == 1
    ctype, payload = ok.got[0]
    assert ctype == "application/json" and payload["type"] == "marsad.alert"
    assert payload["watch"]["target"] == "الشيباني" and "Shibani" in payload["mention"] and payload["lang"] == "en"
    from marsad.monitor.store import outbox
    from marsad.store import open_store
    from marsad.store.tables import webhook_outbox

    store = open_store(str(db))
    try:
        with store.connect() as conn:
            rows = {r["watchlist_id"]: r for r in outbox(conn)}
        assert rows[1]["delivered_at"] and rows[1]["attempts"] == 1
        first = rows[2]
        assert first["delivered_at"] is None and first["attempts"] >= 1 and first["last_error"] == "HTTP 500"
        # not due yet (back-off): a delivery pass now leaves it alone
        assert json.loads(_cli(db, "watch", "deliver", "--json").stdout)["retried"] == 0
        with store.begin() as conn:  # the back-off has passed
            conn.execute(update(webhook_outbox).where(webhook_outbox.c.id == first["id"])
                         .values(next_attempt_at=datetime.now(timezone.utc) - timedelta(minutes=1)))
        report = json.loads(_cli(db, "watch", "deliver", "--json").stdout)
        assert report["retried"] == 1 and "HTTP 500" in report["errors"][0]
        with store.connect() as conn:
            again = {r["watchlist_id"]: r for r in outbox(conn)}[2]
        assert again["attempts"] == first["attempts"] + 1 and again["next_attempt_at"] > first["next_attempt_at"]
        assert len(failing.got) == again["attempts"]
    finally:
        store.close()
