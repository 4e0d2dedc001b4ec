"""The founding example: both seed articles through the whole ingest path."""

from __future__ import annotations

from datetime import datetime

from marsad_testing import AR_SEED, EN_SEED

from marsad.ingest.sources import SourceOptions
from marsad.pipeline import build_pipeline
from marsad.store.queries import ArticleFilter, get_article, list_articles, stats

FURNITURE = ("Advertisement", "Related Articles", "Back to top button", "date 2025-11-22")


def _ingest(store, seeds_dir):
    return build_pipeline(store).ingest([str(seeds_dir)], SourceOptions())


def test_seeds_become_two_clean_articles(bare_store, seeds_dir):
    summary = _ingest(bare_store, seeds_dir)
    assert (summary.ingested, summary.duplicates, summary.failed) == (2, 0, 0)
    with bare_store.connect() as conn:
        rows = {r["origin"].rsplit("/", 1)[-1]: r for r in list_articles(conn, ArticleFilter())}
        en = get_article(conn, rows[EN_SEED]["id"])
        ar = get_article(conn, rows[AR_SEED]["id"])
    assert en.lang == "en" and ar.lang == "ar"
    assert ar.published == datetime(2025, 11, 22) and ar.published_from == "header"
    assert en.title.startswith("Al-Shibani Reveals How the Opposition")
    for art in (en, ar):
        assert not any(f in art.text for f in FURNITURE), art.text[-200:]
        assert "\u00a0" not in art.text
        for s in art.sentences:
            assert art.text[s.start : s.end] == s.text
    assert len(en.sentences) == 11  # 7 paragraphs: 1+2+2+2+1+1+2 sentences
    assert 20 <= len(ar.sentences) <= 35
    assert ar.text.startswith("كشف السوري أسعد الشيباني")
    assert "سوريا" in ar.sentences[1].text or "المجلة" in ar.sentences[1].text


def test_reingesting_the_seeds_changes_nothing(bare_store, seeds_dir):
    _ingest(bare_store, seeds_dir)
    with bare_store.connect() as conn:
        before = (stats(conn), list_articles(conn, ArticleFilter(duplicates=True)))
    again = _ingest(bare_store, seeds_dir)
    assert (again.ingested, again.duplicates, again.unchanged, again.failed) == (0, 0, 2, 0)
    with bare_store.connect() as conn:
        after = (stats(conn), list_articles(conn, ArticleFilter(duplicates=True)))
    assert before[1] == after[1]
    assert {k: v for k, v in before[0].items() if k != "runs"} == {k: v for k, v in after[0].items() if k != "runs"}


def _one_story(conn) -> list[tuple[int, list[str]]]:
    from marsad.store.stories import get_story, list_stories

    return [(s["id"], sorted(a["lang"] for a in get_story(conn, s["id"])["articles"])) for s in list_stories(conn)]


def test_seeds_make_one_story_with_linked_entities_events_and_search(bare_store, seeds_dir):
    """The whole founding example on each backend (SQLite, then PostgreSQL): one bilingual
    story, shared entities, events, and both searches reach the Arabic seed."""
    from marsad.reprocess import reprocess_articles
    from marsad.search.keyword import keyword_ids
    from marsad.search.store import search
    from marsad.store.entities import find_entity
    from marsad.store.events import list_events
    from marsad.store.queries import original_ids
    from marsad.stories.stage import recluster_store

    _ingest(bare_store, seeds_dir)
    with bare_store.connect() as conn:
        assert [langs for _, langs in _one_story(conn)] == [["ar", "en"]]
        assert find_entity(conn, "Moscow") == find_entity(conn, "موسكو")
        assert {"CONSULT", "ASSAULT"} <= {e["type"] for e in list_events(conn)}
        arabic = next(r["id"] for r in list_articles(conn, ArticleFilter(lang="ar")))
        assert arabic in keyword_ids(conn, "موسكو") and arabic in keyword_ids(conn, "العاصمة")
        hits = search(conn, "Russian airstrikes")
    assert arabic in [h["article_id"] for h in hits]
    with bare_store.begin() as conn:
        assert recluster_store(conn)["stories"] == 1
    with bare_store.connect() as conn:
        ids = original_ids(conn)
    assert reprocess_articles(bare_store, ids, ["text", "stories", "search"]) == 2
    with bare_store.connect() as conn:
        assert [langs for _, langs in _one_story(conn)] == [["ar", "en"]]
        assert find_entity(conn, "Moscow") == find_entity(conn, "موسكو")
        assert arabic in keyword_ids(conn, "موسكو")
