"""Seeds through the whole pipeline: every required pair is one stored entity."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from marsad.cli import app

PAIRS = [
    ("al-Shibani", "الشيباني"), ("Ahmed al-Shar’a", "الشرع"), ("Russia", "روسيا"), ("Damascus", "دمشق"),
    ("Aleppo", "حلب"), ("Hama", "حماة"), ("Bab al-Hawa", "باب الهوى"), ("Hmeimim", "حميميم"),
    ("Tartus", "طرطوس"), ("Moscow", "موسكو"), ("Al-Majalla", "المجلة"),
]

runner = CliRunner()


@pytest.fixture(scope="module")
def seeded_db(module_db):
    """The seeds ingested by the CLI, on SQLite and then on PostgreSQL."""
    from marsad_testing import SAMPLE, SEEDS

    db = module_db
    seeds = SEEDS if SEEDS.exists() else SAMPLE
    assert runner.invoke(app, ["--db", str(db), "ingest", str(seeds), "-q"]).exit_code == 0
    return db


def _entity(db, name):
    result = runner.invoke(app, ["--db", str(db), "entity", name, "--json"])
    assert result.exit_code == 0, f"{name}: {result.output}"
    return json.loads(result.stdout)


@pytest.mark.slow
@pytest.mark.parametrize("english,arabic", PAIRS)
def test_seed_pair_is_one_entity(seeded_db, english, arabic):
    en, ar = _entity(seeded_db, english), _entity(seeded_db, arabic)
    assert en["id"] == ar["id"], f"{english} -> {en['key']}, {arabic} -> {ar['key']}"


@pytest.mark.slow
def test_partial_arabic_names_resolve_and_mentions_point_at_text(seeded_db):
    sharaa = _entity(seeded_db, "الشرع")
    assert {"أحمد", "الشرع", "Ahmed al-Shar’a"} <= set(sharaa["aliases"])
    shown = {}
    for m in sharaa["mention_list"]:
        art = shown.setdefault(m["article_id"], json.loads(
            runner.invoke(app, ["--db", str(seeded_db), "show", m["article_id"], "--json"]).stdout))
        assert art["text"][m["start"]:m["end"]] == m["text"]


@pytest.mark.slow
def test_entity_listing_and_exports(seeded_db, tmp_path):
    listed = json.loads(runner.invoke(app, ["--db", str(seeded_db), "entities", "--json", "--limit", "100"]).stdout)
    assert {"LOC", "PER", "ORG"} <= {e["label"] for e in listed}
    for suffix in ("graphml", "csv", "jsonl"):
        out = tmp_path / f"entities.{suffix}"
        assert runner.invoke(app, ["--db", str(seeded_db), "export", "entities", str(out)]).exit_code == 0
        assert "حميميم" in out.read_text(encoding="utf-8")
    bad = runner.invoke(app, ["--db", str(seeded_db), "export", "entities", str(tmp_path / "x.xlsx")])
    assert bad.exit_code != 0


@pytest.mark.slow
def test_linking_loads_only_the_entities_an_article_can_join(seeded_db):
    """The stored key index answers what linking needs: an article naming al-Shibani and
    Moscow gets those two entities from the store, not the catalogue."""
    from sqlalchemy import select

    from marsad.entities.keys import name_key
    from marsad.entities.stage import StoredKeys, load_catalogue
    from marsad.model import Mention
    from marsad.store import open_store
    from marsad.store.tables import entities, entity_keys

    store = open_store(str(seeded_db))
    names = [("Asaad al-Shibani", "PER"), ("موسكو", "LOC")]
    wanted = [Mention(0, len(t), t, label, 0, "en", name_key(t)) for t, label in names]
    with store.connect() as conn:
        catalog = load_catalogue(conn, wanted)
        every = {(k, eid) for eid, keys in conn.execute(select(entities.c.id, entities.c["keys"])) for k in keys}
        indexed = set(conn.execute(select(entity_keys.c.key, entity_keys.c.entity_id)).tuples())
        taken = StoredKeys(conn, catalog)
        assert "geo:city:524901" in taken and "per:nobody at all" not in taken
    store.close()
    assert sorted(catalog.entities) == ["geo:city:524901", "per:asaad shibani"]
    assert len(every) > 20 and indexed == every  # the key index is exactly the entities' keys
