"""Train the English CRF NER model over spaCy's features on wikigold; measure it on held-out documents.

    .venv/bin/python scripts/train_ner_en.py dev   [--no-org-cues] [--clusters FILE] [--c1 0.03 --c2 0.02]
    .venv/bin/python scripts/train_ner_en.py final [--out src/marsad/data/models]

wikigold (../shared/data/wikigold/dev.bio, our half; CoNLL-2003 types) is in document order.
``dev`` holds out whole documents of it (``marsad.entities.bio_split``: 5 contiguous runs, 20%
of the sentences, 5-sentence buffers dropped; the file has only ~850 sentences), trains on the rest and prints, on the held-out
documents, spaCy with the fixed type table (the recogniser before this model) against the CRF,
and writes the split and model to build/ner_en/ (`marsad eval ner build/ner_en/dev.doc.bio --lang en
--model build/ner_en/ner_en.crfsuite` re-measures it). ``final`` trains on the whole file and writes
``ner_en.crfsuite``. Labels PER, ORG, LOC, MISC (MISC is learnt so that it is not taken for
ORG; the recogniser drops it). Deterministic.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.entities import features_en  # noqa: E402
from marsad.entities.bio_split import document_split, write_bio  # noqa: E402
from marsad.entities.clusters import use_clusters  # noqa: E402
from marsad.entities.evaluate import evaluate_bio, read_bio  # noqa: E402

DATA = ROOT / ".." / "shared" / "data"
WINDOW = 10  # consecutive sentences read as one article (the file has no document markers)
PARAMS = {"c1": 0.03, "c2": 0.02, "max_iterations": 200, "feature.possible_transitions": True}


def fix_io(tags: list[str]) -> list[str]:
    """IO tags (wikigold's I-X at a span start) as BIO, so the CRF learns where spans begin."""
    out, prev = [], "O"
    for t in tags:
        out.append("B-" + t[2:] if t.startswith("I-") and prev[2:] != t[2:] else t)
        prev = t
    return out


def train(sentences: list[list[tuple[str, str]]], model_path: Path, params: dict) -> float:
    from spacy.tokens import Doc

    from marsad.entities.features_en import doc_features
    from marsad.entities.ner_en import load_english

    nlp = load_english()
    docs = nlp.pipe([Doc(nlp.vocab, words=[w for w, _ in s]) for s in sentences], batch_size=64)
    trainer = pycrfsuite.Trainer(verbose=False)
    for doc, sent in zip(docs, sentences, strict=True):
        trainer.append(doc_features(doc), fix_io([t for _, t in sent]))
    trainer.set_params(params)
    t0 = time.perf_counter()
    trainer.train(str(model_path))
    return time.perf_counter() - t0


def _options(args) -> None:
    features_en.ORG_CUES = not args.no_org_cues
    if args.clusters:
        if not args.clusters.exists():
            sys.exit(f"{args.clusters}: no cluster table (scripts/build_word_clusters.py en --exclude DEV.bio --out FILE)")
        use_clusters("en", args.clusters)
        features_en.CLUSTERS = True
        features_en.NEIGHBOUR_CLUSTERS = tuple(k for k in args.cluster_neighbours.split(",") if k)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("dev", "final"))
    ap.add_argument("--data", type=Path, default=DATA / "wikigold" / "dev.bio")
    ap.add_argument("--out", type=Path, default=None, help="model folder (dev: build/ner_en; final: src/marsad/data/models)")
    ap.add_argument("--clusters", type=Path, default=None,
                    help="add word-cluster features from this table, built by scripts/build_word_clusters.py en "
                    "--exclude build/ner_en/dev.doc.bio (measured, not shipped: docs/evaluation.md)")
    ap.add_argument("--no-org-cues", action="store_true", help="train without the organisation head-word features")
    ap.add_argument("--cluster-neighbours", default="c6,c10", help="with --clusters: prefixes also given for the +-1 words")
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data}: not found (wikigold is read from ../shared/data/wikigold)")
    params = {**PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    sents = read_bio(args.data).sentences
    if args.mode == "final":
        out = args.out or ROOT / "src" / "marsad" / "data" / "models"
        _options(args)
        seconds = train(sents, out / "ner_en.crfsuite", params)
        print(f"trained on {len(sents)} sentences in {seconds:.0f} s -> {out / 'ner_en.crfsuite'} {params}")
        return
    out = args.out or ROOT / "build" / "ner_en"
    out.mkdir(parents=True, exist_ok=True)
    split = document_split(sents, fraction=0.2, buffer=5)
    write_bio(out / "dev.doc.bio", [sents[i] for i in split.held_out])
    write_bio(out / "train.doc.bio", [sents[i] for i in split.train])
    print(f"document split: train {len(split.train)} sentences, held out {len(split.held_out)} "
          f"(dropped {split.buffer_dropped} buffer, {split.duplicates_dropped} duplicates)")
    _options(args)
    model = out / "ner_en.crfsuite"
    seconds = train([sents[i] for i in split.train], model, params)
    print(f"trained in {seconds:.0f} s -> {model} {params}")
    from marsad.entities import ner_en

    tagger = ner_en.CrfTagger(model)
    taggers = {"spaCy + type table (before)": ner_en.table_tag_sentences,
               "CRF over spaCy, sentence by sentence": tagger.tag_sentences,
               f"CRF over spaCy + repeats over windows of {WINDOW} sentences":
               lambda s: ner_en.tag_windows(tagger, s, WINDOW, majority=False),
               f"CRF over spaCy + article consistency over windows of {WINDOW} sentences (recognise)":
               lambda s: ner_en.tag_windows(tagger, s, WINDOW)}
    for name, fn in taggers.items():
        report = evaluate_bio(out / "dev.doc.bio", fn)
        print(f"dev.doc.bio PER+ORG+LOC, {name}\n{report.table()}")
        print(json.dumps({"micro": report.micro, "per_type": {k: v["f1"] for k, v in report.per_type.items()}}))


if __name__ == "__main__":
    main()
