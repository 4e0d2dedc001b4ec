"""Comparable facts of a span of text: numbers with their units, dates, entity ids.

These facts are what alignment rewards and what conflict detection compares. They are
language-neutral: Arabic-Indic and Persian digits become Latin digits, units and month
names map to one English key ("48 ساعة" and "48 hours" are both ``48 hour``), and
entities are compared by the ids the entity linker gave them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marsad.model import Mention

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,٫٬]\d+)*)(?:\s*(%|٪))?")
_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # not "0.125" nor "20.4"
_WORD = re.compile(r"[\w\u0600-\u06ff’'-]+")
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")

UNITS: dict[str, str] = {
    "hour": "hour", "hours": "hour", "ساعة": "hour", "ساعات": "hour", "ساعه": "hour",
    "day": "day", "days": "day", "يوم": "day", "يوما": "day", "أيام": "day", "ايام": "day",
    "week": "week", "weeks": "week", "أسبوع": "week", "أسابيع": "week", "اسابيع": "week",
    "month": "month", "months": "month", "شهر": "month", "أشهر": "month", "شهرا": "month",
    "year": "year", "years": "year", "عام": "year", "عاما": "year", "أعوام": "year", "سنة": "year", "سنوات": "year",
    "people": "person", "persons": "person", "شخص": "person", "أشخاص": "person", "شخصا": "person",
    "killed": "killed", "dead": "killed", "قتيل": "killed", "قتيلا": "killed", "قتلى": "killed",
    "wounded": "wounded", "injured": "wounded", "جريح": "wounded", "جريحا": "wounded", "جرحى": "wounded",
    "soldiers": "soldier", "troops": "soldier", "جندي": "soldier", "جنديا": "soldier", "جنود": "soldier",
    "percent": "percent", "per": "percent", "%": "percent", "٪": "percent", "بالمئة": "percent", "بالمائة": "percent",
    "million": "million", "مليون": "million", "billion": "billion", "مليار": "billion",
    "dollars": "dollar", "دولار": "dollar", "km": "km", "كيلومتر": "km", "كم": "km",
}
MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7,
    "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
    "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
}
ORDINALS: dict[str, int] = {
    "الأول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7,
    "الثامن": 8, "التاسع": 9, "العاشر": 10, "first": 1, "second": 2, "third": 3, "fourth": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
_MONTH_RE = re.compile(
    r"(?:(\d{1,2}|" + "|".join(ORDINALS) + r")(?:\s+من)?\s+)?(?<!\w)("
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")(?!\w)(?:\s+(\d{1,2})(?!\d)(?:st|nd|rd|th)?)?,?(?:\s+(?:عام\s+)?(\d{4}))?",
    re.IGNORECASE,
)
ACTOR_LABELS = frozenset({"PER", "ORG"})


@dataclass(frozen=True)
class Quantity:
    """A number in the text, its unit key (or ``""``) and where it is (relative offsets)."""

    value: str
    unit: str
    start: int
    end: int


@dataclass
class Facts:
    """What one span says that can be compared across languages."""

    quantities: list[Quantity] = field(default_factory=list)
    dates: set[tuple[int, int, int]] = field(default_factory=set)  # (year, month, day); 0 = unknown
    entities: dict[object, str] = field(default_factory=dict)  # entity id -> label
    names: dict[object, str] = field(default_factory=dict)  # entity id -> surface form here

    def numbers(self) -> set[str]:
        """The numeric values, without units (years included)."""
        return {q.value for q in self.quantities}


def normalise_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to Latin digits (length-preserving)."""
    return text.translate(_DIGITS)


def _unit(text: str, end: int, percent: str | None) -> str:
    if percent:
        return "percent"
    word = _WORD.search(text, end, min(len(text), end + 30))
    if not word or text[end:word.start()].strip():
        return ""
    key = _DIACRITICS.sub("", word.group(0)).lower()
    return UNITS.get(key, UNITS.get(key.removeprefix("ال"), ""))


def quantities(text: str) -> list[Quantity]:
    """Numbers with the unit word that follows them ("48 ساعة" -> 48 hour)."""
    text = normalise_digits(text)
    out = []
    for m in _NUMBER.finditer(text):
        value = re.sub(r"[,٬]", "", m.group(1)).replace("٫", ".")
        if _DOT_THOUSANDS.fullmatch(value):  # "360.000" (Arabic and European style) is 360000
            value = value.replace(".", "")
        out.append(Quantity(value, _unit(text, m.end(), m.group(2)), m.start(), m.end()))
    return out


def dates(text: str) -> set[tuple[int, int, int]]:
    """Calendar dates named with a month ("December 8, 2024", "الثامن من كانون الأول 2024"); a
    month name must be a whole word ("لممارسة" holds no مارس) and, in English, capitalised."""
    text = _DIACRITICS.sub("", normalise_digits(text))
    out = set()
    for m in _MONTH_RE.finditer(text):
        day_word, month, day_after, year = m.groups()
        if month.isascii() and not month[:1].isupper():
            continue  # "may", "march": a verb, not a month
        day = day_after or day_word or "0"
        day_n = int(day) if day.isdigit() else ORDINALS.get(day, ORDINALS.get(day.lower(), 0))
        out.add((int(year or 0), MONTHS.get(month, MONTHS.get(month.lower(), 0)), day_n if day_n <= 31 else 0))
    return out


def span_facts(text: str, start: int, end: int, mentions: list[Mention] | None = None) -> Facts:
    """The facts of ``text[start:end]``; ``mentions`` carry entity ids (offsets into ``text``)."""
    span = text[start:end]
    facts = Facts(quantities(span), dates(span))
    for m in mentions or []:
        if m.entity_id is not None and start <= m.start and m.end <= end:
            facts.entities.setdefault(m.entity_id, m.label)
            facts.names.setdefault(m.entity_id, m.text)
    return facts
