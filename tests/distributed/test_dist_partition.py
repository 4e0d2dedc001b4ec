"""Time-partitioned clustering: per-window agglomeration plus the cross-window merge."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from marsad.distributed.partition import (
    UNDATED,
    partition,
    partitioned_groups,
    stable_keys,
    window_of,
)
from marsad.stories.agglomerate import agglomerate
from marsad.stories.state import ClusterItem, params_for


def topic_items(topics: int, per_topic: int, days: list[int], seed: int = 0) -> list[ClusterItem]:
    """Synthetic unit vectors: ``per_topic`` noisy copies of each random topic direction, topic t dated days[t]."""
    rng = np.random.default_rng(seed)
    out = []
    for t in range(topics):
        centre = rng.normal(size=64)
        for k in range(per_topic):
            v = centre / np.linalg.norm(centre) + rng.normal(scale=0.02, size=64)
            out.append(ClusterItem(f"t{t}-{k}", (v / np.linalg.norm(v)).astype(np.float32),
                                   date(2025, 1, 1) + timedelta(days=days[t] + k % 2)))
    return out


def as_sets(groups: list[list[str]]) -> list[list[str]]:
    return sorted(sorted(g) for g in groups)


def test_window_of_and_partition() -> None:
    items = topic_items(3, 2, [0, 10, 20]) + [ClusterItem("u", np.ones(64, np.float32) / 8.0)]
    assert window_of(items[-1], 7) == UNDATED
    parts = partition(items, 7)
    assert sum(len(v) for v in parts.values()) == len(items) and UNDATED in parts


def test_partitioned_equals_global_when_stories_stay_in_windows() -> None:
    items = topic_items(6, 4, [0, 0, 9, 9, 20, 40])
    params = params_for("use-m3")
    assert as_sets(partitioned_groups(items, params, 7.0)) == as_sets(agglomerate(items, params))


def test_story_crossing_a_window_boundary_is_merged() -> None:
    items = topic_items(2, 6, [6, 30])  # topic 0 on days 6-7: straddles the 7-day boundary
    groups = as_sets(partitioned_groups(items, params_for("use-m3"), 7.0))
    assert len(groups) == 2 and all(len(g) == 6 for g in groups)


def test_stable_keys_keep_the_majority_key() -> None:
    keys = stable_keys([["a", "b", "c"], ["d"]], {"a": 5, "b": 5, "c": 7, "d": 7}, fresh=10)
    assert keys == {"a": 5, "b": 5, "c": 5, "d": 7}
