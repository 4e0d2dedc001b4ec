"""Temporal expressions in English and Arabic, normalised against a publication date.

``find_timexes(text, lang, anchor)`` returns :class:`Timex` spans whose ``value`` is an
ISO 8601 string:

* ``date``: ``"2024-12-08"``, ``"2024-12"`` or ``"2024"``;
* ``relative``: resolved against the anchor, a date or a range
  (``"a few weeks ago"`` -> ``"2025-10-25/2025-11-08"``);
* ``duration``: ``"PT48H"``, ``"P3D"``, ``"PXY"`` (vague: some years) -- never a date;
* ``mod`` records "before"/"after" ("prior to December 8, 2024", "قبيل ...").

Month names come from our own tables (English, Modern Standard Arabic and Levantine /
Syriac months such as كانون الأول), day ordinals from words (الثامن = 8). dateparser
handles the Levantine months only with ``locales=['ar-SY']`` and returns nothing for
ordinal words, vague spans or durations, and ``search_dates`` turns "48 hours" into a
date, so neither is used on running text; see docs/evaluation.md.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from marsad.events.lexicon import (
    AR_DAY_ORDINALS,
    AR_MONTHS,
    AR_NUMBER_WORDS,
    EN_MONTHS,
    EN_NUMBER_WORDS,
)


@dataclass
class Timex:
    """A temporal expression: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    value: str
    kind: str  # "date", "range", "duration", "relative"
    mod: str | None = None  # "before" or "after"


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_EN_M = _alt(list(EN_MONTHS))
_AR_M = _alt(list(AR_MONTHS))
_AR_D = _alt(list(AR_DAY_ORDINALS))
_B = r"(?<![\w])"  # word start that also works for Arabic
_E = r"(?![\w])"
_Y = r"(?P<y>(?:1[89]|20)\d\d)"
_EN_DATES = [
    rf"{_B}(?P<m>{_EN_M})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{_Y})?{_E}",
    rf"{_B}(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_EN_M})\.?(?:,?\s+{_Y})?{_E}",
    rf"{_B}(?P<m>{_EN_M})\.?,?\s+{_Y}{_E}",
]
_AR_DATES = [
    rf"{_B}(?P<d>\d{{1,2}}|{_AR_D})\s+(?:من\s+)?(?:شهر\s+)?(?P<m>{_AR_M})(?:\s*[/(]\s*\w+\s*\)?)?(?:\s+(?:عام|سنة|العام))?(?:\s+{_Y})?{_E}",
    rf"{_B}(?:شهر\s+)?(?P<m>{_AR_M})(?:\s+(?:عام|سنة|العام))?\s+{_Y}{_E}",
]
_NUMERIC = [
    rf"{_B}{_Y}-(?P<mn>\d\d)-(?P<d>\d\d){_E}",
    rf"{_B}(?P<d>\d{{1,2}})/(?P<mn>\d{{1,2}})/{_Y}{_E}",
]
_YEAR = {"en": rf"{_B}(?:in|since|during|by)\s+{_Y}{_E}", "ar": rf"{_B}(?:عام|سنة|العام)\s+{_Y}{_E}"}
_BEFORE = {"en": r"(?:before|prior\s+to|until|ahead\s+of|by)\s+(?:the\s+)?$", "ar": r"(?:قبل|قبيل|حتى)\s+$"}
_AFTER = {"en": r"(?:after|since|following)\s+(?:the\s+)?$", "ar": r"(?:بعد|بُعيد|منذ)\s+$"}

# Units: name -> (ISO designator, days per unit for ranges)
_EN_UNITS = {"hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y", "decade": "10Y"}
_AR_UNITS = {
    "ساعة": ("H", 1), "ساعات": ("H", None), "ساعتين": ("H", 2),
    "يوم": ("D", 1), "أيام": ("D", None), "ايام": ("D", None), "يومين": ("D", 2), "يوما": ("D", 1), "يوماً": ("D", 1),
    "أسبوع": ("W", 1), "اسبوع": ("W", 1), "أسابيع": ("W", None), "اسابيع": ("W", None), "أسبوعين": ("W", 2), "اسبوعين": ("W", 2),
    "شهر": ("M", 1), "أشهر": ("M", None), "اشهر": ("M", None), "شهور": ("M", None), "شهرين": ("M", 2), "شهرا": ("M", 1), "شهراً": ("M", 1),
    "عام": ("Y", 1), "سنة": ("Y", 1), "أعوام": ("Y", None), "اعوام": ("Y", None), "سنوات": ("Y", None), "سنين": ("Y", None),
    "عامين": ("Y", 2), "سنتين": ("Y", 2), "عاما": ("Y", 1), "عاماً": ("Y", 1), "عقود": ("10Y", None), "عقد": ("10Y", 1),
}
_AR_U = _alt(list(_AR_UNITS))
_AR_N = r"(?:\d+|" + _alt(list(AR_NUMBER_WORDS)) + r")"
_EN_N = r"(?:\d+|an?|one|" + _alt(list(EN_NUMBER_WORDS)) + r")"
_EN_VAGUE = r"(?:a\s+few|few|several|some|many|a\s+couple\s+of)"
_AR_VAGUE = r"(?:بضعة|بضع|عدة|بعض)"
_EN_UNIT_RE = r"(?P<u>hour|day|week|month|year|decade)s?"

