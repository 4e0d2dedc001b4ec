"""Ingest throughput on real-length news: one `marsad ingest` process, with and without workers.

    python bench/throughput.py corpus --n 1000 [--out /tmp/real-1000.jsonl]
    python bench/throughput.py run --n 300 --workers 0 1 2 [--out bench/results/throughput.json]
    python bench/throughput.py profile --n 80 [--corpus FILE] [--keep /tmp/p.prof]

``corpus`` writes N real-length articles as JSON Lines (``real_length_corpus``): every word is
real text from ../shared/data. Each article is one NTREX dev document (English, or its human
Arabic translation; mean ~2,300 characters) followed by UN QuadClass sentences of the same
language until it reaches a length drawn around 4,200 characters (real news is about three
times the 1,408 characters of bench/scale.py's stream). Documents repeat with different
UN tails, so every article has its own text and id; dates spread over 30 days; the first
sentence is the title.

``run`` ingests the same corpus once per worker count, each in a fresh child process
(`python -m marsad.cli ingest FILE --json --workers W` on a fresh SQLite file, models loaded from
scratch, the closing recluster pass included) and reports wall seconds, articles/s, the
child's peak RSS (the writer; each worker process is a separate, smaller process: the
largest child is reported too) and whether every database holds the same content
(``marsad.store.fingerprint``, the canonical dump the crash tests use).

``profile`` ingests the corpus once (``--workers 0``) under cProfile timed by the process's
CPU time (all its threads: BLAS and ONNX Runtime included), and prints each stage's CPU
seconds per article (``STAGES``: cumulative time of the pipeline's functions), the child's
user+sys CPU seconds and the database fingerprint's digest. The profiler's own cost (a clock
read per Python call) inflates Python-heavy stages (NER, linking) against numpy ones
(embedding): read the shares, and measure speed-ups with ``run`` (no profiler).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared" / "data"


def _un_sentences(lang: str) -> list[str]:
    rows = (SHARED / "un-quadclass" / f"{lang}_quad.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [r.rsplit("\t", 1)[0].strip('"').strip() for r in rows if "\t" in r and len(r) > 60]


def real_length_corpus(n: int, seed: int = 11, mean_chars: int = 4200) -> list[dict]:
    """``n`` records ``{id, title, text, lang, date, url}``, alternating English and Arabic."""
    rng = random.Random(seed)
    docs = [json.loads(line) for line in (SHARED / "ntrex-ar-en" / "documents.dev.jsonl").read_text(encoding="utf-8").splitlines()]
    un = {lang: _un_sentences(lang) for lang in ("en", "ar")}
    out = []
    for i in range(n):
        lang = ("en", "ar")[i % 2]
        doc = docs[(i // 2) % len(docs)]
        body = doc[lang].replace('<seg id="1">', "").replace("</seg>", "").strip()
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        title, paragraphs = lines[0], lines[1:]
        target = int(rng.gauss(mean_chars, mean_chars * 0.25))
        tail: list[str] = []
        while sum(map(len, paragraphs)) + sum(map(len, tail)) < target:
            tail.append(" ".join(rng.sample(un[lang], 3)))
        text = "\n\n".join([*paragraphs, *tail])
        out.append({"id": f"real-{i}", "title": title, "text": text, "lang": lang,
                    "date": f"2025-03-{1 + rng.randrange(30):02d}", "url": f"https://bench.example/{lang}/{i}"})
    return out


def write_corpus(n: int, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for record in real_length_corpus(n):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def run_one(corpus: Path, db: Path, workers: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "marsad.cli", "--db", str(db), "ingest", str(corpus), "--json",
           "--url-field", "url", "--date-field", "date", "--title-field", "title", "--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"ingest with --workers {workers} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    summary = json.loads(done.stdout)
    return {"workers": workers, "seconds": round(took, 1), "ingested": summary.get("ingested"),
            "failed": summary.get("failed"), "articles_per_s": round(summary.get("ingested", 0) / took, 2),
            "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
            "largest_child_rss_mb": round(after.ru_maxrss / 1024, 1)}


# (label, file suffix, function): cumulative CPU time of these functions is the stage's
STAGES = [
    ("model loading (`Pipeline.setup`)", "marsad/pipeline.py", "setup"),
    ("build (decode, extract, clean, language, sentences)", "marsad/ingest/build.py", "build_article"),
    ("duplicate check (`classify`)", "marsad/store/articles.py", "classify"),
    ("embedding: document vector", "marsad/embed.py", "embed_documents"),
    ("embedding: sentence vectors", "marsad/embed.py", "embed_sentences"),
    ("NER", "marsad/entities/ner.py", "recognise"),
    ("the article's transaction (`Pipeline._store`)", "marsad/pipeline.py", "_store"),
    ("  store the article (`save_article`)", "marsad/store/articles.py", "save_article"),
    ("  vectors and stories (`EmbedStage`, `StoryStage.persist`)", "marsad/stories/stage.py", "persist"),
    ("  entity linking (`LinkStage.persist`)", "marsad/entities/stage.py", "persist"),
    ("    cross-lingual projection (`with_projections`)", "marsad/entities/projection.py", "with_projections"),
    ("    catalogue load (`load_catalogue`)", "marsad/entities/stage.py", "load_catalogue"),
    ("    linking (`link`)", "marsad/entities/linking.py", "link"),
    ("    entity writes (`write_entities`, `write_mentions`)", "marsad/entities/stage.py", "write_entities|write_mentions"),
    ("    romanisation (model calls, inside the above)", "arabic_name_romanizer/api.py", "transliterate_many"),
    ("  events (`EventStage.persist`)", "marsad/events/stage.py", "persist"),
    ("  keyword index, watchlists", "marsad/search/keyword.py|marsad/monitor/stage.py", "persist"),
    ("closing pass (recluster, sources)", "marsad/cli/ingest.py", "_close_run"),
]


def _profile_child(out: str, argv: list[str]) -> None:
    """Run `marsad ARGV` under cProfile timed by process CPU time; dump the stats to ``out``."""
    import cProfile
    import runpy

    sys.argv = ["marsad", *argv]
    prof = cProfile.Profile(time.process_time)
    try:
        prof.runcall(runpy.run_module, "marsad.cli", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        if exc.code:
            raise
    finally:
        prof.dump_stats(out)


def stage_table(prof_path: Path, articles: int) -> list[dict]:
    """CPU ms per article of each of ``STAGES`` (cumulative, recursion counted once)."""
    import pstats

    stats = pstats.Stats(str(prof_path)).stats
    total = max(ct for (_, _, _, ct, _) in stats.values())
    rows = [{"stage": "everything the process did (profiled)", "cpu_ms_per_article": round(1000 * total / articles, 1),
             "share": 1.0}]
    for label, files, funcs in STAGES:
        ct = sum(v[3] for (f, _, fn), v in stats.items()
                 if fn in funcs.split("|") and any(x in f.replace(os.sep, "/") for x in files.split("|")))
        rows.append({"stage": label, "cpu_ms_per_article": round(1000 * ct / articles, 1), "share": round(ct / total, 3)})
    return rows


def profile(corpus: Path, keep: Path | None) -> dict:
    records = corpus.read_text(encoding="utf-8").splitlines()
    with tempfile.TemporaryDirectory() as tmp:
        db, prof = Path(tmp) / "p.db", keep or Path(tmp) / "p.prof"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        cmd = [sys.executable, __file__, "_child", str(prof), "--", "--db", str(db), "ingest", str(corpus), "--json",
               "--url-field", "url", "--date-field", "date", "--title-field", "title", "--workers", "0"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"profiled ingest failed ({done.returncode}):\n{done.stderr[-2000:]}")
        ingested = json.loads(done.stdout).get("ingested") or len(records)
        return {"articles": len(records), "ingested": ingested,
                "child_cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
                "stages": stage_table(prof, ingested), "fingerprint": fingerprint_of(db)}


def fingerprint_of(db: Path) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from sqlalchemy import create_engine

    from marsad.store.fingerprint import fingerprint

    engine = create_engine(f"sqlite:///{db}")
    try:
        return fingerprint(engine)
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--n", type=int, default=1000)
    c.add_argument("--out", type=Path)
    r = sub.add_parser("run")
    r.add_argument("--n", type=int, default=300)
    r.add_argument("--workers", type=int, nargs="+", default=[0, 1, 2])
    r.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "throughput.json")
    pr = sub.add_parser("profile")
    pr.add_argument("--n", type=int, default=80)
    pr.add_argument("--corpus", type=Path, help="a corpus file written by `corpus` (default: a fresh one of --n)")
    pr.add_argument("--keep", type=Path, help="also keep the cProfile dump here")
    if sys.argv[1:2] == ["_child"]:
        return _profile_child(sys.argv[2], sys.argv[4:])
    args = parser.parse_args()
    if args.cmd == "profile":
        with tempfile.TemporaryDirectory() as tmp:
            corpus = args.corpus or write_corpus(args.n, Path(tmp) / "corpus.jsonl")
            result = profile(corpus, args.keep)
        print(f"{result['ingested']} articles stored; child CPU {result['child_cpu_s']} s "
              f"({result['child_cpu_s'] / result['ingested']:.2f} s an article, profiler included)")
        print("| stage | CPU ms / article | share |\n|---|---:|---:|")
        for row in result["stages"]:
            print(f"| {row['stage']} | {row['cpu_ms_per_article']:,.1f} | {100 * row['share']:.1f} % |")
        print("fingerprint:", json.dumps({t: v[1] for t, v in result["fingerprint"].items()}))
        return
    if args.cmd == "corpus":
        path = write_corpus(args.n, args.out or Path(tempfile.gettempdir()) / f"real-{args.n}.jsonl")
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        print(f"{path}: {len(records)} articles, mean {sum(len(r['text']) for r in records) / len(records):,.0f} characters")
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(args.n, Path(tmp) / "corpus.jsonl")
        records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
        runs, prints = [], []
        for w in args.workers:
            db = Path(tmp) / f"w{w}.db"
            runs.append(run_one(corpus, db, w))
            prints.append(fingerprint_of(db))
            print(json.dumps(runs[-1]), flush=True)
    result = {
        "command": f"python bench/throughput.py run --n {args.n} --workers {' '.join(map(str, args.workers))}",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "articles": len(records), "mean_chars": round(sum(len(r["text"]) for r in records) / len(records)),
        "runs": runs,
        "same_content": all(p == prints[0] for p in prints),
        "tables_differing": sorted({t for p in prints[1:] for t in p if p[t] != prints[0].get(t)}),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(result, ensure_ascii=False) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
