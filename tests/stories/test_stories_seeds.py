"""Real-model checks on the seeds and NTREX (slow: loads the bundled USE model)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from marsad.embed import document_text, get_backend
from marsad.model import Article
from marsad.search.vector_index import VectorIndex, reciprocal_rank_fusion
from marsad.stories.cluster import OnlineClusterer
from marsad.stories.evaluate import (
    GoldArticle,
    embed_records,
    ntrex_gold,
    shuffle_spread,
)
from marsad.stories.recluster import recluster
from marsad.stories.state import ClusterItem, params_for, to_story

pytestmark = pytest.mark.slow
SEED_DAY = date(2025, 11, 22)  # the "date 2025-11-22" header of the English seed
NTREX_DAY = date(2018, 10, 1)  # NTREX/WMT19 news is from late Sept - early Oct 2018 (approximate, one date for all)


_CACHE: dict[str, Any] = {}


def seed_items(seed_articles: list[Article], dated: bool) -> list[ClusterItem]:
    if "seeds" not in _CACHE:
        _CACHE["seeds"] = get_backend("use-m3").embed_documents([document_text(a) for a in seed_articles])
    return [ClusterItem(a.id, v, SEED_DAY if dated else None, lang=a.lang, source=a.source, title=a.title) for a, v in zip(seed_articles, _CACHE["seeds"])]


def ntrex_vectors(path: Path) -> tuple[list[GoldArticle], np.ndarray]:
    if "ntrex" not in _CACHE:
        records = ntrex_gold(path, "pairs")
        _CACHE["ntrex"] = (records, embed_records(records, get_backend("use-m3")))
    return _CACHE["ntrex"]


def ntrex_items(path: Path, dated: bool) -> tuple[list[GoldArticle], list[ClusterItem]]:
    records, vecs = ntrex_vectors(path)
    return records, [ClusterItem(r.id, v, NTREX_DAY if dated else None, lang=r.lang, title=r.title) for r, v in zip(records, vecs)]


def test_seeds_form_one_story_with_both_languages(seed_articles: list[Article]) -> None:
    clusterer = OnlineClusterer(512, params_for("use-m3"))
    first, second = clusterer.run(seed_items(seed_articles, dated=True))
    assert first.new and not second.new and first.story_key == second.story_key
    story = to_story(clusterer.states()[0])
    assert story.languages == ["ar", "en"] and story.title.startswith("Al-Shibani")


@pytest.mark.parametrize("dated", [True, False])
def test_unrelated_ntrex_articles_stay_out_of_the_seed_story(seed_articles: list[Article], ntrex_path: Path, dated: bool) -> None:
    records, items = ntrex_items(ntrex_path, dated)
    seeds = seed_items(seed_articles, dated)
    for batch in (False, True):
        clusterer = OnlineClusterer(512, params_for("use-m3"))
        assigned = clusterer.add_batch(seeds + items) if batch else clusterer.run(seeds + items)
        story = {a.item_id: a.story_key for a in assigned}
        seed_story = {story[s.id] for s in seeds}
        assert len(seed_story) == 1
        intruders = [r for r in records if story[r.id] in seed_story]
        if dated:  # the time gate keeps 2018 articles out of a 2025 story
            assert intruders == []
        else:  # undated: at most articles on Syria itself may join (documented weakness)
            titles = {r.story: r.title for r in records if r.lang == "en"}
            assert all("Syria" in titles[r.story] for r in intruders), [titles[r.story] for r in intruders]


def test_ntrex_clustering_quality_and_order_robustness(ntrex_path: Path) -> None:
    records, vectors = ntrex_vectors(ntrex_path)
    params = params_for("use-m3")
    online = shuffle_spread(records, vectors, params, runs=5)
    assert online["mean"] > 0.75 and online["spread"] < 0.10  # measured 0.842 / 0.058 over 10 orders
    batch = shuffle_spread(records, vectors, params, runs=3, batch_size=len(records))
    assert batch["spread"] == 0.0 and batch["mean"] > 0.8
    items = [ClusterItem(r.id, v, lang=r.lang) for r, v in zip(records, vectors)]
    assert recluster(items[::-1], None, params).assignment == recluster(items, None, params).assignment


def test_english_query_finds_the_arabic_seed_and_fusion_keeps_it_on_top(seed_articles: list[Article], ntrex_path: Path) -> None:
    backend = get_backend("use-m3")
    records, vectors = ntrex_vectors(ntrex_path)
    arabic = [i for i, a in enumerate(seed_articles) if a.lang == "ar"][0]
    seed_items(seed_articles, dated=False)
    index = VectorIndex.build(list(range(len(records) + 1)), np.vstack([vectors, _CACHE["seeds"][arabic][None, :]]), backend.dim)
    query = backend.embed_queries(["Shibani interview: how the Syrian opposition talked to Russia before Assad fell"])[0]
    hits = [k for k, _ in index.search(query, 5)]
    assert hits[0] == len(records)
    keyword = [3, 7]  # what an FTS search might return (no hit on Arabic text for English words)
    assert reciprocal_rank_fusion([keyword, hits])[0][0] in (len(records), 3)
