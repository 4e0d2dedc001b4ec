"""An Atom 1.0 feed (RFC 4287) of a watchlist's alerts, readable by any feed reader.

Pure: a watchlist and its alerts (plain dicts as the store returns them) in, XML text out.
Every entry has the id, title, updated and content Atom requires; ids are tag URIs
(RFC 4151), stable across runs, so a reader never shows an alert twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
TAG = "tag:marsad.local,2026"


def _iso(value: Any) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime.now(timezone.utc)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
    if text is not None:
        el.text = text
    return el


def feed_xml(watch: dict[str, Any], alerts: Sequence[dict[str, Any]], base_url: str | None = None) -> str:
    """The feed of ``watch`` (id, label, created_at) with ``alerts`` newest first."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _sub(root, "id", f"{TAG}:watch:{watch['id']}")
    _sub(root, "title", f"Marsad watch {watch['id']}: {watch['label']}")
    newest = max((a["created_at"] for a in alerts), default=watch["created_at"], key=_iso)
    _sub(root, "updated", _iso(newest))
    _sub(_sub(root, "author"), "name", "Marsad")
    _sub(root, "generator", "Marsad")
    if base_url:
        base = base_url.rstrip("/")
        _sub(root, "link", href=f"{base}/api/watches/{watch['id']}/feed.atom", rel="self", type="application/atom+xml")
        _sub(root, "link", href=f"{base}/watches/{watch['id']}", rel="alternate", type="text/html")
    for alert in alerts:
        entry = _sub(root, "entry")
        _sub(entry, "id", f"{TAG}:alert:{alert['id']}")
        title = alert.get("title") or alert["article_id"]
        _sub(entry, "title", title)
        _sub(entry, "updated", _iso(alert["created_at"]))
        if alert.get("published"):
            _sub(entry, "published", _iso(alert["published"]))
        link = alert.get("url") or (f"{base_url.rstrip('/')}/articles/{alert['article_id']}" if base_url else None)
        if link:
            _sub(entry, "link", href=link, rel="alternate")
        if alert.get("source"):
            _sub(_sub(entry, "author"), "name", alert["source"])
        _sub(entry, "summary", alert.get("reason") or "")
        lines = [alert.get("excerpt") or ""]
        if alert.get("mention"):
            lines.append(f"mention: {alert['mention']}")
        if alert.get("story_id") is not None:
            lines.append(f"story: {alert['story_id']}")
        lines.append(f"article: {alert['article_id']}" + (f" ({alert['lang']})" if alert.get("lang") else ""))
        _sub(entry, "content", "\n".join(lines), type="text")
        if alert.get("lang"):
            entry.set("{http://www.w3.org/XML/1998/namespace}lang", alert["lang"])
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
