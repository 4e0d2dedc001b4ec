"""Evaluate scraper-gap detection and fill suggestions (docs/evaluation.md, "Alignment and gap repair").

1. False alarms on clean text: gaps flagged per 1,000 sentences of undamaged NTREX (news,
   English originals and human Arabic translations) and UN parallel rows (len_ratio_flag 0).
2. Simulated damage: in each NTREX document, the mentions found by Marsad's own NER
   (marsad.entities.ner.recognise: spaCy for English, the bundled CRF + gazetteer for Arabic)
   are removed with probability 0.4 (seed 13) the way a scraper drops link text: the name
   vanishes, the spaces and punctuation around it stay ("برئاسة بشار الأسد." -> "برئاسة ."); the
   double space a mid-sentence removal leaves is collapsed, as Marsad's ingest does.
   A removal counts as detected when a gap is reported within 2 characters of where it was.
   Fills come from ``compare_story`` on the damaged document and its undamaged translation
   (use-m3 vectors, NER + linking re-run on the damaged text); top-1 fill accuracy is exact
   (same text after folding) or partial (one contains the other: "الأسد" for "بشار الأسد").

3. The Arabic seed against the hand list tests/data/compare/seed_gaps.json (the words the
   scraper stripped, read against the English seed): detected at its own position, top fill
   right, confident wrong fills (shown inside the text). ``--seed`` runs only this part.

    .venv/bin/python scripts/eval_gaps.py [--docs 61] [--seed]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

from marsad.compare import compare_story, detect_gaps
from marsad.entities.keys import fold_arabic
from marsad.model import Article, Sentence

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
TOLERANCE = 2


def article(lines: list[str], lang: str, aid: str) -> Article:
    """An Article whose sentences are the given lines (one per line)."""
    text, sents, pos = "\n".join(lines), [], 0
    for i, line in enumerate(lines):
        sents.append(Sentence(i, pos, pos + len(line), line, lang))
        pos += len(line) + 1
    return Article(origin=aid, text=text, id=aid, lang=lang, sentences=sents, source=aid)


def false_alarms(name: str, docs: list[list[str]], lang: str) -> dict:
    n = flagged = 0
    rules: Counter = Counter()
    for k, lines in enumerate(docs):
        art = article(lines, lang, f"{name}{k}")
        gaps = detect_gaps(art.text, art.sentences, lang)
        n, flagged = n + len(lines), flagged + len(gaps)
        rules.update(g.rule for g in gaps)
    return {"set": name, "lang": lang, "sentences": n, "gaps": flagged, "per_1000": round(1000 * flagged / max(n, 1), 2), "rules": dict(rules)}


def damage(art: Article, mentions: list, rng: random.Random, rate: float = 0.4) -> tuple[Article, list[tuple[int, str]]]:
    """Drop some mention texts; returns the damaged article and (offset in damaged text, removed text)."""
    drop = sorted((m for m in mentions if rng.random() < rate), key=lambda m: m.start)
    lines, removed = [], []
    for s in art.sentences:
        out, cursor, shift = [], s.start, 0
        for m in (m for m in drop if s.start <= m.start and m.end <= s.end):
            out.append(art.text[cursor:m.start])
            cursor = m.end
            if "".join(out).endswith(" ") and art.text[cursor:cursor + 1] == " ":
                cursor += 1  # the ingest collapses the double space a removal leaves
            removed.append((len("\n".join(lines)) + (1 if lines else 0) + sum(map(len, out)), m.text))
        out.append(art.text[cursor:s.end])
        lines.append("".join(out))
    return article(lines, art.lang, art.id + "-damaged"), removed


def fold(text: str) -> str:
    return " ".join(fold_arabic(text).lower().replace("’", "'").replace("al-", "").split())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=61)
    ap.add_argument("--seed", action="store_true", help="only score the Arabic seed against the hand list")
    args = ap.parse_args()
    if args.seed:
        return seed_list()
    if not (DATA / "ntrex-ar-en").exists():
        print(f"skip: {DATA / 'ntrex-ar-en'} is absent", file=sys.stderr)
        return 0
    ntrex = [json.loads(line) for line in (DATA / "ntrex-ar-en" / "documents.dev.jsonl").open(encoding="utf-8")][:args.docs]
    with (DATA / "un-quadclass" / "parallel_en_ar_es_rows0-6499.tsv").open(encoding="utf-8") as f:
        un = [r for r in csv.DictReader(f, delimiter="\t") if r["len_ratio_flag"] == "0"]
    for lang in ("en", "ar"):
        print(json.dumps(false_alarms("ntrex", [d[lang].split("\n") for d in ntrex], lang), ensure_ascii=False))
        print(json.dumps(false_alarms("un", [[r[lang] for r in un]], lang), ensure_ascii=False))
    simulate(ntrex)
    return 0


def simulate(ntrex: list[dict]) -> None:
    from marsad.embed import get_backend
    from marsad.entities.linking import EntityCatalog, link
    from marsad.entities.ner import recognise

    backend, rng = get_backend("use-m3"), random.Random(13)
    stats: Counter = Counter()
    t0 = time.perf_counter()
    for k, d in enumerate(ntrex):
        clean = {lang: article(d[lang].split("\n"), lang, f"{d['doc_id']}:{lang}") for lang in ("en", "ar")}
        for lang, other in (("ar", "en"), ("en", "ar")):
            damaged, removed = damage(clean[lang], recognise(clean[lang]), rng)
            arts = [damaged, clean[other]]
            mentions = {a.id: recognise(a) for a in arts}
            catalog = EntityCatalog()
            for _, m, key in link(mentions, catalog, story_of={a.id: 1 for a in arts}):
                m.entity_id = key
            vecs = {a.id: backend.embed_sentences([s.text for s in a.sentences]) for a in arts}
            comp = compare_story(arts, sentence_vectors=vecs, mentions=mentions,
                                 entity_names={key: r.names for key, r in catalog.entities.items()})
            gaps = [g for g in comp.gaps if g.article_id == damaged.id]
            hit_gaps = set()
            for pos, text in removed:
                near = [g for g in gaps if abs(g.offset - pos) <= TOLERANCE]
                stats[f"{lang}:removed"] += 1
                if not near:
                    continue
                hit_gaps.update(id(g) for g in near)
                stats[f"{lang}:detected"] += 1
                best = max(near, key=lambda g: g.confidence)
                top = fold(best.fills[0].text) if best.fills else ""
                stats[f"{lang}:filled"] += bool(top)
                stats[f"{lang}:exact"] += top == fold(text)
                stats[f"{lang}:partial"] += bool(top) and (top in fold(text) or fold(text) in top)
            stats[f"{lang}:gaps"] += len(gaps)
            stats[f"{lang}:true_gaps"] += len(hit_gaps)
    for lang in ("ar", "en"):
        s = {key.split(":")[1]: v for key, v in stats.items() if key.startswith(lang + ":")}
        det = s.get("detected", 0)
        print(json.dumps({
            "damaged": lang, "docs": len(ntrex), "removed": s.get("removed", 0), "gaps": s.get("gaps", 0),
            "detection_P": round(s.get("true_gaps", 0) / max(s.get("gaps", 0), 1), 3),
            "detection_R": round(det / max(s.get("removed", 0), 1), 3),
            "fill_exact@1": round(s.get("exact", 0) / max(det, 1), 3),
            "fill_partial@1": round(s.get("partial", 0) / max(det, 1), 3),
            "no_fill": det - s.get("filled", 0),
        }, ensure_ascii=False))
    print(f"simulation time {time.perf_counter() - t0:.0f} s")


def seed_list() -> int:
    """Score the Arabic seed's gaps against tests/data/compare/seed_gaps.json."""
    from marsad.compare.evaluate import score_gaps
    from marsad.compare.repair import CONFIDENT
    from marsad.embed import get_backend
    from marsad.entities.linking import EntityCatalog, link
    from marsad.entities.ner import recognise
    from marsad.entities.projection import project_mentions
    from marsad.ingest.build import build_article
    from marsad.model import RawItem

    gold = json.loads((ROOT / "tests" / "data" / "compare" / "seed_gaps.json").read_text(encoding="utf-8"))
    folder = ROOT / ".." / "shared" / "seeds"
    names = ("000_caab26223d637160.txt", gold["article"])
    arts = [build_article(RawItem(origin=str(folder / n), data=(folder / n).read_bytes(), kind="txt")) for n in names]
    backend = get_backend("use-m3")
    vectors = {a.id: backend.embed_sentences([s.text for s in a.sentences]) for a in arts}
    mentions = {a.id: recognise(a) for a in arts}
    arts[1].mentions = mentions[arts[1].id]
    mentions[arts[1].id] = sorted(mentions[arts[1].id] + project_mentions(arts[1], mentions[arts[0].id]), key=lambda m: m.start)
    catalog = EntityCatalog()
    for _, m, key in link(mentions, catalog, story_of={a.id: 1 for a in arts}):
        m.entity_id = key
    comp = compare_story(arts, sentence_vectors=vectors, mentions=mentions,
                         entity_names={k: r.names for k, r in catalog.entities.items()}, embed=backend.embed_sentences)
    score = score_gaps(arts[1].text, [g for g in comp.gaps if g.article_id == arts[1].id], gold["gaps"], CONFIDENT)
    for row in score.pop("rows"):
        print(json.dumps(row, ensure_ascii=False))
    print(json.dumps(score))
    return 0


if __name__ == "__main__":
    sys.exit(main())
