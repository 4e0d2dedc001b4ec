"""With only the two seeds stored, search crosses languages: each English query finds the
Arabic seed in the top two, each Arabic query the English one, and the semantic half ranks
both (it used to return nothing under an absolute similarity floor)."""

from __future__ import annotations

import pytest

from marsad.ingest.sources import SourceOptions
from marsad.pipeline import build_pipeline

ENGLISH = ["Hmeimim air base", "interview with al-Majalla magazine", "neutralise the Russian air force"]
ARABIC = ["مقابلة مع مجلة المجلة", "الشيباني في موسكو", "تحييد سلاح الجو الروسي"]


@pytest.fixture
def seeded(sqlite_store, seeds_dir):
    build_pipeline(sqlite_store).ingest([str(seeds_dir)], SourceOptions())
    return sqlite_store


def test_each_query_finds_the_other_language_seed_in_the_top_two(seeded) -> None:
    from marsad.search.store import search

    with seeded.connect() as conn:
        for queries, wanted in ((ENGLISH, "ar"), (ARABIC, "en")):
            for query in queries:
                hits = search(conn, query, limit=2)
                assert wanted in [h["lang"] for h in hits], (query, hits)
                other = next(h for h in hits if h["lang"] == wanted)
                assert other["semantic_rank"] is not None, query
        hits = search(conn, "مجلة", limit=5)
        arabic = next(h for h in hits if h["lang"] == "ar")
        assert arabic["highlights"] and "مجلة" in arabic["snippet"][slice(*arabic["highlights"][0])].replace("ال", "")
        assert search(conn, "Hmeimim", lang="en")[0]["lang"] == "en"
        assert all(h["lang"] == "ar" for h in search(conn, "Hmeimim air base", lang="ar"))
