"""Pipeline behaviour: duplicates, bad input in a batch, one transaction per article."""

from __future__ import annotations

from pathlib import Path

from marsad.ingest.sources import SourceOptions
from marsad.pipeline import build_pipeline
from marsad.store.queries import ArticleFilter, count_articles, list_articles

from marsad_testing import AR_SEED, EN_SEED


def _run(store, *paths, **opts):
    return build_pipeline(store).ingest([str(p) for p in paths], SourceOptions(**opts))


def test_exact_copy_from_another_outlet_is_a_duplicate(bare_store, seeds_dir, tmp_path):
    a, b = tmp_path / "outlet-a", tmp_path / "outlet-b"
    a.mkdir(), b.mkdir()
    text = (seeds_dir / EN_SEED).read_text(encoding="utf-8")
    (a / "story.txt").write_text(text, encoding="utf-8")
    # same article, different spacing and a bidi mark: still an exact copy
    (b / "copy.txt").write_text(text.replace("  ", " ").replace("Moscow", "Moscow\u200f"), encoding="utf-8")
    summary = _run(bare_store, a, b)
    assert (summary.ingested, summary.duplicates) == (1, 1)
    with bare_store.connect() as conn:
        rows = list_articles(conn, ArticleFilter(duplicates=True))
    dup = next(r for r in rows if r["duplicate_of"])
    assert dup["duplicate_kind"] == "exact" and dup["source"] == "outlet-b"


def test_near_copy_is_a_duplicate_and_not_reprocessed(bare_store, seeds_dir, tmp_path):
    text = (seeds_dir / EN_SEED).read_text(encoding="utf-8")
    edited = text.replace("a few weeks ago", "several weeks ago").replace("48 hours", "two days")
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b" / "y.txt").write_text(edited, encoding="utf-8")
    summary = _run(bare_store, tmp_path / "a", tmp_path / "b")
    assert (summary.ingested, summary.duplicates) == (1, 1)
    with bare_store.connect() as conn:
        dup = next(r for r in list_articles(conn, ArticleFilter(duplicates=True)) if r["duplicate_of"])
    assert dup["duplicate_kind"] == "near" and dup["sentences"] == 0


def test_bad_inputs_are_reported_and_the_batch_goes_on(bare_store, seeds_dir, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (tmp_path / "broken.jsonl").write_text('{"text": "not closed\n{"title": "no text"}\n', encoding="utf-8")
    (tmp_path / "ok.txt").write_text((seeds_dir / AR_SEED).read_text(encoding="utf-8"), encoding="utf-8")
    summary = _run(bare_store, tmp_path, tmp_path / "missing.txt")
    assert summary.ingested == 1
    reasons = " | ".join(f"{o} {c} {r}" for o, c, r in summary.failures)
    for name in ("empty.txt", "binary.txt", "broken.jsonl", "missing.txt"):
        assert name in reasons
    assert all("Traceback" not in r for _, _, r in summary.failures)
    with bare_store.connect() as conn:
        assert count_articles(conn) == 1


def test_a_lost_unique_key_race_reads_as_unchanged(bare_store, seeds_dir, monkeypatch):
    """Another writer commits the same article between our duplicate check and our insert:
    the insert's unique violation is retried once and the article reads as unchanged."""
    from sqlalchemy.exc import IntegrityError

    import marsad.pipeline as pipeline_module
    from marsad.pipeline import Pipeline

    real, calls = pipeline_module.save_article, []

    def racing(conn, article, run_id):  # type: ignore[no-untyped-def]
        calls.append(article.id)
        if len(calls) == 1:
            with bare_store.begin() as other:
                real(other, article, None)
            raise IntegrityError("INSERT INTO articles", {}, Exception("duplicate key value"))
        return real(conn, article, run_id)

    monkeypatch.setattr(pipeline_module, "save_article", racing)
    summary = Pipeline(store=bare_store).ingest([str(seeds_dir / EN_SEED)], SourceOptions())
    assert (summary.ingested, summary.unchanged, summary.failed) == (0, 1, 0) and len(calls) == 2
    with bare_store.connect() as conn:
        assert count_articles(conn) == 1


def test_a_cut_article_is_stored_with_a_warning(bare_store, tmp_path, monkeypatch):
    """An article over MAX_TEXT_CHARS (scaled down) is stored cut, and the run says so."""
    from marsad.ingest import build
    from marsad.pipeline import Pipeline

    monkeypatch.setattr(build, "MAX_TEXT_CHARS", 2000)
    monkeypatch.setattr("marsad.pipeline._CUTS", {"html_cut": build.MAX_HTML_CHARS, "text_cut": 2000})
    source = tmp_path / "long.txt"
    source.write_text("Budget approved\n" + "The council approved the budget after a long debate. " * 200, encoding="utf-8")
    summary = Pipeline(store=bare_store, stages=[]).ingest([str(source)], SourceOptions())
    assert summary.ingested == 1
    assert [w for _, w in summary.warnings] == ["article text of 10,615 characters cut to 2,000 (the limit for one input)"]
    with bare_store.connect() as conn:
        (text,) = conn.exec_driver_sql("SELECT text FROM articles").scalars().all()
    assert 1800 < len(text) <= 2000
