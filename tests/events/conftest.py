"""Seed articles (the repo's copy in src/marsad/data/sample) with hand-built mentions."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from marsad.model import Article, Mention

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "marsad" / "data" / "sample"
BOILERPLATE = ("date 2025-11-22 Advertisement", "Related Articles", "Back to top button")
PUBLISHED = date(2025, 11, 22)

# surface form, label, entity id (the same id in both languages, as the linker should give)
NAMES = {
    "en": [("Asaad al-Shibani", "PER", 1), ("Al-Shibani", "PER", 1), ("al-Shibani", "PER", 1),
           ("Ahmed al-Shar’a", "PER", 5), ("al-Shar’a", "PER", 5), ("Russia", "LOC", 2), ("Moscow", "LOC", 3),
           ("Bab al-Hawa", "LOC", 4), ("Damascus", "LOC", 6), ("Syria", "LOC", 7), ("Aleppo", "LOC", 8),
           ("Hama", "LOC", 9), ("Bashar al-Assad", "PER", 12), ("Assad", "PER", 12), ("Hmeimim", "LOC", 13),
           ("Tartus", "LOC", 14), ("Al-Majalla", "ORG", 15)],
    "ar": [("أسعد الشيباني", "PER", 1), ("الشيباني", "PER", 1), ("الشرع", "PER", 5), ("روسيا", "LOC", 2),
           ("موسكو", "LOC", 3), ("باب الهوى", "LOC", 4), ("دمشق", "LOC", 6), ("سوريا", "LOC", 7), ("حلب", "LOC", 8),
           ("حماة", "LOC", 9), ("إدلب", "LOC", 10), ("بوتين", "PER", 11), ("الأسد", "PER", 12), ("حميميم", "LOC", 13),
           ("طرطوس", "LOC", 14), ("المجلة", "ORG", 15)],
}


def seed_text(name: str) -> str:
    text = (SAMPLE / name).read_text(encoding="utf-8")
    for line in BOILERPLATE:
        text = text.replace(line, "")
    return text.strip()


def find_mentions(text: str, lang: str) -> list[Mention]:
    """Every occurrence of the seed names (longest first, Arabic clitics و/ب/ل allowed before)."""
    out: list[Mention] = []
    for surface, label, eid in sorted(NAMES[lang], key=lambda n: -len(n[0])):
        for m in re.finditer(rf"(?<![^\W\d_]){'(?:[وبل])?' if lang == 'ar' else ''}({re.escape(surface)})(?!\w)", text):
            start, end = m.span(1)
            if not any(start < o.end and o.start < end for o in out):
                out.append(Mention(start, end, surface, label, lang=lang, entity_id=eid))
    return sorted(out, key=lambda x: x.start)


def make_article(name: str, lang: str) -> Article:
    text = seed_text(name)
    article = Article(origin=name, text=text, lang=lang, published=PUBLISHED, id=name[:3], source=f"seed-{lang}")
    article.mentions = find_mentions(text, lang)
    return article


@pytest.fixture(scope="session")
def en_article() -> Article:
    return make_article("000_caab26223d637160.txt", "en")


@pytest.fixture(scope="session")
def ar_article() -> Article:
    return make_article("003_31f4c5ac5bfdc59e.txt", "ar")
