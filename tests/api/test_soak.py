"""A bounded soak of the API: `marsad serve` on 127.0.0.1 over a seeded SQLite file while a
`marsad ingest` process writes into the same file; a thread pool reads every page of the UI
and every read endpoint of the API a fixed number of times. No answer may be a 5xx; the p95
latency is printed (and written as JSON to $MARSAD_SOAK_OUT when set).

Short here (200 requests); ``MARSAD_SOAK_REQUESTS=5000`` makes it a soak of a few minutes
(docs/benchmarks.md has the command and the figure)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from conftest import seed_store
from test_api_contract import READS

from marsad_testing import SAMPLE, SEEDS
from test_killed_run import _corpus

pytestmark = pytest.mark.slow
REQUESTS = int(os.environ.get("MARSAD_SOAK_REQUESTS", "200"))
WORKERS = 8
PAGES = ["/", "/articles", "/stories/{story_id}", "/stories/{story_id}?view=list", "/articles/{article_id}",
         "/entities", "/entities/{entity}", "/sources", "/sources/{key}", "/search?q=Moscow", "/search?q=روسيا",
         "/watches", "/watches/{watch_id}", "/static/style.css"]
QUERIES = {"/api/search": "?q=Russian bases", "/api/trends/query": "?q=Moscow", "/api/export/{kind}.{fmt}": "",
           "/api/articles": "?limit=20", "/api/events": "?type=consult"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _urls(db: Path) -> list[str]:
    """Every UI page and read endpoint, with ids taken from the seeded database."""
    import sqlite3

    con = sqlite3.connect(db)
    ids = {"article_id": con.execute("select id from articles order by id").fetchone()[0],
           "story_id": con.execute("select min(id) from stories").fetchone()[0],
           "entity": con.execute("select min(id) from entities").fetchone()[0],
           "key": con.execute("select key from outlets order by key").fetchone()[0],
           "watch_id": con.execute("select min(id) from watchlists").fetchone()[0],
           "kind": "stories", "fmt": "csv"}
    con.close()
    paths = [p + QUERIES.get(p, "") for p in READS] + PAGES
    return [p.format(**ids) for p in paths]


def _articles(db: Path) -> int:
    import sqlite3

    con = sqlite3.connect(db, timeout=30)
    try:
        return con.execute("select count(*) from articles").fetchone()[0]
    finally:
        con.close()


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "200"}
    env.pop("MARSAD_TOKEN", None)
    return env


def test_reads_under_a_concurrent_ingest_are_never_a_5xx(tmp_path):
    from marsad.monitor.store import add_watch
    from marsad.sources.store import refresh

    db = tmp_path / "soak.db"
    store = seed_store(db)
    with store.begin() as conn:
        refresh(conn)  # outlets and provenance, as `marsad ingest` ends
        add_watch(conn, "query:Moscow")
    store.close()
    folder = tmp_path / "corpus"
    _corpus(folder, SEEDS if SEEDS.exists() else SAMPLE, n=max(6, REQUESTS // 40))  # the ingest lasts as the reads do
    urls = _urls(db)
    seeded = _articles(db)

    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "marsad.cli", "--db", str(db), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env())
    ingest = None
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            assert server.poll() is None, server.stdout.read() if server.stdout else "server exited"
            try:
                if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.time() < deadline, "the server did not answer within 60 s"
            time.sleep(0.2)

        client = httpx.Client(base_url=base, timeout=120, headers={"Accept": "text/html,application/json"})
        for url in urls:  # warm: models loaded, comparisons cached (not counted; the soak is of a running server)
            assert client.get(url).status_code < 500, url
        ingest = subprocess.Popen([sys.executable, "-m", "marsad.cli", "--db", str(db), "ingest", str(folder), "-q"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_env())
        while _articles(db) <= seeded and ingest.poll() is None:  # soak while the ingest writes, not while it loads
            time.sleep(0.1)
        during = _articles(db)

        def get(k: int) -> tuple[str, int, float]:
            url = urls[k % len(urls)]
            start = time.perf_counter()
            status = client.get(url).status_code
            return url, status, time.perf_counter() - start

        started = time.perf_counter()
        with ThreadPoolExecutor(WORKERS) as pool:
            results = list(pool.map(get, range(REQUESTS)))
        wall = time.perf_counter() - started
        during = (during, _articles(db))
        ingest_rc = ingest.wait(timeout=300)
        client.close()
    finally:
        for proc in (ingest, server):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)

    errors = [(u, s) for u, s, _ in results if s >= 500]
    assert errors == [], errors[:10]
    statuses = Counter(s for _, s, _ in results)
    latencies = sorted(t for _, _, t in results)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    slowest = Counter()
    for u, _, t in results:
        slowest[u] = max(slowest[u], t)
    report = {"requests": REQUESTS, "workers": WORKERS, "urls": len(urls), "wall_s": round(wall, 2),
              "p50_ms": round(1000 * latencies[len(latencies) // 2], 1), "p95_ms": round(1000 * p95, 1),
              "max_ms": round(1000 * latencies[-1], 1), "statuses": dict(statuses),
              "slowest": {u: round(1000 * t, 1) for u, t in slowest.most_common(5)}, "ingest_exit": ingest_rc,
              "articles_during": list(during)}
    print("soak:", json.dumps(report, ensure_ascii=False))
    if os.environ.get("MARSAD_SOAK_OUT"):
        Path(os.environ["MARSAD_SOAK_OUT"]).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                                       encoding="utf-8")
    assert ingest_rc == 0 and during[1] > during[0], "the ingest wrote nothing while the reads went on"
    assert statuses[200] >= 0.9 * REQUESTS, statuses  # a 404 only where a recluster renumbered a story
