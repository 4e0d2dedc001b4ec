"""An analyst's merge and split of entities, and later ingests and reprocessing that keep them
(issue 12, the last lever): on the two seeds, ingested by the real pipeline, SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from marsad.entities.linking import EntityCatalog, link
from marsad.entities.overrides import Pins
from marsad.errors import MarsadError
from marsad.model import Mention

ROOT = Path(__file__).resolve().parents[2]
SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()
SAMPLE = ROOT / "src" / "marsad" / "data" / "sample"
EN_SEED, AR_SEED = "000_caab26223d637160.txt", "003_31f4c5ac5bfdc59e.txt"
NEW_EN = ("Officials in Damascus said on Monday that talks with Moscow about the port of Tartus would "
          "continue next week, according to the foreign ministry.\n")
NEW_AR = "قال مسؤولون في حلب إن الروس سيغادرون قاعدة حميميم قريبا بعد محادثات طويلة مع الحكومة الجديدة في البلاد.\n"


def _m(text: str, label: str = "PER", start: int = 0) -> Mention:
    return Mention(start, start + len(text), text, label, 0, "ar" if not text.isascii() else "en",
                   norm=text.lower())


# ---------------------------------------------------------------- the pure part: pins and link()
def test_a_later_decision_wins_and_a_merge_repoints_earlier_pins() -> None:
    pins = Pins.compile([
        {"kind": "split", "entity_key": "per:b", "pins": {"per:b": {"label": "PER", "aliases": ["Trump"]},
                                                          "per:a": {"label": "PER", "aliases": ["Donald Trump"]}},
         "detail": {"from": "per:a"}},
        {"kind": "merge", "entity_key": "per:c", "pins": {"per:c": {"label": "PER", "aliases": ["Kavanaugh"]}},
         "detail": {"merged": ["per:c", "per:a"]}},
    ])
    assert pins.of("trump").key == "per:b"  # name keys: any case, any apostrophe
    assert pins.of("Donald Trump").key == "per:c"  # per:a was merged into per:c afterwards
    assert pins.of("Kavanaugh").key == "per:c" and pins.of("Brett Kavanaugh") is None
    assert pins.keys() == {"per:b", "per:c"}


def test_pinned_names_that_a_story_joins_are_kept_apart_and_unpinned_ones_follow() -> None:
    mentions = {"a1": [_m("Donald Trump", start=0), _m("Trump", start=20), _m("Brett Kavanaugh", start=40),
                       _m("Kavanaugh", start=60)]}
    plain = link(mentions, EntityCatalog(), stoplist=frozenset())
    by_text = {m.text: key for _, m, key in plain}
    assert by_text["Trump"] == by_text["Donald Trump"]  # the story joins the surname to the full name

    pins = Pins.compile([{"kind": "split", "entity_key": "per:trump~2", "detail": {}, "pins": {
        "per:trump~2": {"label": "PER", "aliases": ["Trump"]},
        "per:donald trump": {"label": "PER", "aliases": ["Donald Trump"]}}}])
    catalog = EntityCatalog()
    by_text = {m.text: key for _, m, key in link(mentions, catalog, stoplist=frozenset(), pins=pins)}
    assert by_text["Trump"] == "per:trump~2" and by_text["Donald Trump"] == "per:donald trump"
    assert by_text["Kavanaugh"] == by_text["Brett Kavanaugh"] not in pins.keys()
    assert catalog.entities["per:trump~2"].aliases == {"Trump": 1}


def test_a_new_entity_never_takes_a_pinned_key() -> None:
    pins = Pins.compile([{"kind": "merge", "entity_key": "per:assad", "detail": {"merged": ["per:assad"]},
                          "pins": {"per:assad": {"label": "PER", "aliases": ["Hafez al-Assad"]}}}])
    [(_, _, key)] = link({"a1": [_m("Assad")]}, EntityCatalog(), stoplist=frozenset(), pins=pins)
    assert key != "per:assad" and key.startswith("per:assad")


# ---------------------------------------------------------------- in the store, with the pipeline
@pytest.fixture(scope="module")
def seeded(module_db, tmp_path_factory):
    from marsad.ingest.sources import SourceOptions
    from marsad.pipeline import build_pipeline
    from marsad.store import open_store

    folder = SEEDS if SEEDS.exists() else SAMPLE
    store = open_store(module_db)
    pipeline = build_pipeline(store)
    assert pipeline.ingest([str(folder / EN_SEED), str(folder / AR_SEED)], SourceOptions()).ingested == 2
    yield store, pipeline, tmp_path_factory.mktemp("new")
    store.close()


def _id(store, name: str) -> int:
    from marsad.store.entities import find_entity

    with store.connect() as conn:
        return find_entity(conn, name)


def _linked(store, article_id: str) -> dict[str, int]:
    from marsad.store.tables import mentions

    with store.connect() as conn:
        return {r.text: r.entity_id for r in conn.execute(select(mentions.c.text, mentions.c.entity_id)
                                                          .where(mentions.c.article_id == article_id))}


def _ingest(seeded, name: str, text: str) -> str:
    from marsad.ingest.sources import SourceOptions
    from marsad.store.tables import articles

    store, pipeline, folder = seeded
    path = folder / name
    path.write_text(text, encoding="utf-8")
    assert pipeline.ingest([str(path)], SourceOptions()).ingested == 1
    with store.connect() as conn:
        return conn.scalar(select(articles.c.id).where(articles.c.origin.like(f"%{name}")))


def _reprocess(store) -> None:
    from marsad.reprocess import reprocess_articles
    from marsad.store.queries import original_ids

    with store.connect() as conn:
        ids = original_ids(conn)
    reprocess_articles(store, ids, ["entities"])


def test_merge_then_ingest_and_reprocess_keep_the_merged_entity(seeded) -> None:
    from marsad.entities.store import merge_entities
    from marsad.store.entities import get_entity

    store = seeded[0]
    syria, damascus = _id(store, "Syria"), _id(store, "Damascus")
    assert syria != damascus
    with store.begin() as conn:
        result = merge_entities(conn, ["سوريا", str(damascus)])
    assert result["entity"]["id"] == syria and result["merged"] == [damascus]
    assert {"Damascus", "دمشق", "Syria", "سوريا"} <= set(result["entity"]["aliases"])
    with store.connect() as conn:
        entity = get_entity(conn, syria)
    assert {m["text"] for m in entity["mention_list"]} >= {"Damascus", "دمشق"}
    assert _id(store, "Damascus") == syria  # the old entity is gone; its names find the merged one

    article = _ingest(seeded, "damascus.txt", NEW_EN)
    linked = _linked(store, article)
    assert linked["Damascus"] == syria  # a later article naming one of them lands on the merged id
    assert linked["Moscow"] != syria

    _reprocess(store)
    syria = _id(store, "Syria")
    assert _id(store, "Damascus") == syria and _id(store, "دمشق") == syria
    assert _linked(store, article)["Damascus"] == syria


def test_split_then_reprocess_and_ingest_keep_them_apart(seeded) -> None:
    from marsad.entities.store import split_entity

    store = seeded[0]
    russia = _id(store, "Russia")
    assert _id(store, "الروس") == russia  # "the Russians" is linked to the country
    with store.begin() as conn:
        result = split_entity(conn, str(russia), ["الروس"], label="MISC")
    new = result["entity"]
    assert set(new["aliases"]) == {"الروس", "للروس"} and new["label"] == "MISC"  # "للروس" is the same name key
    assert set(result["from"]["aliases"]) == {"Russia", "روسيا"}
    assert _id(store, "الروس") == new["id"] and _id(store, "Russia") == russia

    _reprocess(store)
    russia, russians = _id(store, "Russia"), _id(store, "الروس")
    assert russia != russians and _id(store, "للروس") == russians

    article = _ingest(seeded, "russians.txt", NEW_AR)
    assert _linked(store, article)["الروس"] == russians
    with store.connect() as conn:
        from marsad.entities.store import list_decisions

        assert [d["kind"] for d in list_decisions(conn)] == ["merge", "split"]


@pytest.mark.parametrize("call, code", [
    (lambda c, s: s.merge_entities(c, ["Syria", "no such entity at all"]), "E310"),
    (lambda c, s: s.merge_entities(c, ["Aleppo", "حلب"]), "E311"),
    (lambda c, s: s.merge_entities(c, ["Aleppo", "al-Shibani"]), "E312"),
    (lambda c, s: s.merge_entities(c, ["Aleppo", "Hama"], into="Tartus"), "E313"),
    (lambda c, s: s.split_entity(c, "Aleppo", ["Damascus"]), "E314"),
    (lambda c, s: s.split_entity(c, "Aleppo", ["Aleppo", "حلب"]), "E315"),
    (lambda c, s: s.split_entity(c, "Asaad al-Shibani", ["al-Shibani"], label="PERSON"), "E316"),
    (lambda c, s: s.split_entity(c, "Aleppo", []), "E317"),
])
def test_impossible_merges_and_splits_are_coded_errors_and_change_nothing(seeded, call, code) -> None:
    from marsad.entities import store as entity_store
    from marsad.store.tables import entities, entity_overrides

    store = seeded[0]
    with store.connect() as conn:
        before = conn.execute(select(entities.c.id, entities.c.mentions).order_by(entities.c.id)).all()
        decisions = conn.scalar(select(entity_overrides.c.id).order_by(entity_overrides.c.id.desc()).limit(1))
    with pytest.raises(MarsadError) as info, store.begin() as conn:
        call(conn, entity_store)
    assert info.value.code == code and "\n" not in info.value.message
    with store.connect() as conn:
        assert conn.execute(select(entities.c.id, entities.c.mentions).order_by(entities.c.id)).all() == before
        assert conn.scalar(select(entity_overrides.c.id).order_by(entity_overrides.c.id.desc()).limit(1)) == decisions


def test_merging_different_types_with_force_and_the_cli(seeded) -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    store = seeded[0]
    url = str(store.engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    refused = runner.invoke(app, ["--db", url, "entity", "merge", "Al-Majalla", "Hama"])
    assert isinstance(refused.exception, MarsadError) and refused.exception.code == "E312"  # main() prints it, exit 2
    hama = _id(store, "Hama")
    done = runner.invoke(app, ["--db", url, "entity", "merge", "Al-Majalla", "Hama", "--into", "Hama", "--force", "--json"])
    assert done.exit_code == 0, done.output
    assert '"merged"' in done.output and _id(store, "المجلة") == hama
    shown = runner.invoke(app, ["--db", url, "entity", str(hama)])  # `marsad entity ID` is still the lookup
    assert shown.exit_code == 0 and "Al-Majalla" in shown.output
    listed = runner.invoke(app, ["--db", url, "entity", "decisions"])
    assert listed.exit_code == 0 and "merge" in listed.output


def test_the_link_stage_finds_aligned_sentences_of_the_two_seeds(seeded) -> None:
    """The aligned-sentence evidence of linking (tests/entities/test_entity_aligned.py) at work
    on the stored seeds: the Arabic article is a rewrite of the English one in the same story."""
    from marsad.entities.stage import aligned_sentences, story_mentions
    from marsad.store.queries import get_article
    from marsad.store.tables import article_stories, articles

    store = seeded[0]
    with store.connect() as conn:
        ar = conn.scalar(select(articles.c.id).where(articles.c.lang == "ar", articles.c.origin.like(f"%{AR_SEED}")))
        story = conn.scalar(select(article_stories.c.story_id).where(article_stories.c.article_id == ar))
        article = get_article(conn, ar)
        from marsad.entities.stage import stored_mentions

        article.mentions = stored_mentions(conn, ar)
        pairs = aligned_sentences(conn, article, story_mentions(conn, story, exclude=ar))
    assert pairs and all(((b, a) in pairs) for a, b in pairs)
    assert {a[0] for a, _ in pairs} == {ar, next(b[0] for _, b in pairs if b[0] != ar)}
