"""Cold and warm `marsad compare` of a two-article story (docs/benchmarks.md, "Compare: cold start").

Builds a store of the two seed articles (or uses --db), then times, each in a fresh process:
- `marsad compare STORY --json` with nothing cached (no clause vectors, a new empty
  MARSAD_CACHE_DIR: a new machine), and with only the clause-vector cache emptied (the story's
  first comparison on a machine that has run Marsad: the model is loaded to embed its clauses);
- the same with the cache filled by an earlier comparison (every later CLI comparison of it);
- baseline in the same run: the CLI's own start (`marsad --help` parsing: imports only);
and in this process the warm API path (`compare_stored_story` after one call, what the serving
process's per-story cache answers). Median of --repeat runs each.

    .venv/bin/python bench/compare_cold.py [--repeat 5] [--out bench/results/compare_cold.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / ".." / "shared" / "seeds"


def _run(args: list[str], **env: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "marsad.cli", *args], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env={**os.environ, "MARSAD_WORKERS": "0", **env})
    return time.perf_counter() - t


def _empty_cache(db: str) -> None:
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM clause_vectors")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing SQLite store (default: the seeds, ingested here)")
    parser.add_argument("--story", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    db = args.db
    if db is None:
        db = str(Path(tempfile.mkdtemp(prefix="marsad-compare-")) / "seeds.db")
        _run(["--db", db, "ingest", str(SEEDS)])
    story = str(args.story)
    start = [_run(["--help"]) for _ in range(args.repeat)]
    never = []  # nothing cached at all: no clause vectors, no tokenizer pickle (a new machine)
    for _ in range(args.repeat):
        _empty_cache(db)
        never.append(_run(["--db", db, "compare", story, "--json"], MARSAD_CACHE_DIR=tempfile.mkdtemp()))
    first = []  # the story's first comparison on a machine that has run Marsad before
    for _ in range(args.repeat):
        _empty_cache(db)
        first.append(_run(["--db", db, "compare", story, "--json"]))
    _run(["--db", db, "compare", story, "--json"])
    later = [_run(["--db", db, "compare", story, "--json"]) for _ in range(args.repeat)]

    from marsad.compare.store import compare_stored_story
    from marsad.store import open_store

    store = open_store(db)
    with store.connect() as conn:
        compare_stored_story(conn, args.story)  # loads what the serving process holds warm
        warm = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            compare_stored_story(conn, args.story)
            warm.append(time.perf_counter() - t)
    store.close()
    result = {
        "machine": f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end",
        "repeat": args.repeat,
        "cli_start_s": round(statistics.median(start), 3),
        "cli_compare_nothing_cached_s": round(statistics.median(never), 3),
        "cli_compare_first_s": round(statistics.median(first), 3),
        "cli_compare_cached_s": round(statistics.median(later), 3),
        "in_process_recompute_s": round(statistics.median(warm), 3),
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
