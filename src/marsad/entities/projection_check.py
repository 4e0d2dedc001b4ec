"""Measure cross-lingual projection on clean NTREX story pairs (each doc_id's en/ar pair).

For every document both directions are projected from the other side's NER mentions and each
projected mention is checked: "agrees" when the article's own NER also has a mention covering
that span (it is a name the tagger found too, so projection there is redundant and harmless),
"new" otherwise; the new ones are listed for reading (spot check). Projection only adds
mentions where NER found none, so run it with NER mentions hidden per name to count
recoveries: ``recovered`` counts NER mentions of the Arabic side that projection finds again
when the article's mentions of that name are removed.

    .venv/bin/python -m marsad.entities.projection_check [--docs 61]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from marsad.entities.ner import recognise
from marsad.entities.projection import project_mentions
from marsad.model import Article, Sentence

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "ntrex-ar-en" / "documents.dev.jsonl"


def _article(lines: list[str], lang: str, aid: str) -> Article:
    text, sents, pos = "\n".join(lines), [], 0
    for i, line in enumerate(lines):
        sents.append(Sentence(i, pos, pos + len(line), line, lang))
        pos += len(line) + 1
    return Article(origin=aid, text=text, id=aid, lang=lang, sentences=sents)


def check(docs: list[dict]) -> tuple[Counter, list[str]]:
    """Counts of projected mentions (per direction: new, recovered, tried) and the new ones."""
    stats: Counter = Counter()
    new: list[str] = []
    for d in docs:
        arts = {lang: _article(d[lang].split("\n"), lang, f"{d['doc_id']}:{lang}") for lang in ("en", "ar")}
        for art in arts.values():
            art.mentions = recognise(art)
        for lang, other in (("ar", "en"), ("en", "ar")):
            art = arts[lang]
            for m in project_mentions(art, arts[other].mentions):
                stats[f"{lang}:new"] += 1
                new.append(f"{art.id}\t{m.text}\t{m.label}\t{art.text[max(0, m.start - 30):m.end + 30]!r}")
            for key in sorted({m.norm for m in art.mentions if m.label in ("PER", "ORG", "LOC")}):
                kept = [m for m in art.mentions if m.norm != key]
                gone = {(m.start, m.end) for m in art.mentions if m.norm == key}
                found = project_mentions(art, arts[other].mentions, existing=kept)
                stats[f"{lang}:hidden"] += len(gone)
                stats[f"{lang}:recovered"] += sum(any(s <= p.start < e for s, e in gone) for p in found)
                stats[f"{lang}:elsewhere"] += sum(not any(s <= p.start < e for s, e in gone) for p in found)
    return stats, new


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=61)
    args = ap.parse_args()
    if not DATA.exists():
        print(f"skip: {DATA} is absent", file=sys.stderr)
        return 0
    docs = [json.loads(line) for line in DATA.open(encoding="utf-8")][: args.docs]
    stats, new = check(docs)
    print(json.dumps(dict(sorted(stats.items())), ensure_ascii=False))
    print("\n".join(new))
    return 0


if __name__ == "__main__":
    sys.exit(main())
