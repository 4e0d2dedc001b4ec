"""Seed articles as ``Article`` objects for the entity tests and the benchmark."""

from __future__ import annotations

import re
from pathlib import Path

from marsad.model import Article, Sentence

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
SAMPLE = Path(__file__).resolve().parents[2] / "src" / "marsad" / "data" / "sample"
EN, AR = "000_caab26223d637160.txt", "003_31f4c5ac5bfdc59e.txt"
_BOUNDARY = re.compile(r"(?<=[.!?؟])[\"”»]?\s*|\n+")


def simple_sentences(text: str, lang: str | None) -> list[Sentence]:
    """Sentence spans at . ! ? ؟ (also with no space after, "سوريا.وفي") and line breaks."""
    try:
        from marsad.text.sentences import split_sentences  # the ingest helper's splitter, when present

        spans = split_sentences(text, lang)
        return [Sentence(i, s, e, text[s:e], lang) for i, (s, e) in enumerate(spans)]
    except (ImportError, AttributeError, TypeError, ValueError):
        pass
    out, start = [], 0
    for m in list(_BOUNDARY.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        if m is not None and m.group().strip() and not m.group().isspace():
            end = m.start() + len(m.group().rstrip())
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        if chunk.strip():
            s, e = start + lead, start + lead + len(chunk.strip())
            out.append(Sentence(len(out), s, e, text[s:e], lang))
        start = m.end() if m else len(text)
    return out


def seed_article(name: str, lang: str) -> Article:
    """A seed file as an Article (boilerplate lines kept: they are part of the real input)."""
    path = SEEDS / name if (SEEDS / name).exists() else SAMPLE / name
    text = path.read_text("utf-8").replace("\u00a0", " ")
    return Article(origin=str(path), text=text, lang=lang, id=name.split("_")[1][:8], sentences=simple_sentences(text, lang))
