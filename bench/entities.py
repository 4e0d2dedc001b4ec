"""Entities benchmark: NER F1 per language, speed, model size and load time, seed linking.

    taskset -c 0,1 .venv/bin/python bench/entities.py [--docs 20] [--out bench/entities.json]

Gold data is read from ../shared/data (ANERcorp dev, AQMAR, wikigold dev, NTREX for speed);
missing sets are skipped. Speed is mentions/s and sentences/s of ``ner.recognise`` per
language on NTREX documents, with a baseline measured in the same run: the gazetteer-and-
capitalisation fallback tagger over the same sentences.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "entities"))


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def load_times() -> dict:
    from marsad.entities import ner
    from marsad.entities.gazetteer import load_gazetteer
    from marsad.entities.ner_ar import MODEL_PATH
    from marsad.entities.ner_en import load_english

    out = {"gazetteer_s": timed(load_gazetteer)[1], "spacy_en_s": timed(load_english)[1]}
    out["crf_ar_s"] = timed(lambda: (ner.arabic_tagger().crf, ner.arabic_tagger().stoplist))[1]
    from marsad.entities.features_ar import name_units

    out["name_units_s"] = timed(name_units)[1]
    out["crf_model_mb"] = round(MODEL_PATH.stat().st_size / 1e6, 2)
    out["stoplist_mb"] = round(MODEL_PATH.with_suffix(".stoplist.json").stat().st_size / 1e6, 2)
    return {k: round(v, 3) for k, v in out.items()}


def aqmar_file(tmp: Path) -> Path | None:
    """All 28 AQMAR articles as one BIO file (zero-shot test)."""
    files = sorted((DATA / "aqmar" / "articles").glob("*.txt"))
    if not files:
        return None
    tmp.write_text("\n\n".join(f.read_text("utf-8").strip() for f in files) + "\n", "utf-8")
    return tmp


def f1_scores(tmp: Path) -> dict:
    from marsad.entities.evaluate import evaluate_bio
    from marsad.entities.ner import arabic_tagger, bio_tagger
    from marsad.entities.ner_en import table_tag_sentences as table_tagger

    out = {}
    sets = {
        "anercorp_dev": (DATA / "anercorp" / "dev.bio", {"crf": arabic_tagger().tag_sentences, "crf+rules": bio_tagger("ar")}),
        "aqmar_all_zero_shot": (aqmar_file(tmp), {"crf": arabic_tagger().tag_sentences, "crf+rules": bio_tagger("ar")}),
        # ner_en.crfsuite is trained on all of wikigold dev.bio: only the spaCy + type table path
        # (the recogniser before it) is held out here; the CRF's held-out figure comes from
        # scripts/train_ner_en.py dev (whole documents held out), see docs/evaluation.md.
        "wikigold_dev": (DATA / "wikigold" / "dev.bio", {"spacy+type table (before the CRF)": table_tagger}),
    }
    for name, (path, taggers) in sets.items():
        if not path or not Path(path).exists():
            out[name] = "skipped: data absent"
            continue
        for tname, tagger in taggers.items():
            report, secs = timed(lambda: evaluate_bio(path, tagger))
            out[f"{name}/{tname}"] = {
                "micro": {k: round(v, 3) for k, v in report.micro.items()},
                "per_type": {t: round(r["f1"], 3) for t, r in report.per_type.items()},
                "repairs": report.repairs, "tokens": report.tokens, "seconds": round(secs, 1),
            }
    return out


def speed(n_docs: int) -> dict:
    from marsad.entities.ner import _fallback, recognise
    from marsad.model import Article
    from entity_seeds import simple_sentences

    path = DATA / "ntrex-ar-en" / "documents.dev.jsonl"
    if not path.exists():
        return {"skipped": "NTREX absent"}
    docs = [json.loads(line) for line in path.read_text("utf-8").splitlines()[:n_docs]]
    out = {}
    for lang in ("en", "ar"):
        arts = [Article(origin=d["doc_id"], text=d[lang], lang=lang, id=d["doc_id"]) for d in docs]
        for a in arts:
            a.sentences = simple_sentences(a.text, lang)
        n_sent = sum(len(a.sentences) for a in arts)
        recognise(arts[0])  # warm up
        mentions, secs = timed(lambda: [m for a in arts for m in recognise(a)])
        base, bsecs = timed(lambda: [sp for a in arts for s in a.sentences for sp in _fallback(a.text, s.start, s.end)])
        out[lang] = {
            "documents": len(arts), "sentences": n_sent, "mentions": len(mentions),
            "mentions_per_s": round(len(mentions) / secs, 1), "sentences_per_s": round(n_sent / secs, 1),
            "baseline_fallback_sentences_per_s": round(n_sent / bsecs, 1),
        }
    return out


def seeds() -> list[dict]:
    from marsad.entities.linking import EntityCatalog, link
    from marsad.entities.ner import recognise
    from entity_seeds import AR, EN, seed_article

    arts = [seed_article(EN, "en"), seed_article(AR, "ar")]
    catalog = EntityCatalog()
    link({a.id: recognise(a) for a in arts}, catalog, {a.id: 1 for a in arts})
    return [{"key": r["key"], "label": r["label"], "names": r["names"], "aliases": r["aliases"]} for r in catalog.to_records()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "entities.json")
    args = ap.parse_args()
    import os

    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} logical CPUs visible, affinity {len(os.sched_getaffinity(0))}, no GPU",
        "python": platform.python_version(),
        "load": load_times(),
    }
    result["f1"] = f1_scores(Path("/tmp/marsad_aqmar_all.bio"))
    result["speed"] = speed(args.docs)
    result["seed_entities"] = seeds()
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "seed_entities"}, ensure_ascii=False, indent=1))
    for e in result["seed_entities"]:
        print(e["key"], e["label"], e["names"], e["aliases"])


if __name__ == "__main__":
    main()
