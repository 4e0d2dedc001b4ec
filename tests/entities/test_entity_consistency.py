import pytest

from marsad.entities.consistency import majority_types, spans_to_labels
from marsad.entities.features_en import org_cues


def test_majority_type_wins_across_the_article():
    text = "Jordan met Jordan. Jordan said Amman and Jordan agreed."
    at = [i for i in range(len(text)) if text.startswith("Jordan", i)]
    spans = [(at[0], at[0] + 6, "PER", 0.9), (at[1], at[1] + 6, "LOC", 0.6), (at[2], at[2] + 6, "PER", 0.7),
             (at[3], at[3] + 6, "PER", 0.8), (31, 35, "LOC", 0.9)]
    out = majority_types(text, spans)
    assert [s[2] for s in out] == ["PER", "PER", "PER", "PER", "LOC"]
    assert [s[:2] for s in out] == [s[:2] for s in spans]  # offsets and scores untouched
    assert out[1][3] == 0.6


def test_majority_tie_goes_to_the_surer_type_and_misc_is_left_alone():
    text = "Siemens Siemens Paris"
    spans = [(0, 7, "PER", 0.5), (8, 15, "ORG", 0.9), (16, 21, "MISC", 0.4)]
    assert [s[2] for s in majority_types(text, spans)] == ["ORG", "ORG", "MISC"]


def test_spans_to_labels_marks_every_covered_word():
    words = ["Bank", "of", "England", "said"]
    starts = [0, 5, 8, 16]
    assert spans_to_labels(words, starts, [(0, 15, "ORG", 1.0)]) == ["B-ORG", "I-ORG", "I-ORG", "O"]


def test_org_cues_mark_capitalised_runs_with_a_head_word():
    words = "Angela Merkel met the Bank of England and the Free Syrian Army in Berlin .".split()
    cues = dict(zip(words, org_cues(words), strict=False))
    assert cues["Bank"] == "head" and cues["England"] == "run" and cues["Army"] == "head" and cues["Free"] == "run"
    assert cues["Angela"] == "no" and cues["Berlin"] == "no" and cues["met"] == "no"


@pytest.mark.slow
def test_arabic_windows_make_repeated_names_consistent():
    from marsad.entities.ner import arabic_tagger
    from marsad.entities.ner_ar import tag_sentences, tag_windows

    sents = [s.split() for s in ("وصل الوزير إلى دمشق أمس", "وقال إن دمشق ترحب بالزيارة")]
    windowed = tag_windows(arabic_tagger(), sents, window=2)
    assert [len(x) for x in windowed] == [len(s) for s in sents]
    assert windowed[0][3] == "B-LOC" and windowed[1][2] == "B-LOC"
    # one sentence per window: the same labels as the sentence tagger's propagation-free run
    alone = tag_windows(arabic_tagger(), sents, window=1, majority=False)
    assert alone == tag_sentences(arabic_tagger(), sents)


@pytest.mark.slow
def test_english_windows_find_a_name_again():
    from marsad.entities.ner_en import crf_tagger, tag_windows

    sents = [s.split() for s in ("Asaad al-Shibani arrived in Damascus on Monday .", "Al-Shibani Reveals the plan .")]
    labels = tag_windows(crf_tagger(), sents, window=2)
    assert labels[0][:2] == ["B-PER", "I-PER"]
    assert labels[1][0] == "B-PER"


def test_cluster_table_gives_prefix_features(tmp_path):
    import gzip

    from marsad.entities import clusters

    table = tmp_path / "clusters_ar.tsv.gz"
    with gzip.open(table, "wt", encoding="utf-8") as fh:
        fh.write("موسكو\t0000001110111\nدمشق\t0000001110100\n")
    clusters.use_clusters("ar", table)
    try:
        bits = clusters.clusters("ar")
        assert bits["دمشق"].startswith("000000111")
        feats = clusters.prefix_features("c", bits["موسكو"])
        assert feats == {"c4": "0000", "c6": "000000", "c10": "0000001110", "c16": "0000001110111"}
        assert clusters.prefix_features("c", None) == {"c": "unk"}
    finally:
        clusters.use_clusters("ar", clusters.MODELS_DIR / "clusters_ar.tsv.gz")
    assert clusters.clusters("ar") == {}  # no table ships: the features are off


def test_headlines_get_no_org_cues():
    from marsad.entities.features_en import title_case

    headline = "Al-Shibani Reveals How the Opposition Dealt with Russian Forces Before the Fall of Assad’s Regime".split()
    assert title_case(headline) and set(org_cues(headline)) == {"no"}
    assert not title_case("Angela Merkel met the Bank of England in Berlin .".split())


def test_arabic_propagation_finds_parts_and_repeats_of_longer_names():
    from marsad.entities.ner_ar import propagate

    text = "التقى سهل بن حنيف بالوفد. ثم قال سهل إن المدينة النبوية هادئة. وزار حنيف والمدينة النبوية."
    def at(word, nth=0):
        i = -1
        for _ in range(nth + 1):
            i = text.index(word, i + 1)
        return i
    spans = [(at("سهل"), at("سهل") + len("سهل بن حنيف"), "PER", 0.9),
             (at("المدينة"), at("المدينة") + len("المدينة النبوية"), "LOC", 0.9)]
    out = {(text[s:e], lab) for s, e, lab, _ in propagate(text, [(0, len(text))], spans)}
    assert ("سهل", "PER") in out  # the first word of a person's name, alone
    assert ("حنيف", "PER") in out  # and the last
    assert ("المدينة النبوية", "LOC") in out and len([x for x in out if x[0] == "المدينة النبوية"]) == 1
    found = [text[s:e] for s, e, _, _ in propagate(text, [(0, len(text))], spans)]
    assert found.count("المدينة النبوية") == 2  # the repeat behind و is found too
    assert "بن" not in found


def test_weekdays_are_not_names_nor_parts_of_names():
    """NTREX: "Friday" tagged PER in five documents, "U.N. General Assembly Saturday" as one ORG."""
    from marsad.entities.ner_en import _without_days

    text = "Trump spoke at the U.N. General Assembly Saturday and left."
    s = text.index("U.N.")
    e = text.index(" and")
    assert _without_days(text, (s, e, "ORG", 0.9), 0) == (s, text.index(" Saturday"), "ORG", 0.9)
    assert _without_days("Friday", (0, 6, "PER", 0.9), 0) is None
    assert _without_days("Theresa May", (0, 11, "PER", 0.9), 0) == (0, 11, "PER", 0.9)  # May is a name too
