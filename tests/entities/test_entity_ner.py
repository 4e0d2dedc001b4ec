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


def _gazetteer_spans_reference(tokens, stoplist):
    """The plain longest-match scan (every token, every length), which the fast one must equal."""
    from marsad.entities.gazetteer import load_gazetteer
    from marsad.entities.keys import clitic_splits, name_key
    from marsad.entities.ner_ar import _single_place

    gaz, out, i = load_gazetteer(), [], 0
    while i < len(tokens):
        for n in range(min(gaz.max_words, len(tokens) - i), 0, -1):
            words = [t.form for t in tokens[i : i + n]]
            rest = [name_key(w) for w in words[1:]]
            if any(key in gaz.demonyms or key in gaz.by_key and (n > 1 or _single_place(words[0], cut, key, stoplist))
                   for cut, first in clitic_splits(words[0]) for key in [" ".join([first] + rest)]):
                out.append((i, i + n, "LOC", 0.9))
                i += n - 1
                break
        i += 1
    return out


def test_gazetteer_scan_skips_only_impossible_starts(seed_articles):
    from marsad.entities.ner import arabic_tagger
    from marsad.entities.ner_ar import _gazetteer_spans
    from marsad.entities.tokens import tokenize

    stoplist = arabic_tagger().stoplist
    text = "\n".join(a.text for a in seed_articles) + "\nوصل وفد من الولايات المتحدة الأمريكية إلى المملكة العربية السعودية وللروس قاعدة في طرطوس وفي New York"
    tokens = tokenize(text, 0, len(text))
    found = _gazetteer_spans(tokens, stoplist)
    assert found == _gazetteer_spans_reference(tokens, stoplist)
    assert len(found) >= 10


@pytest.mark.slow
def test_arabic_common_word_is_not_a_gazetteer_place():
    art = _article("حققت الشركة أرباحا كبيرة في دمشق هذا العام.", "ar")
    found = {(m.text, m.label) for m in recognise(art)}
    assert ("دمشق", "LOC") in found
    assert not any(m.text.endswith("كبيرة") for m in recognise(art))


@pytest.mark.slow
def test_arabic_first_name_starting_with_a_preposition_letter_is_kept():
    from marsad.entities.ner_ar import tag_sentences

    from marsad.entities.ner import arabic_tagger

    words = "وقال المبعوث الأميركي كريستوفر هيل إن المحادثات ستستمر".split()
    labels = tag_sentences(arabic_tagger(), [words])[0]
    assert labels[words.index("كريستوفر")] == "B-PER" and labels[words.index("هيل")] == "I-PER"


@pytest.mark.slow
def test_english_crf_tags_conll_types_and_drops_misc():
    from marsad.entities.ner_en import tag_sentences

    words = "Angela Merkel met Siemens executives in Munich on Tuesday , German media said .".split()
    labels = tag_sentences([words])[0]
    assert len(labels) == len(words)
    assert labels[:2] == ["B-PER", "I-PER"] and labels[words.index("Munich")] == "B-LOC"
    assert not any(t.endswith("MISC") for t in labels)
