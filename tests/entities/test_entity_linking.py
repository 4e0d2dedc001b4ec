import pytest

from marsad.entities.linking import EntityCatalog, link
from marsad.model import Mention


def _m(text: str, label: str, start: int = 0, lang: str = "en") -> Mention:
    from marsad.entities.keys import name_key

    return Mention(start, start + len(text), text, label, 0, lang, name_key(text))


def test_partial_name_joins_the_full_name_in_a_story():
    mentions = {"a": [_m("Asaad al-Shibani", "PER"), _m("al-Shibani", "PER", 40)]}
    catalog = EntityCatalog()
    links = link(mentions, catalog, {"a": 1})
    assert len({key for _, _, key in links}) == 1


def test_cross_script_person_and_gazetteer_place():
    mentions = {
        "en": [_m("Ahmed al-Shar’a", "PER"), _m("Damascus", "LOC", 30)],
        "ar": [_m("الشرع", "PER", 0, "ar"), _m("دمشق", "LOC", 20, "ar")],
    }
    catalog = EntityCatalog()
    links = link(mentions, catalog, {"en": 7, "ar": 7})
    keys = {m.text: key for _, m, key in links}
    assert keys["الشرع"] == keys["Ahmed al-Shar’a"]
    assert keys["دمشق"] == keys["Damascus"] == "geo:city:170654"


def test_catalogue_round_trips_and_links_later_stories():
    catalog = EntityCatalog()
    link({"a": [_m("Asaad al-Shibani", "PER")]}, catalog, {"a": 1}, {"a": "2025-11-22"})
    again = EntityCatalog.from_records(catalog.to_records())
    links = link({"b": [_m("al-Shibani", "PER")]}, again, {"b": 2}, {"b": "2025-12-01"})
    (record,) = again.entities.values()
    assert links[0][2] == record.key
    assert record.mentions == 2 and record.first_seen == "2025-11-22" and record.last_seen == "2025-12-01"
    assert again.find("الشيباني") == [] or again.find("al-Shibani")[0].key == record.key


def test_linking_is_deterministic():
    def run():
        mentions = {"x": [_m("Tartus", "LOC"), _m("Russians", "LOC", 10)], "y": [_m("طرطوس", "LOC", 0, "ar")]}
        catalog = EntityCatalog()
        return [(a, m.text, k) for a, m, k in link(mentions, catalog, {"x": 1, "y": 1})], catalog.to_records()

    assert run() == run()
    links, _ = run()
    assert dict((t, k) for _, t, k in links)["Russians"] == "geo:country:RU"


@pytest.mark.slow
@pytest.mark.parametrize(
    "names",
    [("al-Shibani", "الشيباني", "Asaad al-Shibani", "أسعد الشيباني"), ("Ahmed al-Shar’a", "أحمد", "الشرع"),
     ("Russia", "روسيا", "الروس"), ("Damascus", "دمشق"), ("Aleppo", "حلب"), ("Hama", "حماة"),
     ("Bab al-Hawa", "باب الهوى"), ("Hmeimim", "حميميم"), ("Tartus", "طرطوس"), ("Moscow", "موسكو"),
     ("Al-Majalla", "المجلة")],
)
def test_seed_pairs_resolve_to_one_entity(linked_seeds, names):
    _, _, links = linked_seeds
    by_text = {}
    for _, m, key in links:
        by_text.setdefault(m.text, set()).add(key)
    keys = set()
    for name in names:
        assert name in by_text, f"{name} not recognised"
        keys |= by_text[name]
    assert len(keys) == 1, f"{names} -> {keys}"


# Precision list: every entity the system produces on the two seeds (reviewed by hand).
EXPECTED_SEED_ENTITIES = {
    "geo:country:RU", "geo:country:SY", "geo:city:170654", "geo:city:170063", "geo:city:170017",
    "geo:city:163345", "geo:city:524901", "geo:city:169389", "geo:place:bab-al-hawa", "geo:place:hmeimim",
    "per:asaad shibani", "per:ahmed shara", "per:bashar assad", "org:majalla", "org:syrian transitional government",
}
CORRECT_EXTRA = {"per:boutine"}  # Putin, Arabic only: right entity, romanised key


@pytest.mark.slow
def test_seed_entity_list_precision(linked_seeds):
    _, catalog, _ = linked_seeds
    produced = set(catalog.entities)
    assert EXPECTED_SEED_ENTITIES <= produced
    assert produced - EXPECTED_SEED_ENTITIES - CORRECT_EXTRA == set()


def test_incremental_index_links_like_a_fresh_catalogue():
    """Linking article by article on one catalogue ends as linking from reloaded records."""
    articles = {
        "a": [_m("Asaad al-Shibani", "PER"), _m("Damascus", "LOC", 30)],
        "b": [_m("al-Shibani", "PER"), _m("Bashar al-Assad", "PER", 20)],
        "c": [_m("الشيباني", "PER", 0, "ar"), _m("الأسد", "PER", 20, "ar")],
        "d": [_m("Assad", "PER")],
    }
    live, keys_live, keys_fresh = EntityCatalog(), [], []
    fresh = EntityCatalog()
    for n, aid in enumerate(sorted(articles)):
        keys_live += [k for _, _, k in link({aid: articles[aid]}, live, {aid: n})]
        fresh = EntityCatalog.from_records(fresh.to_records())
        keys_fresh += [k for _, _, k in link({aid: articles[aid]}, fresh, {aid: n})]
    assert keys_live == keys_fresh
    assert live.to_records() == fresh.to_records()
