"""`marsad entity NAME` finds an entity by any alias or plain spelling (issue 12)."""

from __future__ import annotations

import pytest

from marsad.entities.keys import name_key
from marsad.entities.linking import EntityCatalog, EntityRecord
from marsad.entities.stage import write_entities
from marsad.entities.transliterate import latin_keys
from marsad.errors import NotFound
from marsad.store.entities import find_entity


def _record(key: str, aliases: dict[str, int]) -> EntityRecord:
    keys = sorted({k for a in aliases for k in (name_key(a), *latin_keys(a)) if k})
    keys = sorted(set(keys) | {k.split()[-1] for k in keys if " " in k})  # surnames, as the linker adds
    names = {"latin": max((a for a in aliases if a.isascii()), key=len, default=""),
             "ar": max((a for a in aliases if not a.isascii()), key=len, default="")}
    return EntityRecord(key, "PER", {k: v for k, v in names.items() if v}, aliases, keys, sum(aliases.values()))


@pytest.fixture
def people(bare_store):
    catalog = EntityCatalog({r.key: r for r in [
        _record("per:asaad shibani", {"Asaad al-Shibani": 3, "al-Shibani": 2, "الشيباني": 4}),
        _record("per:bashar assad", {"Bashar al-Assad": 2, "الأسد": 3}),
        _record("per:ahmed shara", {"Ahmed al-Shar’a": 1, "al-Shar’a": 2, "الشرع": 2, "أحمد": 1}),
        _record("per:putin", {"بوتين": 2}),
    ]})
    with bare_store.begin() as conn:
        ids = write_entities(conn, catalog, sorted(catalog.entities))
    return bare_store, ids


@pytest.mark.parametrize("query, key", [
    ("shibani", "per:asaad shibani"),
    ("Al-Shibani", "per:asaad shibani"),
    ("al-Assad", "per:bashar assad"),
    ("al-Shar'a", "per:ahmed shara"),
    ("al-Shar’a", "per:ahmed shara"),
    ("بشار الأسد", "per:bashar assad"),
    ("بشار الاسد", "per:bashar assad"),
    ("أحمد الشرع", "per:ahmed shara"),
    ("احمد الشرع", "per:ahmed shara"),
    ("Putin", "per:putin"),
])
def test_lookup_accepts_any_alias_article_apostrophe_and_letter_variant(people, query, key):
    store, ids = people
    with store.connect() as conn:
        assert find_entity(conn, query) == ids[key]


def test_lookup_of_an_unknown_name_is_a_coded_error(people):
    store, _ = people
    with store.connect() as conn, pytest.raises(NotFound, match="E501"):
        find_entity(conn, "Zelensky")
