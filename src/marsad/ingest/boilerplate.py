"""Remove page furniture ("Advertisement", "Back to top button", "اقرأ أيضاً") from article text.

Only *whole* lines, or whole furniture fragments at the very start or end of the text, are
removed: a real sentence that merely contains "share" or "تابعنا" is never touched. The
patterns are data (the tables below), English and Arabic side by side; add to them rather
than to the code. A ``date YYYY-MM-DD`` token in the first or last line (what the scraper
behind the seed articles writes) becomes ``header_date``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

# Lines that are furniture when they are the whole line (case-insensitive, optional
# trailing punctuation / arrows / colons).
FURNITURE_LINES: tuple[str, ...] = (
    # English
    r"advertisements?", r"advert", r"sponsored( content)?", r"related( articles?| posts?| stories| news| content| topics)?",
    r"more (stories|news|from \w+)", r"you may also like", r"recommended( for you)?", r"most (read|popular)",
    r"back to top( button)?", r"scroll to top", r"skip to (main )?content", r"share( this)?( article| story| post)?",
    r"share on \w+", r"tweet", r"print( this article)?", r"e-?mail", r"copy link", r"whatsapp", r"facebook",
    r"twitter", r"telegram", r"linkedin", r"read more", r"read (also|next)", r"see also", r"continue reading",
    r"show more", r"load more", r"loading\.*", r"comments?", r"leave a (comment|reply)", r"\d+ comments?",
    r"subscribe( now)?", r"sign up", r"log ?in", r"follow us( on \w+)?", r"newsletter", r"menu", r"search",
    r"home", r"tags?", r"topics?", r"close", r"accept( all)?( cookies)?", r"reject all", r"cookie settings",
    r"click here", r"next article", r"previous article", r"(next|previous|prev) post", r"privacy policy",
    r"terms of (use|service)", r"cookie (policy|settings)",
    # Arabic
    r"[إا]علان(ات)?", r"محتوى (إعلاني|مدفوع)", r"[إا]قرأ (أيضا|أيضاً|ايضا|ايضاً|المزيد)",
    r"المزيد", r"شارك(وا)?", r"شارك (هذا )?(المقال|الخبر|على \w+)", r"مشاركة", r"(مواضيع|مقالات|أخبار|اخبار) (ذات صلة|مشابهة|متعلقة)",
    r"ذات صلة", r"قد يعجبك (أيضا|أيضاً|ايضا)", r"الأكثر (قراءة|مشاهدة)", r"تابعنا( على \w+)?", r"تابعونا( على \w+)?",
    r"زر الذهاب إلى الأعلى", r"(العودة|الرجوع|عودة) (إلى|الى|ل)\s?(الأعلى|الاعلى)", r"طباعة", r"تعليق(ات)?", r"أضف تعليق(ا|اً)?",
    r"اترك (تعليقا|تعليقاً|ردا|رداً)", r"اشترك( الآن)?", r"النشرة البريدية", r"الرئيسية", r"بحث", r"القائمة",
    r"سياسة الخصوصية", r"شروط الاستخدام", r"الوسوم", r"كلمات (مفتاحية|دلالية)", r"المصدر", r"نسخ الرابط", r"الخبر التالي", r"الخبر السابق", r"المقال (التالي|السابق)",
)
# Line prefixes that introduce a related-headline link: the whole (short) line goes.
LEAD_INS: tuple[str, ...] = (
    r"read (more|also|next)", r"see also", r"related", r"watch", r"listen", r"also read", r"more on this",
    r"[إا]قرأ (أيضا|أيضاً|ايضا|ايضاً|المزيد)", r"شاهد(وا)?", r"(مواضيع|أخبار|اخبار) ذات صلة", r"طالع (أيضا|أيضاً|ايضا)",
)
# Short lines containing one of these are legal / cookie notices.
NOTICES: tuple[str, ...] = (
    r"all rights reserved", r"©", r"\(c\) \d{4}", r"copyright \d{4}", r"we use cookies", r"(web)?site uses cookies",
    r"cookie (policy|settings|consent)", r"accept (all )?cookies", r"by (continuing|using) (to (use|browse) )?this (web)?site",
    r"جميع الحقوق محفوظة", r"حقوق (النشر|الطبع) محفوظة", r"الحقوق محفوظة", r"نستخدم ملفات (تعريف )?الارتباط",
    r"يستخدم (هذا )?الموقع ملفات (تعريف )?الارتباط",
)
# Fragments that may be glued to each other or to text at the very start or end of the document.
EDGE_FRAGMENTS: tuple[str, ...] = (
    r"advertisement", r"back to top button", r"related articles", r"زر الذهاب إلى الأعلى",
    r"مواضيع ذات صلة",
)
# Lines that end a document's body: what follows, if short and headline-like, is a link list.
TAIL_MARKERS: tuple[str, ...] = (
    r"related( articles| posts| stories| news)?", r"(مواضيع|مقالات|أخبار|اخبار) (ذات صلة|مشابهة)", r"ذات صلة",
    r"you may also like", r"more stories", r"قد يعجبك (أيضا|أيضاً|ايضا)",
)

_END = r"[\s:：.\-–—|»›>→←•·…!؛،]*"
_FURNITURE = re.compile(rf"^[\s•·|»›>←→\-–—]*(?:{'|'.join(FURNITURE_LINES)}){_END}$", re.IGNORECASE)
_LEAD_IN = re.compile(rf"^[\s•·|»›>\-–—]*(?:{'|'.join(LEAD_INS)})\s*[:：\-–—|»›>]", re.IGNORECASE)
_NOTICE = re.compile("|".join(NOTICES), re.IGNORECASE)
_TAIL = re.compile(rf"^(?:{'|'.join(TAIL_MARKERS)}){_END}$", re.IGNORECASE)
_DATE_TOKEN = r"date\s+(\d{4})-(\d{2})-(\d{2})"
_EDGE = rf"(?:{'|'.join(EDGE_FRAGMENTS)}|{_DATE_TOKEN})"
_EDGE_HEAD = re.compile(rf"^\s*{_EDGE}(?=\s|$)", re.IGNORECASE)
_EDGE_TAIL = re.compile(rf"(?:(?<=\s)|^){_EDGE}\s*$", re.IGNORECASE)
_DATE = re.compile(_DATE_TOKEN, re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?؟…\"”»']\s*$")
_MAX_NOTICE = 300
_MAX_LEAD_IN = 200
_MAX_TAIL_ITEM = 160


@dataclass
class BoilerplateResult:
    """Article text without furniture; ``removed`` keeps what went, for provenance."""

    text: str
    removed: list[str] = field(default_factory=list)
    header_date: date | None = None


def strip_boilerplate(text: str) -> BoilerplateResult:
    """Remove furniture lines and edge fragments from ``text`` (one article, lines by ``\\n``)."""
    lines = text.split("\n")
    removed: list[str] = []
    found: list[date] = []
    first, last = _edge_indexes(lines)
    if first is not None:
        lines[first] = _strip_edge(lines[first], _EDGE_HEAD, removed, found)
    if last is not None and last != first:
        lines[last] = _strip_edge(lines[last], _EDGE_TAIL, removed, found)
    kept = _drop_lines(lines, removed)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return BoilerplateResult(text=body, removed=removed, header_date=found[0] if found else None)


def is_furniture(line: str) -> bool:
    """True if ``line`` on its own is page furniture (see the pattern tables)."""
    stripped = line.strip()
    if not stripped:
        return False
    if _FURNITURE.match(stripped):
        return True
    if len(stripped) <= _MAX_LEAD_IN and _LEAD_IN.match(stripped):
        return True
    return len(stripped) <= _MAX_NOTICE and _NOTICE.search(stripped) is not None


def _edge_indexes(lines: list[str]) -> tuple[int | None, int | None]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return (filled[0], filled[-1]) if filled else (None, None)


def _strip_edge(line: str, pattern: re.Pattern[str], removed: list[str], found: list[date]) -> str:
    """Peel furniture fragments (and ``date YYYY-MM-DD``) off one end of ``line``."""
    while True:
        match = pattern.search(line)
        if not match or not match.group(0).strip():
            return line
        fragment = match.group(0).strip()
        removed.append(fragment)
        day = _parse_date(fragment)
        if day:
            found.append(day)
        line = (line[: match.start()] + line[match.end():]).strip()


def _parse_date(fragment: str) -> date | None:
    match = _DATE.fullmatch(fragment)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _drop_lines(lines: list[str], removed: list[str]) -> list[str]:
    """Drop furniture lines; after a tail marker ("Related Articles") drop the headline list."""
    kept: list[str] = []
    in_tail = False
    tail_from = len(lines) // 2
    for index, line in enumerate(lines):
        stripped = line.strip()
        if in_tail and stripped and len(stripped) <= _MAX_TAIL_ITEM and not _SENTENCE_END.search(stripped):
            removed.append(stripped)
            continue
        if is_furniture(stripped):
            removed.append(stripped)
            in_tail = in_tail or (index >= tail_from and bool(_TAIL.match(stripped)))
            continue
        if stripped:
            in_tail = False
        kept.append(line)
    return kept
