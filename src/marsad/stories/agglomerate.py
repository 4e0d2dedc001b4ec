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
from typing import Callable, Mapping, Sequence

import numpy as np

from marsad.search.vector_index import ExactIndex, NearestIndex, VectorIndex
from marsad.stories.state import (
    ClusterItem,
    ClusterParams,
    StoryState,
    absorb,
    as_datetime,
    chronological,
    cross_pairs,
    figures_conflict,
    new_state,
    other_language_count,
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


def _pass_params(params: ClusterParams | None) -> ClusterParams:
    params = params or ClusterParams()
    return replace(params, threshold=params.recluster_threshold) if params.recluster_threshold is not None else params


def agglomerate(items: Sequence[ClusterItem], params: ClusterParams | None = None) -> list[list[str]]:
    """Average-linkage agglomerative clustering over the items' k-nearest-neighbour graph.

    Stories are merged best pair first while :func:`pair_score` stays above the
    threshold. Only pairs linked by a k-NN edge (found through the ANN index) are
    considered, so memory grows with n*k, not n^2. The result depends only on the
    set of items (they are sorted chronologically first), not on their order.
    """
    params = _pass_params(params)
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


def refine(items: Sequence[ClusterItem], groups: Sequence[Sequence[str]], params: ClusterParams | None = None,
           merge: str = "members") -> list[list[str]]:
    """Improve a given grouping (the online stories) by splits and merges that each raise the
    sum over same-story pairs of (score - threshold), the objective the online pass also works
    under (it joins an article where its average-link score clears the threshold):

    1. split: in each story, the member whose score against the *rest* of its story
       (leave-one-out, :func:`leave_one_out_score`) is lowest leaves, while that score is
       under the threshold (each such move raises the objective by (n-1)(threshold - score));
    2. merge: stories (and the members split off) are merged best pair first while their
       average-link :func:`pair_score` clears the threshold, over the k-NN graph of the
       story centroids (each merge raises the objective by n_a n_b (score - threshold)).

    Items in no group start alone. The result depends on ``groups`` and on the set of
    items, not on their order; a grouping that is already a local optimum is left as it is.
    """
    params = _pass_params(params)
    items = chronological(items)
    if not items:
        return []
    by_id = {it.id: it for it in items}
    rank = {it.id: i for i, it in enumerate(items)}
    seen: set[str] = set()
    start: list[list[ClusterItem]] = []
    for group in groups:
        members = sorted((by_id[i] for i in dict.fromkeys(group) if i in by_id and i not in seen), key=lambda it: rank[it.id])
        seen.update(it.id for it in members)
        if members:
            start.append(members)
    start += [[it] for it in items if it.id not in seen]
    parts: list[list[ClusterItem]] = []
    for members in start:
        parts.extend(_split(members, params))
    parts.sort(key=lambda ms: rank[ms[0].id])
    dim = len(items[0].vector)
    states: dict[int, StoryState] = {}
    members_of: dict[int, list[str]] = {}
    for i, ms in enumerate(parts):
        states[i] = new_state(i, dim)
        for it in ms:
            absorb(states[i], it)
        members_of[i] = [it.id for it in ms]
    if merge == "none":
        return [sorted(members_of[k], key=rank.__getitem__) for k in sorted(members_of)]
    adjacency = _knn_graph_of([states[i].centroid for i in range(len(parts))], params)
    gate = None
    if merge == "members":
        gate = lambda a, b: _members_agree(a, b, by_id, states, members_of, params)  # noqa: E731
    merged = merge_graph(states, members_of, adjacency, params, gate)
    return [sorted(merged[k], key=rank.__getitem__) for k in sorted(merged)]


def _members_agree(a: int, b: int, by_id: Mapping[str, ClusterItem], states: Mapping[int, StoryState],
                   members: Mapping[int, list[str]], params: ClusterParams) -> bool:
    """Every member of each story, scored online against the other story, clears the threshold."""
    for mine, other in ((a, b), (b, a)):
        for item_id in members[mine]:
            score = item_score(by_id[item_id], states[other], params)
            if score is None or score < params.threshold:
                return False
    return True


def item_score(item: ClusterItem, state: StoryState, params: ClusterParams) -> float | None:
    """The online score of an item against a story it is not in (cluster.story_score)."""
    published = as_datetime(item.published)
    t = 0.0
    if published is not None and state.first is not None:
        gap = max((state.first - published).total_seconds(), (published - state.last).total_seconds(), 0.0) / 86400.0
        if gap > params.max_gap_days:
            return None
        window = max(params.time_window_days, 1e-9)
        t = -min(1.0, max(0.0, gap - window) / window)
    sim = float(np.dot(np.asarray(item.vector, dtype=np.float32), state.centroid_sum)) / state.count
    if params.crosslingual_bonus and item.short:
        sim += params.crosslingual_bonus * other_language_count(item.lang, state.short_languages) / state.count
    penalty = params.undated_penalty if (published is None) != (state.first is None) else 0.0
    if params.figure_conflict_penalty and figures_conflict(item.entity_keys, state.entity_counts):
        penalty += params.figure_conflict_penalty
    keys = state.entity_counts
    ent = sum(1 for k in item.entity_keys if k in keys) / len(item.entity_keys) if item.entity_keys and keys else 0.0
    return sim + params.time_weight * t + params.entity_weight * ent - penalty


def _split(members: list[ClusterItem], params: ClusterParams) -> list[list[ClusterItem]]:
    """The members that stay together, then each member split off alone (see :func:`refine`)."""
    members, out = list(members), []
    while len(members) > 1:
        state = new_state(-1, len(members[0].vector))
        for it in members:
            absorb(state, it)
        scored = [(leave_one_out_score(it, state, members, params), it.id, it) for it in members]
        score, _, worst = min(scored, key=lambda s: (float("-inf") if s[0] is None else s[0], s[1]))
        if score is not None and score >= params.threshold:
            break
        members.remove(worst)
        out.append([worst])
    return [members, *out]


def leave_one_out_score(item: ClusterItem, state: StoryState, members: Sequence[ClusterItem], params: ClusterParams) -> float | None:
    """The online score (:func:`marsad.stories.cluster.story_score`) of ``item`` against the other
    members of its story (``state`` holds all ``members``, ``item`` among them); None when the
    time gap to the rest rules it out."""
    rest_n = state.count - 1
    vec = np.asarray(item.vector, dtype=np.float32)
    others = [as_datetime(m.published) for m in members if m is not item and m.published is not None]
    first, last = (min(others), max(others)) if others else (None, None)
    published = as_datetime(item.published)
    t = 0.0
    if published is not None and first is not None:
        gap = max((first - published).total_seconds(), (published - last).total_seconds(), 0.0) / 86400.0
        if gap > params.max_gap_days:
            return None
        window = max(params.time_window_days, 1e-9)
        t = -min(1.0, max(0.0, gap - window) / window)
    sim = float(np.dot(vec, state.centroid_sum - vec)) / rest_n
    if params.crosslingual_bonus and item.short:
        sim += params.crosslingual_bonus * other_language_count(item.lang, state.short_languages) / rest_n
    rest_keys = {k for k, c in state.entity_counts.items() if c - (k in item.entity_keys) > 0}
    penalty = params.undated_penalty if (published is None) != (first is None) else 0.0
    if params.figure_conflict_penalty and figures_conflict(item.entity_keys, rest_keys):
        penalty += params.figure_conflict_penalty
    ent = sum(1 for k in item.entity_keys if k in rest_keys) / len(item.entity_keys) if item.entity_keys and rest_keys else 0.0
    return sim + params.time_weight * t + params.entity_weight * ent - penalty


HEAP_COMPACT_MIN = 100_000  # heap entries before merged-away stories' entries are dropped


def merge_graph(states: dict[int, StoryState], members: dict[int, list[str]], adjacency: dict[int, set[int]],
                params: ClusterParams, gate: Callable[[int, int], bool] | None = None) -> dict[int, list[str]]:
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
        if a not in states or b not in states or (gate is not None and not gate(a, b)):
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
    return _knn_graph_of([it.vector for it in items], params)


def _knn_graph_of(vecs: Sequence[np.ndarray], params: ClusterParams) -> dict[int, set[int]]:
    """Symmetric k-nearest-neighbour graph (k = ``params.candidates``) over unit vectors 0..n-1."""
    n = len(vecs)
    if not n:
        return {}
    vectors = np.stack([np.asarray(v, dtype=np.float32) for v in vecs])
    dim = vectors.shape[1]
    index: NearestIndex = (VectorIndex.build(list(range(n)), vectors, dim, deterministic=True)
                           if n >= params.exact_below else ExactIndex(dim))
    if isinstance(index, ExactIndex):
        index.upsert(list(range(n)), vectors)
    graph: dict[int, set[int]] = {i: set() for i in range(n)}
    for i in range(n):
        for j, _ in index.search(vectors[i], params.candidates + 1):
            if j != i:
                graph[i].add(j)
                graph[j].add(i)
    return graph
