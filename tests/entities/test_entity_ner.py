import pytest

from marsad.entities.ner import recognise
from marsad.model import Article, Sentence


def _article(text: str, lang: str | None) -> Article:
    return Article(origin="<test>", text=text, lang=lang, sentences=[Sentence(0, 0, len(text), text, lang)])


@pytest.mark.slow
def test_arabic_clitic_does_not_hide_the_name():
    art = _article("وصل الوفد إلى دمشق ثم زار الوزير وموسكو.", "ar")
    found = {(m.text, m.label) for m in recognise(art)}
    assert ("موسكو", "LOC") in found
    assert ("دمشق", "LOC") in found


@pytest.mark.slow
def test_mentions_point_at_the_text(seed_articles):
    for art in seed_articles:
        mentions = recognise(art)
        assert mentions
        for m in mentions:
            assert art.text[m.start : m.end] == m.text
            assert m.label in ("PER", "ORG", "LOC")
            assert m.norm


@pytest.mark.slow
def test_english_gazetteer_fixes_spacy_types(seed_articles):
    found = {(m.text, m.label) for m in recognise(seed_articles[0])}
    for place in ("Hama", "Aleppo", "Tartus", "Hmeimim", "Bab al-Hawa"):
        assert (place, "LOC") in found
    assert ("Al-Shibani Reveals", "PER") not in found


@pytest.mark.parametrize(
    "text, lang",
    [("", "en"), ("   ", "ar"), ("Le président Emmanuel Macron est arrivé à Damas.", "fr"), ("?!؟", None),
     ("Ankara ve Moskova arasında görüşme.", "tr"), ("پوتین به تهران رفت", "fa")],
)
def test_other_languages_degrade_without_crashing(text, lang):
    mentions = recognise(_article(text, lang))
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_fallback_finds_capitalised_spans():
    mentions = recognise(_article("Le président Emmanuel Macron est arrivé à Moscou.", "fr"))
    assert any(m.text == "Emmanuel Macron" for m in mentions) or any(m.text == "Emmanuel Macron" for m in recognise(_article("Le président Emmanuel Macron est arrivé à Moscou.", "fr"), misc=True))
