"""Experiment (issue 20, not adopted): story clustering with each document vector taken as the
mean of its sentence vectors (title, lead and body sentences) instead of embedding the whole
document, which would save the document pass of the embedding (~20 % of its model tokens).

    python bench/mean_doc_vectors.py cli eval clustering ../shared/data/ntrex-ar-en/documents.dev.jsonl --ntrex --json
    python bench/mean_doc_vectors.py tune --backends use-m3 --shuffles 0 --fixed

runs `marsad eval clustering` or scripts/tune_clustering.py unchanged except for how document
vectors are made (marsad.stories.evaluate.embed_records replaced). Results: docs/benchmarks.md,
"Stage breakdown on real-length articles".
"""

from __future__ import annotations

import importlib.util
import runpy
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import marsad.stories.evaluate as ev  # noqa: E402
from marsad.embed import normalise, split_sentences  # noqa: E402


def mean_vectors(records, backend) -> np.ndarray:
    """One vector per record: the normalised mean of its sentences' vectors."""
    texts, spans = [], []
    for r in records:
        d = ev.doc_text(r)
        sents = [s for s in [d.title, *split_sentences(d.lead), *d.body] if s.strip()] or [r.text or " "]
        spans.append((len(texts), len(texts) + len(sents)))
        texts += sents
    vecs = backend.embed_sentences(texts)
    return normalise(np.stack([vecs[a:b].mean(axis=0) for a, b in spans]))


def main() -> None:
    ev.embed_records = mean_vectors
    mode, rest = sys.argv[1], sys.argv[2:]
    if mode == "tune":
        sys.argv = ["tune_clustering.py", *rest]
        spec = importlib.util.spec_from_file_location("tune_clustering", ROOT / "scripts" / "tune_clustering.py")
        tune = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(tune)
        tune.embed_records = mean_vectors
        tune.main()
    else:
        sys.argv = ["marsad", *rest]
        runpy.run_module("marsad.cli", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
