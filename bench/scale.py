"""Benchmark: end-to-end throughput (single process vs Ray) and cost growth (not a test).

    python bench/scale.py stream --n 10000 --out /tmp/scale/stream-10000.jsonl
    python bench/scale.py throughput --n 1000 [--workers 1 2]
    python bench/scale.py growth --sizes 1000 10000 [--stores sqlite postgresql]
    python bench/scale.py profile --n 200
    python bench/scale.py closing --db /tmp/marsad-scale/ingest.db --n 10000

``stream`` writes N real-text articles as JSON Lines (see ``build_stream``: every word is
real text from ../shared/data; only the grouping into articles and the dates are synthetic).
``throughput`` runs, in one invocation and on the same stream, each in a fresh process and a
fresh SQLite database: the single-process ``marsad ingest`` path (Pipeline.run_items +
recluster_store, exactly what the CLI does) and ``run_batch(engine="ray")`` with 1 and 2
workers. ``growth`` runs the single-process path at each size (SQLite; PostgreSQL too with
``--stores sqlite postgresql`` when MARSAD_TEST_PG_URL is set): ingest time, cluster time, peak RSS of the process,
and hybrid search latency (p50/p95 over 20 stream titles, 10 English and 10 Arabic).
``profile`` runs ``run_batch(engine="local")``, which times each step (build, embed, NER, and
each stage's persist in the writer) in one process: where an article's time goes.
``closing`` times, on a copy of an existing database, what does not depend on ingesting: the
global merge/split pass (``recluster`` over every stored article) and search latency (stream
``--n`` titles), with the peak RSS of that process; run it with another checkout's ``src`` on
PYTHONPATH to compare code versions on the same data.
``rate_per_100`` in each result is articles/s over each successive 100 stored articles.
Results are printed and appended to bench/results/scale.json.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
RESULTS = ROOT / "bench" / "results" / "scale.json"
csv.field_size_limit(10**8)
START = date(2025, 1, 1)


def un_articles(count: int, days: int, rng: np.random.Generator) -> list[dict]:
    """``count`` UN pseudo-articles: 8 parallel rows drawn at random (seeded, length-flagged rows
    dropped), written in English and in Arabic (two articles of one story), one date for both."""
    path = DATA / "un-quadclass" / "parallel_en_ar_es_rows0-6499.tsv"
    rows = [r for r in csv.DictReader(open(path, encoding="utf-8"), delimiter="\t") if r["len_ratio_flag"] == "0"]
    out = []
    for k in range(count):
        picked = [rows[i] for i in rng.choice(len(rows), size=8, replace=False)]
        day = START + timedelta(days=int(rng.integers(0, days)))
        for lang in ("en", "ar"):
            sents = [r[lang] for r in picked]
            out.append({"id": f"un-{k}-{lang}", "title": sents[0][:200], "text": "\n".join(sents[1:]),
                        "date": day.isoformat(), "lang": lang, "source": f"un-{lang}"})
    return out


def ntrex_articles(days: int) -> list[dict]:
    """NTREX dev documents cut into windows of 6 sentences (stride 3), English and Arabic;
    the first sentence of a window is its title; one date per document (index mod ``days``)."""
    out = []
    lines = (DATA / "ntrex-ar-en" / "documents.dev.jsonl").read_text(encoding="utf-8").splitlines()
    for k, line in enumerate(lines):
        doc = json.loads(line)
        day = START + timedelta(days=k % days)
        for lang in ("en", "ar"):
            sents = doc[lang].split("\n")
            for lo in range(0, max(1, len(sents) - 5), 3):
                w = sents[lo : lo + 6]
                out.append({"id": f"ntrex-{doc['doc_id']}-{lo}-{lang}", "title": w[0], "text": "\n".join(w[1:]),
                            "date": day.isoformat(), "lang": lang, "source": f"ntrex-{lang}"})
    return out


def build_stream(n: int, days: int = 60, seed: int = 13) -> list[dict]:
    """Exactly ``n`` articles by date then id, drawn evenly from a pool of max(n, 10,000): all NTREX
    windows (470) plus UN pseudo-articles for the rest; smaller streams keep the mix and the dates."""
    rng = np.random.default_rng(seed)
    ntrex = ntrex_articles(days)
    pool = max(n, 10000)  # one pool for every size, so smaller streams have the same mix
    records = ntrex + un_articles(max(0, -(-(pool - len(ntrex)) // 2)), days, rng)
    records.sort(key=lambda r: (r["date"], r["id"]))
    if len(records) > n:  # keep every date: drop evenly
        step = len(records) / n
        records = [records[int(i * step)] for i in range(n)]
    return records


def stream_file(n: int, folder: Path) -> Path:
    path = folder / f"stream-{n}.jsonl"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh:
            for record in build_stream(n):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# ---------------------------------------------------------------- one measurement, in a child process
def measure(mode: str, stream: Path, db_url: str, workers: int) -> dict:
    """Run one mode end to end into ``db_url``; timings, peak RSS, search latency."""
    sys.path.insert(0, str(ROOT / "src"))
    start = time.perf_counter()
    if mode == "ingest":
        out = measure_ingest(stream, db_url)
    else:
        from marsad.distributed.batch import run_batch, stop_ray

        summary = run_batch([str(stream)], db_url, engine=mode, workers=workers, batch_size=16,
                            threads=1 if mode == "ray" else None)
        stop_ray()
        out = {"ingest_s": summary.seconds["pipeline"], "cluster_s": summary.seconds["cluster"],
               "ingested": summary.run["ingested"], "failed": summary.run["failed"],
               "driver_stage_s": {k: round(v, 2) for k, v in summary.stage_seconds.items()}}
    out["total_s"] = time.perf_counter() - start
    out.update(search_latency(db_url, stream))
    out["rate_per_100"] = rate_curve(db_url)
    out["stored"] = stored_counts(db_url)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["peak_rss_children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return out


def measure_ingest(stream: Path, db_url: str) -> dict:
    """What `marsad ingest STREAM` does: Pipeline.run_items, then recluster_store."""
    from marsad.ingest.sources import SourceOptions, iter_items
    from marsad.pipeline import build_pipeline
    from marsad.store import open_store
    from marsad.stories.stage import recluster_store

    store = open_store(db_url)
    t0 = time.perf_counter()
    summary = build_pipeline(store).run_items(iter_items([str(stream)], SourceOptions()), [str(stream)])
    t1 = time.perf_counter()
    with store.begin() as conn:
        recluster_store(conn, run_id=summary.run_id)
    return {"ingest_s": t1 - t0, "cluster_s": time.perf_counter() - t1, "ingested": summary.ingested,
            "failed": summary.failed}


def rate_curve(db_url: str, step: int = 100) -> list[float]:
    """Articles/s over each successive ``step`` stored articles (from ``ingested_at``): shows
    whether the per-article cost grows as the corpus does."""
    from sqlalchemy import select

    from marsad.store import open_store
    from marsad.store.tables import articles

    store = open_store(db_url)
    with store.connect() as conn:
        times = list(conn.scalars(select(articles.c.ingested_at).order_by(articles.c.ingested_at)))
    store.close()
    return [round(step / max((times[i + step] - times[i]).total_seconds(), 1e-9), 2)
            for i in range(0, len(times) - step, step)]


def stored_counts(db_url: str) -> dict:
    """Rows per table at the end (what the corpus-wide state amounts to)."""
    from sqlalchemy import func, select

    from marsad.store import open_store
    from marsad.store.tables import articles, entities, events, mentions, stories

    store = open_store(db_url)
    with store.connect() as conn:
        out = {t.name: conn.scalar(select(func.count()).select_from(t)) for t in (articles, stories, entities, mentions, events)}
        out["largest_story"] = conn.scalar(select(func.max(stories.c.size)))
    store.close()
    return out


def search_latency(db_url: str, stream: Path, queries: int = 20) -> dict:
    """Hybrid search p50/p95 (ms) for stream titles, half English, half Arabic; the first (cold) query apart."""
    from marsad.search.store import search
    from marsad.store import open_store

    records = [json.loads(line) for line in stream.read_text(encoding="utf-8").splitlines()]
    picks = [r["title"][:80] for lang in ("en", "ar") for r in [x for x in records if x["lang"] == lang][:: 97][: queries // 2]]
    store = open_store(db_url)
    times = []
    with store.connect() as conn:
        for q in picks:
            t = time.perf_counter()
            search(conn, q, limit=10)
            times.append((time.perf_counter() - t) * 1000)
    warm = sorted(times[1:]) or [float("nan")]
    return {"search_cold_ms": times[0] if times else None, "search_p50_ms": warm[len(warm) // 2],
            "search_p95_ms": warm[min(len(warm) - 1, int(0.95 * len(warm)))]}


def measure_closing(db: Path, stream: Path) -> dict:
    """The global merge/split pass and search latency on a copy of ``db``."""
    import shutil
    import tempfile

    sys.path.insert(0, str(ROOT / "src"))
    from marsad.store import open_store
    from marsad.stories.recluster import recluster
    from marsad.stories.stage import stored_items
    from marsad.stories.state import params_for

    try:  # what a run leaves behind since 5bedfb0; older checkouts have no such step
        from marsad.store.runs import refresh_statistics
    except ImportError:
        refresh_statistics = None
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        shutil.copy(db, copy)
        store = open_store(str(copy))
        with store.begin() as conn:
            if refresh_statistics is not None:
                refresh_statistics(conn)
            model = conn.exec_driver_sql("SELECT model FROM article_vectors LIMIT 1").scalar()
            items, current = stored_items(conn, model)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        result = recluster(items, current, params_for(model), next_key=10**9)
        groups: dict[int, list[str]] = {}
        for article_id, key in result.assignment.items():
            groups.setdefault(key, []).append(article_id)
        partition = "\n".join(sorted(",".join(sorted(g)) for g in groups.values()))
        out = {"articles": len(items), "recluster_s": time.perf_counter() - start, "stories": len(result.states),
               "partition_sha256": hashlib.sha256(partition.encode()).hexdigest()[:16],
               "rss_before_recluster_mb": rss_before, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
        store.close()
        out.update(search_latency(str(copy), stream))
    out["peak_rss_after_search_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def child(mode: str, stream: Path, db_url: str, workers: int = 1) -> dict:
    """``measure`` in a fresh Python process (clean memory, models loaded from scratch)."""
    cmd = [sys.executable, __file__, "_measure", mode, str(stream), db_url, str(workers)]
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"})
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(mode=f"ray x{workers}" if mode == "ray" else mode, articles=sum(1 for _ in stream.open()))
    result["articles_per_s"] = result["articles"] / (result["ingest_s"] + result["cluster_s"])
    print(json.dumps(result), file=sys.stderr, flush=True)
    return result


def fresh_sqlite(folder: Path, name: str) -> str:
    db = folder / f"{name}.db"
    for p in folder.glob(f"{name}.db*"):
        p.unlink() if p.is_file() else None
    return str(db)


def fresh_pg(url: str, name: str = "marsad_bench_scale") -> str:
    """A new, empty database ``name`` on the PostgreSQL server of ``url`` (dropped first if it
    exists); the database named in ``url`` itself is left alone."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def machine() -> dict:
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine(),
            "load_before": os.getloadavg()[0], "when": time.strftime("%Y-%m-%d %H:%M"), "commit": commit}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_closing":
        print(json.dumps(measure_closing(Path(sys.argv[2]), Path(sys.argv[3]))))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_measure":
        _, _, mode, stream, db_url, workers = sys.argv
        print(json.dumps(measure(mode, Path(stream), db_url, int(workers))))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("stream", "throughput", "growth", "profile", "closing"))
    ap.add_argument("--db", type=Path, help="closing: an existing SQLite database (copied first)")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--work", type=Path, default=Path("/tmp/marsad-scale"))
    ap.add_argument("--stores", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite"],
                    help="growth: stores to measure; postgresql uses $MARSAD_TEST_PG_URL (the bench creates its own database marsad_bench_scale there), skipped if unset")
    args = ap.parse_args()
    report: dict = {"what": args.what, "machine": machine(), "runs": []}
    if args.what == "stream":
        path = stream_file(args.n, args.work)
        print(path)
        return
    if args.what == "closing":
        done = subprocess.run([sys.executable, __file__, "_closing", str(args.db), str(stream_file(args.n, args.work))],
                              capture_output=True, text=True, env={**os.environ})
        if done.returncode != 0:
            raise SystemExit(f"closing failed:\n{done.stderr[-3000:]}")
        report["runs"].append({"mode": "closing", "db": str(args.db), **json.loads(done.stdout.strip().splitlines()[-1])})
    elif args.what == "profile":  # per-step seconds: run_batch(engine="local") times every step in one process
        report["runs"].append(child("local", stream_file(args.n, args.work), fresh_sqlite(args.work, "local")))
    elif args.what == "throughput":
        stream = stream_file(args.n, args.work)
        report["runs"].append(child("ingest", stream, fresh_sqlite(args.work, "ingest")))
        for w in args.workers:
            report["runs"].append(child("ray", stream, fresh_sqlite(args.work, f"ray{w}"), w))
    else:
        pg = os.environ.get("MARSAD_TEST_PG_URL") if "postgresql" in args.stores else None
        if "postgresql" in args.stores and not pg:
            print("MARSAD_TEST_PG_URL is not set: PostgreSQL skipped", file=sys.stderr)
        for n in args.sizes:
            stream = stream_file(n, args.work)
            if "sqlite" in args.stores:
                report["runs"].append({"store": "sqlite", **child("ingest", stream, fresh_sqlite(args.work, f"g{n}"))})
            if pg:
                report["runs"].append({"store": "postgresql", **child("ingest", stream, fresh_pg(pg))})
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    RESULTS.write_text(json.dumps(previous + [report], indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
