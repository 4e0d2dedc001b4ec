"""Train the Arabic CRF NER model on ANERcorp; measure it on a document-level held-out split.

    .venv/bin/python scripts/train_ner_ar.py dev   [--aqmar] [--clusters FILE] [--propagation one-word|long|all] [--c1 0.05 --c2 0.01]
    .venv/bin/python scripts/train_ner_ar.py final [--aqmar] [--out src/marsad/data/models]

``dev`` holds out whole documents of ANERcorp's train.bio (``marsad.entities.bio_split``:
5 contiguous runs, 10% of the sentences, a 15-sentence buffer dropped each side, duplicated
sentences dropped from training), trains on the rest, prints the scores of the CRF alone and
of the full recogniser on the held-out documents, and writes the split to build/ner_ar/
(``dev.doc.bio``, ``train.doc.bio``) so `marsad eval ner build/ner_ar/dev.doc.bio --lang ar`
re-measures it (add `--model build/ner_ar/ner_ar.crfsuite`: the shipped model has seen those documents). dev.bio (a random sentence split whose documents overlap train.bio) is never
used to train any model, so that it stays a (sentence-level, flattering) held-out check of the
shipped one. ``final`` trains on all of train.bio (+ AQMAR with ``--aqmar``) and writes ``ner_ar.crfsuite`` and ``ner_ar.stoplist.json`` (folded words tagged O in 90%+ of
their 3+ training occurrences) for shipping; tune nothing with it. Deterministic.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.entities import features_ar  # noqa: E402
from marsad.entities.bio_split import document_split, write_bio  # noqa: E402
from marsad.entities.clusters import use_clusters  # noqa: E402
from marsad.entities.evaluate import read_bio  # noqa: E402
from marsad.entities.features_ar import sentence_features  # noqa: E402
from marsad.entities.keys import fold_arabic  # noqa: E402

DATA = ROOT / ".." / "shared" / "data"
WINDOW = 10  # ANERcorp has no document markers: this many consecutive sentences are read as one article
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def stoplist(sentences: list[list[tuple[str, str]]]) -> list[str]:
    """Folded words seen 3+ times in training and tagged O at least 90% of the time."""
    seen, inside = Counter(), Counter()
    for sent in sentences:
        for word, tag in sent:
            seen[fold_arabic(word)] += 1
            inside[fold_arabic(word)] += tag != "O"
    return sorted(w for w, n in seen.items() if n >= 3 and inside[w] / n < 0.1)


def aqmar_sentences() -> list[list[tuple[str, str]]]:
    """The 28 AQMAR articles (MIS0-3 read as MISC; malformed tags repaired by read_bio)."""
    out = []
    for path in sorted((DATA / "aqmar" / "articles").glob("*.txt")):
        out += read_bio(path).sentences
    return out


def train(sentences: list[list[tuple[str, str]]], model_path: Path, params: dict) -> float:
    """Train and save the CRF and its stoplist; returns the training time in seconds."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in sentences:
        trainer.append(sentence_features([w for w, _ in sent]), [t for _, t in sent])
    trainer.set_params(params)
    t0 = time.perf_counter()
    trainer.train(str(model_path))
    stop = stoplist(sentences)
    model_path.with_suffix(".stoplist.json").write_text(json.dumps(stop, ensure_ascii=False), "utf-8")
    return time.perf_counter() - t0


def score(model: Path, path: Path) -> None:
    from marsad.entities.evaluate import evaluate_bio
    from marsad.entities.ner_ar import ArabicTagger, tag_sentences, tag_windows

    tagger = ArabicTagger(model)
    runs = (("CRF alone", tagger.tag_sentences), ("CRF + rules, sentence by sentence", lambda s: tag_sentences(tagger, s)),
            (f"CRF + rules + propagation over windows of {WINDOW} sentences", lambda s: tag_windows(tagger, s, WINDOW, majority=False)),
            (f"CRF + rules + article consistency over windows of {WINDOW} sentences (recognise)",
             lambda s: tag_windows(tagger, s, WINDOW)))
    for name, fn in runs:
        report = evaluate_bio(path, fn)
        print(f"{path.name} PER+ORG+LOC, {name}\n{report.table()}")
        print(json.dumps({"micro": report.micro, "per_type": {k: v["f1"] for k, v in report.per_type.items()}}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("dev", "final"))
    ap.add_argument("--data", type=Path, default=DATA / "anercorp")
    ap.add_argument("--out", type=Path, default=None, help="model folder (dev: build/ner_ar; final: src/marsad/data/models)")
    ap.add_argument("--aqmar", action="store_true", help="also train on the 28 AQMAR Wikipedia articles")
    ap.add_argument("--clusters", type=Path, default=None,
                    help="add word-cluster features (of the clitic-stripped word) from this table, built by "
                    "scripts/build_word_clusters.py ar --exclude build/ner_ar/dev.doc.bio (measured, not shipped: "
                    "docs/evaluation.md)")
    ap.add_argument("--cluster-features", default="cs", help="with --clusters: c (the word's cluster), cs (the clitic-stripped word's), or c,cs")
    ap.add_argument("--cluster-neighbours", default="", help="with --clusters: prefixes also given for the +-1 words, e.g. cs6,cs10")
    ap.add_argument("--propagation", choices=("one-word", "long", "all"), default="all",
                    help="article-level propagation scored in the window rows: one-word names only (as before), "
                    "+ 2-4-word names, + first/last word of a person's name (what ships)")
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = ap.parse_args()
    if not (args.data / "train.bio").exists():
        sys.exit(f"{args.data / 'train.bio'}: not found (ANERcorp is read from ../shared/data/anercorp)")
    params = {**PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    sents = read_bio(args.data / "train.bio").sentences
    if args.mode == "dev":
        out = args.out or ROOT / "build" / "ner_ar"
        out.mkdir(parents=True, exist_ok=True)
        split = document_split(sents)
        train_set, held = [sents[i] for i in split.train], [sents[i] for i in split.held_out]
        write_bio(out / "dev.doc.bio", held)
        write_bio(out / "train.doc.bio", train_set)
        print(f"document split: train {len(train_set)} sentences, held out {len(held)} "
              f"(dropped {split.buffer_dropped} buffer, {split.duplicates_dropped} duplicates)")
    else:
        out = args.out or ROOT / "src" / "marsad" / "data" / "models"
        train_set = sents
    from marsad.entities import ner_ar

    ner_ar.PROPAGATE_LONG = args.propagation != "one-word"
    ner_ar.PROPAGATE_PARTS = args.propagation == "all"
    if args.clusters:
        if not args.clusters.exists():
            sys.exit(f"{args.clusters}: no cluster table; build it without the held-out documents first:\n"
                     f"  scripts/build_word_clusters.py ar --exclude {out / 'dev.doc.bio'} --out {args.clusters}")
        use_clusters("ar", args.clusters)
        features_ar.CLUSTERS = tuple(k for k in args.cluster_features.split(",") if k)
        features_ar.NEIGHBOUR_CLUSTERS = tuple(k for k in args.cluster_neighbours.split(",") if k)
    if args.aqmar:
        train_set = train_set + aqmar_sentences()
    model = out / "ner_ar.crfsuite"
    seconds = train(train_set, model, params)
    print(f"trained on {len(train_set)} sentences in {seconds:.0f} s -> {model} ({model.stat().st_size / 1e6:.1f} MB) {params}")
    if args.mode == "dev":
        score(model, out / "dev.doc.bio")


if __name__ == "__main__":
    main()
