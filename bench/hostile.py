"""Hostile input at scale: real articles mixed with junk, in one `marsad ingest` run.

    python bench/hostile.py [--n 1000] [--giant-mb 20] [--out bench/results/hostile.json]

Writes a corpus to a temporary folder: real articles (NTREX documents in English and Arabic,
and paragraphs of UN QuadClass sentences, as .txt, .html, .jsonl records and in undeclared
Windows-1256 / ISO-8859-6 / UTF-16) mixed with hostile inputs: script and event-handler markup,
RTL overrides and zero-width characters, 20-50 MB pages, binary junk, truncated UTF-8, empty
files, one-line giants without spaces, deeply nested HTML, malformed JSONL lines, a lone
surrogate, a huge JSON array, feeds with entity expansion and external entities.

Then it runs `marsad ingest FOLDER --json` in a child process (peak RSS from the kernel's
rusage of the child) and checks:
  * good stored: every good input's content hash (of its cleaned text, computed here with the
    same build step) is in the database's articles.content_hash (not the article id: a near or
    cross-source copy is stored under an id of its own, kind "copy", and is still stored);
  * bad reported: every hostile input that holds no article is in the run's failures with a
    reason (hostile inputs that *do* hold an article, such as markup-laden pages, must be stored);
  * unexpected errors: failures coded E100 (a bug, not a bad input);
  * the time of the same good inputs alone, in a second run, for the 2x bound.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared" / "data"


def real_texts(limit: int) -> list[tuple[str, str, str]]:
    """(name, lang, text) of real articles: NTREX documents, then UN sentence paragraphs."""
    out: list[tuple[str, str, str]] = []
    for line in (SHARED / "ntrex-ar-en" / "documents.dev.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for lang in ("en", "ar"):
            out.append((f"ntrex-{doc['doc_id']}-{lang}", lang, doc[lang].replace('<seg id="1">', "")))
    for lang in ("en", "ar"):
        rows = (SHARED / "un-quadclass" / f"{lang}_quad.tsv").read_text(encoding="utf-8").splitlines()[1:]
        sentences = [r.rsplit("\t", 1)[0].strip('"') for r in rows if "\t" in r]
        for i in range(0, min(len(sentences), 6000), 12):
            out.append((f"un-{lang}-{i}", lang, f"UN record {i}\n" + " ".join(sentences[i : i + 12])))
    random.Random(7).shuffle(out)
    return out[:limit]


def write_good(folder: Path, texts: list[tuple[str, str, str]]) -> list[Path]:
    """Each real text in one of several honest forms; the paths written."""
    paths = []
    for i, (name, lang, text) in enumerate(texts):
        form = i % 6
        if form == 0:
            path = folder / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
        elif form == 1:
            title, _, body = text.partition("\n")
            paras = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
            path = folder / f"{name}.html"
            path.write_text(f"<html lang='{lang}'><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                            f"{paras}</article><footer>© 2025</footer></body></html>", encoding="utf-8")
        elif form == 2:
            path = folder / f"{name}.jsonl"
            path.write_text(json.dumps({"text": text, "lang": lang}, ensure_ascii=False) + "\n", encoding="utf-8")
        elif form == 3 and lang == "ar":
            path = folder / f"{name}.txt"
            path.write_bytes(text.encode("cp1256", errors="replace"))
        elif form == 4 and lang == "ar":
            path = folder / f"{name}.txt"
            path.write_bytes(text.encode("iso-8859-6", errors="replace"))
        elif form == 5:
            path = folder / f"{name}.txt"
            path.write_bytes(text.encode("utf-16"))
        else:
            path = folder / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def write_hostile(folder: Path, texts: list[tuple[str, str, str]], giant_mb: int) -> tuple[list[Path], list[Path]]:
    """(hostile inputs that still hold an article, hostile inputs that hold none)."""
    keep, junk = [], []
    rng = random.Random(11)
    sample = texts[:40]
    for i, (name, lang, text) in enumerate(sample[:10]):  # markup that must be neutralised, not refused
        path = folder / f"xss-{i}.html"
        body = "".join(f"<p onclick='alert(1)'>{p}<script>alert({i})</script></p>" for p in text.split("\n"))
        path.write_text(f"<html><body><article>{body}<img src=x onerror=alert(1)></article></body></html>", encoding="utf-8")
        keep.append(path)
    for i, (name, lang, text) in enumerate(sample[10:20]):  # bidi overrides and zero-width characters
        path = folder / f"bidi-{i}.txt"
        path.write_text("\u202e" + text.replace(" ", " \u200b", 50) + "\u202c", encoding="utf-8")
        keep.append(path)
    for i in range(3):  # nested HTML
        path = folder / f"nested-{i}.html"
        path.write_text("<div>" * 5000 + sample[20 + i][2] + "</div>" * 5000, encoding="utf-8")
        keep.append(path)
    junk_specs = {
        "empty.txt": b"",
        "spaces.txt": b"   \n\n\t  ",
        "binary.bin.txt": bytes(rng.getrandbits(8) for _ in range(50_000)),
        "png-in-disguise.txt": b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(5000)),
        "truncated-utf8.txt": "نص عربي مقطوع".encode()[:-1] * 1 + b"\xd8",
        "one-char.jsonl": b'"x"\n',
        "tiny.jsonl": b'{"text": "x"}\n',
        "malformed.jsonl": b'{"text": "unterminated\n{not json}\n[1, 2\n',
        "lone-surrogate.jsonl": b'{"text": "\\ud800"}\n',
        "bad-feed-entities.xml": (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                                  + b"".join(f'<!ENTITY lol{i} "{"&lol;" * 10}">'.encode() for i in range(1, 9))
                                  + b']><rss><channel><item><title>&lol8;</title></item></channel></rss>'),
        "external-entity.xml": (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                b"<rss><channel><item><title>&x;</title></item></channel></rss>"),
        "only-markup.html": b"<html><head><script>var a=1;</script></head><body><nav>Home</nav></body></html>",
    }
    for name, data in junk_specs.items():
        path = folder / name
        path.write_bytes(data)
        junk.append(path)
    giant = folder / "giant-no-spaces.txt"
    with giant.open("wb") as fh:
        for _ in range(max(1, giant_mb // 5)):
            fh.write(b"A" * (5 * 1024 * 1024))
    keep.append(giant)  # letters, one "word": stored, cut into bounded sentences
    page = folder / "giant-page.html"
    with page.open("w", encoding="utf-8") as fh:
        fh.write("<html><body><article>")
        para = "<p>" + sample[25][2].replace("\n", " ") + "</p>"
        while fh.tell() < giant_mb * 1024 * 1024:
            fh.write(para * 50)
        fh.write("</article></body></html>")
    keep.append(page)
    array = folder / "huge-array.json"  # one JSON document over the 20 MB cap: refused (E131), never parsed whole
    with array.open("w", encoding="utf-8") as fh:
        record = json.dumps({"text": sample[26][2]}, ensure_ascii=False)
        fh.write("[" + record)
        while fh.tell() < (max(giant_mb, 20) + 2) * 1024 * 1024:
            fh.write(("," + record) * 100)
        fh.write("]")
    junk.append(array)
    return keep, junk


def ingest(folder: Path, db: Path) -> tuple[dict, float, float]:
    """(run summary, seconds, peak RSS of the child in MB)."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "marsad.cli", "--db", str(db), "ingest", str(folder), "--json", "-q"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ingest crashed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout), took, peak


