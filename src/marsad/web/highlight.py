"""Provenance highlighting: an article's text cut into sentences and inline parts, each part
knowing which derived fact (entity mention, proposed repair) it comes from. Plain data in,
plain data out; the templates escape every piece of text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Part:
    text: str
    kind: str = "text"  # text, mention, repair
    href: str | None = None
    title: str | None = None
    label: str | None = None


@dataclass
class SentenceView:
    index: int | None  # None for the text between sentences
    parts: list[Part] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    quote: bool = False
    status: str | None = None  # shared, unique, conflict (from the comparison)
    aligned: list[str] = field(default_factory=list)  # "articleid-s3" anchors of aligned sentences
    differences: list[str] = field(default_factory=list)


def _inline(text: str, start: int, end: int, mentions: list[dict[str, Any]], repairs: list[dict[str, Any]]) -> list[Part]:
    """Cut text[start:end] at mentions (non-overlapping, first wins) and insert repairs at their offset."""
    marks = [("m", m["start"], m["end"], m) for m in mentions if start <= m["start"] < m["end"] <= end]
    marks += [("r", r["start"], r["start"], r) for r in repairs if start <= int(r.get("start", -1)) <= end]
    parts: list[Part] = []
    pos = start
    for kind, a, b, item in sorted(marks, key=lambda t: (t[1], t[0] != "r", -t[2])):
        if a < pos:
            continue
        if a > pos:
            parts.append(Part(text[pos:a]))
        parts.append(_mention(text[a:b], item) if kind == "m" else _repair(item))
        pos = b
    if pos < end:
        parts.append(Part(text[pos:end]))
    return parts


def _mention(surface: str, m: dict[str, Any]) -> Part:
    entity = m.get("entity_id")
    names = " / ".join((m.get("names") or {}).values())
    return Part(surface, "mention", f"/entities/{entity}" if entity else None,
                f"{m.get('label')}: {names or surface}", str(m.get("label") or ""))


def _repair(r: dict[str, Any]) -> Part:
    where = f"article {r.get('from_article', '?')}, sentence {r.get('from_sentence', '?')}"
    others = ", ".join(r.get("alternatives") or [])
    where += f" (confidence {r.get('score', '?')}{'; or: ' + others if others else ''})"
    weak = float(r.get("score") or 0) < 0.4
    return Part(str(r.get("missing") or ""), "repair-weak" if weak else "repair", f"/articles/{r.get('from_article')}#{r.get('from_article')}-s{r.get('from_sentence')}",
                f"missing words proposed from {where}")


def _by_sentence(rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("sentence") is not None:
            out.setdefault(int(row["sentence"]), []).append(row)
    return out


def article_view(article: dict[str, Any], claims: list[dict[str, Any]] | None = None,
                 repairs: list[dict[str, Any]] | None = None) -> list[SentenceView]:
    """The article's text as sentence views, gaps between sentences kept (line breaks included)."""
    text, aid = article["text"], article["id"]
    events, quotes = _by_sentence(article.get("events", [])), _by_sentence(article.get("quotes", []))
    mine = [c for c in claims or [] if c.get("article_id") == aid]
    claim_of = _by_sentence(mine)
    fixes = [r for r in repairs or [] if r.get("article_id") == aid]
    views: list[SentenceView] = []
    pos = 0
    for s in article.get("sentences", []):
        if s["start"] > pos:
            views.append(SentenceView(None, [Part(text[pos:s["start"]])]))
        view = SentenceView(s["index"], _inline(text, s["start"], s["end"], article.get("mentions", []), fixes))
        view.events = [e["type"] for e in events.get(s["index"], [])]
        view.quote = s["index"] in quotes
        _apply_claims(view, claim_of.get(s["index"], []))
        views.append(view)
        pos = max(pos, s["end"])
    if pos < len(text):
        views.append(SentenceView(None, [Part(text[pos:])]))
    return views


def sentence_status(statuses: list[str]) -> str | None:
    """One status for a sentence from its clauses: conflict wins; mixed shared/unique is partial."""
    kinds = set(statuses)
    if not kinds:
        return None
    if "conflict" in kinds:
        return "conflict"
    return kinds.pop() if len(kinds) == 1 else "partial"


def _apply_claims(view: SentenceView, claims: list[dict[str, Any]]) -> None:
    view.status = sentence_status([str(c.get("status")) for c in claims])
    aligned = [f"{a[0]}-s{a[1]}" for c in claims for a in c.get("aligned") or [] if len(a) >= 2]
    view.aligned = list(dict.fromkeys(aligned))
    view.differences = list(dict.fromkeys(str(d) for c in claims for d in c.get("differences") or []))
