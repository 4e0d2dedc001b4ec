"""Nearest-neighbour search over unit vectors, plus semantic search and rank fusion.

``VectorIndex`` wraps usearch (HNSW, cosine, int keys): add/update/remove one at a
time, save beside the database (``marsad.usearch``), load, or rebuild from stored
vectors. ``ExactIndex`` has the same interface with brute-force numpy cosine; it is
the baseline in ``bench/stories.py`` and the fallback for tiny collections.

Why usearch: measured in ``bench/stories.py --ann`` against hnswlib and exact search
(docs/benchmarks.md): same recall, supports removal/update of a key (story centroids
move every time an article joins), saves to one file, and is already a dependency.
"""

from __future__ import annotations

from pathlib import Path
from typing import Hashable, Iterable, Protocol, Sequence

import numpy as np

from marsad.embed import normalise


def usearch_index_class():  # type: ignore[no-untyped-def]
    """usearch's Index, imported safely: once usearch is loaded, a later import of
    onnxruntime (the engine of the Arabic name romaniser used by entity linking) crashes
    the interpreter (usearch 2.x + onnxruntime 1.x, seen here), so onnxruntime goes first."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency of arabic-name-romanizer
        pass
    from usearch.index import Index

    return Index


class NearestIndex(Protocol):
    """What the clusterer and search need from an index."""

    dim: int

    def __len__(self) -> int: ...

    def upsert(self, keys: Sequence[int], vectors: np.ndarray) -> None: ...

    def remove(self, keys: Iterable[int]) -> None: ...

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]: ...


class VectorIndex:
    """usearch HNSW index over unit vectors keyed by int; ``search`` returns (key, cosine)."""

    def __init__(self, dim: int, connectivity: int = 16, expansion_search: int = 128) -> None:
        Index = usearch_index_class()

        self.dim = dim
        self.replaced = 0  # vectors replaced or removed since the build: HNSW recall drops as these pile up
        self._index = Index(ndim=dim, metric="cos", dtype="f32", connectivity=connectivity, expansion_search=expansion_search)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: int) -> bool:
        return bool(self._index.contains(int(key)))

    def upsert(self, keys: Sequence[int], vectors: np.ndarray) -> None:
        """Add vectors, replacing any already stored under the same keys."""
        if len(keys) == 0:
            return
        arr = np.asarray(keys, dtype=np.uint64)
        present = [int(k) for k in arr if self._index.contains(int(k))]
        if present:
            self._index.remove(np.asarray(present, dtype=np.uint64))
            self.replaced += len(present)
        self._index.add(arr, normalise(vectors))

    def remove(self, keys: Iterable[int]) -> None:
        """Forget the given keys (unknown keys are ignored)."""
        present = [int(k) for k in keys if self._index.contains(int(k))]
        if present:
            self._index.remove(np.asarray(present, dtype=np.uint64))
            self.replaced += len(present)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The ``k`` nearest keys with their cosine similarity, best first."""
        if len(self) == 0 or k <= 0:
            return []
        found = self._index.search(normalise(vector)[0], min(k, len(self)))
        return [(int(key), float(1.0 - d)) for key, d in zip(found.keys, found.distances)]

    def save(self, path: str | Path) -> None:
        """Write the index to one file (beside the database, e.g. ``marsad.usearch``)."""
        self._index.save(str(path))

    @classmethod
    def load(cls, path: str | Path, dim: int) -> "VectorIndex":
        """Read an index written by :meth:`save`; a missing file gives an empty index."""
        index = cls(dim)
        if Path(path).exists():
            index._index.load(str(path))
        return index

    @classmethod
    def build(cls, keys: Sequence[int], vectors: np.ndarray, dim: int, deterministic: bool = False) -> "VectorIndex":
        """Build from scratch (``marsad reindex``: rebuild from the store). Built on all cores
        the HNSW graph depends on thread timing; ``deterministic`` builds it on one thread, so
        the same vectors in the same order always give the same graph and the same neighbours
        (what the order-independent clustering pass needs)."""
        index = cls(dim)
        if len(keys):
            index._index.add(np.asarray(keys, dtype=np.uint64), normalise(vectors), threads=1 if deterministic else 0)
        return index


class ExactIndex:
    """Brute-force cosine over all vectors (numpy); same interface as :class:`VectorIndex`."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._keys: list[int] = []
        self._pos: dict[int, int] = {}
        self._vecs = np.zeros((0, dim), dtype=np.float32)
        self._live = np.zeros(0, dtype=bool)
        self._free: list[int] = []

    def __len__(self) -> int:
        return len(self._pos)

    def __contains__(self, key: int) -> bool:
        return int(key) in self._pos

    def upsert(self, keys: Sequence[int], vectors: np.ndarray) -> None:
        vectors = normalise(vectors)
        for key, vec in zip(keys, vectors):
            key = int(key)
            if key not in self._pos:
                self._pos[key] = self._slot()
                self._keys[self._pos[key]] = key
                self._live[self._pos[key]] = True
            self._vecs[self._pos[key]] = vec

    def _slot(self) -> int:
        if self._free:
            return self._free.pop()
        if len(self._keys) == len(self._vecs):
            grown = np.zeros((max(16, 2 * len(self._vecs)), self.dim), dtype=np.float32)
            grown[: len(self._vecs)] = self._vecs
            self._vecs = grown
            self._live = np.concatenate([self._live, np.zeros(len(grown) - len(self._live), dtype=bool)])
        self._keys.append(-1)
        return len(self._keys) - 1

    def remove(self, keys: Iterable[int]) -> None:
        for key in keys:
            pos = self._pos.pop(int(key), None)
            if pos is not None:
                self._vecs[pos] = 0.0
                self._keys[pos] = -1
                self._live[pos] = False
                self._free.append(pos)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if not self._pos or k <= 0:
            return []
        n = len(self._keys)
        sims = self._vecs[:n] @ normalise(vector)[0]
        sims[~self._live[:n]] = -np.inf
        k = min(k, len(self._pos))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.lexsort((top, -sims[top]))]
        return [(self._keys[p], float(sims[p])) for p in top]


def semantic_search(index: NearestIndex, query_vector: np.ndarray, k: int = 20) -> list[tuple[int, float]]:
    """Keys of the ``k`` stored vectors closest to an (already embedded) query.

    Embed the query with ``backend.embed_queries([text])[0]`` first; the same index
    answers across languages (an English query finds Arabic articles).
    """
    return index.search(query_vector, k)


def reciprocal_rank_fusion(rankings: Sequence[Sequence[Hashable]], k: int = 60, weights: Sequence[float] | None = None) -> list[tuple[Hashable, float]]:
    """Fuse ranked lists (best first) into one: score(d) = sum w_i / (k + rank_i(d)).

    Ties are broken by the first list the item appeared in, then its rank there, so the
    result is deterministic. ``k=60`` is the constant of Cormack et al. (2009).
    """
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    scores: dict[Hashable, float] = {}
    first_seen: dict[Hashable, tuple[int, int]] = {}
    for li, (ranking, weight) in enumerate(zip(rankings, weights)):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
            first_seen.setdefault(item, (li, rank))
    return sorted(scores.items(), key=lambda kv: (-kv[1], first_seen[kv[0]]))
