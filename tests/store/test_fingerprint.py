"""The database fingerprint (scripts/db_fingerprint.py) is what "the same content from the same
input" is checked with: two runs of the seeds agree, and one changed value is seen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from marsad.cli import app
from marsad.store import open_store
from marsad.store.fingerprint import fingerprint

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_two_runs_of_the_same_input_store_the_same_content(tmp_path: Path, seeds_dir: Path) -> None:
    dbs = [tmp_path / "first.db", tmp_path / "second.db"]
    for db in dbs:
        result = CliRunner().invoke(app, ["--db", str(db), "ingest", str(seeds_dir), "-q", "--json"])
        assert result.exit_code == 0, result.output
    first, second = (open_store(str(db)) for db in dbs)
    try:
        prints = [fingerprint(first.engine), fingerprint(second.engine)]
        assert prints[0] == prints[1]
        assert prints[0]["articles"][0] >= 2 and prints[0]["mentions"][0] > 20
        with second.begin() as conn:
            conn.execute(text("UPDATE events SET date = '1953-01-01' WHERE id = (SELECT min(id) FROM events)"))
        changed = fingerprint(second.engine)
        assert {t for t in changed if changed[t] != prints[0][t]} == {"events"}
    finally:
        first.close()
        second.close()
    script = subprocess.run([sys.executable, str(ROOT / "scripts" / "db_fingerprint.py"), str(dbs[0]), "--diff", str(dbs[1])],
                            capture_output=True, text=True)
    assert script.returncode == 1 and "differs: events" in script.stdout
