"""Page speed of the web UI on the bundled sample, with the raw JSON endpoint as baseline.

Run from the repository root:
    .venv/bin/python bench/web.py [--requests 60] [--out bench/results/web.json]

The two seed articles (src/marsad/data/sample, the same text as ../shared/seeds) are ingested
by the real pipeline into a temporary SQLite store; the app is served by uvicorn on
127.0.0.1 in this process and fetched over real HTTP with httpx (keep-alive, one client, one
request at a time). Each path gets 5 warm-up requests, then ``--requests`` timed ones.
Reported per path: p50 / p95 wall time seen by the client, p50 of the server's own
``Server-Timing: total`` and ``render`` figures, and the response size. The baseline is
``/api/stories/{id}`` (the same story as JSON, no template), measured in the same run.
Also measured: the size of the two SVG charts inside their pages and of the static assets.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "marsad" / "data" / "sample"
SEEDS = ["000_caab26223d637160.txt", "003_31f4c5ac5bfdc59e.txt"]


def serve(app):  # type: ignore[no-untyped-def]
    import socket

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def server_timing(header: str, name: str) -> float | None:
    m = re.search(rf"\b{name};dur=([\d.]+)", header or "")
    return float(m.group(1)) if m else None


def measure(client: httpx.Client, url: str, n: int) -> dict[str, float]:
    for _ in range(5):
        client.get(url)
    wall, total, render, size = [], [], [], 0
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, headers={"accept": "text/html"})
        wall.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        total.append(server_timing(response.headers.get("server-timing"), "total") or 0.0)
        render.append(server_timing(response.headers.get("server-timing"), "render") or 0.0)
        size = len(response.content)
    q = statistics.quantiles(wall, n=20)
    return {"p50_ms": round(statistics.median(wall), 1), "p95_ms": round(q[18], 1),
            "server_total_p50_ms": round(statistics.median(total), 1),
            "render_p50_ms": round(statistics.median(render), 1), "bytes": size}


def first_views(client: httpx.Client, paths: dict[str, str], story_id: int, n: int = 7) -> dict[str, float]:
    """The story page right after the comparison cache was emptied (as after an ingest)."""
    from marsad.api.views import clear_comparisons

    wall, total = [], []
    for _ in range(n):
        clear_comparisons()
        started = time.perf_counter()
        response = client.get(f"/stories/{story_id}")
        wall.append((time.perf_counter() - started) * 1000)
        total.append(server_timing(response.headers.get("server-timing"), "total") or 0.0)
    return {"p50_ms": round(statistics.median(wall), 1), "p95_ms": round(max(wall), 1),
            "server_total_p50_ms": round(statistics.median(total), 1), "render_p50_ms": 0.0, "bytes": len(response.content)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "web.json")
    args = parser.parse_args()
    from marsad.api.app import create_app
    from marsad.ingest.sources import SourceOptions
    from marsad.pipeline import build_pipeline
    from marsad.store import open_store

    store = open_store(str(Path(tempfile.mkdtemp()) / "bench.db"))
    build_pipeline(store).ingest([str(SAMPLE / s) for s in SEEDS], SourceOptions())
    server, base = serve(create_app(store))
    with httpx.Client(base_url=base, timeout=60) as client:
        story = client.get("/api/stories", params={"sort": "size"}).json()["items"][0]
        articles = client.get("/api/articles").json()["items"]
        entities = client.get("/api/entities", params={"limit": 1}).json()["items"]
        paths = {"baseline: GET /api/stories/{id} (JSON)": f"/api/stories/{story['id']}",
                 "story list /": "/", f"story page /stories/{{id}} ({story['size']} articles)": f"/stories/{story['id']}",
                 "article page /articles/{id} (Arabic)": f"/articles/{next(a['id'] for a in articles if a['lang'] == 'ar')}",
                 "search page /search?q=Russian airstrikes": "/search?q=Russian+airstrikes"}
        if entities:
            paths["entity page /entities/{id}"] = f"/entities/{entities[0]['id']}"
        rows = {name: measure(client, url, args.requests) for name, url in paths.items()}
        rows["story page, first view (comparison computed, not cached)"] = first_views(client, paths, story["id"])
        story_html = client.get(f"/stories/{story['id']}").text
        entity_html = client.get(paths.get("entity page /entities/{id}", "/")).text
        svg = {"timeline_svg_bytes": sum(len(m) for m in re.findall(r"<svg class=\"timeline\".*?</svg>", story_html, re.S)),
               "graph_svg_bytes": sum(len(m) for m in re.findall(r"<svg class=\"graph\".*?</svg>", entity_html, re.S)),
               "style_css_bytes": len(client.get("/static/style.css").content),
               "app_js_bytes": len(client.get("/static/app.js").content)}
    server.should_exit = True
    result = {"command": " ".join([".venv/bin/python", "bench/web.py", *sys.argv[1:]]), "requests": args.requests,
              "machine": f"{platform.machine()} {platform.processor() or ''} {__import__('os').cpu_count()} cores, "
                         f"Python {platform.python_version()}", "pages": rows, "assets": svg}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("| page | p50 ms | p95 ms | server total p50 | render p50 | bytes |\n|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['p50_ms']} | {r['p95_ms']} | {r['server_total_p50_ms']} | {r['render_p50_ms']} | {r['bytes']} |")
    print(json.dumps(svg))


if __name__ == "__main__":
    main()
