"""Exact and near-duplicate detection: pure functions over text.

* Exact: SHA-256 of the matching form of the text (Arabic folded, case-folded, all
  whitespace and punctuation runs collapsed), so two copies that differ only in spacing,
  diacritics, tatweel, bidi marks or quote style hash the same.
* Near: MinHash (datasketch, 128 permutations) over word 3-shingles of that same form,
  indexed by locality-sensitive hashing with 16 bands of 8 rows. Two texts become
  candidates when they share a band (about 50 % chance at Jaccard 0.70, 98 % at 0.85);
  a candidate counts as a near duplicate when the estimated Jaccard similarity is at least
  ``NEAR_THRESHOLD`` = 0.80 (docs/architecture.md says why). The band keys are stored in
  the database so the index survives restarts and works across processes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash

from marsad.text.normalise import fold

NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
NEAR_THRESHOLD = 0.80
MIN_SHINGLES = 12  # shorter texts are only checked for exact copies
SEED = 1

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def matching_form(text: str) -> str:
    """The text as compared for duplicates: folded, words joined by single spaces."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def content_hash(text: str) -> str:
    """Hex SHA-256 of the matching form: equal for copies that differ only cosmetically."""
    return hashlib.sha256(matching_form(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = 3) -> set[str]:
    words = matching_form(text).split()
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray | None:
    """MinHash signature (uint64, NUM_PERM values), or None when the text is too short."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch([g.encode("utf-8") for g in grams])
    return mh.hashvalues.astype(np.uint64)


def band_keys(sig: np.ndarray) -> list[tuple[int, str]]:
    """(band number, key) pairs: texts sharing any pair are near-duplicate candidates."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append((band, hashlib.blake2b(chunk, digest_size=12).hexdigest()))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


def best_match(sig: np.ndarray, candidates: Iterable[tuple[str, bytes]]) -> tuple[str, float] | None:
    """The most similar candidate at or above NEAR_THRESHOLD, as (article id, similarity)."""
    best: tuple[str, float] | None = None
    for article_id, data in candidates:
        score = similarity(sig, from_bytes(data))
        if score >= NEAR_THRESHOLD and (best is None or score > best[1] or (score == best[1] and article_id < best[0])):
            best = (article_id, score)
    return best
