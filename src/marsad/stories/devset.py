"""A dev set of *independent* Arabic/English short reports, built from NTREX (docs/evaluation.md).

NTREX gives one English document and its Arabic translation per story. Pairing the two
whole documents is easy (the Arabic is a translation); real outlets write apart. This view
cuts each document into short items (title, lead, one or two sentences) of its opening —
the title and first three sentences, where a news text states its event:

- the English item is one or two consecutive units of the opening;
- the Arabic item is, for half of the stories ("apart"), one or two units the English item
  does *not* use (same event, names, places and figures, no translated sentence in common);
  for the other half ("rewritten"), one unit in common with the English item (as when both
  outlets build on one wire sentence) and one of its own;
- about a third of the stories appear in one language only (singletons, as in a news feed
  where most reports have no counterpart in the other language), alternating languages;
- each story gets a date in a 30-day window and each item that date or the next day.

Everything is a deterministic function of the doc id and ``variant``, so several variants of
the same documents give several samples without randomness in the code that scores them.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

from marsad.stories.evaluate import GoldArticle

START = date(2018, 9, 20)  # NTREX / WMT19 news is from autumn 2018
WINDOW_DAYS = 30
LEAD_UNITS = 4  # the title and the first three sentences


def _draw(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:8], "big")


def independent_items(doc: dict, variant: int = 0, dated: bool = True) -> list[GoldArticle]:
    """The items of one NTREX document (see the module docstring)."""
    en, ar = doc["en"].split("\n"), doc["ar"].split("\n")
    n = min(len(en), len(ar))
    if n < 4:
        return []
    doc_id = doc["doc_id"]
    r = lambda tag, k: _draw(doc_id, variant, tag) % k  # noqa: E731
    day = START + timedelta(days=r("date", WINDOW_DAYS)) if dated else None
    # the title and the first sentences state the event; each side takes its own part of them
    units = list(range(min(n, LEAD_UNITS)))
    en_len = 1 + r("enlen", 2)
    en_start = r("enstart", len(units) - en_len + 1)
    en_idx = units[en_start : en_start + en_len]
    rest = [u for u in units if u not in en_idx]
    if r("kind", 2) == 0:  # "rewritten": one unit in common (a shared wire sentence), one of its own
        ar_idx = sorted({en_idx[r("shared", len(en_idx))], rest[r("own", len(rest))]})
    else:  # "apart": no unit in common
        ar_len = min(len(rest), 1 + r("arlen", 2))
        start = r("arstart", len(rest) - ar_len + 1)
        ar_idx = rest[start : start + ar_len]
    which = r("langs", 3)  # 0, 1: both languages; 2: one language only
    out = []
    for lang, sents, idx in (("en", en, en_idx), ("ar", ar, ar_idx)):
        if which == 2 and (lang == "ar") == (r("single", 2) == 0):
            continue
        title = sents[0] if idx[0] == 0 else ""
        text = " ".join(sents[i] for i in idx if i != 0)
        if not text:
            text, title = title, ""
        when = None if day is None else day + timedelta(days=r(lang + "lag", 2))
        out.append(GoldArticle(f"{doc_id}:{lang}:{variant}", lang, text, f"{doc_id}", title, when))
    return out


def independent_gold(path: str | Path, variant: int = 0, dated: bool = True) -> list[GoldArticle]:
    """Independent short-report gold records of every NTREX document in ``path``."""
    out: list[GoldArticle] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.extend(independent_items(json.loads(line), variant, dated))
    return out
