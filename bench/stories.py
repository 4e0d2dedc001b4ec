"""Benchmark: embed + cluster throughput, memory, and vector-search latency (not a test).

    python bench/stories.py [--n 10000] [--search-size 200000] [--queries 200] [--ann-compare]

Sections (all measured in one run, baselines included):
1. sample: the two seeds + NTREX dev (124 real articles): embed and cluster articles/s.
2. stream: N real-text articles built offline (see ``real_text_stream``), embedded with the
   default backend and clustered online with candidates from the usearch centroid index,
   against a brute-force baseline (exact cosine over all story centroids) in the same run;
   both partitions compared (B-cubed F1 of one against the other).
3. search: the stream's vectors padded to ``--search-size`` with perturbed copies
   (vector + N(0, 0.05) noise, renormalised), queried with real query embeddings; usearch
   vs exact numpy cosine: p50/p95 latency and recall@10.
4. ``--ann-compare``: usearch vs hnswlib vs sqlite-vec (when installed) on the same vectors.
Memory: resident set size at start and end. Results also go to bench/results/stories.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from tune_clustering import seed_records  # noqa: E402

from marsad.embed import DocText, get_backend, normalise  # noqa: E402
from marsad.search.vector_index import ExactIndex, VectorIndex  # noqa: E402
from marsad.stories.cluster import OnlineClusterer
from marsad.stories.evaluate import bcubed, doc_text, ntrex_gold  # noqa: E402
from marsad.stories.state import ClusterItem, params_for

DATA = ROOT / ".." / "shared" / "data"
csv.field_size_limit(10**8)


def rss_mb() -> float:
    """Resident set size of this process in MiB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def real_text_stream(n: int) -> list[tuple[str, str, DocText, date]]:
    """Up to ``n`` articles of real text: (id, lang, doc, date).

    UN parallel sentences (rows 0-6,499, en/ar/es, length-flagged rows dropped): each
    pseudo-article is 8 rows drawn at random (seeded), written once per language, so it
    forms a 3-language "story" of translations; NTREX dev documents add windows of 6
    sentences, stride 3, per language (~600). Dates are synthetic (uniform over 60 days,
    shared by the three languages of a UN pseudo-article; NTREX by document); the text is
    all real. Many small stories: a stress test for candidate retrieval, not for quality.
    """
    rows = list(csv.DictReader(open(DATA / "un-quadclass" / "parallel_en_ar_es_rows0-6499.tsv", encoding="utf-8"), delimiter="\t"))
    rows = [r for r in rows if r["len_ratio_flag"] == "0"]
    rng = np.random.default_rng(13)
    out = []
    start_day = date(2025, 1, 1)
    n_ntrex = 273  # NTREX windows below (measured); the UN part fills the rest
    for k in range(max(0, -(-(n - n_ntrex) // 3))):
        picked = [rows[i] for i in rng.choice(len(rows), size=8, replace=False)]
        day = start_day + timedelta(days=int(rng.integers(0, 60)))
        for lang in ("en", "ar", "es"):
            sents = [r[lang] for r in picked]
            out.append((f"un:{k}:{lang}", lang, DocText(sents[0][:200], " ".join(sents[1:3]), tuple(sents[3:])), day))
    for k, line in enumerate((DATA / "ntrex-ar-en" / "documents.dev.jsonl").read_text(encoding="utf-8").splitlines()):
        doc = json.loads(line)
        for lang in ("en", "ar"):
            sents = doc[lang].split("\n")
            for lo in range(0, max(1, len(sents) - 5), 3):
                w = sents[lo : lo + 6]
                out.append((f"ntrex:{doc['doc_id']}:{lo}:{lang}", lang, DocText(w[0], " ".join(w[1:3]), tuple(w[3:])), start_day + timedelta(days=k % 60)))
    out.sort(key=lambda a: (a[3], a[0]))
    return out[:n]


def embed_timed(backend, docs: list[DocText], chunk: int = 256) -> tuple[np.ndarray, float]:
    start = time.perf_counter()
    parts = [backend.embed_documents(docs[i : i + chunk]) for i in range(0, len(docs), chunk)]
    return np.vstack(parts), time.perf_counter() - start


def cluster_timed(items: list[ClusterItem], dim: int, params) -> tuple[dict[str, int], float, int]:
    clusterer = OnlineClusterer(dim, params)
    start = time.perf_counter()
    assign = {a.item_id: a.story_key for a in clusterer.run(items)}
    return assign, time.perf_counter() - start, len(clusterer.stories)


def sample_section(backend) -> dict:
    records = seed_records() + ntrex_gold(DATA / "ntrex-ar-en" / "documents.dev.jsonl", "pairs")
    vecs, t_embed = embed_timed(backend, [doc_text(r) for r in records])
    items = [ClusterItem(r.id, v, r.date, lang=r.lang, title=r.title) for r, v in zip(records, vecs)]
    _, t_cluster, n_stories = cluster_timed(items, backend.dim, params_for(backend.name))
    return {"articles": len(records), "embed_per_s": len(records) / t_embed, "cluster_per_s": len(records) / t_cluster,
            "embed_cluster_per_s": len(records) / (t_embed + t_cluster), "stories": n_stories}


def stream_section(backend, n: int, cache: str | None) -> tuple[dict, np.ndarray]:
    stream = real_text_stream(n)
    if cache and Path(cache).exists():  # reuse vectors (iterating on clustering only): no embed figure
        vecs, t_embed = np.load(cache), float("nan")
    else:
        vecs, t_embed = embed_timed(backend, [s[2] for s in stream])
        if cache:
            np.save(cache, vecs)
    items = [ClusterItem(s[0], v, s[3], lang=s[1], title=s[2].title) for s, v in zip(stream, vecs)]
    params = params_for(backend.name)
    ann, t_ann, n_ann = cluster_timed(items, backend.dim, replace(params, exact_below=0))
    exact, t_exact, n_exact = cluster_timed(items, backend.dim, replace(params, exact_below=10**9))
    _, t_default, _ = cluster_timed(items, backend.dim, params)
    agree = bcubed(ann, exact)
    return {"articles": len(stream), "langs": {l: sum(1 for s in stream if s[1] == l) for l in ("en", "ar", "es")},
            "embed_per_s": len(stream) / t_embed,
            "cluster_ann_per_s": len(stream) / t_ann, "cluster_exact_per_s": len(stream) / t_exact,
            "cluster_default_per_s": len(stream) / t_default,
            "embed_cluster_per_s": len(stream) / (t_embed + t_ann),
            "stories_ann": n_ann, "stories_exact": n_exact, "ann_vs_exact_bcubed_f1": agree.f1}, vecs


def padded(vecs: np.ndarray, size: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    reps = [vecs]
    while sum(len(r) for r in reps) < size:
        reps.append(normalise(vecs + rng.normal(0, 0.05, vecs.shape).astype(np.float32)))
    return np.vstack(reps)[:size]


def latency(fn, queries: np.ndarray) -> tuple[float, float, list[set[int]]]:
    times, found = [], []
    for q in queries:
        start = time.perf_counter()
        hits = fn(q)
        times.append((time.perf_counter() - start) * 1000)
        found.append(hits)
    return float(np.percentile(times, 50)), float(np.percentile(times, 95)), found


def recall(found: list[set[int]], truth: list[set[int]]) -> float:
    return float(np.mean([len(f & t) / len(t) for f, t in zip(found, truth)]))


def query_vectors(backend, count: int) -> np.ndarray:
    records = ntrex_gold(DATA / "ntrex-ar-en" / "documents.dev.jsonl", "pairs")
    texts = [r.title for r in records] + [r.text.split("\n")[0] for r in records]
    reps = (texts * (count // len(texts) + 1))[:count]
    return backend.embed_queries(reps)


def search_section(vecs: np.ndarray, size: int, queries: np.ndarray, ann_compare: bool) -> dict:
    data = padded(vecs, size)
    keys = list(range(len(data)))
    exact = ExactIndex(data.shape[1])
    exact.upsert(keys, data)
    p50, p95, truth = latency(lambda q: {k for k, _ in exact.search(q, 10)}, queries)
    out = {"vectors": len(data), "dim": data.shape[1], "exact": {"p50_ms": p50, "p95_ms": p95, "recall10": 1.0}}
    start = time.perf_counter()
    ann = VectorIndex.build(keys, data, data.shape[1])
    build = time.perf_counter() - start
    p50, p95, found = latency(lambda q: {k for k, _ in ann.search(q, 10)}, queries)
    out["usearch"] = {"build_s": build, "p50_ms": p50, "p95_ms": p95, "recall10": recall(found, truth)}
    if ann_compare:
        out.update(compare_libraries(data, queries, truth))
    return out


def compare_libraries(data: np.ndarray, queries: np.ndarray, truth: list[set[int]]) -> dict:
    out = {}
    try:
        import hnswlib

        start = time.perf_counter()
        index = hnswlib.Index(space="cosine", dim=data.shape[1])
        index.init_index(max_elements=len(data), ef_construction=128, M=16)
        index.add_items(data, np.arange(len(data)))
        index.set_ef(64)
        build = time.perf_counter() - start
        p50, p95, found = latency(lambda q: set(index.knn_query(q, k=10)[0][0].tolist()), queries)
        out["hnswlib"] = {"build_s": build, "p50_ms": p50, "p95_ms": p95, "recall10": recall(found, truth)}
    except ImportError:
        out["hnswlib"] = "not installed"
    try:
        import sqlite3

        import sqlite_vec

        db = sqlite3.connect(":memory:")
        if not hasattr(db, "enable_load_extension"):
            raise ImportError("this Python's sqlite3 was built without extension loading")
        db.enable_load_extension(True)
        sqlite_vec.load(db)
        start = time.perf_counter()
        db.execute(f"create virtual table v using vec0(embedding float[{data.shape[1]}] distance_metric=cosine)")
        db.executemany("insert into v(rowid, embedding) values (?, ?)", ((i, data[i].tobytes()) for i in range(len(data))))
        build = time.perf_counter() - start
        sql = "select rowid from v where embedding match ? and k = 10"
        p50, p95, found = latency(lambda q: {r[0] for r in db.execute(sql, (q.astype(np.float32).tobytes(),))}, queries)
        out["sqlite-vec"] = {"build_s": build, "p50_ms": p50, "p95_ms": p95, "recall10": recall(found, truth)}
    except ImportError as exc:
        out["sqlite-vec"] = f"not usable: {exc}"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="stories benchmark")
    ap.add_argument("--backend", default=None)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--search-size", type=int, default=200000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--ann-compare", action="store_true")
    ap.add_argument("--vectors-cache", default=None, help="a .npy file: load stream vectors from it, or save them there")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "stories.json"))
    args = ap.parse_args()
    report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, no GPU, {platform.python_version()}", "rss_start_mb": rss_mb()}
    backend = get_backend(args.backend)
    start = time.perf_counter()
    backend.setup()
    report["backend"], report["load_s"] = backend.name, time.perf_counter() - start
    report["sample"] = sample_section(backend)
    print(json.dumps(report["sample"]), file=sys.stderr)
    report["stream"], vecs = stream_section(backend, args.n, args.vectors_cache)
    print(json.dumps(report["stream"]), file=sys.stderr)
    report["search"] = search_section(vecs, args.search_size, query_vectors(backend, args.queries), args.ann_compare)
    report["rss_end_mb"] = rss_mb()
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
