"""Quote attribution scored on hand-labelled lines (tests/data/events/quotes_ntrex_sample.jsonl).

Each gold record names one line of a document (``doc_id``, ``lang``, ``line``: lines are
the document's sentences, joined by newlines as in NTREX) and who the article says spoke
it (``speaker``), or ``unresolvable`` where the article never names the source. A finder
turns the whole document into quotes; the quote of a gold line is the first one that starts
on the line, else the first one that runs over it. Scores per language:

* precision: correct named speakers / lines whose quote was given a named speaker;
* recall: correct named speakers / lines with a named gold speaker;
* a speaker is correct when its name words and the gold's are one inside the other, after
  folding (``fold_word``: "هاميل" = "وهاميل", "Hammel" = "Chad Hammel"); honorifics aside.

A line with no quote, or a quote with no speaker (unresolved), gives no named speaker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from marsad.errors import MarsadError
from marsad.jsonlines import numbered_records
from marsad.events.evaluate import fold_word
from marsad.model import Quote

UNRESOLVABLE = "unresolvable"
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "سيد", "سيده", "انسه", "دكتور"}


@dataclass
class GoldQuote:
    doc_id: str
    lang: str
    line: int
    sentence: str
    speaker: str  # a name as written, or UNRESOLVABLE


Finder = Callable[[str, str], list[Quote]]  # (document text, lang) -> quotes


def read_quote_gold(path: Path) -> list[GoldQuote]:
    """Gold lines of a labelled sample; records with ``_about`` (the sampling rule) are skipped."""
    if not path.is_file():
        raise MarsadError("E920", path=str(path), detail="no such file")
    out = []
    bad = lambda n, exc: MarsadError("E920", path=f"{path}, line {n}", detail=f"{type(exc).__name__}: {exc}")  # noqa: E731
    for n, rec in numbered_records(path.read_text(encoding="utf-8"), bad):
        try:
            if "_about" in rec:
                continue
            out.append(GoldQuote(str(rec["doc_id"]), rec["lang"], int(rec["line"]), rec["sentence"], rec["speaker"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise MarsadError("E920", path=f"{path}, line {n}", detail=f"{type(exc).__name__}: {exc}") from None
    if not out:
        raise MarsadError("E920", path=str(path), detail="no labelled quote lines")
    return out


def read_documents(path: Path, wanted: set[str]) -> dict[str, dict[str, str]]:
    """NTREX-format documents (``{doc_id, en, ar}`` per line) that the gold refers to."""
    if not path.is_file():
        raise MarsadError("E921", path=str(path), missing=", ".join(sorted(wanted)[:3]))
    docs = {}
    bad = lambda n, exc: MarsadError("E922", path=str(path), line=n, detail=f"invalid JSON: {exc.msg}")  # noqa: E731
    for n, rec in numbered_records(path.read_text(encoding="utf-8"), bad):
        if not isinstance(rec, dict) or not all(isinstance(rec.get(k), str) for k in ("doc_id", "en", "ar")):
            raise MarsadError("E922", path=str(path), line=n, detail="no doc_id, en and ar texts")
        if rec["doc_id"] in wanted:
            docs[rec["doc_id"]] = {"en": rec["en"], "ar": rec["ar"]}
    missing = wanted - set(docs)
    if missing:
        raise MarsadError("E921", path=str(path), missing=", ".join(sorted(missing)[:3]))
    return docs


def same_speaker(predicted: str, gold: str) -> bool:
    """Name words of one inside the other's ("Hammel" and "Chad Hammel")."""
    p, g = _words(predicted), _words(gold)
    return bool(p) and bool(g) and (p <= g or g <= p)


def _words(name: str) -> set[str]:
    return {w for w in (fold_word(x) for x in name.replace("-", " ").split()) if w and w not in _HONORIFICS}


def quote_of_line(quotes: list[Quote], start: int, end: int) -> Quote | None:
    starting = [q for q in quotes if start <= q.start < end]
    if starting:
        return starting[0]
    return next((q for q in quotes if q.start < end and start < q.end), None)


def evaluate_quotes(gold: list[GoldQuote], docs: dict[str, dict[str, str]], finder: Finder) -> dict:
    """``{lang: {precision, recall, n, named, predicted, correct}}`` and the per-line results."""
    cache: dict[tuple[str, str], list[Quote]] = {}
    report: dict = {}
    rows = []
    for g in gold:
        text = docs[g.doc_id][g.lang]
        if (g.doc_id, g.lang) not in cache:
            cache[(g.doc_id, g.lang)] = finder(text, g.lang)
        lines = text.split("\n")
        start = sum(len(x) + 1 for x in lines[:g.line])
        quote = quote_of_line(cache[(g.doc_id, g.lang)], start, start + len(lines[g.line]))
        speaker = quote.speaker if quote else None
        named = g.speaker != UNRESOLVABLE
        correct = bool(speaker) and named and same_speaker(speaker, g.speaker)
        stats = report.setdefault(g.lang, {"n": 0, "named": 0, "predicted": 0, "correct": 0})
        stats["n"] += 1
        stats["named"] += named
        stats["predicted"] += bool(speaker)
        stats["correct"] += correct
        rows.append({"doc_id": g.doc_id, "lang": g.lang, "line": g.line, "gold": g.speaker, "predicted": speaker,
                     "found": quote is not None, "correct": correct})
    for stats in report.values():
        stats["precision"] = round(stats["correct"] / stats["predicted"], 3) if stats["predicted"] else 0.0
        stats["recall"] = round(stats["correct"] / stats["named"], 3) if stats["named"] else 0.0
    return {**{lang: report[lang] for lang in sorted(report)}, "lines": rows}
