"""Cue words for PLOVER event types, negation and hypotheticals, in English and Arabic.

Each cue is a regular expression matched on a sentence; its match is the event's
trigger span (the "exact source span" of the event). Arabic cues allow the clitics
و/ف (and), ب/ل/ك (prepositions) and ال (article) in front and list the inflected
forms explicitly (a bare stem such as زار would also match وزارة, "ministry").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

_EN: dict[str, str] = {
    "AGREE": r"agree[ds]?|agreements?|accords?|pledged?|promised?|signed|ceasefire|truce",
    "CONSULT": r"meet(?:s|ings?)?|met|talks|visit(?:s|ed|ing)?|host(?:s|ed)|consult(?:s|ed|ations?)?|"
               r"negotiat(?:e|ed|es|ing|ions?)|discuss(?:ed|es|ions?)?|engage with|phone call|summit|communicat(?:ed|ion)",
    "SUPPORT": r"support(?:s|ed|ing)?|back(?:s|ed|ing)|endorse[ds]?|praise[ds]?",
    "CONCEDE": r"concede[ds]?|concessions?|apologi[sz]e[ds]?|releas(?:e|ed|es) (?:of )?(?:the )?(?:prisoners|detainees|hostages)|lift(?:ed)? (?:the )?sanctions",
    "COOPERATE": r"cooperat(?:e|ed|es|ion|ing)|coordinat(?:e|ed|ion)|partnership|work(?:ed)? together",
    "AID": r"aid|humanitarian assistance|assistance|relief supplies|provided (?:weapons|arms)",
    "RETREAT": r"withdr[ae]w(?:al|n|s|ing)?|pull(?:ed|s)? out|retreat(?:ed|s)?|evacuat(?:e|ed|ion)|leave \w+|repositioning",
    "REQUEST": r"request(?:s|ed|ing)?|ask(?:s|ed)|urge[ds]?|call(?:s|ed)? (?:on|for)|demand(?:s|ed)?|appeal(?:s|ed)?",
    "ACCUSE": r"accuse[ds]?|accusations?|blame[ds]?|criticiz(?:e|ed|es)|criticis(?:e|ed|es)|condemn(?:s|ed)?|denounce[ds]?|(?:was|is) a mistake|incitement",
    "REJECT": r"reject(?:s|ed|ing)?|refuse[ds]?|denied|den(?:y|ies)|veto(?:ed)?|dismiss(?:ed|es)",
    "THREATEN": r"threat(?:s|en|ened|ens)?|warn(?:s|ed|ing)?|ultimatum",
    "PROTEST": r"protest(?:s|ed|ers)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies|ied)|sit-in",
    "SANCTION": r"sanction(?:s|ed)|embargo|boycott(?:s|ed)?|expel(?:s|led)|sever(?:ed)? ties|suspend(?:s|ed)",
    "MOBILIZE": r"mobiliz(?:e|ed|ation)|deploy(?:s|ed|ment)?|massed troops|reinforcements",
    "COERCE": r"arrest(?:s|ed)?|detain(?:s|ed)?|seiz(?:e|ed|ure)|imprison(?:s|ed|ment)?|curfew",
    "ASSAULT": r"air ?strikes?|strikes? on|bomb(?:s|ed|ing|ings|ardment)?|shell(?:ed|ing)|attack(?:s|ed)?|offensive|"
               r"kill(?:s|ed|ing)?|raids?|fought|fighting|clashes",
}
_AR_PREFIX = r"(?:[وف])?(?:[بلك])?(?:ال|لل)?"
_AR: dict[str, str] = {
    "AGREE": r"اتفق(?:ا|وا|ت)?|اتفاق(?:ية|ا|اً)?|تعهد(?:ت|وا)?|هدنة|وقف إطلاق النار",
    "CONSULT": r"لقاء(?:ً|ا|ات)?|اجتماع(?:ا|اً|ات)?|اجتمع(?:ت|وا|ا)?|التقى|التقت|يلتقي|زار(?:ت|ا|وا)?|زيارة|"
               r"محادثات|مباحثات|مشاورات|تشاور|مفاوضات|التفاوض|تفاوض|تواصل(?:نا|ت|وا)?|اتصال(?:ات)?|استقبل(?:ت)?|قمة|"
               r"تحدث مع|حديث مع",
    "SUPPORT": r"دعم(?:ت|وا|ها|ه)?|يدعم|تدعم|داعم(?:ة)?|أيد(?:ت)?|تأييد|ساند(?:ت)?|مساندة",
    "CONCEDE": r"تنازل(?:ت|ات)?|الإفراج|أفرج(?:ت)?|اعتذر(?:ت)?|رفع العقوبات",
    "COOPERATE": r"تعاون(?:ت|ا)?|تنسيق|شراكة|العمل المشترك",
    "AID": r"مساعدات|إغاثة|اغاثة|معونات|المساعدة في",
    "RETREAT": r"انسحاب|انسحب(?:ت|وا)?|تراجع(?:ت)?|إخلاء|خروج|تموضعها|تموضع",
    "REQUEST": r"طلب(?:ت|وا|ا)?|يطلب|طالب(?:ت|وا)?|يطالب|مطالبة|دعا|دعت|يدعو|ناشد(?:ت)?|حث(?:ت)?",
    "ACCUSE": r"اتهم(?:ت)?|اتهام(?:ات)?|انتقد(?:ت)?|أدان(?:ت)?|إدانة|ندد(?:ت)?|خاطئ(?:اً|ا|ة)?|التحريض|التجييش",
    "REJECT": r"رفض(?:ت|وا)?|يرفض|نفى|نفت|ينفي",
    "THREATEN": r"هدد(?:ت)?|تهديد(?:ات)?|حذر(?:ت)?|تحذير(?:ات)?|توعد(?:ت)?",
    "PROTEST": r"احتجاج(?:ات)?|تظاهر(?:ات|وا)?|مظاهرة|مظاهرات|متظاهر(?:ين|ون)|اعتصام",
    "SANCTION": r"عقوبات|حظر|مقاطعة|طرد(?:ت)?|قطع العلاقات|تجميد",
    "MOBILIZE": r"نشر(?:ت)? (?:ال)?قوات(?:ها|ه)?|حشد(?:ت)?|حشود|تعبئة|استنفار|تعزيزات",
    "COERCE": r"اعتقال|اعتقل(?:ت)?|احتجاز|احتجز(?:ت)?|سجن|مصادرة|صادر(?:ت)?",
    "ASSAULT": r"قصف|تقصف|يقصف|قصفت|غارة|غارات|الهجوم|هجوم(?:ا|اً)?|هاجم(?:ت)?|قتل(?:ى)?|مقتل|استهدف(?:ت)?|اشتباكات|معارك",
}


def _compile(table: dict[str, str], prefix: str, flags: int) -> dict[str, re.Pattern[str]]:
    return {t: re.compile(rf"(?<!\w){prefix}(?:{p})(?!\w)", flags) for t, p in table.items()}


_PATTERNS = {"en": _compile(_EN, "", re.IGNORECASE), "ar": _compile(_AR, _AR_PREFIX, 0)}

_NEGATION = {
    "en": re.compile(r"(?<!\w)(?:not|never|no|n't|did not|didn't|without|away from|neither|nor)(?!\w)\W*(?:\w+\W+){0,2}$", re.IGNORECASE),
    "ar": re.compile(r"(?<!\w)(?:لم|لن|لا|ليس|ليست|ما|عدم|دون|بدون|غير)(?!\w)\W*(?:\w+\W+){0,1}$"),
}
_HYPOTHETICAL = {
    "en": re.compile(r"(?<!\w)(?:if|would|could|might|may|whether|future|will|plans? to|intends? to|expected to|possibility)(?!\w)", re.IGNORECASE),
    "ar": re.compile(r"(?<!\w)(?:إذا|اذا|لو|إن|قد ي\w+|سوف|مستقبلية|مستقبلا|مستقبلاً|ربما|يمكن|إمكانية)(?!\w)"),
}


@dataclass
class Cue:
    """A cue-word match: an event type and its trigger span within the sentence."""

    type: str
    start: int
    end: int
    text: str


def find_cues(sentence: str, lang: str | None) -> list[Cue]:
    """All cue-word triggers in a sentence, in text order, non-overlapping."""
    patterns = _PATTERNS["ar" if lang == "ar" else "en"]
    cues: list[Cue] = []
    for etype, pattern in patterns.items():
        for m in pattern.finditer(sentence):
            cues.append(Cue(etype, m.start(), m.end(), m.group(0)))
    cues.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Cue] = []
    for cue in cues:
        if not any(cue.start < k.end and k.start < cue.end for k in kept):
            kept.append(cue)
    return kept


def is_negated(sentence: str, start: int, lang: str | None) -> bool:
    """A negation word within the few words before the trigger."""
    return bool(_NEGATION["ar" if lang == "ar" else "en"].search(sentence[max(0, start - 40):start]))


def is_hypothetical(sentence: str, start: int, end: int, lang: str | None) -> bool:
    """A conditional or future/modal cue in the trigger's clause (same comma-free stretch)."""
    left = re.split(r"[,،;؛:]", sentence[:start])[-1]
    right = re.split(r"[,،;؛:.]", sentence[end:])[0]
    return bool(_HYPOTHETICAL["ar" if lang == "ar" else "en"].search(left + " " + right[:60]))
