"""`marsad ingest --workers 2`: worker processes compute, this process stores, in input order;
the database ends exactly as a one-process run leaves it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from marsad.store.fingerprint import fingerprint

from marsad_testing import shared_data


def _corpus(path: Path) -> int:
    ntrex = shared_data("ntrex-ar-en", "documents.dev.jsonl")
    docs = [json.loads(line) for line in ntrex.read_text(encoding="utf-8").splitlines()]
    records = []
    for i, doc in enumerate(docs[:6]):
        for lang in ("en", "ar"):
            text = doc[lang].replace('<seg id="1">', "").replace("</seg>", "")
            records.append({"text": text, "lang": lang, "url": f"https://t.example/{lang}/{i}", "date": "2025-03-0%d" % (1 + i)})
    records.insert(5, dict(records[2], url="https://copy.example/a", source="copy-outlet"))  # a copy of an article still in flight
    records.insert(8, {"text": "", "url": "https://t.example/empty"})  # a failure keeps its turn
    un = shared_data("un-quadclass", "en_quad.tsv").read_text(encoding="utf-8").splitlines()[1:800]
    giant = " ".join(r.rsplit("\t", 1)[0].strip('"') for r in un if "\t" in r)
    assert len(giant) > 100_000
    records.append({"text": "UN record\n\n" + giant, "lang": "en", "url": "https://t.example/giant"})  # cut, warned
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return len(records)


def _ingest(db: Path, corpus: Path, workers: int) -> dict:
    env = {**os.environ, "MARSAD_WORKERS_AFTER": "2", "MARSAD_WORKERS_WAIT": "1"}
    done = subprocess.run([sys.executable, "-m", "marsad.cli", "--db", str(db), "ingest", str(corpus), "--json",
                           "--url-field", "url", "--date-field", "date", "--workers", str(workers)],
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 1, done.stderr[-2000:]  # 1: the run had a failure (the empty record)
    return json.loads(done.stdout)


@pytest.mark.slow
def test_workers_store_the_same_database_as_one_process(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    n = _corpus(corpus)
    one, two = _ingest(tmp_path / "one.db", corpus, 0), _ingest(tmp_path / "two.db", corpus, 2)
    assert one["ingested"] == 13 and one["duplicates"] == 1 and one["failed"] == 1, one
    keys = ("ingested", "duplicates", "failed", "warnings")
    assert {k: two[k] for k in keys} == {k: one[k] for k in keys}
    assert [w["origin"].rsplit("#", 1)[-1] for w in one["warnings"]] == ["line 15"]  # the cut giant, in both
    assert n == 15 and one["in_workers"] == 0 and two["in_workers"] == 11  # the 13 new but the first 2
    prints = []
    for name in ("one.db", "two.db"):
        engine = create_engine(f"sqlite:///{tmp_path / name}")
        prints.append(fingerprint(engine))
        engine.dispose()
    differing = sorted(t for t in prints[0] if prints[0][t] != prints[1].get(t))
    assert not differing, f"tables that differ between no workers and 2: {differing}"
