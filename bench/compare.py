"""Time of ``compare_story`` per story of N articles (docs/benchmarks.md, "Compare").

Stories are built from real NTREX documents (../shared/data/ntrex-ar-en): N articles alternate
English originals and Arabic translations of different documents of the same size class, and
article length is varied by taking the first L sentences. Sentence vectors (use-m3) are
computed once beforehand and not timed (the store keeps them); timed: alignment of every
pair, clause matching (whole sentences here, no clause embedder), conflicts, gap detection
and fills. Baseline in the same run: the plain cosine matrices of every pair (numpy only).

    .venv/bin/python bench/compare.py
"""

from __future__ import annotations

import json
import sys
import time
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from eval_gaps import article  # noqa: E402

from marsad.compare import compare_story  # noqa: E402
from marsad.embed import get_backend  # noqa: E402

DATA = ROOT / ".." / "shared" / "data" / "ntrex-ar-en" / "documents.dev.jsonl"


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    if not DATA.exists():
        print(f"skip: {DATA} is absent", file=sys.stderr)
        return 0
    docs = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    docs = sorted((d for d in docs if d["n_sent"] >= 16), key=lambda d: d["doc_id"])
    backend = get_backend("use-m3")
    print("N articles | sentences each | compare_story s | baseline cosine s")
    for length in (8, 16):
        pool = []
        for k, d in enumerate(docs[:16]):
            lang = "en" if k % 2 == 0 else "ar"
            pool.append(article(d[lang].split("\n")[:length], lang, f"{d['doc_id']}:{lang}"))
        vecs = {a.id: backend.embed_sentences([s.text for s in a.sentences]) for a in pool}
        for n in (2, 4, 8, 16):
            arts = pool[:n]
            t = best_of(lambda: compare_story(arts, sentence_vectors=vecs))
            base = best_of(lambda: [vecs[a.id] @ vecs[b.id].T for a, b in combinations(arts, 2)])
            print(f"{n:2d} | {length:2d} | {t:.3f} | {base:.5f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
