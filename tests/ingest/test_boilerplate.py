"""strip_boilerplate: furniture lines in English and Arabic, edge fragments, header dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from marsad.ingest.boilerplate import is_furniture, strip_boilerplate
from marsad.text.normalise import clean_text

AR_SEED = "003_31f4c5ac5bfdc59e.txt"
EN_SEED = "000_caab26223d637160.txt"
FURNITURE_WORDS = ("Advertisement", "Related Articles", "Back to top button", "date 2025")


def test_english_seed_tail_is_removed(seeds_dir: Path) -> None:
    result = strip_boilerplate(clean_text((seeds_dir / EN_SEED).read_text(encoding="utf-8")))
    assert result.text.endswith("Hmeimim and Tartus.")
    assert result.text.startswith("Al-Shibani Reveals How the Opposition")
    assert set(result.removed) == {"Related Articles", "Back to top button"}
    assert result.header_date is None


def test_arabic_seed_header_gives_the_date(seeds_dir: Path) -> None:
    result = strip_boilerplate(clean_text((seeds_dir / AR_SEED).read_text(encoding="utf-8")))
    assert result.header_date == date(2025, 11, 22)
    assert result.text.startswith("كشف السوري أسعد الشيباني")
    assert result.removed == ["date 2025-11-22", "Advertisement"]
    assert not any(word in result.text for word in FURNITURE_WORDS)


def test_several_furniture_items_on_one_line_and_glued_to_text() -> None:
    text = "date 2025-11-22 Advertisement كشف السوري أسعد الشيباني.\n\nالنص.\nRelated Articles\n\nBack to top button date 2025-11-22 Advertisement"
    result = strip_boilerplate(text)
    assert result.text == "كشف السوري أسعد الشيباني.\n\nالنص."
    assert result.header_date == date(2025, 11, 22)


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement", "ADVERTISEMENT", "Related Articles", "Back to top button", "Share", "Share this article",
        "Read more", "Read more: Syria's new government names ministers", "All rights reserved © 2025 Example News",
        "We use cookies to improve your experience. By continuing to use this site you accept our policy.",
        "إعلان", "اقرأ أيضاً", "اقرأ أيضا", "إقرأ أيضاً: الشيباني يزور موسكو", "اقرأ المزيد", "شارك", "مواضيع ذات صلة",
        "تابعنا", "تابعنا على تويتر", "جميع الحقوق محفوظة © 2025", "زر الذهاب إلى الأعلى", "» Share", "Follow us on Twitter",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)
    result = strip_boilerplate(f"A real first sentence.\n{line}\nA real last sentence.")
    assert result.text == "A real first sentence.\nA real last sentence."
    assert result.removed == [line.strip()]


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell sharply after the announcement.",
        "Russia wants to share the bases with the new government.",
        "The advertisement campaign cost millions, he said.",
        "تابعنا الأخبار حتى الصباح ثم نمنا.",
        "إعلان الحكومة الجديدة جاء بعد أسابيع من المفاوضات.",
        "The company updated its privacy policy last week.",
    ],
)
def test_real_sentences_that_mention_furniture_words_stay(line: str) -> None:
    text = f"{line}\nAnother sentence."
    assert strip_boilerplate(text).text == text
    assert strip_boilerplate(line).text == line


def test_headline_list_after_related_articles_at_the_end_goes() -> None:
    body = "\n".join(f"Paragraph {i} of the story ends here." for i in range(6))
    text = body + "\nRelated Articles\nSyria and Russia sign deal\nNew minister named\n"
    result = strip_boilerplate(text)
    assert result.text == body
    assert "New minister named" in result.removed


def test_invalid_header_date_is_ignored() -> None:
    result = strip_boilerplate("date 2025-13-45 Advertisement\nText.")
    assert result.header_date is None and result.text == "Text."


def test_empty_text() -> None:
    assert strip_boilerplate("").text == ""
