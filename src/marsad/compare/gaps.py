"""Scraper-damage detection: places where words (usually link text) were stripped out.

When a scraper drops the text of a link, the words around it stay: "برئاسة بشار الأسد."
becomes "برئاسة .", "the head, Ahmed al-Shar'a, led" becomes "the head, Ahmed , led".
The rules below look for what clean text almost never has: a preposition or a construct
noun followed directly by punctuation, a known first name followed by a spaced comma,
"أن" followed by a verbal particle, a reporting verb followed by a bare adjective, empty
quotes. Each rule has a base confidence; a space before the punctuation (the trace of
the removed words) raises it. Offsets point where the missing words belong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marsad.model import Sentence

AR_PREPS = frozenset("في من إلى الى على عن مع عبر ضد بين عند حول نحو لدى بحسب حسب وفق مثل بعد قبل أمام خلال تجاه لصالح بواسطة".split())
AR_CONSTRUCT = {
    "برئاسة": "PER", "بقيادة": "PER", "رئيس": "PER", "وزير": "PER", "زعيم": "PER", "قائد": "PER",
    "نظام": "PER", "حكومة": "ANY", "مدينة": "LOC", "بلدة": "LOC", "محافظة": "LOC", "دولة": "LOC",
    "منطقة": "LOC", "مخيم": "LOC", "حركة": "ORG", "حزب": "ORG", "جماعة": "ORG", "وكالة": "ORG",
    "صحيفة": "ORG", "قناة": "ORG", "موقع": "ORG", "مجلة": "ORG", "دعم": "ANY", "خروج": "ANY",
}
AR_GIVEN = frozenset(
    "أحمد محمد محمود بشار حافظ ماهر علي حسن حسين عمر خالد عبد عبدالله عبدالرحمن فاروق رياض وليد "
    "فيصل سعد سعيد يوسف إبراهيم ابراهيم مصطفى أسعد اسعد رجب سيرغي سيرجي فلاديمير دونالد جو "
    "إيمانويل رفيق نبيه ميشال ميشيل سمير جبران نجيب هادي عادل طارق زياد أنس هيثم".split()
)
AR_PARTICLES = frozenset("لم لن قد لا سوف".split())
# Nouns that take a named owner or actor as their genitive ("مصلحة روسيا في", "خروج روسيا من",
# "دعم روسيا للأسد"): bare (no article, no accusative alif) and followed straight by a
# preposition, the owner is missing. Only right after a particle that opens a nominal clause
# or takes an object (AR_GOVERNORS): there Arabic does not start with an indefinite noun, and
# an indefinite object would carry the accusative alif ("خروجاً"); elsewhere "هجوم على قرية"
# is ordinary text. Measured on clean NTREX and UN Arabic (scripts/eval_gaps.py).
AR_RELATIONAL = frozenset(
    "مصلحة مصالح دعم خروج انسحاب موقف وجود قوات تأييد هجوم قصف سيطرة عودة زيارة".split()
)
AR_GOVERNORS = frozenset("أن إن لأن بأن كأن لكن يعني ما".split())
AR_ATTACHED_PREPS = ("لل", "بال")  # a preposition glued to the next word's article: "للأسد", "بالنظام"
AR_NISBA = frozenset(
    "السوري الروسي التركي الأمريكي الأميركي الإيراني العراقي اللبناني المصري السعودي الفرنسي البريطاني "
    "الأردني الفلسطيني الإسرائيلي القطري الإماراتي الألماني الصيني الأوكراني اليمني الليبي السوداني".split()
)
AR_REPORT = frozenset("كشف قال أكد أعلن أوضح صرح صرّح أشار نفى وأكد وقال وكشف وأعلن وأوضح".split())
EN_PREPS = {
    "of": 0.9, "in": 0.7, "at": 0.8, "by": 0.85, "with": 0.7, "from": 0.8, "to": 0.6, "for": 0.5,
    "on": 0.6, "about": 0.5, "under": 0.8, "between": 0.85, "against": 0.8, "toward": 0.8,
    "towards": 0.8, "near": 0.8, "via": 0.85, "through": 0.6, "into": 0.8, "the": 0.9, "a": 0.85,
    "an": 0.9, "told": 0.75, "president": 0.6, "minister": 0.6, "leader": 0.5, "including": 0.7,
}
EN_EXPECT = {"by": "PER", "president": "PER", "minister": "PER", "leader": "PER", "told": "PER", "in": "LOC", "at": "LOC", "near": "LOC"}
EN_GIVEN = frozenset(
    "ahmed ahmad mohammed muhammad mohammad bashar hafez maher ali hassan hussein omar khaled abdullah "
    "asaad asad sergei sergey vladimir donald joe emmanuel rafik nabih michel samir gebran najib "
    "recep tayyip benjamin antony hakan".split()
)
_TOKEN = re.compile(r"[\w\u0600-\u06ff’'\-]+|[^\w\s]")
PUNCT = frozenset(".،,؛;:؟?!\"”)»")
_EMPTY_QUOTES = re.compile(r"(?<!\w)\"\s*\"(?!\w)|“\s*”|«\s*»")
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")


@dataclass
class Fill:
    """A suggested text for a gap, where it comes from and how sure we are."""

    text: str
    lang: str | None
    confidence: float
    source: str  # "sister" (aligned sentence of another article) or "nearby" (same article)
    article_id: str
    sentence: int
    start: int  # span of the evidence in that article's text
    end: int
    evidence: str  # the surface form in the evidence article
    entity_id: object = None
    script_mismatch: bool = False  # the fill is not in the damaged article's script (ranked lower)
    note: str = ""  # e.g. "only a Latin-script name is known for this entity"


@dataclass
class Gap:
    """A place where words seem to be missing; ``offset`` indexes ``Article.text``."""

    article_id: str
    sentence: int
    offset: int
    rule: str
    confidence: float
    trigger: str  # the word before the hole
    expects: str = "ANY"  # PER, LOC, ORG or ANY: what kind of words most likely went missing
    context: str = ""
    fills: list[Fill] = field(default_factory=list)


def _bare(word: str) -> str:
    return _DIACRITICS.sub("", word)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _spaced(text: str, end: int, nxt: int) -> bool:
    return nxt > end and text[end:nxt].isspace()


def _closing(token: tuple[str, int, int] | None, text: str) -> bool:
    """A punctuation token that ends a phrase: not an opening quote, not "a.m." or "(a)"."""
    if not token or token[0] not in PUNCT:
        return False
    after = text[token[2]:token[2] + 1]
    if token[0] in "\".":
        return not after.isalnum()
    return True


def _arabic_rule(words: list[tuple[str, int, int]], k: int, text: str) -> tuple[str, float, str] | None:
    w, _, end = words[k]
    nxt = words[k + 1] if k + 1 < len(words) else None
    bare = _bare(w)
    stem = bare[1:] if bare[:1] in "وف" and len(bare) > 3 else bare
    if _closing(nxt, text):
        spaced = _spaced(text, end, nxt[1])
        if bare in AR_PREPS or stem in AR_PREPS:
            return "ar-preposition-punct", 0.9 if spaced else 0.6, "ANY"
        if bare in AR_CONSTRUCT or stem in AR_CONSTRUCT:
            return "ar-construct-punct", 0.85 if spaced else 0.55, AR_CONSTRUCT.get(bare, AR_CONSTRUCT.get(stem, "ANY"))
        if spaced and bare in AR_GIVEN and nxt[0] in "،,.":
            return "ar-first-name-punct", 0.8, "PER"
        return None
    if nxt and k > 0 and _bare(words[k - 1][0]) in AR_GOVERNORS and bare in AR_RELATIONAL and (_bare(nxt[0]) in AR_PREPS or (
            _bare(nxt[0]).startswith(AR_ATTACHED_PREPS) and len(nxt[0]) > 4)):
        return "ar-noun-preposition", 0.6, "ANY"
    if nxt and bare in ("أن", "لأن", "بأن") and nxt[0] in AR_PARTICLES:
        return "ar-an-particle", 0.7, "ANY"
    if nxt and stem in ("نظام", "حكومة") and nxt[0] in AR_PARTICLES:
        return "ar-construct-particle", 0.55, "PER"
    if nxt and bare in AR_REPORT and _bare(nxt[0]) in AR_NISBA and (k == 0 or words[k - 1][0] in PUNCT):
        return "ar-verb-adjective", 0.6, "PER"
    return None


def _english_rule(words: list[tuple[str, int, int]], k: int, text: str) -> tuple[str, float, str] | None:
    w, _, end = words[k]
    nxt = words[k + 1] if k + 1 < len(words) else None
    if not _closing(nxt, text) or (k > 0 and words[k - 1][0] == "("):
        return None
    low = w.lower()
    spaced = _spaced(text, end, nxt[1])
    if low in EN_PREPS:
        base = EN_PREPS[low]
        return "en-preposition-punct", min(0.95, base + 0.3) if spaced else base - 0.4, EN_EXPECT.get(low, "ANY")
    if spaced and low in EN_GIVEN and w[:1].isupper():
        return "en-first-name-punct", 0.8, "PER"
    if spaced and nxt[0] in ",.;:":
        return "en-space-before-punct", 0.5, "ANY"
    return None


def detect_gaps(
    text: str, sentences: list[Sentence], lang: str | None, article_id: str = "", min_confidence: float = 0.5
) -> list[Gap]:
    """Likely scraper gaps in an article's sentences, in text order (nothing is modified)."""
    gaps: list[Gap] = []
    for s in sentences:
        slang = s.lang or lang
        rule_of = _arabic_rule if slang == "ar" else _english_rule
        words = _tokens(text[s.start:s.end])
        for k, (w, _, end) in enumerate(words):
            found = rule_of(words, k, text[s.start:s.end])
            if found and found[1] >= min_confidence:
                offset = s.start + (words[k + 1][1] if found[0].endswith("punct") else end + 1)
                gaps.append(Gap(article_id, s.index, min(offset, s.end), found[0], round(found[1], 2), w, found[2],
                                text[max(s.start, offset - 40):min(s.end, offset + 20)]))
        for m in _EMPTY_QUOTES.finditer(text, s.start, s.end):
            gaps.append(Gap(article_id, s.index, m.start() + 1, "empty-quotes", 0.8, m.group(0), "ANY",
                            text[max(s.start, m.start() - 40):m.end() + 20]))
    return sorted(gaps, key=lambda g: g.offset)
