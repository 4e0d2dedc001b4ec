"""Online clustering of articles into stories (single pass, like EMM / Miranda et al. 2018).

Each new article is compared with the stories whose centroids are nearest to its
vector (found through an ANN index over centroids, not a scan). The best candidate
by the combined score

    score = cos(article, centroid)
            + time_weight   * time_term    (0 inside the story's span +/- window, down to -1 far outside)
            + entity_weight * entity_term  (share of the article's entity keys already in the story)

where the cosine of each pair of short texts (article and member) in two languages counts ``crosslingual_bonus``
more (cross-lingual cosines run lower for the same event), and figures that both sides
report without one in common cost ``figure_conflict_penalty``.

wins if ``score >= threshold``; otherwise the article opens a new story. Undated
articles, or articles without entities, get a neutral 0 for that term. The state of
every story is plain data (:class:`StoryState`) so the store persists it and a later
ingest continues where the last one stopped. :func:`marsad.stories.recluster.recluster`
is the periodic merge/split pass. Everything here is deterministic for a given input order.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable, Sequence

import numpy as np

from marsad.search.vector_index import ExactIndex, NearestIndex, VectorIndex
from marsad.stories.agglomerate import (
    agglomerate,
    pair_score,
)
from marsad.stories.state import (
    Assignment,
    ClusterItem,
    ClusterParams,
    StoryState,
    absorb,
    as_datetime,
    chronological,
    figures_conflict,
    new_state,
    other_language_count,
)


def time_term(published: datetime | None, state: StoryState, params: ClusterParams) -> float | None:
    """0 inside the story's span +/- window, falling linearly to -1 one more window out.

    ``None`` means "too far": the gap exceeds ``max_gap_days``, so the story is not a candidate.
    """
    if published is None or state.first is None or state.last is None:
        return 0.0
    day = 86400.0
    gap = max((state.first - published).total_seconds(), (published - state.last).total_seconds(), 0.0) / day
    if gap > params.max_gap_days:
        return None
    window = max(params.time_window_days, 1e-9)
    return -min(1.0, max(0.0, gap - window) / window)


def entity_term(keys: frozenset[str], state: StoryState) -> float:
    """Share of the item's entity keys already seen in the story (0 when either has none)."""
    if not keys or not state.entity_counts:
        return 0.0
    return sum(1 for k in keys if k in state.entity_counts) / len(keys)


def story_score(item: ClusterItem, state: StoryState, params: ClusterParams, published: datetime | None = None) -> float | None:
    """The combined score of ``item`` against ``state`` (None when the time gap rules it out)."""
    t = time_term(published if published is not None else as_datetime(item.published), state, params)
    if t is None:
        return None
    sim = similarity(item.vector, state, params)
    if params.crosslingual_bonus and item.short and state.count:
        sim += params.crosslingual_bonus * other_language_count(item.lang, state.short_languages) / state.count
    penalty = params.undated_penalty if (item.published is None) != (state.first is None) else 0.0
    if params.figure_conflict_penalty and figures_conflict(item.entity_keys, state.entity_counts):
        penalty += params.figure_conflict_penalty
    return sim + params.time_weight * t + params.entity_weight * entity_term(item.entity_keys, state) - penalty


def similarity(vector: np.ndarray, state: StoryState, params: ClusterParams) -> float:
    """Average-link (mean cosine to the members, from the centroid sum) or centroid cosine."""
    if params.linkage == "average":
        return float(np.dot(vector, state.centroid_sum)) / max(state.count, 1)
    return float(np.dot(vector, state.centroid))


