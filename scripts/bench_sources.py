"""Cost of the sources pass (docs/benchmarks.md, "Sources"): recompute provenance and source
counts of every story of a database, and time it.

    PYTHONPATH=src .venv/bin/python scripts/bench_sources.py --db marsad.db
"""

from __future__ import annotations

import argparse
import json
import time

from sqlalchemy import func, select

from marsad.sources.store import refresh
from marsad.store import open_store
from marsad.store.tables import article_provenance, stories, story_sources


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    args = ap.parse_args()
    store = open_store(args.db)
    with store.begin() as conn:
        ids = list(conn.scalars(select(stories.c.id).order_by(stories.c.id)))
        started = time.perf_counter()
        refresh(conn, ids)
        seconds = time.perf_counter() - started
        n_articles = conn.scalar(select(func.count()).select_from(article_provenance))
        kinds = dict(conn.execute(select(article_provenance.c.kind, func.count()).group_by(article_provenance.c.kind)).all())
        indep = conn.scalar(select(func.avg(story_sources.c.independent)))
    print(json.dumps({"stories": len(ids), "articles": n_articles, "seconds": round(seconds, 3),
                      "ms_per_story": round(1000 * seconds / max(len(ids), 1), 1), "kinds": kinds,
                      "mean_independent": round(float(indep or 0), 3)}, indent=2))
    store.close()


if __name__ == "__main__":
    main()
