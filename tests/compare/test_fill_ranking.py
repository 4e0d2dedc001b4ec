"""Fill ranking: same-script fills first, other-script fills flagged, Arabic citation forms."""

from __future__ import annotations

from marsad.compare.gaps import detect_gaps
from marsad.compare.repair import Sister, citation_form, propose_fills
from marsad.model import Article, Mention, Sentence


def _article(aid: str, text: str, lang: str) -> Article:
    return Article(origin=aid, text=text, id=aid, lang=lang, sentences=[Sentence(0, 0, len(text), text, lang)])


AR = _article("ar", "سقط النظام السابق برئاسة .", "ar")
EN = _article("en", "The former regime under Bashar al-Assad fell.", "en")
EN_MENTION = Mention(24, 39, "Bashar al-Assad", "PER", 0, "en", "bashar assad", 1.0, 7)


def _fills(own: list[Mention], names: dict) -> list:
    gap = detect_gaps(AR.text, AR.sentences, "ar", "ar")[0]
    return propose_fills(gap, AR, own, [Sister(1, (0,), 0.9, (0,))], [AR, EN], [own, [EN_MENTION]], names)


def test_only_latin_name_known_is_flagged():
    fill = _fills([], {7: {"en": "Bashar al-Assad"}})[0]
    assert fill.text == "Bashar al-Assad" and fill.script_mismatch
    assert "only a Latin-script name" in fill.note


def test_arabic_fill_first_and_composed_from_single_words():
    later = AR.text + " بنظام بشار كنظام ودعم للأسد."
    at = [later.index("بشار"), later.index("للأسد")]
    own = [Mention(at[0], at[0] + 4, "بشار", "PER", 1, "ar", "بشار", 0.5, 7),
           Mention(at[1], at[1] + 5, "للأسد", "PER", 1, "ar", "اسد", 0.5, 7)]
    fills = _fills(own, {7: {"en": "Bashar al-Assad", "ar": "بشار"}})
    assert fills[0].text == "بشار الأسد" and not fills[0].script_mismatch


def test_same_script_beats_a_more_confident_other_script_fill():
    other = Mention(4, 10, "regime", "ORG", 0, "en", "regime", 1.0, 8)
    gap = detect_gaps(AR.text, AR.sentences, "ar", "ar")[0]
    fills = propose_fills(gap, AR, [], [Sister(1, (0,), 0.9, (0,))], [AR, EN], [[], [EN_MENTION, other]],
                          {7: {"ar": "الأسد", "en": "Bashar al-Assad"}, 8: {"en": "regime"}})
    assert [f.script_mismatch for f in fills] == sorted(f.script_mismatch for f in fills)
    assert fills[0].text == "الأسد"


def test_citation_form():
    assert citation_form("للأسد") == "الأسد"
    assert citation_form("والأسد") == "الأسد"
    assert citation_form("لبنان") == "لبنان"
    assert citation_form("Assad") == "Assad"
