"""Average-linkage agglomeration over a k-nearest-neighbour graph of items or stories.

:func:`pair_score` scores merging two stories like the online clusterer scores an article
(mean cosine + time + shared entities); :func:`agglomerate` merges the best-scoring
neighbouring pair until none passes the threshold. The neighbours come from the ANN index,
so memory grows with n*k, not n^2. Used by the online clusterer's batches and by the
merge/split pass (:mod:`marsad.stories.recluster`). Deterministic for a given set of items.
"""

from __future__ import annotations

import heapq
from dataclasses import replace
from typing import Mapping, Sequence

import numpy as np

from marsad.search.vector_index import ExactIndex, NearestIndex, VectorIndex
from marsad.stories.state import (
    ClusterItem,
    ClusterParams,
    StoryState,
    absorb,
    chronological,
    cross_pairs,
    figures_conflict,
    new_state,
)


def pair_score(a: StoryState, b: StoryState, params: ClusterParams) -> float | None:
    """Score of merging two stories: mean cosine over all cross pairs + time + entities.

    The mean pairwise cosine is exact from the centroid sums: sum_a . sum_b / (n_a n_b).
    None when their spans are more than ``max_gap_days`` apart.
    """
    gap = _span_gap(a, b)
    if gap is not None and gap > params.max_gap_days:
        return None
    window = max(params.time_window_days, 1e-9)
    t = 0.0 if gap is None else -min(1.0, max(0.0, gap - window) / window)
    ent = _entity_overlap(a.entity_counts, b.entity_counts)
    sim = float(np.dot(a.centroid_sum, b.centroid_sum)) / (a.count * b.count)
    if params.crosslingual_bonus:
        sim += params.crosslingual_bonus * cross_pairs(a.short_languages, b.short_languages) / (a.count * b.count)
    penalty = params.undated_penalty if (a.first is None) != (b.first is None) else 0.0
    if params.figure_conflict_penalty and figures_conflict(a.entity_counts, b.entity_counts):
        penalty += params.figure_conflict_penalty
    return sim + params.time_weight * t + params.entity_weight * ent - penalty


def _entity_overlap(a: Mapping[str, int], b: Mapping[str, int]) -> float:
    """Shared entity keys over the smaller story's keys (walks the smaller: a big story's
    thousands of keys are not copied for every neighbour it is scored against)."""
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return sum(1 for k in small if k in big) / len(small)


def _span_gap(a: StoryState, b: StoryState) -> float | None:
    if None in (a.first, a.last, b.first, b.last):
        return None
    return max((a.first - b.last).total_seconds(), (b.first - a.last).total_seconds(), 0.0) / 86400.0


def agglomerate(items: Sequence[ClusterItem], params: ClusterParams | None = None) -> list[list[str]]:
    """Average-linkage agglomerative clustering over the items' k-nearest-neighbour graph.

    Stories are merged best pair first while :func:`pair_score` stays above the
    threshold. Only pairs linked by a k-NN edge (found through the ANN index) are
    considered, so memory grows with n*k, not n^2. The result depends only on the
    set of items (they are sorted chronologically first), not on their order.
    """
    params = params or ClusterParams()
    if params.recluster_threshold is not None:
        params = replace(params, threshold=params.recluster_threshold)
    items = chronological(items)
    if not items:
        return []
    dim = len(items[0].vector)
    states = {i: new_state(i, dim) for i in range(len(items))}
    members = {i: [it.id] for i, it in enumerate(items)}
    for i, it in enumerate(items):
        absorb(states[i], it)
    members = merge_graph(states, members, _knn_graph(items, params), params)
    return [members[k] for k in sorted(members)]


HEAP_COMPACT_MIN = 100_000  # heap entries before merged-away stories' entries are dropped


def merge_graph(states: dict[int, StoryState], members: dict[int, list[str]], adjacency: dict[int, set[int]],
                params: ClusterParams) -> dict[int, list[str]]:
    """Average-link agglomeration over a neighbour graph: merge the best-scoring neighbouring
    pair (``pair_score`` >= threshold) until none is left. ``states``, ``members`` and
    ``adjacency`` are keyed 0..n-1 and consumed (merged in place); returns the final groups'
    members by key.

    A merged story is re-scored against all its neighbours, so a story that grows by
    thousands of merges pushes many heap entries; entries of merged-away stories are dropped
    whenever they outnumber the rest (the pops, and so the result, are the same)."""
    heap: list[tuple[float, int, int]] = []
    for a in sorted(adjacency):
        for b in sorted(adjacency[a]):
            if a < b:
                _push(heap, states, a, b, params)
    next_id = max(states, default=-1) + 1
    compact_at = max(HEAP_COMPACT_MIN, 2 * len(heap))
    while heap:
        if len(heap) > compact_at:
            heap = [e for e in heap if e[1] in states and e[2] in states]
            heapq.heapify(heap)
            compact_at = max(HEAP_COMPACT_MIN, 2 * len(heap))
        _, a, b = heapq.heappop(heap)
        if a not in states or b not in states:
            continue
        states[next_id] = _merge_in_place(states.pop(a), states.pop(b), next_id)
        members[next_id] = members.pop(a)
        members[next_id].extend(members.pop(b))
        near, other = adjacency.pop(a), adjacency.pop(b)
        if len(near) < len(other):
            near, other = other, near
        near |= other
        near -= {a, b}
        adjacency[next_id] = near
        for n in sorted(near):
            adjacency[n] -= {a, b}
            adjacency[n].add(next_id)
            _push(heap, states, n, next_id, params)
        next_id += 1
    return members


def _merge_in_place(a: StoryState, b: StoryState, key: int) -> StoryState:
    """One state for the members of both, for scoring only: the counts go into the state with
    more entity keys (no copy of a big story's dictionaries at every merge); titles are not merged."""
    big, small = (a, b) if len(a.entity_counts) >= len(b.entity_counts) else (b, a)
    big.centroid_sum += small.centroid_sum
    big.count += small.count
    big.first = min((d for d in (a.first, b.first) if d is not None), default=None)
    big.last = max((d for d in (a.last, b.last) if d is not None), default=None)
    for mine, theirs in ((big.entity_counts, small.entity_counts), (big.languages, small.languages),
                         (big.sources, small.sources), (big.short_languages, small.short_languages)):
        for k, v in theirs.items():
            mine[k] = mine.get(k, 0) + v
    big.key = key
    return big


def _push(heap: list[tuple[float, int, int]], states: Mapping[int, StoryState], a: int, b: int, params: ClusterParams) -> None:
    score = pair_score(states[a], states[b], params)
    if score is not None and score >= params.threshold:
        heapq.heappush(heap, (-round(score, 9), min(a, b), max(a, b)))


def _knn_graph(items: Sequence[ClusterItem], params: ClusterParams) -> dict[int, set[int]]:
    dim = len(items[0].vector)
    vectors = np.stack([np.asarray(it.vector, dtype=np.float32) for it in items])
    index: NearestIndex = (VectorIndex.build(list(range(len(items))), vectors, dim, deterministic=True)
                           if len(items) >= params.exact_below else ExactIndex(dim))
    if isinstance(index, ExactIndex):
        index.upsert(list(range(len(items))), vectors)
    graph: dict[int, set[int]] = {i: set() for i in range(len(items))}
    for i in range(len(items)):
        for j, _ in index.search(vectors[i], params.candidates + 1):
            if j != i:
                graph[i].add(j)
                graph[j].add(i)
    return graph
