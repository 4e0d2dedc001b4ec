"""The `marsad` command line as a user runs it (in-process with CliRunner, and one real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from marsad.cli import app

runner = CliRunner()


def _cli(db, *args, input=None):
    return runner.invoke(app, ["--db", str(db), *args], input=input)


def test_ingest_list_show_stats(store_url, seeds_dir):
    result = _cli(store_url, "ingest", str(seeds_dir), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["ingested"] == 2 and summary["failed"] == 0

    listed = json.loads(_cli(store_url, "articles", "--json").stdout)
    assert {a["lang"] for a in listed} == {"ar", "en"}
    arabic = json.loads(_cli(store_url, "articles", "--lang", "ar", "--json").stdout)
    assert len(arabic) == 1 and arabic[0]["published"].startswith("2025-11-22")
    since = json.loads(_cli(store_url, "articles", "--since", "2025-11-01", "--json").stdout)
    assert arabic[0]["id"] in {a["id"] for a in since}

    shown = json.loads(_cli(store_url, "show", arabic[0]["id"][:8], "--json").stdout)
    assert shown["lang"] == "ar" and len(shown["sentences"]) > 10

    table = _cli(store_url, "articles")
    assert table.exit_code == 0 and "Al-Shibani" in table.stdout
    stats = json.loads(_cli(store_url, "stats", "--json").stdout)
    assert stats["articles"] == 2 and stats["languages"] == {"ar": 1, "en": 1} or stats["languages"] == {"en": 1, "ar": 1}


def test_stdin_ingest(store_url, seeds_dir):
    text = (seeds_dir / "000_caab26223d637160.txt").read_text(encoding="utf-8")
    result = _cli(store_url, "ingest", "-", "--source", "pasted", "--json", input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(_cli(store_url, "articles", "--source", "pasted", "--json").stdout)[0]["lang"] == "en"


def test_failures_exit_non_zero_with_reasons(store_url, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = _cli(store_url, "ingest", str(tmp_path / "empty.txt"), str(tmp_path / "nope.html"))
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "nope.html" in result.output
    assert "Traceback" not in result.output


def test_unknown_article_is_one_clear_line(store_url):
    proc = subprocess.run([sys.executable, "-m", "marsad.cli", "--db", str(store_url), "show", "deadbeef"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "E401" in proc.stderr and "deadbeef" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_reprocess_keeps_content(store_url, seeds_dir):
    _cli(store_url, "ingest", str(seeds_dir))
    before = json.loads(_cli(store_url, "articles", "--json").stdout)
    result = _cli(store_url, "reprocess", "--stage", "text", "-q")
    assert result.exit_code == 0, result.output
    assert json.loads(_cli(store_url, "articles", "--json").stdout) == before
    bad = _cli(store_url, "reprocess", "--stage", "nope")
    assert bad.exit_code != 0


def test_compare_shows_the_per_source_summary_without_colour_legend(store_url, seeds_dir):
    assert _cli(store_url, "ingest", str(seeds_dir), "--json").exit_code == 0
    story = json.loads(_cli(store_url, "stories", "--json").stdout)[0]["id"]
    data = json.loads(_cli(store_url, "compare", str(story), "--json").stdout)
    assert len(data["sources"]) == len(data["articles"]) == 2
    for s in data["sources"]:
        assert s["claims"] == s["shared"] + s["own"] + s["contradicted"]
    plain = _cli(store_url, "compare", str(story))
    assert plain.exit_code == 0, plain.output
    assert "Per source" in plain.stdout and "green shared" not in plain.stdout  # not a terminal: no colour legend
    assert "#0 (" in plain.stdout  # claims numbered, status in words