_EN_REL = [
    rf"{_B}(?:(?P<v>{_EN_VAGUE})|(?P<n>{_EN_N}))\s+{_EN_UNIT_RE}\s+ago{_E}",
    rf"{_B}(?:last|past)\s+(?P<u>week|month|year){_E}",
]
_AR_REL = [
    rf"{_B}(?:قبل|منذ)\s+(?:(?P<v>{_AR_VAGUE})\s+)?(?:(?P<n>{_AR_N})\s+)?(?P<u>{_AR_U}){_E}",
    rf"{_B}(?P<u>الأسبوع|الاسبوع|الشهر|العام|السنة)\s+(?:الماضي|الماضية|المنصرم|الفائت){_E}",
]
_EN_DUR = [
    rf"{_B}(?:(?:within|in|for|over|during|after)\s+(?:the\s+(?:next|past|last|coming)\s+)?)?(?:(?P<v>{_EN_VAGUE})|(?P<n>\d+|{_alt(list(EN_NUMBER_WORDS))}))\s+{_EN_UNIT_RE}{_E}",
    rf"{_B}(?:for|over)\s+(?P<u>hour|day|week|month|year|decade)s{_E}",
]
_AR_DUR = [
    rf"{_B}(?:(?:خلال|غضون|في\s+غضون|لمدة|طوال|طيلة|بعد)\s+)?(?:(?P<v>{_AR_VAGUE})\s+)?(?P<n>{_AR_N})\s+(?P<u>{_AR_U}){_E}",
    rf"{_B}(?:(?:خلال|غضون|في\s+غضون|لمدة|طوال|طيلة)\s+)(?:(?P<v>{_AR_VAGUE})\s+)?(?P<u>{_AR_U}){_E}",
    rf"{_B}ل(?P<u>سنوات|أعوام|اعوام|عقود|أشهر|شهور|أسابيع|أيام|ساعات){_E}",
]
_DAYWORDS = {
    "en": [(r"{B}yesterday{E}", -1), (r"{B}today{E}", 0), (r"{B}tomorrow{E}", 1)],
    "ar": [(r"{B}(?:أمس|الأمس|البارحة){E}", -1), (r"{B}اليوم(?!\s+(?:الذي|التالي|نفسه)){E}", 0), (r"{B}(?:غداً|غدا){E}", 1)],
}


def find_timexes(text: str, lang: str | None, anchor: date | datetime | None) -> list[Timex]:
    """Temporal expressions in ``text``, normalised against ``anchor`` (publication date).

    Without an anchor, relative expressions keep their span but get no value (``""``).
    """
    lang = "ar" if lang == "ar" else "en"
    base = anchor.date() if isinstance(anchor, datetime) else anchor
    folded = text.translate(_DIGITS)
    found: list[Timex] = []
    for finder in (_absolute, _relative, _durations, _daywords):
        for tx in finder(text, folded, lang, base):
            if not any(tx.start < f.end and f.start < tx.end for f in found):
                found.append(tx)
    return sorted(found, key=lambda t: t.start)


def _spans(patterns: list[str], folded: str, flags: int = re.IGNORECASE):
    for pattern in patterns:
        yield from re.finditer(pattern, folded, flags)


def _absolute(text: str, folded: str, lang: str, base: date | None) -> list[Timex]:
    out: list[Timex] = []
    patterns = _NUMERIC + (_AR_DATES + _EN_DATES if lang == "ar" else _EN_DATES + _AR_DATES) + [_YEAR[lang]]
    for m in _spans(patterns, folded):
        value = _date_value(m.groupdict(), base)
        if value and not any(m.start() < t.end and t.start < m.end() for t in out):
            start = m.start("y") if m.group(0).split()[0].lower() in {"in", "since", "during", "by", "عام", "سنة", "العام"} and "m" not in m.groupdict() else m.start()
            mod = _modifier(folded[:start], lang)
            out.append(Timex(start, m.end(), text[start:m.end()], value, "date", mod))
    return out


def _date_value(g: dict[str, str | None], base: date | None) -> str | None:
    month = int(g["mn"]) if g.get("mn") else _month(g.get("m"))
    day = _day(g.get("d"))
    year = int(g["y"]) if g.get("y") else None
    if month is None and year is not None and g.get("d") is None:
        return f"{year:04d}"
    if month is None or not 1 <= month <= 12:
        return None
    if year is None:
        if base is None or day is None:
            return None
        year = base.year if (month, day) <= (base.month, base.day) else base.year - 1
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month(name: str | None) -> int | None:
    if not name:
        return None
    key = " ".join(name.lower().rstrip(".").split())
    return EN_MONTHS.get(key) or AR_MONTHS.get(key)


