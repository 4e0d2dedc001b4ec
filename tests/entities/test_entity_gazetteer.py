import pytest

from marsad.entities.gazetteer import load_gazetteer


@pytest.mark.parametrize(
    "en, ar",
    [("Russia", "روسيا"), ("Syria", "سوريا"), ("Damascus", "دمشق"), ("Aleppo", "حلب"), ("Hama", "حماة"),
     ("Tartus", "طرطوس"), ("Moscow", "موسكو"), ("Idlib", "إدلب"), ("Hmeimim", "حميميم"), ("Bab al-Hawa", "باب الهوى")],
)
def test_places_have_one_id_in_both_scripts(en, ar):
    gaz = load_gazetteer()
    assert gaz.lookup(en) is not None
    assert gaz.lookup(en).id == gaz.lookup(ar).id


def test_demonyms_point_at_their_country():
    gaz = load_gazetteer()
    for form in ("Russians", "the Russians", "الروس"):
        assert gaz.demonym(form).id == "country:RU"
    assert gaz.adjective("الروسية").id == "country:RU"
    assert gaz.adjective("السوري").id == "country:SY"  # not Surrey (سوري in GeoNames)


def test_common_words_are_not_places():
    gaz = load_gazetteer()
    assert gaz.lookup("Assad") is None
    assert gaz.lookup("أحمد") is None
