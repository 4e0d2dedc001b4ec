"""Train the Arabic CRF NER model on ANERcorp train.bio and score it on dev.bio.

    .venv/bin/python scripts/train_ner_ar.py [--data ../shared/data/anercorp] [--out src/marsad/data/models]

Writes ``ner_ar.crfsuite`` and ``ner_ar.stoplist.json`` (folded words tagged O in 90%+ of
their 3+ training occurrences: the gazetteer never turns those into names) and prints dev
scores. Never trains on dev.bio. Deterministic for a given corpus and feature set.
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

from marsad.entities.evaluate import read_bio  # noqa: E402
from marsad.entities.features_ar import sentence_features  # noqa: E402
from marsad.entities.keys import fold_arabic  # noqa: E402

PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def stoplist(sentences: list[list[tuple[str, str]]]) -> list[str]:
    """Folded words seen 3+ times in training and tagged O at least 90% of the time."""
    seen, inside = Counter(), Counter()
    for sent in sentences:
        for word, tag in sent:
            seen[fold_arabic(word)] += 1
            inside[fold_arabic(word)] += tag != "O"
    return sorted(w for w, n in seen.items() if n >= 3 and inside[w] / n < 0.1)


def train(train_path: Path, model_path: Path) -> float:
    """Train and save the CRF; returns the training time in seconds."""
    data = read_bio(train_path)
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in data.sentences:
        trainer.append(sentence_features([w for w, _ in sent]), [t for _, t in sent])
    trainer.set_params(PARAMS)
    t0 = time.perf_counter()
    trainer.train(str(model_path))
    stop = stoplist(data.sentences)
    model_path.with_suffix(".stoplist.json").write_text(json.dumps(stop, ensure_ascii=False), "utf-8")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / ".." / "shared" / "data" / "anercorp")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "marsad" / "data" / "models")
    args = ap.parse_args()
    if not (args.data / "train.bio").exists():
        sys.exit(f"{args.data / 'train.bio'}: not found (ANERcorp is read from ../shared/data/anercorp)")
    model = args.out / "ner_ar.crfsuite"
    seconds = train(args.data / "train.bio", model)
    print(f"trained in {seconds:.0f} s -> {model} ({model.stat().st_size / 1e6:.1f} MB)")
    from marsad.entities.evaluate import evaluate_bio
    from marsad.entities.ner_ar import ArabicTagger

    tagger = ArabicTagger(model)
    for types in (("PER", "ORG", "LOC"), ("PER", "ORG", "LOC", "MISC")):
        report = evaluate_bio(args.data / "dev.bio", tagger.tag_sentences, types)
        print(f"dev.bio {'+'.join(types)}\n{report.table()}")


if __name__ == "__main__":
    main()
