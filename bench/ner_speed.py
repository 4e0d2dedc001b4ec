"""NER speed alone: articles/s of ``ner.recognise`` on NTREX documents, for one source tree.

    taskset -c 0,1 .venv/bin/python bench/ner_speed.py [--src SRC] [--docs 40] [--repeat 3]

Run it on two trees back to back (the commit before a change and after it, e.g. with
``git worktree add /tmp/base COMMIT`` and ``--src /tmp/base/src``) to compare them on the same
machine under the same load; docs/benchmarks.md records both. Models are loaded (and one
article tagged) before the clock starts; the best of ``--repeat`` passes is reported, as wall-clock
articles/s and as articles per CPU-second of this process (``time.process_time``), the figure
that stays comparable when other jobs share the cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=ROOT / "src")
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(args.src.resolve()))
    sys.path.insert(0, str(ROOT / "tests" / "entities"))
    from entity_seeds import simple_sentences

    from marsad.entities.ner import recognise, setup
    from marsad.model import Article

    setup()
    rows = [json.loads(line) for line in (DATA / "ntrex-ar-en" / "documents.dev.jsonl").read_text("utf-8").splitlines()]
    out = {"src": str(args.src.resolve())}
    for lang in ("en", "ar"):
        arts = [Article(origin=d["doc_id"], text=d[lang], lang=lang, id=d["doc_id"]) for d in rows[: args.docs]]
        for a in arts:
            a.sentences = simple_sentences(a.text, lang)
        recognise(arts[0])
        best, cpu, mentions = float("inf"), float("inf"), 0
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            mentions = sum(len(recognise(a)) for a in arts)
            best, cpu = min(best, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
        out[lang] = {"articles": len(arts), "sentences": sum(len(a.sentences) for a in arts), "mentions": mentions,
                     "articles_per_s": round(len(arts) / best, 1), "articles_per_cpu_s": round(len(arts) / cpu, 1)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
