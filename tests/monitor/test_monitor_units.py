"""The pure parts of monitoring: targets, matching, the Atom feed, back-off, trends, rising."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import feedparser
import numpy as np
import pytest
from hypothesis import given, strategies as st

from marsad.errors import MarsadError
from marsad.model import Article, Event, Mention, Sentence
from marsad.monitor import targets, trends
from marsad.monitor.atom import feed_xml
from marsad.monitor.matching import Watch, keyword_hit, match_article
from marsad.monitor.webhooks import MAX_DELAY, backoff, check_webhook, post
from marsad.search.terms import query_groups


def _article(text: str, lang: str = "en", **kw) -> Article:
    sentences, pos = [], 0
    for i, part in enumerate(text.split("|")):
        sentences.append(Sentence(i, pos, pos + len(part), part, lang))
        pos += len(part) + 1
    return Article(origin="t", text=text.replace("|", " "), sentences=sentences, lang=lang, id="a1", **kw)


def test_targets_parse_every_kind_and_refuse_nonsense():
    assert targets.parse("entity:الشيباني", romanise=False).params["keys"] == ["شيباني"]
    assert targets.parse("Russian bases").kind == "query"
    assert targets.parse("story:12").params == {"story": 12}
    ev = targets.parse("event:assault@Russia", romanise=False)
    assert ev.params == {"type": "ASSAULT", "actor": "Russia", "actor_keys": ["russia"]}
    assert targets.parse("source:Al-Majalla").params == {"source": "majalla"}
    for bad in ("story:abc", "entity:", "event:@Russia", "query:..."):
        with pytest.raises(MarsadError):
            targets.parse(bad)
    with pytest.raises(MarsadError, match="E381"):
        targets.parse("x", kind="planet")


def test_an_arabic_entity_name_gets_latin_keys_too():
    keys = targets.name_keys("الشيباني")
    assert keys[0] == "شيباني" and any(k.startswith("sh") for k in keys[1:])


def test_entity_watch_matches_the_linked_mention_and_names_its_sentence():
    art = _article("The talks ended.|Al-Shibani said Moscow agreed.")
    art.mentions = [Mention(17, 27, "Al-Shibani", "PER", sentence=1, entity_id=13, norm="shibani")]
    watch = Watch(1, "entity", "الشيباني", {"keys": ["شيباني"]})
    found = match_article(watch, art, entity_ids={13})
    assert found and found.mention == "Al-Shibani" and found.sentence == 1 and "Moscow" in found.excerpt
    assert match_article(watch, art, entity_ids={99}) is None


def test_query_watch_needs_every_word_and_folds_arabic():
    art = _article("بدأت المفاوضات.|وطلب الوفد وقف القصف على إدلب", lang="ar")
    watch = Watch(2, "query", "القصف ادلب", {"groups": query_groups("القصف ادلب")})
    found = match_article(watch, art)
    assert found and found.sentence == 1
    assert match_article(Watch(3, "query", "القصف حمص", {"groups": query_groups("القصف حمص")}), art) is None


def test_semantic_query_matches_by_the_best_sentence_of_the_same_model():
    art = _article("one|two")
    art.sentence_vectors = np.array([[1, 0], [0.6, 0.8]], dtype=np.float32)
    watch = Watch(4, "query", "zzz", {"groups": [["zzz"]], "vector": [0.0, 1.0], "model": "m", "min_similarity": 0.5})
    found = match_article(watch, art, model="m")
    assert found and found.sentence == 1 and "similarity 0.80" in found.reason
    assert match_article(watch, art, model="other") is None


def test_event_story_and_source_watches():
    art = _article("Russia struck Idlib.", source="Al-Majalla")
    art.events = [Event("ASSAULT", 0, 0, 20, actor="Russia", actor_entity=5)]
    assert match_article(Watch(5, "event", "ASSAULT@x", {"type": "ASSAULT", "actor_keys": ["x"]}), art, entity_ids={5})
    assert match_article(Watch(5, "event", "ASSAULT@x", {"type": "ASSAULT", "actor_keys": ["x"]}), art, entity_ids={6}) is None
    assert match_article(Watch(6, "event", "PROTEST", {"type": "PROTEST"}), art) is None
    assert match_article(Watch(7, "story", "3", {"story": 3}), art, story=3)
    assert match_article(Watch(7, "story", "3", {"story": 3}), art, story=4) is None
    assert match_article(Watch(8, "source", "al majalla", {"source": "majalla"}), art).mention == "Al-Majalla"


@given(st.lists(st.text(alphabet="abcdeفقر ", max_size=8), max_size=6))
def test_keyword_hit_never_matches_a_word_that_is_absent(words):
    assert keyword_hit([["zzzz"]], words) is None
    if words and words[0]:
        assert keyword_hit([[words[0]]], words) == [words[0]]


def test_atom_feed_parses_with_feedparser_and_keeps_arabic():
    at = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)
    watch = {"id": 3, "label": "entity:الشيباني", "created_at": at}
    alerts = [{"id": 10, "article_id": "abc", "title": "Al-Shibani <reveals> & more", "created_at": at,
               "reason": "mentions Al-Shibani", "excerpt": "Al-Shibani said…", "mention": "Al-Shibani",
               "story_id": 1, "lang": "en", "url": "https://example.org/a", "source": "Al-Majalla"},
              {"id": 11, "article_id": "def", "title": "كشف الشيباني", "created_at": at + timedelta(hours=1),
               "reason": "mentions الشيباني", "excerpt": "كشف الشيباني", "mention": "الشيباني", "lang": "ar"}]
    parsed = feedparser.parse(feed_xml(watch, alerts, "http://localhost:8000"))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Marsad watch 3: entity:الشيباني"
    assert [e.id for e in parsed.entries] == ["tag:marsad.local,2026:alert:10", "tag:marsad.local,2026:alert:11"]
    assert parsed.entries[0].title == "Al-Shibani <reveals> & more" and parsed.entries[0].link == "https://example.org/a"
    assert parsed.entries[1].link == "http://localhost:8000/articles/def"
    assert parsed.feed.updated == "2026-12-01T10:30:00Z"


def test_backoff_doubles_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(40).total_seconds() == MAX_DELAY


def test_webhooks_obey_the_private_address_rule():
    with pytest.raises(MarsadError, match="E383"):
        check_webhook("http://127.0.0.1:9/hook", allow_private=False)
    check_webhook("http://127.0.0.1:9/hook", allow_private=True)
    assert "loopback" in post("http://127.0.0.1:9/hook", {"id": 1})
    with pytest.raises(MarsadError, match="E383"):
        check_webhook("ftp://example.org/x", allow_private=True)


def test_daily_series_fills_gaps_and_splits_languages():
    s = trends.daily([("2026-11-01", "en"), (date(2026, 11, 3), "ar"), (datetime(2026, 11, 3, 8), "ar"), (None, "en")])
    assert s.days == ["2026-11-01", "2026-11-02", "2026-11-03"]
    assert s.counts == {"ar": [0, 0, 2], "en": [1, 0, 0]} and s.totals == [1, 0, 2]
    assert trends.daily([]).days == [] and s.undated == 1


def test_rising_needs_a_jump_over_the_baseline():
    ref = date(2026, 11, 30)
    steady = [ref - timedelta(days=i) for i in range(16)]  # one a day: 2 recent vs 2 baseline
    jump = [ref] * 4 + [ref - timedelta(days=5)]
    old_news = [ref - timedelta(days=20)] * 9
    found = trends.rising({"steady": steady, "jump": jump, "old": old_news}, ref)
    assert [r.key for r in found] == ["jump"] and found[0].recent == 4


@given(st.text(max_size=60))
def test_any_target_text_parses_or_is_refused_with_a_coded_error(text):
    try:
        spec = targets.parse(text, romanise=False)
    except MarsadError as exc:
        assert exc.code in {"E381", "E382"} and "\n" not in exc.message
    else:
        assert spec.kind in targets.KINDS and spec.target and spec.label.startswith(spec.kind + ":")
