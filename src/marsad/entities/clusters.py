"""Word clusters from unlabeled text, read by the CRF feature functions (``features_ar``, ``features_en``).

``clusters_{ar,en}.tsv.gz`` (built by scripts/build_word_clusters.py) maps a word (Arabic folded,
English lower-cased) to a bit-string: its path in a binary tree of distributional classes, so
that a prefix of it is a coarser class, as with Brown clusters. A word the CRF never saw in
training but that shares a class with training names ("حلب" next to other cities) gets their
weights. ``use_clusters`` points a language at another table (the dev runs use one built without
the held-out documents); the feature caches must then be cleared by the caller.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from marsad.entities.gazetteer import MODELS_DIR

PREFIXES = (4, 6, 10, 16)  # bit-string prefix lengths used as features
_PATHS: dict[str, Path | None] = {"ar": MODELS_DIR / "clusters_ar.tsv.gz", "en": MODELS_DIR / "clusters_en.tsv.gz"}
_TABLES: dict[str, dict[str, str]] = {}


def use_clusters(lang: str, path: str | Path | None) -> None:
    """Read ``lang``'s clusters from ``path`` from now on (None: no cluster features)."""
    _PATHS[lang] = Path(path) if path is not None else None
    _TABLES.pop(lang, None)


def clusters(lang: str) -> dict[str, str]:
    """Word -> bit-string for ``lang`` (empty when the table is switched off or missing)."""
    table = _TABLES.get(lang)
    if table is None:
        path = _PATHS.get(lang)
        table = {}
        if path is not None and path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    word, _, bits = line.rstrip("\n").partition("\t")
                    table[word] = bits
        _TABLES[lang] = table
    return table


def prefix_features(name: str, bits: str | None) -> dict[str, str]:
    """``{name}4``, ``{name}6``... features of a bit-string ("unk" when the word has none)."""
    if bits is None:
        return {name: "unk"}
    return {f"{name}{n}": bits[:n] for n in PREFIXES}
