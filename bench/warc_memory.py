"""Memory of reading a web archive (docs/benchmarks.md, "Ingest"): `iter_items` over a WARC.gz of
1,000 and 10,000 HTML responses (the two seeds as pages, each with its own URI, a request record
before each response and a PDF every tenth record), each read in a fresh process that reports
its peak resident memory over the baseline. Reading only (bytes -> RawItems): decoding,
extraction and the pipeline are timed in the Ingest section.

    .venv/bin/python bench/warc_memory.py [--sizes 1000 10000] [--out bench/results/warc.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def write(path: Path, n: int) -> None:
    from warc_archive import page
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    sample = ROOT / "src" / "marsad" / "data" / "sample"
    pages = [page(f.stem, f.read_text(encoding="utf-8"), "en") for f in sorted(sample.glob("*.txt"))]
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(n):
            uri = f"https://example.com/{i}"
            pdf = i % 10 == 9
            body = b"%PDF-1.4\n" + b"0" * 20000 if pdf else pages[i % len(pages)]
            headers = StatusAndHeaders("200 OK", [("Content-Type", "application/pdf" if pdf else "text/html")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "request", payload=BytesIO(b""),
                                http_headers=StatusAndHeaders(f"GET {uri} HTTP/1.1", [], is_http_request=True)))
            writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers))


def child(path: str) -> None:
    from marsad.ingest.sources import iter_items
    from marsad.model import RawItem

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    pages = skipped = 0
    for item in iter_items([path]):
        if isinstance(item, RawItem):
            pages += 1
        else:
            skipped += 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": pages, "skipped": skipped, "seconds": round(time.perf_counter() - t, 2),
                      "base_mb": round(base, 1), "peak_mb": round(peak, 1), "growth_mb": round(peak - base, 1)}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "warc.json")
    parser.add_argument("--work", type=Path, default=Path("/tmp/marsad-bench-warc"))
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        path = args.work / f"crawl-{n}.warc.gz"
        if not path.exists():
            write(path, n)
        done = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True)
        row = {"records": n, "archive_mb": round(path.stat().st_size / 2**20, 1), **json.loads(done.stdout.splitlines()[-1])}
        print(json.dumps(row), file=sys.stderr)
        results.append(row)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
