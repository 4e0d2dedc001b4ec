"""The founding example: both seed articles through the whole ingest path."""

from __future__ import annotations

from datetime import datetime

from marsad.ingest.sources import SourceOptions
from marsad.pipeline import build_pipeline
from marsad.store.queries import ArticleFilter, get_article, list_articles, stats

from marsad_testing import AR_SEED, EN_SEED

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
