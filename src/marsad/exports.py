"""Exports of structured data: entities as GraphML (co-mention graph), CSV or JSON Lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy import Connection, distinct, func, select

from marsad.errors import MarsadError
from marsad.store.tables import entities, mentions

ENTITY_FIELDS = ("id", "key", "label", "mentions", "name_en", "name_ar", "aliases", "first_seen", "last_seen")


def _entity_rows(conn: Connection, min_mentions: int) -> list[dict[str, object]]:
    rows = conn.execute(select(entities).where(entities.c.mentions >= min_mentions).order_by(entities.c.id)).mappings()
    out = []
    for r in rows:
        names = r["names"] or {}
        out.append({
            "id": r["id"], "key": r["key"], "label": r["label"], "mentions": r["mentions"],
            "name_en": names.get("en") or names.get("latin") or "", "name_ar": names.get("ar") or "",
            "aliases": " | ".join(sorted(r["aliases"] or {})),
            "first_seen": r["first_seen"].date().isoformat() if r["first_seen"] else "",
            "last_seen": r["last_seen"].date().isoformat() if r["last_seen"] else "",
        })
    return out


def co_mention_edges(conn: Connection, ids: set[int]) -> list[tuple[int, int, int]]:
    """(entity a, entity b, number of articles mentioning both), a < b."""
    a, b = mentions.alias("a"), mentions.alias("b")
    rows = conn.execute(
        select(a.c.entity_id, b.c.entity_id, func.count(distinct(a.c.article_id)))
        .select_from(a.join(b, a.c.article_id == b.c.article_id))
        .where(a.c.entity_id < b.c.entity_id)
        .group_by(a.c.entity_id, b.c.entity_id)
        .order_by(a.c.entity_id, b.c.entity_id)
    )
    return [(x, y, n) for x, y, n in rows if x in ids and y in ids]


def export_entities(conn: Connection, out: Path, min_mentions: int = 1) -> dict[str, int]:
    """Write entities to ``out``; the format follows the file extension."""
    rows = _entity_rows(conn, min_mentions)
    suffix = out.suffix.lower()
    if suffix == ".csv":
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=ENTITY_FIELDS)
            writer.writeheader()
            writer.writerows(rows)
        return {"entities": len(rows)}
    if suffix == ".jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return {"entities": len(rows)}
    if suffix == ".graphml":
        edges = co_mention_edges(conn, {int(r["id"]) for r in rows})
        out.write_text(graphml(rows, edges), encoding="utf-8")
        return {"entities": len(rows), "edges": len(edges)}
    raise MarsadError("E901", what="export format", value=suffix or str(out), choices=".graphml, .csv, .jsonl")


def graphml(rows: list[dict[str, object]], edges: list[tuple[int, int, int]]) -> str:
    """A GraphML document: one node per entity, one weighted edge per co-mentioned pair."""
    keys = [("label", "string"), ("key", "string"), ("mentions", "int"), ("name_en", "string"),
            ("name_ar", "string"), ("aliases", "string")]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    lines += [f'  <key id="{k}" for="node" attr.name="{k}" attr.type="{t}"/>' for k, t in keys]
    lines.append('  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>')
    lines.append('  <graph id="co-mentions" edgedefault="undirected">')
    for r in rows:
        lines.append(f'    <node id="e{r["id"]}">')
        lines += [f'      <data key="{k}">{escape(str(r[k]))}</data>' for k, _ in keys]
        lines.append("    </node>")
    for i, (a, b, n) in enumerate(edges):
        lines.append(f'    <edge id={quoteattr(f"c{i}")} source="e{a}" target="e{b}"><data key="weight">{n}</data></edge>')
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)
