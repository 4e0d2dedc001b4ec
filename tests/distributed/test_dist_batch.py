"""`run_batch` (Ray Data, local) stores the same content as `marsad ingest` on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted(str(p) for p in (ROOT / "src" / "marsad" / "data" / "sample").glob("*.txt"))

pytestmark = pytest.mark.slow

QUERIES = {
    "articles": "SELECT id, title, lang, text, content_hash, duplicate_of FROM articles ORDER BY id",
    "sentences": 'SELECT article_id, idx, start, "end", text FROM sentences ORDER BY article_id, idx',
    "entities": "SELECT key, label, mentions FROM entities ORDER BY key",
    "mentions": 'SELECT m.article_id, m.start, m."end", m.label, e.key FROM mentions m '
                "LEFT JOIN entities e ON e.id = m.entity_id ORDER BY m.article_id, m.start",
    "events": 'SELECT article_id, sentence, start, "end", type, actor, recipient, location, date FROM events '
              "ORDER BY article_id, start, type",
}


def snapshot(db: Path) -> dict[str, object]:
    """What both paths must agree on: rows of each query, and stories as sets of article ids."""
    from marsad.store import open_store

    store = open_store(str(db))
    with store.connect() as conn:
        out: dict[str, object] = {name: [tuple(r) for r in conn.execute(text(q))] for name, q in QUERIES.items()}
        groups: dict[int, set[str]] = {}
        for article_id, story in conn.execute(text("SELECT article_id, story_id FROM article_stories")):
            groups.setdefault(story, set()).add(article_id)
        out["stories"] = sorted(sorted(g) for g in groups.values())
    store.close()
    return out


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from marsad.cli import app

    db = tmp_path_factory.mktemp("ingest") / "ingest.db"
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", *SEEDS, "--quiet", "--json"])
    assert result.exit_code == 0, result.output
    return snapshot(db)


def test_ray_batch_equals_ingest(ingested: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ray", reason="Ray is not installed: pip install 'marsad[distributed]'")
    from marsad.distributed import batch
    from marsad.distributed.batch import run_batch, stop_ray

    monkeypatch.setattr(batch, "CHUNK_ITEMS", 1)  # the driver streams its input: one seed per Ray dataset
    db, out = tmp_path / "batch.db", tmp_path / "batch.parquet"
    try:
        summary = run_batch(SEEDS, str(db), out, engine="ray", workers=2, batch_size=1)
        check_window_tasks()
    finally:
        stop_ray()
    assert summary.run["ingested"] == len(SEEDS) and not summary.run["failures"]
    got = snapshot(db)
    assert got["articles"] and got["sentences"] and got["mentions"]
    for name, rows in ingested.items():
        assert got[name] == rows, name
    check_parquet(out, got)


def check_window_tasks() -> None:
    """Windows clustered as Ray tasks give what they give in this process."""
    from test_dist_partition import topic_items

    from marsad.distributed.partition import cluster_windows, partition
    from marsad.stories.state import params_for

    parts = partition(topic_items(4, 3, [0, 8, 16, 30]), 7.0)
    params = params_for("use-m3")
    assert cluster_windows(parts, params, use_ray=True) == cluster_windows(parts, params)


def check_parquet(out: Path, got: dict[str, object]) -> None:
    import pyarrow.parquet as pq

    table = pq.read_table(out).to_pylist()
    assert sorted(r["id"] for r in table) == [a[0] for a in got["articles"]]  # type: ignore[index, union-attr]
    for row in table:
        assert len(row["vector"]) == 512 and row["story"] is not None and row["sentences"]


def test_local_engine_partitioned_equals_ingest(ingested: dict[str, object], tmp_path: Path) -> None:
    from marsad.distributed.batch import run_batch

    db = tmp_path / "local.db"
    summary = run_batch(SEEDS, str(db), engine="local", window_days=7.0)
    assert summary.run["reclustered"]["articles"] == len(SEEDS)
    assert snapshot(db) == ingested


def test_unknown_engine_is_one_line_error() -> None:
    from marsad.distributed.batch import run_batch
    from marsad.errors import MarsadError

    with pytest.raises(MarsadError, match="unknown engine 'spark'"):
        run_batch(SEEDS, None, "x.parquet", engine="spark")
    with pytest.raises(MarsadError, match="nowhere to write"):
        run_batch(SEEDS, None, None, engine="local")


def test_batch_command_local_to_parquet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.parquet as pq
    import typer

    from marsad import cli

    monkeypatch.setattr(cli.state, "db", None)  # an earlier `marsad --db X` invocation in this process

    from marsad.cli.batch import batch_command
    from marsad.errors import MarsadError

    app = typer.Typer()
    app.command("batch")(batch_command)
    app.command("noop")(lambda: None)  # two commands: Typer keeps "batch" as a subcommand
    out = tmp_path / "out.parquet"
    result = CliRunner().invoke(app, ["batch", *SEEDS, "--engine", "local", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json_summary(result.output)["ingested"] == 2 and pq.read_table(out).num_rows == 2
    bad = CliRunner().invoke(app, ["batch", *SEEDS, "--engine", "spark", "--out", str(out)])
    assert isinstance(bad.exception, MarsadError) and "\n" not in str(bad.exception)


def json_summary(output: str) -> dict[str, object]:
    import json

    return json.loads(output[output.index("{"):])
