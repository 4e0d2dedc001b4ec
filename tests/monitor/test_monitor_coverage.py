"""The cross-language alert: a story reported in one language only for more than N hours,
raised when an article in the other language arrives (so that language is being ingested)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from marsad.errors import MarsadError
from marsad.ingest.build import build_article
from marsad.model import RawItem
from marsad.monitor import targets
from marsad.monitor.matching import StoryCoverage, Watch, one_language_stories
from marsad.monitor.stage import MonitorStage
from marsad.monitor.store import add_watch, list_alerts
from marsad.store.articles import save_article
from marsad.store.tables import article_stories, stories

NOW = datetime(2026, 11, 30, 12, 0)


def test_coverage_target_parses_hours_and_languages():
    assert targets.parse("coverage:24h").params == {"hours": 24.0, "langs": ["ar", "en"]}
    assert targets.parse("coverage:6@en,fr").params == {"hours": 6.0, "langs": ["en", "fr"]}
    for bad in ("coverage:soon", "coverage:0h", "coverage:24h@ar"):
        with pytest.raises(MarsadError, match="E382"):
            targets.parse(bad)


def test_one_language_rule():
    watch = Watch(1, "coverage", "24h", {"hours": 24, "langs": ["ar", "en"]})
    old_ar = StoryCoverage(1, "قصة", ["ar"], NOW - timedelta(hours=30), "a1")
    young_ar = StoryCoverage(2, "قصة", ["ar"], NOW - timedelta(hours=5), "a2")
    both = StoryCoverage(3, "story", ["ar", "en"], NOW - timedelta(days=3), "a3")
    old_en = StoryCoverage(4, "story", ["en"], NOW - timedelta(days=2), "a4")
    found = one_language_stories(watch, [old_ar, young_ar, both, old_en], "en", NOW)
    assert [(m.story, m.article_id, m.kind) for m in found] == [(1, "a1", "one-language")]
    assert "ar only for 30 h" in found[0].reason
    assert one_language_stories(watch, [old_ar], "fr", NOW) == []  # French is not watched


def _stored(conn, text: str, published: str, origin: str):
    article = build_article(RawItem(origin=origin, data=text, meta={"published": published}))
    assert save_article(conn, article, None).status == "ingested"
    return article


def test_stage_raises_the_alert_once_when_the_other_language_arrives(sqlite_store):
    with sqlite_store.begin() as conn:
        ar = _stored(conn, "وصلت قافلة المساعدات إلى مدينة حلب صباح اليوم بعد تأخير طويل عند المعبر.", "2026-11-27", "ar.txt")
        sid = conn.execute(stories.insert().values(title="قافلة حلب", languages=["ar"], size=1,
                                                   first_seen=datetime(2026, 11, 27), last_seen=datetime(2026, 11, 27))
                           .returning(stories.c.id)).scalar_one()
        conn.execute(article_stories.insert().values(article_id=ar.id, story_id=sid))
        watch = add_watch(conn, "coverage:24h")
    stage = MonitorStage()
    for i in range(2):  # two English articles: the story alerts once
        with sqlite_store.begin() as conn:
            en = _stored(conn, f"Markets in London closed higher on day {i} as energy shares rose sharply.", "2026-11-30", f"en{i}.txt")
            en.meta["story"] = None
            stage.persist(conn, en)
    with sqlite_store.connect() as conn:
        rows = list_alerts(conn, watch["id"])
        assert conn.scalar(select(stories.c.id)) == sid
    assert len(rows) == 1
    assert rows[0]["article_id"] == ar.id and rows[0]["kind"] == "one-language" and rows[0]["story_id"] == sid
    assert rows[0]["excerpt"] == "قافلة حلب"
