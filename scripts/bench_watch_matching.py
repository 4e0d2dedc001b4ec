"""Cost of matching one new article against W watchlists (MonitorStage.persist), in its
transaction, on SQLite. The seeds are ingested into a temporary store by the real pipeline;
W watchlists are then made (entity names from the catalogue, keyword queries from seed words,
event types; every fourth one with a semantic query vector), and the English seed's persist
is timed inside a transaction that is rolled back (so nothing accumulates). Run:

    PYTHONPATH=src .venv/bin/python scripts/bench_watch_matching.py [--watches 0 10 100 1000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SAMPLE = ROOT / "src" / "marsad" / "data" / "sample"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--watches", type=int, nargs="+", default=[0, 10, 100, 1000])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    from sqlalchemy import delete, select

    from marsad.embed import get_backend
    from marsad.entities.stage import stored_mentions
    from marsad.ingest.sources import SourceOptions
    from marsad.model import Event
    from marsad.monitor.stage import MonitorStage
    from marsad.monitor.store import add_watch
    from marsad.pipeline import build_pipeline
    from marsad.store import open_store
    from marsad.store.queries import get_article
    from marsad.store.tables import alerts, article_stories, articles, entities, events, watchlists

    folder = SEEDS if SEEDS.exists() else SAMPLE
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        build_pipeline(store).ingest([str(p) for p in sorted(folder.glob("*.txt"))], SourceOptions())
        backend = get_backend()
        backend.setup()
        with store.connect() as conn:
            en = conn.scalar(select(articles.c.id).where(articles.c.lang == "en"))
            article = get_article(conn, en)
            article.mentions = stored_mentions(conn, en)
            article.events = [Event(type=r.type, sentence=r.sentence, start=r.start, end=r.end, actor=r.actor,
                                    actor_entity=r.actor_entity)
                              for r in conn.execute(select(events).where(events.c.article_id == en))]
            article.meta["story"] = conn.scalar(select(article_stories.c.story_id).where(article_stories.c.article_id == en))
            names = [n for (ns,) in conn.execute(select(entities.c.names)) for n in ns.values()]
        words = [w for w in article.text.split() if w.isalpha() and len(w) > 4]
        stage = MonitorStage(backend.name)
        print(f"{'watchlists':>10}  {'median ms':>9}  {'alerts':>6}")
        for n in args.watches:
            with store.begin() as conn:
                conn.execute(delete(alerts))
                conn.execute(delete(watchlists))
                for i in range(n):
                    kind = i % 3
                    target = (f"entity:{names[i % len(names)]}" if kind == 0 else
                              f"query:{words[i % len(words)]} {words[(7 * i) % len(words)]}" if kind == 1 else
                              f"event:{['CONSULT', 'ASSAULT', 'ACCUSE', 'SUPPORT'][i % 4]}")
                    add_watch(conn, target, backend=backend if i % 4 == 1 else None)
            took, made = [], 0
            for _ in range(args.repeat):
                conn = store.engine.connect()
                tx = conn.begin()
                started = time.perf_counter()
                stage.persist(conn, article)
                took.append(time.perf_counter() - started)
                made = len(article.meta.get("alerts") or [])
                tx.rollback()
                conn.close()
            print(f"{n:>10}  {statistics.median(took) * 1000:>9.1f}  {made:>6}")
        store.close()


if __name__ == "__main__":
    main()
