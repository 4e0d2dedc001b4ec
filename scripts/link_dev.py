"""Fast development loop for cross-script linking on NTREX pairs, without the store.

NER runs once per article (cached in a pickle); each run then links every document's English
side, then its Arabic side (the story context and projection the entity stage uses, one
catalogue for the whole set) and scores the pairs as ``marsad eval linking`` does. Sentences are
the file's lines (the CLI's ingest splits them itself), so figures differ slightly from the
CLI's; the CLI is the measure, this is for reading errors quickly.

    PYTHONPATH=src python scripts/link_dev.py FILE.jsonl [--cache /tmp/ner.pkl] [--show 5]
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

from marsad.entities.link_eval import LinkedMention, score_pairs
from marsad.entities.linking import EntityCatalog, link
from marsad.entities.projection import with_projections
from marsad.model import Article, Sentence


def article(lines: list[str], lang: str, aid: str) -> Article:
    text, sents, pos = "\n".join(lines), [], 0
    for i, line in enumerate(lines):
        sents.append(Sentence(i, pos, pos + len(line), line, lang))
        pos += len(line) + 1
    return Article(origin=aid, text=text, id=aid, lang=lang, sentences=sents)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", type=Path)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/marsad-link-dev-ner.pkl"))
    ap.add_argument("--show", type=int, default=0, help="print the unmatched entities of N pairs")
    args = ap.parse_args()
    docs = [json.loads(line) for line in args.path.read_text("utf-8").splitlines() if line.strip()]
    arts = {(d["doc_id"], lang): article(d[lang].split("\n"), lang, f"{d['doc_id']}:{lang}")
            for d in docs for lang in ("en", "ar")}
    cache = pickle.loads(args.cache.read_bytes()) if args.cache.exists() else {}
    if any(a.id not in cache for a in arts.values()):
        from marsad.entities.ner import recognise
        for a in arts.values():
            if a.id not in cache:
                cache[a.id] = recognise(a)
        args.cache.write_bytes(pickle.dumps(cache))
    catalog, ids, rows = EntityCatalog(), {}, []
    for d in docs:
        context: dict = {}
        for lang in ("en", "ar"):
            a = arts[(d["doc_id"], lang)]
            a.mentions = [m.__class__(**{**m.__dict__}) for m in cache[a.id]]
            a.mentions = with_projections(a, context)
            story = {aid: d["doc_id"] for aid in [a.id, *context]}
            linked = link({a.id: a.mentions}, catalog, story_of=story, context=context)
            for _, m, key in linked:
                m.entity_id = ids.setdefault(key, len(ids) + 1)
                rows.append(LinkedMention(d["doc_id"], lang, m.text, m.entity_id, catalog.entities[key].label))
            context[a.id] = [m for _, m, _ in linked]
    print(json.dumps(score_pairs(rows, [d["doc_id"] for d in docs]), indent=1))
    keys = {v: k for k, v in ids.items()}
    for d in docs[: args.show]:
        side = {lang: {(r.entity_id, r.text) for r in rows if r.pair == d["doc_id"] and r.lang == lang and r.label in ("PER", "ORG", "LOC")} for lang in ("en", "ar")}
        en_ids, ar_ids = {i for i, _ in side["en"]}, {i for i, _ in side["ar"]}
        print("==", d["doc_id"])
        print("  en only:", sorted({(keys[i], t) for i, t in side["en"] if i not in ar_ids}))
        print("  ar only:", sorted({(keys[i], t) for i, t in side["ar"] if i not in en_ids}))


if __name__ == "__main__":
    main()