def _day(word: str | None) -> int | None:
    if not word:
        return None
    return int(word) if word.isdigit() else AR_DAY_ORDINALS.get(" ".join(word.split()))


def _modifier(before: str, lang: str) -> str | None:
    tail = before[-30:]
    if re.search(_BEFORE[lang], tail, re.IGNORECASE):
        return "before"
    if re.search(_AFTER[lang], tail, re.IGNORECASE):
        return "after"
    return None


def _unit(word: str, lang: str) -> tuple[str, int | None]:
    if lang == "ar":
        return _AR_UNITS.get(word, ("D", None))
    return _EN_UNITS[word.lower()], None


def _count(g: dict[str, str | None], lang: str, implied: int | None) -> int | None:
    """An exact count, or None for a vague one ("a few", "قبل أسابيع")."""
    if g.get("v"):
        return None
    n = g.get("n")
    if not n:
        return implied if lang == "ar" else 1
    n = n.lower()
    if n.isdigit():
        return int(n)
    if n in {"a", "an", "one"}:
        return 1
    return EN_NUMBER_WORDS.get(n) or AR_NUMBER_WORDS.get(n)


def _relative(text: str, folded: str, lang: str, base: date | None) -> list[Timex]:
    out = []
    for m in _spans(_AR_REL if lang == "ar" else _EN_REL, folded):
        g = m.groupdict()
        if g.get("n") is None and g.get("v") is None and m.group(0).split()[0].lower() in {"last", "past"} | {"الأسبوع", "الاسبوع", "الشهر", "العام", "السنة"}:
            unit, count = _PERIOD_UNITS[g["u"].lower()], 1
        else:
            unit, implied = _unit(g["u"], lang)
            count = _count(g, lang, implied)
        value = _ago(base, unit, count) if base else ""
        out.append(Timex(m.start(), m.end(), text[m.start():m.end()], value, "relative"))
    return out


_PERIOD_UNITS = {"week": "W", "month": "M", "year": "Y", "الأسبوع": "W", "الاسبوع": "W", "الشهر": "M", "العام": "Y", "السنة": "Y"}


def _ago(base: date, unit: str, count: int | None) -> str:
    """The date ``count`` units before ``base``; a vague count gives 2..4 units before."""
    if count is None:
        return f"{_minus(base, unit, 4).isoformat()}/{_minus(base, unit, 2).isoformat()}"
    return _minus(base, unit, count).isoformat()


def _minus(base: date, unit: str, count: int) -> date:
    if unit in ("D", "H"):
        return base - timedelta(days=count if unit == "D" else count // 24)
    if unit == "W":
        return base - timedelta(weeks=count)
    months = count * {"M": 1, "Y": 12, "10Y": 120}[unit]
    year, month = divmod(base.year * 12 + base.month - 1 - months, 12)
    return date(year, month + 1, min(base.day, calendar.monthrange(year, month + 1)[1]))


def _durations(text: str, folded: str, lang: str, base: date | None) -> list[Timex]:
    out = []
    for m in _spans(_AR_DUR if lang == "ar" else _EN_DUR, folded):
        g = m.groupdict()
        unit, implied = _unit(g["u"], lang)
        count = _count(g, lang, implied) if (g.get("n") or g.get("v")) else (implied if lang == "ar" else None)
        if lang == "ar" and not g.get("n") and not g.get("v") and implied is None:
            count = None
        out.append(Timex(m.start(), m.end(), text[m.start():m.end()], _iso_duration(unit, count), "duration"))
    return out


def _iso_duration(unit: str, count: int | None) -> str:
    n = "X" if count is None else str(count)
    if unit == "10Y":
        return "PXY" if count is None else f"P{count * 10}Y"
    return f"PT{n}H" if unit == "H" else f"P{n}{unit}"


def _daywords(text: str, folded: str, lang: str, base: date | None) -> list[Timex]:
    out = []
    for pattern, offset in _DAYWORDS[lang]:
        for m in _spans([pattern.format(B=_B, E=_E)], folded):
            value = (base + timedelta(days=offset)).isoformat() if base else ""
            out.append(Timex(m.start(), m.end(), text[m.start():m.end()], value, "relative"))
    return out


def interval(value: str | None) -> tuple[date | None, date | None] | None:
    """The (first, last) day a date/range value covers; open ends are None.

    Returns None for durations and empty values (they are not positions in time).
    """
    if not value or value.startswith("P"):
        return None
    if "/" in value:
        lo, hi = value.split("/", 1)
        first = _bounds(lo)
        last = _bounds(hi)
        return (first[0] if first else None, last[1] if last else None)
    return _bounds(value)


def _bounds(value: str) -> tuple[date, date] | None:
    parts = value.split("-")
    if value in ("..", "") or not parts[0].isdigit():
        return None
    year = int(parts[0])
    if len(parts) == 1:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(parts[1])
    if len(parts) == 2:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(parts[2]))
    return day, day
