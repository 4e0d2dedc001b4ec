from hypothesis import given
from hypothesis import strategies as st

from marsad.entities.keys import clitic_splits, fold_arabic, latin_key, name_key, skeleton


def test_fold_arabic_unifies_alef_ya_ta_marbuta():
    assert fold_arabic("أإآى ة") == "اااي ه"
    assert fold_arabic("مُحَمَّد") == "محمد"


def test_name_key_drops_article_in_both_scripts():
    assert name_key("أسعد الشيباني") == "اسعد شيباني"
    assert name_key("Asaad al-Shibani") == "asaad shibani"
    assert latin_key("Ahmed al-Shar’a") == "ahmed shara"


def test_clitic_splits_offer_the_bare_name():
    assert (1, "موسكو") in clitic_splits("وموسكو")
    assert clitic_splits("وموسكو")[0] == (0, "وموسكو")
    assert (2, "شيباني") in clitic_splits("للشيباني")


def test_skeleton_matches_spelling_variants():
    assert skeleton("shibani") == skeleton("shaibani")
    assert skeleton("tartus") == skeleton("tartous")


@given(st.text(max_size=40))
def test_keys_never_crash(text):
    assert isinstance(name_key(text), str)
    for cut, rest in clitic_splits(text):
        assert 0 <= cut <= len(text)
