"""Story-clustering evaluation: B-cubed and pairwise scores, overall and cross-lingual.

Gold file format (JSONL, one article per line; see docs/evaluation.md):

    {"id": "a1", "lang": "en", "date": "2025-11-22", "title": "...", "text": "...", "story": "s1"}

``date`` may be null or missing (the time term is then neutral). ``python -m
marsad.stories.evaluate FILE`` (or ``marsad eval clustering FILE``) embeds the articles
with the configured backend, finds their entity and figure evidence as ingest does
(:mod:`marsad.stories.evidence`), clusters them in file order and prints the scores.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from marsad.embed import DocText, EmbeddingBackend, get_backend, split_sentences
from marsad.errors import MarsadError
from marsad.stories.cluster import cluster_items
from marsad.stories.opinion import is_opinion
from marsad.stories.recluster import recluster
from marsad.stories.state import ClusterItem, ClusterParams, is_short, params_for

REQUIRED = ("id", "text", "story")


@dataclass(frozen=True)
class GoldArticle:
    """One line of a gold clustering file."""

    id: str
    lang: str
    text: str
    story: str
    title: str = ""
    date: date | None = None


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of one metric (``n`` = items or pairs it was computed on)."""

    precision: float
    recall: float
    f1: float
    n: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def ntrex_gold(path: str | Path, mode: str = "pairs") -> list[GoldArticle]:
    """Gold clustering records built from NTREX ``documents.dev.jsonl`` (undated; story = doc_id).

    ``pairs``: each English document and its Arabic translation (122 articles, 61 stories).
    ``halves``: the first half of each English document and the *second* half of its
    Arabic translation: same story, no translated sentence in common (harder).
    """
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        en, ar = doc["en"].split("\n"), doc["ar"].split("\n")
        half = max(1, len(en) // 2)
        parts = [(en, ar)] if mode == "pairs" else [(en[:half], ar[half:] or ar)]
        for en_part, ar_part in parts:
            for lang, sents in (("en", en_part), ("ar", ar_part)):
                out.append(GoldArticle(f"{doc['doc_id']}:{lang}", lang, "\n".join(sents[1:]), doc["doc_id"], sents[0]))
    return out


def split_half(story: str) -> str:
    """Deterministic tune/held-out split by story id (SHA-256 parity): "tune" or "heldout"."""
    import hashlib

    return "tune" if hashlib.sha256(story.encode()).digest()[0] % 2 == 0 else "heldout"


def parse_gold_line(line: str, origin: str = "<gold>") -> GoldArticle:
    """One JSONL line -> :class:`GoldArticle` (E900 naming the line when malformed)."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MarsadError("E900", path=origin, detail=f"invalid JSON ({exc.msg})") from exc
    missing = [k for k in REQUIRED if k not in rec or rec[k] in (None, "")]
    if not isinstance(rec, dict) or missing:
        raise MarsadError("E900", path=origin, detail=f"record lacks {', '.join(missing) or 'an object'}")
    day = rec.get("date")
    try:
        parsed = datetime.fromisoformat(str(day)[:10]).date() if day else None
    except ValueError as exc:
        raise MarsadError("E900", path=origin, detail=f"date {day!r} is not ISO YYYY-MM-DD") from exc
    return GoldArticle(str(rec["id"]), str(rec.get("lang") or "und"), rec["text"], str(rec["story"]), rec.get("title") or "", parsed)


def read_gold(path: str | Path) -> list[GoldArticle]:
    """Read a gold JSONL file (blank lines skipped)."""
    path = Path(path)
    if not path.is_file():
        raise MarsadError("E900", path=str(path), detail="no such file")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse_gold_line(line, f"{path}#line {i}") for i, line in enumerate(lines, 1) if line.strip()]


def bcubed(pred: Mapping[str, Any], gold: Mapping[str, Any], langs: Mapping[str, str] | None = None) -> Scores:
    """B-cubed P/R/F1 (Bagga & Baldwin 1998), averaged over items.

    With ``langs``, only cross-lingual pairs count: for each item, precision is the share
    of *other-language* items in its predicted story that share its gold story, recall
    the share of other-language items of its gold story that it was clustered with;
    items with no such items (empty denominator) are left out of that average.
    """
    by_pred, by_gold = _groups(pred), _groups(gold)
    ps, rs = [], []
    for item in gold:
        same_pred, same_gold = by_pred[pred[item]], by_gold[gold[item]]
        if langs is not None:
            same_pred = {j for j in same_pred if langs[j] != langs[item]}
            same_gold = {j for j in same_gold if langs[j] != langs[item]}
        both = len(same_pred & same_gold)
        if same_pred:
            ps.append(both / len(same_pred))
        if same_gold:
            rs.append(both / len(same_gold))
    p = float(np.mean(ps)) if ps else 0.0
    r = float(np.mean(rs)) if rs else 0.0
    return Scores(p, r, _f1(p, r), len(gold))


def _groups(labels: Mapping[str, Any]) -> dict[Any, set[str]]:
    out: dict[Any, set[str]] = defaultdict(set)
    for item, label in labels.items():
        out[label].add(item)
    return out


def pairwise(pred: Mapping[str, Any], gold: Mapping[str, Any], langs: Mapping[str, str] | None = None) -> Scores:
    """Pairwise P/R/F1 over item pairs (only cross-lingual pairs when ``langs`` is given)."""
    tp = pred_pos = gold_pos = n = 0
    for a, b in combinations(sorted(gold), 2):
        if langs is not None and langs[a] == langs[b]:
            continue
        n += 1
        same_pred, same_gold = pred[a] == pred[b], gold[a] == gold[b]
        tp += same_pred and same_gold
        pred_pos += same_pred
        gold_pos += same_gold
    p = tp / pred_pos if pred_pos else 0.0
    r = tp / gold_pos if gold_pos else 0.0
    return Scores(p, r, _f1(p, r), n)


def score_clustering(records: Sequence[GoldArticle], pred: Mapping[str, Any]) -> dict[str, Scores]:
    """All four scores: B-cubed and pairwise, overall and cross-lingual."""
    gold = {r.id: r.story for r in records}
    langs = {r.id: r.lang for r in records}
    return {
        "bcubed": bcubed(pred, gold),
        "pairwise": pairwise(pred, gold),
        "bcubed_crosslingual": bcubed(pred, gold, langs),
        "pairwise_crosslingual": pairwise(pred, gold, langs),
    }


def doc_text(record: GoldArticle) -> DocText:
    """Title + lead + body of a gold record (the text's first line is the title when none is given)."""
    sents = split_sentences(record.text)
    title = record.title.strip()
    if not title and sents:
        title, sents = sents[0], sents[1:]
    return DocText(title, " ".join(sents[:2]), tuple(sents[2:]))


def embed_records(records: Sequence[GoldArticle], backend: EmbeddingBackend) -> np.ndarray:
    """Document vectors of the records, in order."""
    return backend.embed_documents([doc_text(r) for r in records])


def record_items(records: Sequence[GoldArticle], vectors: np.ndarray, keys: Sequence[frozenset[str]] | None = None) -> list[ClusterItem]:
    """The clusterer's view of the records (``keys``: their entity/number evidence, if computed)."""
    return [ClusterItem(r.id, vectors[i], r.date, keys[i] if keys is not None else frozenset(), lang=r.lang, title=r.title,
                        short=is_short(r.title, r.text), opinion=is_opinion(r.title, r.text)) for i, r in enumerate(records)]


def cluster_records(records: Sequence[GoldArticle], vectors: np.ndarray, params: ClusterParams | None = None, order: Sequence[int] | None = None,
                    batch_size: int = 1, keys: Sequence[frozenset[str]] | None = None) -> dict[str, int]:
    """Online-cluster the records in ``order`` (default: file order), ``batch_size`` at a time; id -> story key."""
    order = list(order) if order is not None else list(range(len(records)))
    items = record_items(records, vectors, keys)
    return cluster_items([items[i] for i in order], vectors.shape[1], params, batch_size)


def recluster_records(records: Sequence[GoldArticle], vectors: np.ndarray, pred: Mapping[str, int], params: ClusterParams | None = None,
                      keys: Sequence[frozenset[str]] | None = None) -> dict[str, int]:
    """The merge/split pass (:func:`marsad.cluster.recluster`) over an online result."""
    return recluster(record_items(records, vectors, keys), pred, params).assignment


def shuffle_spread(records: Sequence[GoldArticle], vectors: np.ndarray, params: ClusterParams | None = None, runs: int = 10, seed: int = 13, reclustered: bool = False,
                   batch_size: int = 1, keys: Sequence[frozenset[str]] | None = None) -> dict[str, float]:
    """B-cubed F1 over ``runs`` random input orders: min, max, mean and max-min spread.

    With ``reclustered``, each online result also goes through the merge/split pass.
    """
    rng = random.Random(seed)
    f1s = []
    for _ in range(runs):
        order = list(range(len(records)))
        rng.shuffle(order)
        pred = cluster_records(records, vectors, params, order, batch_size, keys)
        if reclustered:
            pred = recluster_records(records, vectors, pred, params, keys)
        f1s.append(score_clustering(records, pred)["bcubed"].f1)
    return {"min": min(f1s), "max": max(f1s), "mean": float(np.mean(f1s)), "spread": max(f1s) - min(f1s), "runs": runs}


def record_keys(records: Sequence[GoldArticle]) -> list[frozenset[str]]:
    """The entity and number evidence of each record, as ``marsad ingest`` computes it (NER)."""
    from marsad.stories.evidence import text_keys

    return text_keys([(r.title, r.text, r.lang) for r in records])


def evaluate(records: Sequence[GoldArticle], backend: EmbeddingBackend, params: ClusterParams | None = None, shuffles: int = 0,
             evidence: bool = True) -> dict[str, Any]:
    """Embed, find the entity/number evidence (``evidence``), cluster in file order and score;
    optionally measure shuffle robustness."""
    vectors = embed_records(records, backend)
    keys = record_keys(records) if evidence else None
    pred = cluster_records(records, vectors, params, keys=keys)
    report: dict[str, Any] = {
        "backend": backend.name,
        "articles": len(records),
        "gold_stories": len({r.story for r in records}),
        "predicted_stories": len(set(pred.values())),
        "languages": dict(Counter(r.lang for r in records)),
        "scores": score_clustering(records, pred),
    }
    reclustered = recluster_records(records, vectors, pred, params, keys)
    report["predicted_stories_reclustered"] = len(set(reclustered.values()))
    report["scores_reclustered"] = score_clustering(records, reclustered)
    if shuffles:
        report["shuffle"] = shuffle_spread(records, vectors, params, shuffles, keys=keys)
        report["shuffle_reclustered"] = shuffle_spread(records, vectors, params, shuffles, reclustered=True, keys=keys)
    return report


def format_report(report: Mapping[str, Any]) -> str:
    """Plain-text table of an :func:`evaluate` report."""
    lines = [
        f"backend {report['backend']}; {report['articles']} articles {report['languages']}; "
        f"{report['gold_stories']} gold stories, {report['predicted_stories']} predicted",
        f"{'metric':<24}{'P':>8}{'R':>8}{'F1':>8}{'n':>9}",
    ]
    for label, key in (("online, in file order", "scores"), ("after recluster (what `marsad ingest` leaves)", "scores_reclustered")):
        if key not in report:
            continue
        lines.append(f"-- {label}")
        for name, s in report[key].items():
            lines.append(f"{name:<24}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.n:>9}")
    for label, key in (("online", "shuffle"), ("reclustered", "shuffle_reclustered")):
        if key in report:
            sh = report[key]
            lines.append(f"shuffled x{sh['runs']} ({label}): B-cubed F1 min {sh['min']:.3f} max {sh['max']:.3f} "
                         f"mean {sh['mean']:.3f} spread {sh['spread']:.3f}")
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    """``python -m marsad.stories.evaluate FILE [--backend NAME] [--threshold X] [--shuffles N]``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--backend", default=None)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--shuffles", type=int, default=0)
    args = ap.parse_args(list(argv) if argv is not None else None)
    try:
        backend = get_backend(args.backend)
        overrides = {} if args.threshold is None else {"threshold": args.threshold}
        print(format_report(evaluate(read_gold(args.file), backend, params_for(backend.name, **overrides), args.shuffles)))
    except MarsadError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