class OnlineClusterer:
    """Assign items one by one to stories; continue from exported states on the next run.

    >>> clusterer = OnlineClusterer(dim=512, states=stored_states)   # doctest: +SKIP
    >>> assignments = [clusterer.add(item) for item in items]        # doctest: +SKIP
    >>> to_store = clusterer.changed_states()                        # doctest: +SKIP
    """

    def __init__(self, dim: int, params: ClusterParams | None = None, states: Iterable[StoryState] = (), next_key: int | None = None,
                 keep_inactive: bool = True) -> None:
        self.dim = dim
        self.params = params or ClusterParams()
        # False: forget stories that can no longer take articles (and are already written),
        # so that memory follows the active stories, not the corpus (StoryStage, which can reload them)
        self.keep_inactive = keep_inactive
        self.stories: dict[int, StoryState] = {s.key: s for s in states}
        self.next_key = next_key if next_key is not None else max(self.stories, default=0) + 1
        self._changed: set[int] = set()
        self._index: NearestIndex = ExactIndex(dim)
        self._ann = False
        self._latest = max((s.last for s in self.stories.values() if s.last), default=None)
        self._adds = 0
        self._reindex()

    def active_keys(self) -> list[int]:
        """Stories that can still take articles: undated, or last seen within ``max_gap_days`` of the newest article."""
        if self._latest is None:
            return sorted(self.stories)
        horizon = self._latest - timedelta(days=self.params.max_gap_days)
        return sorted(k for k, s in self.stories.items() if s.last is None or s.last >= horizon)

    def _reindex(self) -> None:
        """(Re)build the centroid index over active stories: exact while small, usearch beyond;
        without ``keep_inactive``, drop the inactive stories that are not waiting to be written."""
        keys = self.active_keys()
        if not self.keep_inactive:
            active = set(keys)
            for key in [k for k in self.stories if k not in active and k not in self._changed]:
                del self.stories[key]
        vecs = np.stack([self.stories[k].centroid for k in keys]) if keys else np.zeros((0, self.dim), np.float32)
        self._ann = len(keys) >= self.params.exact_below
        self._index = VectorIndex.build(keys, vecs, self.dim, deterministic=True) if self._ann else ExactIndex(self.dim)
        if not self._ann:
            self._index.upsert(keys, vecs)

    def candidates(self, item: ClusterItem) -> list[tuple[float, int]]:
        """(score, story key) of the nearest stories that pass the time gate, best first."""
        published = as_datetime(item.published)
        found = self._index.search(item.vector, self.params.candidates)
        scored = []
        for key, _ in found:
            score = story_score(item, self.stories[key], self.params, published)
            if score is not None:
                scored.append((score, key))
        return sorted(scored, key=lambda sk: (-sk[0], sk[1]))

    def add(self, item: ClusterItem) -> Assignment:
        """Put ``item`` in the best story, or a new one; returns where it went."""
        ranked = self.candidates(item)
        if ranked and ranked[0][0] >= self.params.threshold:
            score, key = ranked[0]
            new = False
        else:
            score, key, new = (ranked[0][0] if ranked else 0.0), self.next_key, True
            self.stories[key] = new_state(key, self.dim)
            self.next_key += 1
        absorb(self.stories[key], item)
        self._update_index(key)
        return Assignment(item.id, key, float(score), new)

    def add_batch(self, items: Sequence[ClusterItem]) -> list[Assignment]:
        """Cluster a batch: group it first (:func:`agglomerate`), then place each group.

        Each group joins the existing story with the best :func:`pair_score` (average
        link between group and story) if it passes the threshold, else becomes a new
        story. The result does not depend on the order of items inside the batch;
        assignments come back in the order of ``items``.
        """
        placed: dict[str, Assignment] = {}
        by_id = {it.id: it for it in items}
        for group in sorted(agglomerate(items, self.params), key=lambda g: min(g)):
            members = chronological(by_id[i] for i in group)
            gstate = new_state(-1, self.dim)
            for it in members:
                absorb(gstate, it)
            score, key = self._best_story(gstate)
            new = score is None or score < self.params.threshold
            if new:
                key = self.next_key
                self.stories[key] = new_state(key, self.dim)
                self.next_key += 1
            for it in members:
                absorb(self.stories[key], it)
                placed[it.id] = Assignment(it.id, key, float(score or 0.0), new)
            self._update_index(key)
        return [placed[it.id] for it in items]

    def _best_story(self, group: StoryState) -> tuple[float | None, int]:
        scored = []
        for key, _ in self._index.search(group.centroid, self.params.candidates):
            score = pair_score(group, self.stories[key], self.params)
            if score is not None:
                scored.append((score, key))
        if not scored:
            return None, -1
        return min(scored, key=lambda sk: (-sk[0], sk[1]))

    def _update_index(self, key: int) -> None:
        """Move the story's centroid in the index; every 1,000 updates drop stale stories, and
        rebuild when the index changes kind or usearch has replaced more vectors than it holds."""
        self._changed.add(key)
        last = self.stories[key].last
        if last is not None and (self._latest is None or last > self._latest):
            self._latest = last
        self._adds += 1
        worn = isinstance(self._index, VectorIndex) and self._index.replaced > 2 * max(len(self._index), 1000)
        if worn or self._adds % 1000 == 0:
            self._reindex()
            return
        self._index.upsert([key], self.stories[key].centroid[None, :])
        if self._ann != (len(self._index) >= self.params.exact_below):
            self._reindex()

    def run(self, items: Iterable[ClusterItem]) -> list[Assignment]:
        """``add`` every item in the given order."""
        return [self.add(item) for item in items]

    def changed_states(self) -> list[StoryState]:
        """States created or updated since the last call (what the store must write)."""
        out = [self.stories[k] for k in sorted(self._changed)]
        self._changed.clear()
        return out

    def states(self) -> list[StoryState]:
        """All story states, by key."""
        return [self.stories[k] for k in sorted(self.stories)]


def cluster_items(items: Sequence[ClusterItem], dim: int, params: ClusterParams | None = None, batch_size: int = 1) -> dict[str, int]:
    """One online pass over ``items`` in the given order; item id -> story key.

    ``batch_size`` > 1 feeds consecutive batches to :meth:`OnlineClusterer.add_batch`.
    """
    clusterer = OnlineClusterer(dim, params)
    if batch_size <= 1:
        return {a.item_id: a.story_key for a in clusterer.run(items)}
    out: dict[str, int] = {}
    for start in range(0, len(items), batch_size):
        out.update({a.item_id: a.story_key for a in clusterer.add_batch(items[start : start + batch_size])})
    return out
