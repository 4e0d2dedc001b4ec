"""How well a semantic query watch finds articles in the other language (NTREX dev half).

Each English headline (first line of a document) is a watch query; each Arabic document *without
its first line* (the headline's own translation) is an incoming article. A query should alert on
its own document's Arabic text and on no other. For thresholds of the best-sentence cosine
(monitor.matching.match_query), prints recall (own document alerted) and false alerts per query
(other documents alerted). Run from the repository root:

    PYTHONPATH=src .venv/bin/python scripts/eval_watch_semantic.py [--backend use-m3]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ntrex-ar-en" / "documents.dev.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--backend", default=None, help="embedding backend name (default: the configured one)")
    args = ap.parse_args()
    from marsad.embed import get_backend

    docs = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    backend = get_backend(args.backend)
    backend.setup()
    queries = backend.embed_queries([d["en"].split("\n")[0] for d in docs])
    best = np.zeros((len(docs), len(docs)), dtype=np.float32)  # query i x document j: best sentence cosine
    for j, d in enumerate(docs):
        sentences = [s for s in d["ar"].split("\n")[1:] if s.strip()]
        if not sentences:
            continue
        m = backend.embed_sentences(sentences)
        m = m / np.linalg.norm(m, axis=1, keepdims=True)
        q = queries / np.linalg.norm(queries, axis=1, keepdims=True)
        best[:, j] = (q @ m.T).max(axis=1)
    own = np.diag(best)
    other = best[~np.eye(len(docs), dtype=bool)].reshape(len(docs), len(docs) - 1)
    print(f"{len(docs)} queries x {len(docs)} Arabic documents, backend {backend.name}")
    print(f"own document best-sentence cosine: median {np.median(own):.3f}, min {own.min():.3f}")
    print(f"other documents: median {np.median(other):.3f}, 99th pct {np.percentile(other, 99):.3f}, max {other.max():.3f}")
    print("threshold  recall  false alerts per query  queries with any false alert")
    for t in (0.25, 0.30, 0.35, 0.40, 0.45, 0.50):
        print(f"  {t:.2f}     {np.mean(own >= t):.3f}   {np.mean((other >= t).sum(axis=1)):.2f}"
              f"                    {np.mean((other >= t).any(axis=1)):.3f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
