"""Ingest throughput on PostgreSQL: 1 process vs 4 concurrent `marsad ingest` processes.

Run from the repository root, with a server (``source .ci/postgres.sh && pg_up`` starts a
throwaway one and sets MARSAD_TEST_PG_URL):
    .venv/bin/python bench/postgres_ingest.py [--docs 30] [--out bench/results/postgres.json]

Corpus: the first ``--docs`` NTREX documents of ../shared/data/ntrex-ar-en/documents.dev.jsonl,
English original and Arabic translation as separate .txt files in one outlet folder. Each
configuration ingests into a fresh schema with the full pipeline (embed, NER, stories,
linking, events, keyword index), ``--no-recluster``; wall time includes each process's
start-up (imports, model loading), measured the same way for every row:
  * sqlite-1: one process, SQLite file (baseline, same run);
  * pg-1: one process, PostgreSQL;
  * pg-4-disjoint: four processes, each a quarter of the files;
  * pg-4-overlap: four processes, each half the files, windows a quarter apart (every file
    is offered twice; the second offer is "unchanged");
  * pg-1-in-process: one in-process ingest (models loaded first) timing the in-memory stages
    against the article transaction, which holds the corpus lock: 1 / (transaction share) is
    the most that more processes can speed ingest up by (Amdahl).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
NTREX = ROOT / ".." / "shared" / "data" / "ntrex-ar-en" / "documents.dev.jsonl"


def corpus(folder: Path, docs: int) -> list[Path]:
    wire = folder / "wire"
    wire.mkdir(parents=True)
    files = []
    for line in NTREX.read_text(encoding="utf-8").splitlines()[:docs]:
        doc = json.loads(line)
        for lang in ("en", "ar"):
            title, _, body = doc[lang].partition("\n")
            path = wire / f"{doc['doc_id']}.{lang}.txt"
            path.write_text(f"{title}\n\n{body.replace(chr(10), ' ')}\n", encoding="utf-8")
            files.append(path)
    return files


def folders(files: list[Path], root: Path, windows: list[list[int]]) -> list[Path]:
    out = []
    for i, window in enumerate(windows):
        target = root / f"slice-{i}" / "wire"
        target.mkdir(parents=True)
        for j in window:
            shutil.copy(files[j], target / files[j].name)
        out.append(target.parent)
    return out


def run(url: str, batches: list[Path]) -> tuple[float, list[dict]]:
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "marsad.cli", "--db", url, "ingest", str(b), "--json", "-q",
                               "--no-recluster"], stdout=subprocess.PIPE, text=True) for b in batches]
    outs = [json.loads(p.communicate()[0]) for p in procs]
    return time.perf_counter() - start, outs


def lock_share(url: str, folder: Path) -> dict:
    """One in-process ingest, timing the in-memory stages (parallel across processes) against
    the article transaction (held under the corpus lock): the bound on the speed-up."""
    from marsad.ingest.sources import SourceOptions
    from marsad.pipeline import build_pipeline
    from marsad.store import open_store

    store = open_store(url)
    pipeline = build_pipeline(store)
    pipeline.setup()
    spent = {"compute": 0.0, "transaction": 0.0}

    def timed(name, fn):  # type: ignore[no-untyped-def]
        def wrapper(*a, **k):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t
        return wrapper

    pipeline._compute = timed("compute", pipeline._compute)
    pipeline._store = timed("transaction", pipeline._store)
    start = time.perf_counter()
    summary = pipeline.ingest([str(folder)], SourceOptions())
    total = time.perf_counter() - start
    store.close()
    share = spent["transaction"] / max(total, 1e-9)
    return {"config": "pg-1-in-process", "stored": summary.ingested, "wall_s": round(total, 1),
            "compute_s": round(spent["compute"], 1), "transaction_s": round(spent["transaction"], 1),
            "transaction_ms_per_article": round(1000 * spent["transaction"] / max(summary.ingested, 1)),
            "max_speedup": round(1 / share, 1) if share else None}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=30)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "postgres.json"))
    args = ap.parse_args()
    from marsad_testing import pg_schema_url

    tmp = Path(tempfile.mkdtemp(prefix="marsad-pgbench-"))
    files = corpus(tmp / "all", args.docs)
    n = len(files)
    quarter, half = [list(range(i, n, 4)) for i in range(4)], [[(i * n // 4 + j) % n for j in range(n // 2)] for i in range(4)]
    configs = {"sqlite-1": None, "pg-1": [list(range(n))], "pg-4-disjoint": quarter, "pg-4-overlap": half}
    rows = []
    for name, windows in configs.items():
        batches = folders(files, tmp / name, windows or [list(range(n))])
        if windows is None:
            wall, outs = run(str(tmp / "bench.db"), batches)
        else:
            with pg_schema_url(name) as url:
                wall, outs = run(url, batches)
        stored = sum(o["ingested"] + o["duplicates"] for o in outs)
        failed = sum(o["failed"] for o in outs)
        rows.append({"config": name, "processes": len(batches), "files": n, "stored": stored, "failed": failed,
                     "unchanged": sum(o["unchanged"] for o in outs), "wall_s": round(wall, 1),
                     "articles_per_s": round(stored / wall, 2)})
        print(json.dumps(rows[-1]), flush=True)
    with pg_schema_url("profile") as url:
        rows.append(lock_share(url, tmp / "pg-1"))
        print(json.dumps(rows[-1]), flush=True)
    shutil.rmtree(tmp)
    result = {"machine": f"{platform.node()} {os.cpu_count()} cores, no GPU", "python": platform.python_version(),
              "command": "python bench/postgres_ingest.py " + " ".join(sys.argv[1:]), "rows": rows}
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
