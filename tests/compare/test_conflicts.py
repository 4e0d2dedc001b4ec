"""When two matched claims conflict, and when the difference is only unresolved (no models)."""

from __future__ import annotations

from marsad.compare.conflicts import CONFLICT, MORE_SPECIFIC, UNRESOLVED, compare_facts, same_name
from marsad.compare.features import Facts, quantities
from marsad.compare.story import ArticleInfo, ClaimMatch, Conflict, CoverageRow, StoryClaim, source_summaries


def _actor(eid: object, name: str, label: str = "PER") -> Facts:
    return Facts(entities={eid: label}, names={eid: name})


def test_one_name_in_two_scripts_is_never_a_conflict():
    assert same_name("مايك بينس", "Mike Pence") and same_name("كتالونيا", "Catalonia")
    assert not same_name("الاتحاد الأوروبي", "Brexit") and not same_name("أسعد الشيباني", "Bashar al-Assad")
    # the linker left the two spellings apart, even though both articles know both ids
    diffs = compare_facts(_actor(1, "Mike Pence"), _actor(2, "مايك بينس"), known_a={1, 2}, known_b={1, 2})
    assert [(d.kind, d.relation) for d in diffs] == [("actor", UNRESOLVED)]
    assert "two spellings" in diffs[0].note


def test_unknown_correspondence_is_unresolved_and_known_is_a_conflict():
    a, b = _actor(1, "Asaad al-Shibani"), _actor(2, "Bashar al-Assad")
    assert compare_facts(a, b)[0].relation == UNRESOLVED  # no article context: unknown
    assert compare_facts(a, b, known_a={1}, known_b={2})[0].relation == UNRESOLVED  # b never names 1
    diffs = compare_facts(a, b, known_a={1, 2}, known_b={1, 2})
    assert [(d.kind, d.relation, d.a, d.b) for d in diffs] == [("actor", CONFLICT, ["Asaad al-Shibani"], ["Bashar al-Assad"])]


def test_a_place_named_on_one_side_only_is_more_specific():
    diffs = compare_facts(_actor("idlib", "Idlib", "LOC"), Facts(), known_a={"idlib"}, known_b={"idlib"})
    assert [(d.kind, d.relation) for d in diffs] == [("place", MORE_SPECIFIC)]


def test_figures_conflict_only_with_none_in_common():
    diffs = compare_facts(Facts(quantities("10,000 people outside and 200 people inside")), Facts(quantities("200 شخص")))
    assert [(d.kind, d.relation) for d in diffs] == [("number", MORE_SPECIFIC)]
    assert compare_facts(Facts(quantities("200 people")), Facts(quantities("300 شخص")))[0].relation == CONFLICT


def test_source_summaries_count_each_article_claims():
    arts = [ArticleInfo("a", "s1", "en", "A", 2), ArticleInfo("b", "s2", "ar", "B", 2), ArticleInfo("c", "s3", "en", "C", 1)]
    claims = [
        StoryClaim("a", 0, 0, 5, "one", "conflict", 0, [ClaimMatch("b", 2, 0.9)]),
        StoryClaim("a", 1, 6, 9, "two", "unique", 1),
        StoryClaim("b", 0, 0, 5, "one", "conflict", 0, [ClaimMatch("a", 0, 0.9)]),
        StoryClaim("b", 1, 6, 9, "three", "shared", 2, [ClaimMatch("c", 4, 0.8)]),
        StoryClaim("c", 0, 0, 5, "three", "shared", 2, [ClaimMatch("b", 3, 0.8)]),
    ]
    coverage = [CoverageRow(0, "conflict", {"a": [0], "b": [2]}), CoverageRow(1, "unique", {"a": [1]}),
                CoverageRow(2, "shared", {"b": [3], "c": [4]})]
    rows = {s.article_id: s for s in source_summaries(arts, claims, coverage, [Conflict(0, 2, "a", "b")])}
    assert (rows["a"].claims, rows["a"].shared, rows["a"].own, rows["a"].missing, rows["a"].contradicted) == (2, 0, 1, 1, 1)
    assert (rows["b"].claims, rows["b"].shared, rows["b"].own, rows["b"].missing, rows["b"].contradicted) == (2, 1, 0, 1, 1)
    assert (rows["c"].claims, rows["c"].shared, rows["c"].own, rows["c"].missing, rows["c"].contradicted) == (1, 1, 0, 2, 0)


def test_a_month_name_inside_a_word_or_a_lowercase_verb_is_no_date():
    from marsad.compare.features import dates

    assert dates("لا يمكن أن تكون أداة لممارسة الضغط") == set()  # "مارس" inside "ممارسة"
    assert dates("energy may be a tool; they march on") == set()
    assert dates("في 8 مارس 2020") == {(2020, 3, 8)} and dates("in May 2019") == {(2019, 5, 0)}
