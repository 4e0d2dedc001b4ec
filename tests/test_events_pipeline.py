"""Seeds through the whole pipeline: the five seed events appear once each on the story
timeline, reported by both the English and the Arabic article."""

from __future__ import annotations

import json

import pytest
from marsad_testing import SAMPLE, SEEDS
from typer.testing import CliRunner

from marsad.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def timeline(module_db):
    """The seeds ingested by the CLI (SQLite, then PostgreSQL) and their story's timeline."""
    db = module_db
    seeds = SEEDS if SEEDS.exists() else SAMPLE
    assert runner.invoke(app, ["--db", str(db), "ingest", str(seeds), "-q"]).exit_code == 0
    stories = json.loads(runner.invoke(app, ["--db", str(db), "stories", "--json"]).stdout)
    result = runner.invoke(app, ["--db", str(db), "timeline", str(stories[0]["id"]), "--json"])
    assert result.exit_code == 0, result.output
    return db, json.loads(result.stdout)


def _bilingual(entries, kind, predicate=lambda e: True):
    return [e for e in entries if e["event"] == kind and not e["negated"] and predicate(e)
            and {r["language"] for r in e["reports"]} == {"ar", "en"}]


@pytest.mark.slow
def test_meeting_at_bab_al_hawa_is_one_bilingual_consult(timeline):
    _, entries = timeline
    assert _bilingual(entries, "CONSULT", lambda e: e["eventLoc"] in ("Bab al-Hawa", "باب الهوى"))


@pytest.mark.slow
def test_visit_to_moscow_is_dated_weeks_before_publication(timeline):
    _, entries = timeline
    visit = _bilingual(entries, "CONSULT", lambda e: e["eventLoc"] in ("Moscow", "موسكو"))
    assert visit and visit[0]["date"] == "2025-10-25/2025-11-08"


# The learned Arabic ASSAULT detector (trained on the GSR's reports of single attacks) scores the
# seed's "وقف القصف على إدلب وحلب" (stop the bombing of Idlib and Aleppo) 0.16 against its 0.70
# threshold and vetoes the cue word; keeping the cues under it costs the GSR dev half ASSAULT F1
# 0.73 -> 0.53 and PROTEST 0.79 -> 0.19 (measured), so the miss stays, recorded here (issue 16).
KNOWN_MISS = pytest.mark.xfail(strict=True, reason="the Arabic ASSAULT detector misses the seed's bombing request")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["REQUEST", "SUPPORT", pytest.param("ASSAULT", marks=KNOWN_MISS)])
def test_request_support_and_airstrikes_are_reported_in_both_languages(timeline, kind):
    _, entries = timeline
    assert _bilingual(entries, kind), [e for e in entries if e["event"] == kind]


@pytest.mark.slow
def test_request_goes_from_the_syrian_side_to_russia(timeline):
    _, entries = timeline
    request = _bilingual(entries, "REQUEST")[0]
    assert request["target"][0]["code"] == "RUS"


@pytest.mark.slow
def test_events_exports(timeline):
    db, _ = timeline
    csv_out = runner.invoke(app, ["--db", str(db), "events", "--type", "consult", "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.stdout.startswith("date,type,actor")
    by_entity = json.loads(runner.invoke(app, ["--db", str(db), "events", "--entity", "موسكو", "--json"]).stdout)
    assert any(e["event"] == "CONSULT" for e in by_entity)
    assert runner.invoke(app, ["--db", str(db), "events", "--since", "yesterday"]).exit_code != 0


@pytest.mark.slow
def test_undated_articles_are_recoded_only_when_the_story_anchor_moves(timeline):
    from datetime import timedelta

    from marsad.events.stage import EventStage, story_date
    from marsad.model import Article
    from marsad.store import open_store

    db, _ = timeline
    store = open_store(str(db))
    with store.connect() as conn:
        story = json.loads(runner.invoke(app, ["--db", str(db), "stories", "--json"]).stdout)[0]["id"]
        first = story_date(conn, Article(origin="x", text="", meta={"story": story}))
        stage, recoded = EventStage(), []
        stage.code = lambda conn, article, anchor: recoded.append((article.origin, anchor))  # record, write nothing
        later = Article(origin="later", text="", published=first + timedelta(days=3), meta={"story": story})
        stage.reanchor_siblings(conn, later)
        assert recoded == []  # a later article does not move the anchor: the undated seed keeps its coding
        earliest = Article(origin="earliest", text="", published=first, meta={"story": story})
        stage.reanchor_siblings(conn, earliest)
    store.close()
    assert len(recoded) == 1 and recoded[0][1] == first  # the undated English seed, anchored on the story's day
