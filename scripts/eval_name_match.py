"""Cross-script name matching as ranking: does an Arabic name token score its own Latin token
above 99 random distractors? (../shared/data/wikidata-names-ar-en, the shared train part; the
matchers are rules, nothing is fitted to it.)

    PYTHONPATH=src python scripts/eval_name_match.py [--n 1000] [--seed 1]

Matchers: ``skeleton`` (entities/phonetic.py: ratio of the two sound skeletons), ``romanizer``
(arabic-name-romanizer top 3, best rapidfuzz ratio with the Latin token, as linking used alone
before) and ``both`` (the better of the two, as the linker now combines them). Ties count as a
miss unless the true token is alone at the top. Prints JSON: accuracy@1 and MRR per matcher.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from rapidfuzz import fuzz

from marsad.entities.keys import fold_arabic, latin_key
from marsad.entities.phonetic import word_skeleton
from marsad.entities.transliterate import latin_keys, romanize_many

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "wikidata-names-ar-en" / "name_tokens.train.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    pairs = [json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line.strip()]
    rng = random.Random(args.seed)
    sample = rng.sample(pairs, min(args.n, len(pairs)))
    latin = sorted({latin_key(p["en"]) for p in pairs} - {""})
    romanize_many(fold_arabic(p["ar"]) for p in sample)
    matchers = {
        "skeleton": lambda ar, en: fuzz.ratio(word_skeleton(fold_arabic(ar)), word_skeleton(en)),
        "romanizer": lambda ar, en: max((fuzz.ratio(k, en) for k in latin_keys(fold_arabic(ar))), default=0),
    }
    matchers["both"] = lambda ar, en: max(matchers["skeleton"](ar, en), matchers["romanizer"](ar, en))
    out = {}
    for name, score in matchers.items():
        hits, rr = 0, 0.0
        for p in sample:
            gold = latin_key(p["en"])
            cands = [gold] + rng.sample([w for w in latin if w != gold], 99)
            scores = [score(p["ar"], c) for c in cands]
            better = sum(s > scores[0] for s in scores[1:])
            ties = sum(s == scores[0] for s in scores[1:])
            hits += better == 0 and ties == 0
            rr += 1 / (1 + better + ties)
        out[name] = {"accuracy@1": round(hits / len(sample), 3), "mrr": round(rr / len(sample), 3)}
    print(json.dumps({"pairs": len(sample), "distractors": 99, **out}, indent=1))


if __name__ == "__main__":
    main()
