"""Actor candidates in a sentence: entity mentions plus nominal actors.

PLOVER actors are often not names: "the Syrian delegation", "its Russian counterpart",
"الوفد السوري", "الروس", "the opposition", "النظام السابق". This module finds those
phrases with a small bilingual table of countries (names, capitals, demonyms) and
sector nouns, and gives every candidate a language-independent ``code`` (a country,
"RUS" for "Moscow", "its Russian counterpart" and "الروس"; or "OPP", "REB", "GOV") so that events can be matched across languages even where the
entity linker left a mention unlinked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.model import Mention

# code: (English names/capitals, English demonym, Arabic names/capitals, Arabic demonym stem)
COUNTRIES: dict[str, tuple[list[str], str, list[str], str]] = {
    "SYR": (["Syria", "Damascus"], "Syrian", ["سوريا", "سورية", "دمشق"], "سور"),
    "RUS": (["Russia", "Moscow", "Kremlin", "Russian Federation"], "Russian", ["روسيا", "موسكو", "الكرملين"], "روس"),
    "TUR": (["Turkey", "Türkiye", "Ankara"], "Turkish", ["تركيا", "أنقرة"], "ترك"),
    "IRN": (["Iran", "Tehran"], "Iranian", ["إيران", "ايران", "طهران"], "إيران"),
    "ISR": (["Israel"], "Israeli", ["إسرائيل", "اسرائيل"], "إسرائيل"),
    "LBN": (["Lebanon", "Beirut"], "Lebanese", ["لبنان", "بيروت"], "لبنان"),
    "IRQ": (["Iraq", "Baghdad"], "Iraqi", ["العراق", "بغداد"], "عراق"),
    "JOR": (["Jordan", "Amman"], "Jordanian", ["الأردن", "عمان"], "أردن"),
    "USA": (["United States", "Washington", "US", "U.S.", "America"], "American", ["الولايات المتحدة", "واشنطن", "أمريكا", "أميركا"], "أمريك"),
    "EGY": (["Egypt", "Cairo"], "Egyptian", ["مصر", "القاهرة"], "مصر"),
    "SAU": (["Saudi Arabia", "Riyadh"], "Saudi", ["السعودية", "الرياض"], "سعود"),
    "QAT": (["Qatar", "Doha"], "Qatari", ["قطر", "الدوحة"], "قطر"),
    "UKR": (["Ukraine", "Kyiv", "Kiev"], "Ukrainian", ["أوكرانيا", "كييف"], "أوكران"),
    "CHN": (["China", "Beijing"], "Chinese", ["الصين", "بكين"], "صين"),
    "FRA": (["France", "Paris"], "French", ["فرنسا", "باريس"], "فرنس"),
    "GBR": (["Britain", "United Kingdom", "UK", "London"], "British", ["بريطانيا", "لندن"], "بريطان"),
    "PSE": (["Palestine", "Gaza"], "Palestinian", ["فلسطين", "غزة"], "فلسطين"),
}
_EN_SECTOR = {
    "delegation": "GOV", "government": "GOV", "side": "GOV", "counterpart": "GOV", "officials": "GOV",
    "authorities": "GOV", "president": "GOV", "minister": "GOV", "leadership": "GOV", "regime": "GOV",
    "forces": "MIL", "army": "MIL", "troops": "MIL", "military": "MIL", "air force": "MIL", "people": "",
}
_AR_SECTOR = {
    "الوفد": "GOV", "وفد": "GOV", "الجانب": "GOV", "الحكومة": "GOV", "نظيره": "GOV", "المسؤولين": "GOV",
    "السلطات": "GOV", "الرئيس": "GOV", "الوزير": "GOV", "النظام": "GOV", "القوات": "MIL", "الجيش": "MIL",
    "قوات": "MIL", "الطيران": "MIL", "سلاح الجو": "MIL", "الشعب": "",
}
_EN_BARE = {"the opposition": "OPP", "opposition": "OPP", "armed factions": "REB", "the factions": "REB",
            "rebels": "REB", "former regime": "GOV", "the regime": "GOV"}
_AR_BARE = {"المعارضة": "OPP", "الفصائل": "REB", "الفصائل المسلحة": "REB", "النظام السابق": "GOV",
            "النظام": "GOV", "الروس": "RUS", "الأمريكيين": "USA", "الأتراك": "TUR", "الإيرانيين": "IRN"}
# Who protests and who attacks in news reports, with their common plural forms (CAMEO sector codes).
_AR_BARE.update({w: "CVL" for w in (
    "المتظاهرون", "المتظاهرين", "متظاهرون", "متظاهرين", "متظاهرو", "المحتجون", "المحتجين", "محتجون", "محتجين",
    "المعتصمون", "المعتصمين", "الطلاب", "طلاب", "العمال", "عمال", "العاملين", "السكان", "الأهالي", "أهالي",
    "المواطنين", "المواطنون", "مواطنين", "الناس", "الآلاف", "آلاف", "الاف", "المئات", "مئات", "الشبان", "شبان")})
_AR_BARE.update({w: "REB" for w in (
    "مسلحون", "مسلحين", "المسلحون", "المسلحين", "مهاجم", "مهاجمون", "مهاجمين", "المهاجمون", "المهاجمين",
    "انتحاري", "الانتحاري", "انتحاريون", "المتمردون", "المتمردين", "متمردون", "متمردين", "مجهولون", "مجهولين",
    "سيارة مفخخة", "عبوة ناسفة")})
_AR_BARE.update({w: "MIL" for w in ("الجنود", "جنود", "الشرطة", "قوات الأمن", "قوات الامن", "الأمن")})


@dataclass
class Candidate:
    """A possible actor, recipient or location inside one sentence (sentence offsets)."""

    start: int
    end: int
    text: str
    label: str  # PER, ORG, LOC, or NOM for nominal actors
    code: str | None = None
    entity_id: int | None = None

    @property
    def is_place(self) -> bool:
        """A LOC that is not a country or capital (so a location, never an actor)."""
        return self.label == "LOC" and not self.code


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _name_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for code, (en, _, ar, _) in COUNTRIES.items():
        for name in en + ar:
            codes[name.lower()] = code
    return codes


_NAME_CODES = _name_codes()
_DEMONYMS_EN = {demonym.lower(): code for code, (_, demonym, _, _) in COUNTRIES.items()}
_EN_NOMINAL = re.compile(
    rf"(?<!\w)(?:(?:the|its|their|his)\s+)?(?P<dem>{_alt(list(_DEMONYMS_EN))})(?:\s+(?P<sec>{_alt(list(_EN_SECTOR))}))?(?!\w)"
    rf"|(?<!\w)(?:the\s+)?(?P<bare>{_alt(list(_EN_BARE))})(?!\w)", re.IGNORECASE)
_AR_DEM = {stem: code for code, (_, _, _, stem) in COUNTRIES.items()}
_AR_NOMINAL = re.compile(
    rf"(?<!\w)[وف]?(?:(?P<sec>{_alt(list(_AR_SECTOR))})\s+)?(?:ال)?(?P<dem>{_alt(list(_AR_DEM))})(?:ي|ية|يا|يين|يون)(?!\w)"
    rf"|(?<!\w)[وف]?(?:[بلك]|لل)?(?P<bare>{_alt(list(_AR_BARE))})(?!\w)")


def code_of(text: str) -> str | None:
    """Country code of a name, capital or demonym ("Moscow" -> "RUS"), else None."""
    key = re.sub(r"^(?:[وفبل]|لل)?(?=ال|\w{3})", "", text.strip()).lower() if re.match(r"[\u0600-\u06ff]", text.strip()) else text.strip().lower()
    key = key.removeprefix("the ")
    return _NAME_CODES.get(key) or _NAME_CODES.get(text.strip().lower()) or _DEMONYMS_EN.get(key)


def candidates(sentence: str, offset: int, mentions: list[Mention], lang: str | None) -> list[Candidate]:
    """Mentions inside ``sentence`` (article offset ``offset``) plus nominal actors not overlapping them."""
    end = offset + len(sentence)
    found = [Candidate(m.start - offset, m.end - offset, m.text, m.label, code_of(m.text), m.entity_id)
             for m in mentions if m.start >= offset and m.end <= end and m.label in ("PER", "ORG", "LOC")]
    pattern = _AR_NOMINAL if lang == "ar" else _EN_NOMINAL
    for match in pattern.finditer(sentence):
        if any(match.start() < c.end and c.start < match.end() for c in found):
            continue
        found.append(Candidate(match.start(), match.end(), match.group(0), "NOM", _nominal_code(match, lang)))
    return sorted(found, key=lambda c: c.start)


def _nominal_code(match: re.Match[str], lang: str | None) -> str:
    if match.group("bare"):
        table = _AR_BARE if lang == "ar" else _EN_BARE
        return table[match.group("bare") if lang == "ar" else match.group("bare").lower()]
    return _AR_DEM[match.group("dem")] if lang == "ar" else _DEMONYMS_EN[match.group("dem").lower()]
