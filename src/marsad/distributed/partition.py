"""Story clustering of a large batch, partitioned by time window with a cross-window merge.

``recluster_store`` (marsad.stories) agglomerates every stored article at once: exact,
order-independent, but one process and memory that grows with the corpus. Stories never
join across more than ``max_gap_days`` (cluster.py's time gate), so the work splits:

1. partition the articles by publication time into windows of ``window_days`` (undated
   articles form their own partition);
2. agglomerate each window on its own (``cluster.agglomerate``; a Ray task per window
   when Ray is running, else in turn);
3. merge groups across windows, best pair first, while ``pair_score`` (average link +
   time + entities, the same score agglomerate uses) passes the threshold; only groups of
   adjacent windows (and undated groups with any) that are near neighbours of each other
   are compared (k nearest per adjacent window), so the merge stays O(groups x k).

The result equals the global pass when no story crosses a window boundary; otherwise it
can differ where the greedy merge order would have differed (docs/scaling.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete, func, select

from marsad.search.vector_index import ExactIndex
from marsad.stories.agglomerate import agglomerate, merge_graph
from marsad.stories.recluster import stable_keys
from marsad.stories.state import (
    ClusterItem,
    ClusterParams,
    StoryState,
    absorb,
    as_datetime,
    chronological,
    new_state,
    params_for,
)

UNDATED = -1


def window_of(item: ClusterItem, days: float) -> int:
    """The item's window number (UNDATED for undated items)."""
    published = as_datetime(item.published)
    return UNDATED if published is None else int(published.timestamp() // (days * 86400))


def partition(items: Sequence[ClusterItem], days: float) -> dict[int, list[ClusterItem]]:
    """Items grouped by window."""
    out: dict[int, list[ClusterItem]] = {}
    for item in items:
        out.setdefault(window_of(item, days), []).append(item)
    return out


def cluster_windows(parts: Mapping[int, list[ClusterItem]], params: ClusterParams, use_ray: bool = False) -> dict[int, list[list[str]]]:
    """``agglomerate`` every window: Ray tasks in parallel when ``use_ray``, else in turn."""
    if not use_ray:
        return {w: agglomerate(items, params) for w, items in parts.items()}
    import ray

    task = ray.remote(agglomerate)
    refs = {w: task.remote(items, params) for w, items in parts.items()}
    return {w: ray.get(ref) for w, ref in refs.items()}


def group_state(members: Sequence[ClusterItem], dim: int) -> StoryState:
    state = new_state(-1, dim)
    for item in chronological(members):
        absorb(state, item)
    return state


def merge_across(groups: Sequence[tuple[int, list[ClusterItem]]], params: ClusterParams) -> list[list[str]]:
    """Merge window groups (window, members) across adjacent windows, best pair first."""
    if not groups:
        return []
    dim = len(groups[0][1][0].vector)
    states = {g: group_state(members, dim) for g, (_, members) in enumerate(groups)}
    members = {g: [it.id for it in m] for g, (_, m) in enumerate(groups)}
    members = merge_graph(states, members, _neighbours(groups, states, params, dim), params)
    return [sorted(members[k]) for k in sorted(members)]


def _neighbours(groups: Sequence[tuple[int, list[ClusterItem]]], states: Mapping[int, StoryState], params: ClusterParams,
                dim: int) -> dict[int, set[int]]:
    """For each group, its k nearest groups (by centroid) in each adjacent window, and among
    undated groups (an undated group looks in every window)."""
    by_window: dict[int, list[int]] = {}
    for g, (w, _) in enumerate(groups):
        by_window.setdefault(w, []).append(g)
    indexes = {}
    for w, keys in by_window.items():
        indexes[w] = ExactIndex(dim)
        indexes[w].upsert(keys, np.stack([states[k].centroid for k in keys]))
    graph: dict[int, set[int]] = {g: set() for g in states}
    for a, (wa, _) in enumerate(groups):
        near = [w for w in by_window if w != wa] if wa == UNDATED else [wa - 1, wa + 1, UNDATED]
        for w in near:
            if w in indexes:
                for b, _ in indexes[w].search(states[a].centroid, params.candidates):
                    graph[a].add(b)
                    graph[b].add(a)
    return graph


def partitioned_groups(items: Sequence[ClusterItem], params: ClusterParams, window_days: float,
                       use_ray: bool = False) -> list[list[str]]:
    """Groups of item ids: per-window agglomeration, then the cross-window merge."""
    if params.recluster_threshold is not None:
        params = replace(params, threshold=params.recluster_threshold)
    parts = partition(items, window_days)
    by_id = {it.id: it for it in items}
    per_window = cluster_windows(parts, params, use_ray)
    groups = [(w, [by_id[i] for i in g]) for w in sorted(per_window) for g in per_window[w]]
    return merge_across(groups, params)


def recluster_partitioned(conn: Connection, window_days: float = 7.0, use_ray: bool = False,
                          backend: Any = None) -> dict[str, Any]:
    """Like ``marsad.stories.recluster_store``, partitioned by time window; rewrites stories."""
    from marsad.embed import get_backend
    from marsad.store.tables import article_stories, stories
    from marsad.stories.stage import stored_items, write_state

    backend = backend or get_backend()
    params = params_for(backend.name)
    items, current = stored_items(conn, backend.name)
    groups = partitioned_groups(items, params, window_days, use_ray)
    fresh = (conn.scalar(select(func.max(stories.c.id))) or 0) + 1
    assignment = stable_keys(groups, current, fresh)
    by_id = {it.id: it for it in items}
    states: dict[int, StoryState] = {}
    for item in chronological(items):
        key = assignment[item.id]
        absorb(states.setdefault(key, new_state(key, backend.dim)), item)
    conn.execute(delete(article_stories))
    conn.execute(delete(stories))
    for key in sorted(states):
        write_state(conn, states[key], backend.name)
    if assignment:
        conn.execute(article_stories.insert(), [{"article_id": a, "story_id": s, "score": None}
                                                for a, s in sorted(assignment.items()) if a in by_id])
    moved = sum(1 for a, s in assignment.items() if current.get(a) != s)
    return {"articles": len(items), "stories": len(states), "windows": len(partition(items, window_days)),
            "moved": moved}
