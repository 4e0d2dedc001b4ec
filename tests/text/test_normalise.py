"""clean_text, fold*, strip_clitics."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from marsad.text.normalise import clean_text, fold, fold_arabic, fold_with_offsets, strip_clitics

AR_SEED = "003_31f4c5ac5bfdc59e.txt"
EN_SEED = "000_caab26223d637160.txt"


def test_seed_no_break_spaces_become_spaces(seeds_dir: Path) -> None:
    text = clean_text((seeds_dir / EN_SEED).read_text(encoding="utf-8"))
    assert "\xa0" not in text and "Hmeimim and Tartus." in text


def test_arabic_seed_letters_survive_nfkc(seeds_dir: Path) -> None:
    raw = (seeds_dir / AR_SEED).read_text(encoding="utf-8")
    text = clean_text(raw)
    letters = lambda s: [c for c in s if unicodedata.category(c) == "Lo"]  # noqa: E731
    assert letters(text) == letters(raw)
    assert "الشيباني" in text and "أُعجب" in text


def test_presentation_forms_and_lam_alef_ligature_become_letters() -> None:
    assert clean_text("\ufefb\u0020\ufe8d\ufedf\ufee4\ufea0\ufee0\ufe94") == "لا المجلة"


def test_invisible_and_bidi_controls_are_removed() -> None:
    raw = "\u200fسوريا\u200e \u202bدمشق\u202c\u2066x\u2069 ab\u00adc\u200b\ufeffd\u061c"
    assert clean_text(raw) == "سوريا دمشقx abcd"


def test_spaces_and_newlines_are_normalised() -> None:
    raw = "  one\u00a0\u2009two\t three  \r\nfour \u2028five\r\r\n\n\n\nsix  "
    assert clean_text(raw) == "one two three\nfour\nfive\n\nsix"


def test_fold_arabic_variants() -> None:
    assert fold_arabic("أحمد إدلب آمن ٱلله") == "احمد ادلب امن الله"
    assert fold_arabic("مستشفى المجلة مؤتمر رئيس") == "مستشفي المجله موتمر رييس"
    assert fold_arabic("أُعجب الصنّارة عُقِد جداً") == "اعجب الصناره عقد جدا"
    assert fold_arabic("ســـوريا") == "سوريا"
    assert "ء" not in fold_arabic("أ إ آ")


def test_fold_case_folds_latin_only() -> None:
    assert fold("Al-Shibani الشيباني STRASSE Straße") == "al-shibani الشيباني strasse strasse"


def test_fold_with_offsets_maps_back_to_original_spans() -> None:
    text = "قال أسعدُ الشيباني: Straße"
    folded, offsets = fold_with_offsets(text)
    assert folded == fold(text) and len(offsets) == len(folded)
    start = folded.index("اسعد")
    end = start + len("اسعد")
    assert text[offsets[start]:offsets[end - 1] + 1] == "أسعد"
    s = folded.index("strasse")
    assert text[offsets[s]:offsets[s + 6] + 1] == "Straße"


@given(st.text(max_size=200))
def test_fold_with_offsets_is_consistent(text: str) -> None:
    folded, offsets = fold_with_offsets(text)
    assert folded == fold(text)
    assert len(offsets) == len(folded)
    assert offsets == sorted(offsets) and all(0 <= i < len(text) for i in offsets)


@given(st.text(max_size=300))
def test_clean_text_is_idempotent_and_tidy(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert "  " not in once and "\r" not in once and "\xa0" not in once and once == once.strip()


def test_strip_clitics() -> None:
    assert strip_clitics("والشيباني") == "شيباني"
    assert strip_clitics("بالعاصمة") == "عاصمة"
    assert strip_clitics("للروس") == "روس"
    assert strip_clitics("وسوريا") == "سوريا"
    assert strip_clitics("بدمشق") == "دمشق"
    assert strip_clitics("الأسد") == "أسد"
    assert strip_clitics("فتوصلنا") == "توصلنا"


def test_strip_clitics_keeps_short_words_whole() -> None:
    for word in ("وصل", "بلد", "كان", "الله", "لم", "ال", "و", "فيه"):
        assert strip_clitics(word) == word
