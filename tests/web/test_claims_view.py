"""The large-story views of the story page: which two articles, and the claims list (no server)."""

from __future__ import annotations

from marsad.web.claims_view import claims_list, pick_pair

MEMBERS = [{"id": "ar1", "lang": "ar", "source": "aljazeera"}, {"id": "ar2", "lang": "ar", "source": "enab"},
           {"id": "en1", "lang": "en", "source": "reuters"}]


def test_pick_pair_keeps_a_valid_choice_and_defaults_across_languages():
    assert pick_pair(MEMBERS, "en1", "ar2") == ["en1", "ar2"]
    assert pick_pair(MEMBERS, "en1", "en1") == ["ar1", "en1"]  # the same article twice is not a pair
    assert pick_pair(MEMBERS, "nope", None) == ["ar1", "en1"]
    assert pick_pair(MEMBERS[:1], None, None) == ["ar1"]


def test_claims_list_has_one_item_per_row_with_a_badge_per_source():
    comparison = {"claims": [
        {"claim": 0, "row": 5, "article_id": "ar1", "sentence": 0, "status": "shared", "text": "وصل الوزير"},
        {"claim": 1, "row": 6, "article_id": "ar1", "sentence": 1, "status": "unique", "text": "قال إن"},
        {"claim": 2, "row": 5, "article_id": "en1", "sentence": 0, "status": "shared", "text": "The minister arrived"},
        {"claim": 3, "row": 5, "article_id": "en1", "sentence": 1, "status": "shared", "text": "on Monday"},
    ]}
    items = claims_list(comparison, MEMBERS)
    assert [(i["claim"], i["status"]) for i in items] == [(0, "shared"), (1, "unique")]
    badges = items[0]["badges"]
    assert [(b["source"], b["claims"]) for b in badges] == [("aljazeera", [0]), ("reuters", [2, 3])]
    assert [b["source"] for b in items[1]["badges"]] == ["aljazeera"]
