"""ANN index (usearch), exact baseline, semantic search and rank fusion."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.embed import normalise
from marsad.search.vector_index import (
    ExactIndex,
    VectorIndex,
    reciprocal_rank_fusion,
    semantic_search,
)


@pytest.fixture
def vectors() -> np.ndarray:
    return normalise(np.random.default_rng(1).standard_normal((300, 32)))


@pytest.mark.parametrize("kind", [VectorIndex, ExactIndex])
def test_nearest_neighbour_is_the_vector_itself(kind, vectors: np.ndarray) -> None:
    index = kind(32)
    index.upsert(list(range(300)), vectors)
    for i in (0, 17, 299):
        key, sim = index.search(vectors[i], 5)[0]
        assert key == i and sim == pytest.approx(1.0, abs=1e-4)


def test_usearch_agrees_with_exact_search(vectors: np.ndarray) -> None:
    ann, exact = VectorIndex(32), ExactIndex(32)
    for index in (ann, exact):
        index.upsert(list(range(300)), vectors)
    queries = normalise(np.random.default_rng(2).standard_normal((20, 32)))
    recall = np.mean([len({k for k, _ in ann.search(q, 10)} & {k for k, _ in exact.search(q, 10)}) / 10 for q in queries])
    assert recall >= 0.95


@pytest.mark.parametrize("kind", [VectorIndex, ExactIndex])
def test_upsert_replaces_and_remove_forgets(kind, vectors: np.ndarray) -> None:
    index = kind(32)
    index.upsert([1, 2, 3], vectors[:3])
    index.upsert([1], vectors[10][None, :])
    assert len(index) == 3 and index.search(vectors[10], 1)[0][0] == 1
    index.remove([2, 99])
    assert len(index) == 2 and 2 not in index and index.search(vectors[1], 3)[0][0] != 2
    index.upsert([4], vectors[4][None, :])
    assert {k for k, _ in index.search(vectors[4], 10)} == {1, 3, 4}


def test_empty_index_answers_nothing() -> None:
    assert VectorIndex(8).search(np.ones(8, np.float32), 3) == [] == ExactIndex(8).search(np.ones(8, np.float32), 3)


def test_save_load_and_build_round_trip(tmp_path, vectors: np.ndarray) -> None:
    built = VectorIndex.build(list(range(100, 400)), vectors, 32)
    path = tmp_path / "marsad.usearch"
    built.save(path)
    loaded = VectorIndex.load(path, 32)
    assert len(loaded) == 300 and semantic_search(loaded, vectors[5], 1)[0][0] == 105
    assert len(VectorIndex.load(tmp_path / "missing.usearch", 32)) == 0


def test_reciprocal_rank_fusion_rewards_agreement_and_is_deterministic() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "a", "d"]])
    assert [d for d, _ in fused] == ["a", "c", "b", "d"]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)
    assert reciprocal_rank_fusion([["x"], ["y"]]) == reciprocal_rank_fusion([["x"], ["y"]])
    assert [d for d, _ in reciprocal_rank_fusion([["x"], ["y"]], weights=[1.0, 2.0])] == ["y", "x"]
    assert reciprocal_rank_fusion([]) == []


def test_deterministic_build_gives_the_same_neighbours_every_time() -> None:
    """The clustering pass builds its k-NN graph with one thread: the same vectors always give
    the same graph (built on all cores, the HNSW graph depends on thread timing)."""
    rng = np.random.default_rng(3)
    vecs = rng.normal(size=(4000, 32)).astype(np.float32)
    keys = list(range(len(vecs)))

    def neighbours() -> list[list[tuple[int, float]]]:
        index = VectorIndex.build(keys, vecs, 32, deterministic=True)
        return [index.search(vecs[i], 11) for i in range(0, 4000, 20)]

    assert neighbours() == neighbours()
