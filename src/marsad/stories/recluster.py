"""The merge/split pass over stored stories (``marsad recluster``, the end of ``marsad ingest``).

Re-clusters the items with :func:`marsad.stories.agglomerate.agglomerate`, so early online
mistakes are undone, and keeps story keys stable across passes (:func:`stable_keys`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from marsad.stories.agglomerate import (
    agglomerate,
    refine,
)
from marsad.stories.state import (
    ClusterItem,
    ClusterParams,
    StoryState,
    absorb,
    chronological,
    new_state,
    set_title,
)


@dataclass
class ReclusterResult:
    """Output of :func:`recluster`: the new assignment, states, and what changed."""

    assignment: dict[str, int]
    states: list[StoryState]
    merged: list[tuple[int, list[int]]]  # new key -> old keys it joins (more than one)
    split: list[int]  # old keys whose members now sit in more than one story


def _build_states(items: Sequence[ClusterItem], assignment: Mapping[str, int], dim: int) -> dict[int, StoryState]:
    states: dict[int, StoryState] = {}
    for item in chronological(items):
        key = assignment[item.id]
        absorb(states.setdefault(key, new_state(key, dim)), item)
    central_titles(states, items, assignment)
    return states


def central_titles(states: Mapping[int, StoryState], items: Sequence[ClusterItem], assignment: Mapping[str, int]) -> None:
    """Each story's headline per language becomes that of its member nearest the *final*
    centroid (the online pass can only compare a newcomer with the centroid of its day, so
    the first article, alone in its story, keeps the title however off-centre it ends up),
    among its reports: an opinion piece (``ClusterItem.opinion``) titles a story only when
    the story has no report with a headline in that language."""
    best: dict[tuple[int, str], tuple[bool, float, str, str]] = {}
    for item in items:
        if not item.title:
            continue
        key, lang = assignment[item.id], item.lang or "und"
        sim = float(np.dot(item.vector, states[key].centroid))
        mine = (item.opinion, -sim, item.id)
        if (key, lang) not in best or mine < (best[(key, lang)][0], -best[(key, lang)][1], best[(key, lang)][2]):
            best[(key, lang)] = (item.opinion, sim, item.id, item.title)
    for (key, lang), (opinion, sim, _, title) in best.items():
        set_title(states[key], lang, title, sim, opinion)


def recluster(items: Sequence[ClusterItem], assignment: Mapping[str, int] | None = None, params: ClusterParams | None = None,
              next_key: int | None = None, start: str = "online", merge: str = "members") -> ReclusterResult:
    """The periodic merge/split pass (``marsad recluster``) over stored items.

    ``start="online"`` (default, with an ``assignment``): :func:`refine` the current stories:
    members below the threshold against the rest of their story split off, then stories merge
    by average link (each move raises the objective the online pass works under, so a story
    the online pass got right is left alone). ``start="singletons"`` (or no assignment):
    re-cluster from single articles with :func:`agglomerate`, whose result depends only on the
    set of items. Either way story keys stay stable: each new story takes the old key that
    most of its members had, largest stories first; stories with no old key left get fresh
    keys from ``next_key``.
    """
    params = params or ClusterParams()
    old = dict(assignment or {})
    if start not in ("online", "singletons"):
        raise ValueError(f"start must be 'online' or 'singletons', not {start!r}")
    if start == "online" and old:
        by_story: dict[int, list[str]] = {}
        for item_id, key in sorted(old.items(), key=lambda kv: (kv[1], kv[0])):
            by_story.setdefault(key, []).append(item_id)
        groups = refine(items, [by_story[k] for k in sorted(by_story)], params, merge)
    else:
        groups = agglomerate(items, params)
    if not groups:
        return ReclusterResult({}, [], [], [])
    fresh = next_key if next_key is not None else max(old.values(), default=0) + 1
    new = stable_keys(groups, old, fresh)
    states = _build_states(items, new, len(items[0].vector))
    return ReclusterResult(new, [states[k] for k in sorted(states)], *_changes(old, new))


def stable_keys(groups: Sequence[Sequence[str]], old: Mapping[str, int], fresh: int) -> dict[str, int]:
    """Story key per item: each group keeps the old key most of its members had (largest
    groups choose first); groups with no old key left get fresh keys from ``fresh``."""
    taken: set[int] = set()
    new: dict[str, int] = {}
    for group in sorted(groups, key=lambda g: (-len(g), min(g))):
        votes: dict[int, int] = {}
        for item_id in group:
            if item_id in old:
                votes[old[item_id]] = votes.get(old[item_id], 0) + 1
        ranked = sorted((k for k in votes if k not in taken), key=lambda k: (-votes[k], k))
        key = ranked[0] if ranked else fresh
        fresh += 0 if ranked else 1
        taken.add(key)
        new.update({item_id: key for item_id in group})
    return new


def _changes(old: Mapping[str, int], new: Mapping[str, int]) -> tuple[list[tuple[int, list[int]]], list[int]]:
    old_of_new: dict[int, set[int]] = {}
    new_of_old: dict[int, set[int]] = {}
    for item_id, key in new.items():
        if item_id in old:
            old_of_new.setdefault(key, set()).add(old[item_id])
            new_of_old.setdefault(old[item_id], set()).add(key)
    merged = [(k, sorted(v)) for k, v in sorted(old_of_new.items()) if len(v) > 1]
    split = sorted(k for k, v in new_of_old.items() if len(v) > 1)
    return merged, split
