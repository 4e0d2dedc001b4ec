"""Word tables for time expressions in English and Arabic (our own, see timex.py)."""

from __future__ import annotations

_EN_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july",
                   "august", "september", "october", "november", "december"]
EN_MONTHS: dict[str, int] = {name: i + 1 for i, name in enumerate(_EN_MONTH_NAMES)}
EN_MONTHS.update({name[:3]: i + 1 for i, name in enumerate(_EN_MONTH_NAMES) if name != "may"})
EN_MONTHS["sept"] = 9

# Modern Standard Arabic (Egypt/Gulf) and Levantine/Iraqi (Syriac) month names.
AR_MONTHS: dict[str, int] = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9,
    "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "اب": 8, "أيلول": 9, "ايلول": 9,
    "تشرين الأول": 10, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
}

_UNITS = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
_TEENS = ["الحادي عشر", "الثاني عشر", "الثالث عشر", "الرابع عشر", "الخامس عشر",
          "السادس عشر", "السابع عشر", "الثامن عشر", "التاسع عشر"]


def _day_ordinals() -> dict[str, int]:
    days = {word: i + 1 for i, word in enumerate(_UNITS)}
    days.update({"الاول": 1, "العاشر": 10, "العشرين": 20, "الثلاثين": 30})
    days.update({word: i + 11 for i, word in enumerate(_TEENS)})
    for tens, base in (("العشرين", 20), ("الثلاثين", 30)):
        for i, unit in enumerate(["الحادي"] + _UNITS[1:]):
            if base + i + 1 <= 31:
                days[f"{unit} و{tens}"] = base + i + 1
    return days


AR_DAY_ORDINALS: dict[str, int] = _day_ordinals()

EN_NUMBER_WORDS: dict[str, int] = {
    w: i + 2 for i, w in enumerate(["two", "three", "four", "five", "six", "seven", "eight", "nine",
                                    "ten", "eleven", "twelve"])
}
AR_NUMBER_WORDS: dict[str, int] = {
    "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "اربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6,
    "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10,
}
