"""The story page's comparison views for large stories: which two articles are set side by
side, and the claims list (one item per claim of the story, the sources that make it as
badges). Plain data in (the API's comparison and story dicts), plain data out."""

from __future__ import annotations

from typing import Any

MANY_ARTICLES = 10  # from this many articles the page shows two chosen columns and the claims list
MAX_LIST = 400  # claims listed on the page at most (the API has them all)
_RANK = {"conflict": 0, "shared": 1, "unique": 2}


def pick_pair(members: list[dict[str, Any]], a: str | None, b: str | None) -> list[str]:
    """The two article ids to set side by side: the chosen ones when both are in the story and
    differ, else the first article and the first one in another language (else the second)."""
    ids = [m["id"] for m in members]
    if a in ids and b in ids and a != b:
        return [a, b]
    if len(ids) < 2:
        return ids
    first = members[0]
    other = next((m["id"] for m in members[1:] if m.get("lang") != first.get("lang")), ids[1])
    return [first["id"], other]


def claims_list(comparison: dict[str, Any], members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One item per coverage row, in story order: the row's first claim (its number, text,
    language), its status, and a badge per article that makes it (source, status, claim numbers)."""
    info = {m["id"]: m for m in members}
    order = {m["id"]: k for k, m in enumerate(members)}
    rows: dict[int, list[dict[str, Any]]] = {}
    for c in comparison.get("claims", []):
        rows.setdefault(c.get("row", c["claim"]), []).append(c)
    items = []
    for row, claims in rows.items():
        claims.sort(key=lambda c: (order.get(c["article_id"], 1 << 30), c["claim"]))
        head = claims[0]
        badges: dict[str, dict[str, Any]] = {}
        for c in claims:
            badge = badges.setdefault(c["article_id"], {
                "article_id": c["article_id"], "source": info.get(c["article_id"], {}).get("source") or c["article_id"][:8],
                "lang": info.get(c["article_id"], {}).get("lang"), "status": c["status"], "claims": []})
            badge["claims"].append(c["claim"])
            if _RANK.get(c["status"], 3) < _RANK.get(badge["status"], 3):
                badge["status"] = c["status"]
        status = min((c["status"] for c in claims), key=lambda s: _RANK.get(s, 3))
        lang = info.get(head["article_id"], {}).get("lang")
        items.append({"row": row, "claim": head["claim"], "text": head.get("text", ""), "lang": lang, "status": status,
                      "position": head.get("sentence", 0), "first": order.get(head["article_id"], 0),
                      "badges": sorted(badges.values(), key=lambda b: order.get(b["article_id"], 1 << 30))})
    items.sort(key=lambda i: (i["first"], i["position"], i["claim"]))
    return items[:MAX_LIST]