def expected_hashes(paths: list[Path]) -> dict[Path, set[str]]:
    """The content hashes the good inputs must give, from the same read and build steps."""
    sys.path.insert(0, str(ROOT / "src"))
    from marsad.ingest.build import build_article
    from marsad.ingest.sources import iter_items
    from marsad.model import Failure

    out: dict[Path, set[str]] = {}
    for path in paths:
        ids = set()
        for item in iter_items([str(path)]):
            if not isinstance(item, Failure):
                ids.add(build_article(item).content_hash)
        out[path] = ids
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="inputs in all (good ones are n minus ~40 hostile)")
    parser.add_argument("--giant-mb", type=int, default=20)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "hostile.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        good_dir, mixed_dir = tmpdir / "good", tmpdir / "mixed"
        good_dir.mkdir()
        mixed_dir.mkdir()
        texts = real_texts(max(1, args.n - 40))
        good = write_good(good_dir, texts)
        for path in good:
            (mixed_dir / path.name).write_bytes(path.read_bytes())
        keep, junk = write_hostile(mixed_dir, texts, args.giant_mb)
        want = expected_hashes([mixed_dir / p.name for p in good])
        summary, took, peak = ingest(mixed_dir, tmpdir / "mixed.db")
        con = sqlite3.connect(tmpdir / "mixed.db")
        stored = {r[0] for r in con.execute("SELECT content_hash FROM articles")}
        errors = {Path(r[0].split("#")[0]).name: (r[1], r[2]) for r in con.execute("SELECT origin, code, reason FROM run_errors")}
        con.close()
        good_stored = sum(1 for ids in want.values() if ids and ids <= stored)
        kept_stored = sum(1 for p in keep if p.name not in errors)
        junk_reported = sum(1 for p in junk if p.name in errors)
        unexpected = sorted(f"{name}: {reason}" for name, (code, reason) in errors.items() if code == "E100")
        _, alone, _ = ingest(good_dir, tmpdir / "good.db")
        result = {
            "command": f"python bench/hostile.py --n {args.n} --giant-mb {args.giant_mb}",
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "inputs": len(good) + len(keep) + len(junk),
            "good": {"stored": good_stored, "of": len(good)},
            "hostile_with_text": {"stored": kept_stored, "of": len(keep),
                                  "refused": {p.name: errors[p.name] for p in keep if p.name in errors}},
            "hostile_without_text": {"reported": junk_reported, "of": len(junk),
                                     "not_reported": [p.name for p in junk if p.name not in errors]},
            "unexpected_errors_E100": unexpected,
            "peak_rss_mb": round(peak, 1),
            "seconds": round(took, 1),
            "seconds_good_alone": round(alone, 1),
            "ratio_to_good_alone": round(took / alone, 2) if alone else None,
            "run": {k: summary.get(k) for k in ("ingested", "duplicates", "unchanged", "failed")},
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
