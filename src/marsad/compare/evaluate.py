"""Score a comparison of two translations of one document (``marsad eval compare``).

The input is the NTREX format: one JSON object a line with ``en`` and ``ar`` holding the
sentences joined by ``\\n``, line i of ``ar`` translating line i of ``en``. Each side is
ingested as a text whose first line is the title and whose other lines are paragraphs, so
an ingested sentence belongs to line ``1 + (paragraph breaks before it)``; the gold
alignment pairs every English and Arabic sentence of the same line. A translation
contradicts nothing, so every conflict the comparison reports is a false conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from marsad.errors import MarsadError
from marsad.jsonlines import numbered_records
from marsad.model import Article

PARAGRAPH = "\n\n"


@dataclass
class PairScore:
    """What one translation pair scored."""

    doc_id: str
    conflicts: int
    predicted: int  # aligned sentence pairs proposed
    correct: int  # of those, pairs of the same line
    gold: int  # gold sentence pairs


def read_pairs(path: Path) -> list[dict]:
    """The pairs of an NTREX-format JSONL file (E904 on a line that is not one)."""
    out = []
    bad = lambda n, exc: MarsadError("E904", path=str(path), line=n, detail=f"invalid JSON: {exc.msg}")  # noqa: E731
    for n, rec in numbered_records(path.read_text(encoding="utf-8"), bad):
        if not isinstance(rec, dict) or not all(isinstance(rec.get(k), str) and rec[k].strip() for k in ("en", "ar")):
            raise MarsadError("E904", path=str(path), line=n, detail="no 'en' and 'ar' text")
        out.append({"doc_id": str(rec.get("doc_id", n)), "en": rec["en"], "ar": rec["ar"]})
    return out


def as_text(sentences: str) -> str:
    """The text to ingest for one side: the title line, then one paragraph per line."""
    return PARAGRAPH.join(line.strip() for line in sentences.split("\n"))


def line_of_sentences(article: Article) -> list[int]:
    """The source line of each ingested sentence (the title, line 0, is not in the text)."""
    return [1 + article.text.count(PARAGRAPH, 0, s.start) for s in article.sentences]


def gold_pairs(en: Article, ar: Article) -> set[tuple[int, int]]:
    """(English sentence, Arabic sentence) pairs that come from the same line."""
    line_en, line_ar = line_of_sentences(en), line_of_sentences(ar)
    return {(i, j) for i, a in enumerate(line_en) for j, b in enumerate(line_ar) if a == b}


def score_pair(doc_id: str, en: Article, ar: Article, comparison: object) -> PairScore:
    """Conflicts and alignment of one compared pair; ``comparison.articles`` is [en, ar]."""
    order = [a.id for a in comparison.articles]
    flip = order[0] != en.id
    pred = set()
    for pa in comparison.alignments:
        for link in pa.links:
            pred |= {(b, a) if flip else (a, b) for a, b in link.pairs()}
    gold = gold_pairs(en, ar)
    return PairScore(doc_id, len(comparison.conflicts), len(pred), len(pred & gold), len(gold))


def summary(scores: list[PairScore], per_pair: bool = False) -> dict:
    """The figures ``marsad eval compare --json`` prints (with ``per_pair``, each pair's too)."""
    n = len(scores)
    pred, correct, gold = (sum(getattr(s, k) for s in scores) for k in ("predicted", "correct", "gold"))
    out = {
        "pairs": n,
        "false_conflicts_per_pair": round(sum(s.conflicts for s in scores) / max(n, 1), 3),
        "alignment": {"precision": round(correct / max(pred, 1), 3), "recall": round(correct / max(gold, 1), 3)},
    }
    if per_pair:
        out["per_pair"] = [{"doc_id": s.doc_id, "conflicts": s.conflicts, "precision": round(s.correct / max(s.predicted, 1), 3),
                      "recall": round(s.correct / max(s.gold, 1), 3)} for s in scores]
    return out


def score_gaps(text: str, gaps: list, gold: list[dict], confident: float) -> dict:
    """Gold gaps (``before``/``after``/``fills``, see tests/data/compare/seed_gaps.json) against
    detected ``gaps`` of one article's ``text``: detected at its own position (an offset
    between the end of ``before`` and the start of ``after``), top fill right, and confident
    wrong fills (top fill at least ``confident`` that is not right, at a gold gap or at a
    detected gap that is no gold one)."""
    from marsad.entities.keys import fold_arabic

    def fold(s: str) -> str:
        return " ".join(fold_arabic(s).split())

    rows, used = [], set()
    for g in gold:
        lo = text.index(g["before"]) + len(g["before"])
        hi = text.index(g["after"], lo)
        hits = [k for k, gap in enumerate(gaps) if lo <= gap.offset <= hi]
        used.update(hits)
        top = gaps[hits[0]].fills[0] if hits and gaps[hits[0]].fills else None
        right = bool(top) and fold(top.text) in {fold(f) for f in g["fills"]}
        rows.append({"before": g["before"], "detected": bool(hits), "top": top.text if top else None,
                     "confidence": top.confidence if top else None, "right": right,
                     "confident_wrong": bool(top) and not right and top.confidence >= confident})
    spurious = [gap for k, gap in enumerate(gaps) if k not in used]
    return {"gold": len(gold), "detected": sum(r["detected"] for r in rows), "top_fill_right": sum(r["right"] for r in rows),
            "confident_wrong": sum(r["confident_wrong"] for r in rows)
            + sum(bool(gap.fills) and gap.fills[0].confidence >= confident for gap in spurious),
            "other_gaps": len(spurious), "rows": rows}
