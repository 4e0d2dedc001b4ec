"""Snippets from the matching sentence, with the query's words marked (both scripts, ال-aware)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from marsad.search.highlight import best_sentence, cut, highlights
from marsad.web.pages import marked_pieces


def test_arabic_query_word_matches_prefixed_forms() -> None:
    text = "وصل الوزير إلى العاصمة الروسية وبالعاصمة التقى بوتين"
    spans = highlights(text, "عاصمة")
    assert [text[a:b] for a, b in spans] == ["العاصمة", "وبالعاصمة"]


def test_english_words_match_case_and_stem() -> None:
    text = "Russian airstrikes hit Idlib; an airstrike in Aleppo followed."
    assert [text[a:b] for a, b in highlights(text, "airstrikes idlib")] == ["airstrikes", "Idlib", "airstrike"]


def test_best_sentence_is_the_one_with_most_query_words() -> None:
    sentences = ["Shibani travelled abroad.", "The Hmeimim air base was discussed.", "Moscow and the Hmeimim base."]
    assert best_sentence(sentences, "Hmeimim air base") == 1
    assert best_sentence(sentences, "nothing here") is None


def test_cut_keeps_the_first_match_in_view() -> None:
    text = "word " * 80 + "Hmeimim base"
    piece, spans = cut(text, highlights(text, "Hmeimim"), width=60)
    assert piece.startswith("…") and len(piece) <= 61
    assert [piece[a:b] for a, b in spans] == ["Hmeimim"]


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="abc ابت", max_size=40), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=5))
def test_marked_pieces_always_rebuild_the_text(text: str, raw: list[tuple[int, int]]) -> None:
    spans = [(a, b) for a, b in raw if a < b]
    assert "".join(p for p, _ in marked_pieces(text, spans)) == text
