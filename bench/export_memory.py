"""Memory and time of `marsad export articles` at 1,000 and 10,000 articles (docs/benchmarks.md, "Export").

A synthetic SQLite store is filled by inserting rows directly (no models): the article texts
are the English and Arabic NTREX documents (../shared/data/ntrex-ar-en, 123 pairs), cycled,
each copy given its own id, date, outlet and story (5 articles a story, 12 sentence rows
each), so a row is as big as a real one (mean ~3.6 KB of text). Each export then runs in a
fresh process, which reports its peak resident memory (ru_maxrss) and the resident memory
before the export started (models are not involved: only SQLAlchemy, pyarrow and Marsad).

"before" is the way to export without streaming: every row fetched (`.all()`) and then
written; "after" is marsad.export (yield_per cursors, row groups / chunks).

    .venv/bin/python bench/export_memory.py [--sizes 1000 10000] [--out bench/results/export.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "ntrex-ar-en" / "documents.dev.jsonl"
FORMATS = ("jsonl", "csv", "parquet")


def rss_mb() -> float:
    """Current resident memory of this process (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def build_store(path: Path, n: int) -> None:
    from marsad.store import open_store
    from marsad.store.runs import refresh_statistics
    from marsad.store.tables import article_stories, articles, sentences, sources, stories

    docs = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    texts = [(d["en"], "en") for d in docs] + [(d["ar"], "ar") for d in docs]
    store = open_store(str(path))
    start = datetime(2025, 1, 1)
    now = datetime.now(timezone.utc)
    with store.begin() as conn:
        conn.execute(sources.insert(), [{"id": i + 1, "name": f"outlet-{i}"} for i in range(8)])
        conn.execute(stories.insert(), [{"id": s + 1, "title": f"story {s}", "titles": {"en": f"story {s}"},
                                         "languages": ["ar", "en"], "sources": ["outlet-0"], "size": 5,
                                         "first_seen": start, "last_seen": start, "state": {}}
                                        for s in range((n + 4) // 5)])
        for lo in range(0, n, 1000):
            rows, sents, members = [], [], []
            for i in range(lo, min(n, lo + 1000)):
                text, lang = texts[i % len(texts)]
                text = f"{text}\n[{i}]"
                aid = f"{i:016x}"
                rows.append({"id": aid, "source_id": i % 8 + 1, "origin": f"synthetic/{i}.txt",
                             "url": f"https://example.com/{i}", "title": text.split("\n", 1)[0][:200], "text": text,
                             "raw": "", "lang": lang, "langs": {lang: 1.0}, "mixed": False,
                             "published": start + timedelta(hours=i), "published_from": "meta",
                             "content_hash": aid * 4, "boilerplate": [], "meta": {}, "ingested_at": now})
                sents += [{"article_id": aid, "idx": k, "start": 0, "end": 1, "text": "x", "lang": lang} for k in range(12)]
                members.append({"article_id": aid, "story_id": i // 5 + 1, "score": 1.0})
            conn.execute(articles.insert(), rows)
            conn.execute(sentences.insert(), sents)
            conn.execute(article_stories.insert(), members)
        refresh_statistics(conn)  # what every ingest run ends with (store.runs.finish_run)
    store.close()


def child(db: str, fmt: str, out: str, mode: str) -> None:
    """One export in this process; prints JSON with the memory figures."""
    from marsad.export import ExportFilter, encode, export
    from marsad.export import articles as kind
    from marsad.store import open_store

    store = open_store(db)
    with store.connect() as conn:  # warm up imports and the connection before the baseline
        b"".join(encode(conn, "articles", fmt, ExportFilter(story=1)))
    base = rss_mb()
    samples: list[float] = []
    t = time.perf_counter()
    with store.connect() as conn:
        if mode == "after":
            seen = [0]

            def tick() -> None:  # resident memory after every 1,000 rows written
                seen[0] += 1
                if seen[0] % 1000 == 0:
                    samples.append(round(rss_mb(), 1))

            rows = export(conn, "articles", Path(out), tick=tick)["articles"]
        else:  # before: the whole table fetched, then written
            everything = [dict(r) for r in conn.execute(kind.query(ExportFilter())).mappings().all()]
            Path(out).write_bytes(b"".join(_naive_encode(fmt, everything)))
            rows = len(everything)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "seconds": round(seconds, 2), "base_mb": round(base, 1),
                      "peak_mb": round(peak, 1), "growth_mb": round(peak - base, 1),
                      "file_mb": round(Path(out).stat().st_size / 2**20, 1), "rss_every_1000_rows_mb": samples}))


def _naive_encode(fmt: str, rows: list[dict]):  # type: ignore[no-untyped-def]
    from marsad.export.articles import COLUMNS
    from marsad.export.parquet import encode_parquet
    from marsad.export.textformats import encode_csv, encode_jsonl

    if fmt == "parquet":
        return encode_parquet(rows, COLUMNS, "articles", group_rows=max(1, len(rows)))  # one row group: all in memory
    return [b"".join((encode_jsonl if fmt == "jsonl" else encode_csv)(rows, COLUMNS))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "export.json")
    parser.add_argument("--work", type=Path, default=Path("/tmp/marsad-bench-export"))
    parser.add_argument("--child", nargs=4, metavar=("DB", "FORMAT", "OUT", "MODE"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        db = args.work / f"articles-{n}.db"
        if not db.exists():
            t = time.perf_counter()
            build_store(db, n)
            print(f"built {n} articles in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        for fmt in FORMATS:
            for mode in ("before", "after"):
                out = args.work / f"articles-{n}-{mode}.{fmt}"
                done = subprocess.run([sys.executable, __file__, "--child", str(db), fmt, str(out), mode],
                                      capture_output=True, text=True, check=True)
                row = {"articles": n, "format": fmt, "mode": mode, **json.loads(done.stdout.strip().splitlines()[-1])}
                print(json.dumps(row), file=sys.stderr)
                results.append(row)
                out.unlink()
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
