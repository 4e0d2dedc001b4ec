"""Time expressions in English and Arabic, anchored to the publication date."""

from __future__ import annotations

from datetime import date

from hypothesis import given, strategies as st

from marsad.events.lexicon import AR_DAY_ORDINALS
from marsad.events.timex import find_timexes, interval

ANCHOR = date(2025, 11, 22)


def values(text: str, lang: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.value, t.kind) for t in find_timexes(text, lang, ANCHOR)]


def test_seed_absolute_dates_both_languages(en_article, ar_article) -> None:
    en = find_timexes(en_article.text, "en", ANCHOR)
    ar = find_timexes(ar_article.text, "ar", ANCHOR)
    assert ("December 8, 2024", "2024-12-08", "before") in [(t.text, t.value, t.mod) for t in en]
    assert ("الثامن من كانون الأول 2024", "2024-12-08", "before") in [(t.text, t.value, t.mod) for t in ar]


def test_vague_weeks_ago_is_a_range_before_publication(en_article, ar_article) -> None:
    for article in (en_article, ar_article):
        rel = [t for t in find_timexes(article.text, article.lang, ANCHOR) if t.kind == "relative"]
        assert [t.text for t in rel] in (["a few weeks ago"], ["قبل أسابيع"])
        assert rel[0].value == "2025-10-25/2025-11-08"
        lo, hi = interval(rel[0].value)
        assert lo < hi < ANCHOR


def test_durations_are_not_dates() -> None:
    assert values("within 48 hours", "en") == [("within 48 hours", "PT48H", "duration")]
    assert values("ربما خلال 48 ساعة", "ar") == [("خلال 48 ساعة", "PT48H", "duration")]
    assert values("48 hours", "en")[0][2] == "duration"
    assert values("for years", "en") == [("for years", "PXY", "duration")]
    assert values("دعمت لسنوات النظام", "ar") == [("لسنوات", "PXY", "duration")]
    assert interval("PT48H") is None


def test_levantine_msa_and_numeric_months() -> None:
    assert values("في 15 أيار", "ar") == [("15 أيار", "2025-05-15", "date")]
    assert values("الحادي والعشرين من تشرين الثاني", "ar")[0][1] == "2025-11-21"
    assert values("في 3 ديسمبر 2024", "ar")[0][1] == "2024-12-03"
    assert values("كانون الثاني 2025", "ar")[0][1] == "2025-01"
    assert values("on 22/11/2025", "en")[0][1] == "2025-11-22"
    assert values("the 8th of December 2024", "en")[0][1] == "2024-12-08"
    assert values("since 2011", "en")[0][1] == "2011"


def test_relative_days_and_counts() -> None:
    assert values("yesterday", "en")[0][1] == "2025-11-21"
    assert values("أمس", "ar")[0][1] == "2025-11-21"
    assert values("two days ago", "en")[0][1] == "2025-11-20"
    assert values("قبل يومين", "ar")[0][1] == "2025-11-20"
    assert values("منذ ثلاثة أشهر", "ar")[0][1] == "2025-08-22"
    assert values("اليوم الذي سقط فيه النظام", "ar") == []  # "the day on which", not today


def test_no_anchor_keeps_span_without_value() -> None:
    tx = find_timexes("a few weeks ago", "en", None)
    assert tx[0].kind == "relative" and tx[0].value == ""


EN_MONTH = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December"]
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]
ORDINAL = {v: k for k, v in AR_DAY_ORDINALS.items() if "الاول" not in k}


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
def test_roundtrip_formatted_dates(day: date) -> None:
    iso = day.isoformat()
    assert values(f"On {EN_MONTH[day.month - 1]} {day.day}, {day.year} it", "en")[0][1] == iso
    assert values(f"في {day.day} {LEVANTINE[day.month - 1]} {day.year}", "ar")[0][1] == iso
    assert values(f"قبيل {ORDINAL[day.day]} من {LEVANTINE[day.month - 1]} {day.year}", "ar")[0][1] == iso


@given(st.text(max_size=80))
def test_never_crashes_and_spans_are_exact(text: str) -> None:
    for lang in ("en", "ar"):
        for t in find_timexes(text, lang, ANCHOR):
            assert text[t.start:t.end] == t.text
