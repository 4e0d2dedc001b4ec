"""Read models shared by the JSON API and the HTML pages: plain dicts built from the store
queries, so that both show the same facts. Stages that have not run yet give empty lists."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from marsad.errors import MarsadError
from marsad.store.entities import article_mentions
from marsad.store.events import article_quotes, list_events
from marsad.store.queries import duplicates_of, get_article
from marsad.store.stories import get_story, story_of

log = logging.getLogger("marsad.api")
SEARCH_MODES = ("hybrid", "keyword", "semantic")


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: _iso(v) for k, v in row.items()} for row in rows]


def article_view(conn: Connection, article_id: str) -> dict[str, Any]:
    """One article with its sentences, story, duplicates and everything derived from it."""
    art = get_article(conn, article_id)
    return {
        "id": art.id, "title": art.title, "text": art.text, "lang": art.lang, "lang_confidence": art.lang_confidence,
        "langs": art.langs, "mixed": art.mixed, "url": art.url, "origin": art.origin, "source": art.source,
        "author": art.author, "published": _iso(art.published), "published_from": art.published_from,
        "duplicate_of": art.duplicate_of, "duplicate_kind": art.duplicate_kind, "boilerplate": art.boilerplate,
        "sentences": [vars(s) for s in art.sentences], "story_id": story_of(conn, art.id),
        "duplicates": _plain(duplicates_of(conn, art.id)), "mentions": _plain(article_mentions(conn, art.id)),
        "events": list_events(conn, article=art.id), "quotes": _plain(article_quotes(conn, art.id)),
    }


def timeline_view(conn: Connection, story_id: int) -> dict[str, Any]:
    """A story's events split into dated (oldest first) and undated."""
    rows = list_events(conn, story=story_id, limit=2000)
    return {"story_id": story_id, "dated": [r for r in rows if r.get("date")],
            "undated": [r for r in rows if not r.get("date")]}


_COMPARISONS: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_COMPARISONS_LOCK = threading.Lock()
COMPARISON_CACHE_SIZE = 64


def clear_comparisons() -> None:
    """Forget cached comparisons (after a write changed the corpus)."""
    with _COMPARISONS_LOCK:
        _COMPARISONS.clear()


def comparison_view(conn: Connection, story_id: int) -> dict[str, Any]:
    """Claims (shared / unique / conflict), conflicts and gap repairs of a story, from
    ``marsad.compare_store.compare_stored_story``; cached per story membership (computing
    one costs ~0.3 s warm on the seeds). ``available`` is False where the stage is missing or failed."""
    story = get_story(conn, story_id)
    key = (story_id, story["size"], story["last_seen"], tuple(a["id"] for a in story["articles"]))
    with _COMPARISONS_LOCK:
        if key in _COMPARISONS:
            _COMPARISONS.move_to_end(key)
            return _COMPARISONS[key]
    result = _compute_comparison(conn, story_id)
    with _COMPARISONS_LOCK:
        _COMPARISONS[key] = result
        while len(_COMPARISONS) > COMPARISON_CACHE_SIZE:
            _COMPARISONS.popitem(last=False)
    return result


def _compute_comparison(conn: Connection, story_id: int) -> dict[str, Any]:
    empty: dict[str, Any] = {"story_id": story_id, "available": False, "sources": [], "claims": [], "conflicts": [],
                             "repairs": [], "suggestions": [], "error": None}
    try:
        from marsad.compare.store import compare_stored_story
    except ImportError:
        return empty
    try:
        comp = compare_stored_story(conn, story_id)
    except MarsadError:
        raise
    except Exception:  # a bug in the comparison must not take the story page down
        log.exception("comparison of story %s failed", story_id)
        return {**empty, "error": "the comparison failed on this story (details in the server log)"}
    from marsad.compare.render import confident_fill

    info = {a.id: a for a in comp.articles}
    return {"story_id": story_id, "available": True,
            "sources": [{**vars(s), "title": info[s.article_id].title} for s in comp.sources],
            "claims": [_claim(comp, k, c) for k, c in enumerate(comp.claims)],
            "conflicts": [_conflict(c) for c in comp.conflicts],
            "repairs": [_repair(g) for g in comp.gaps if confident_fill(g)],
            "suggestions": [_repair(g) for g in comp.gaps if not confident_fill(g)],
            "error": None}


def _difference(d: Any) -> str:
    a, b = ", ".join(d.a) or "—", ", ".join(d.b) or "—"
    return f"{d.kind} {d.relation.replace('_', ' ')}: {a} vs {b}"


def _claim(comp: Any, k: int, c: Any) -> dict[str, Any]:
    return {"claim": k, "row": c.row, "article_id": c.article_id, "sentence": c.sentence, "start": c.start, "end": c.end,
            "status": c.status, "text": c.text,
            "aligned": [[m.article_id, comp.claims[m.claim].sentence, round(float(m.score), 3)] for m in c.matches],
            "differences": [_difference(d) for m in c.matches for d in m.differences if d.relation == "conflict"]}


def _conflict(c: Any) -> dict[str, Any]:
    return {"claim_a": c.claim_a, "claim_b": c.claim_b, "article_a": c.article_a, "article_b": c.article_b,
            "sentence_a": c.sentence_a, "sentence_b": c.sentence_b, "text_a": c.text_a, "text_b": c.text_b,
            "score": c.score, "why": c.why,
            "differences": [_difference(d) for d in c.differences if d.relation == "conflict"]}


def _repair(g: Any) -> dict[str, Any]:
    best = g.fills[0] if g.fills else None
    if best is None:
        return {"article_id": g.article_id, "sentence": g.sentence, "start": g.offset, "missing": None, "score": 0.0,
                "gap_confidence": round(float(g.confidence), 3), "from_article": None, "from_sentence": None,
                "expects": g.expects, "context": g.context, "alternatives": []}
    return {"article_id": g.article_id, "sentence": g.sentence, "start": g.offset, "missing": best.text, "context": g.context,
            "score": round(float(best.confidence), 3), "gap_confidence": round(float(g.confidence), 3),
            "from_article": best.article_id, "from_sentence": best.sentence, "expects": g.expects,
            "alternatives": [f.text for f in g.fills[1:4]]}


def search_view(conn: Connection, query: str, *, mode: str = "hybrid", lang: str | None = None,
                source: str | None = None, since: datetime | None = None, until: datetime | None = None,
                limit: int = 20) -> dict[str, Any]:
    """Search results, or ``available: False`` when the search module is not installed."""
    if mode not in SEARCH_MODES:
        raise MarsadError("E901", status=422, what="search mode", value=mode, choices=", ".join(SEARCH_MODES))
    try:
        from marsad.search.store import search
    except ImportError:
        return {"query": query, "mode": mode, "available": False, "items": []}
    if not query.strip():
        return {"query": query, "mode": mode, "available": True, "items": []}
    kwargs: dict[str, Any] = {"lang": lang, "source": source, "since": since, "until": until, "limit": limit}
    items = search(conn, query, mode=mode, **kwargs)
    return {"query": query, "mode": mode, "available": True, "items": _plain(items)}
