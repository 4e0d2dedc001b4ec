"""Event coding scored on gold sentences: the Arabic event GSR and the PLOVER examples.

Readers turn each gold format into plain :class:`GoldSentence` records; :func:`evaluate`
runs a coder over them and scores it. The scoring is the one the GSR README gives:

* detection: a record judged for type T is positive when its ``label`` is ``yes``,
  negative when it is ``easy no`` or ``difficult no``; ``ambiguous`` is left out. The
  coder says "T" when it finds a non-negated, non-hypothetical event of type T in the
  sentence. Precision, recall and F1 per type; ``n`` is the number of gold positives.
* roles (records with spans): on sentences where the coder finds an event of the gold
  type, the actor is right when its words overlap the words of a gold actor span (any
  annotator's); the target likewise. When no annotator marked a target, the target is
  right only when the coder gives none. An event without an actor counts as wrong.

Word overlap compares folded words (:func:`fold_word`: no diacritics or tatweel, one
alef, ى -> ي, ة -> ه, the clitics و/ف/ب/ل/ال stripped), so "والمتظاهرين" matches
"المتظاهرين".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from marsad.errors import MarsadError
from marsad.jsonlines import numbered_records
from marsad.model import Event

POSITIVE, NEGATIVE = ("yes",), ("easy no", "difficult no")


@dataclass
class GoldSentence:
    """One judged sentence: which types it is judged for, and who did what to whom."""

    text: str
    lang: str
    doc: str  # the document it came from (for splits by document)
    judged: dict[str, bool] = field(default_factory=dict)  # type -> positive?
    role_type: str | None = None  # the gold event type of the role spans
    actors: list[list[str]] = field(default_factory=list)  # gold actor spans (tokens)
    targets: list[list[str]] = field(default_factory=list)


Coder = Callable[[list[GoldSentence]], list[list[Event]]]

_DIACRITICS = re.compile(r"[\u064b-\u0652\u0670\u0640]")
_ALEF = str.maketrans("أإآٱ", "اااا")


def fold_word(word: str) -> str:
    """A word's matching form: Arabic folded and clitics stripped, Latin lower-cased."""
    w = _DIACRITICS.sub("", word).translate(_ALEF).replace("ى", "ي").replace("ة", "ه").lower()
    w = re.sub(r"^\W+|\W+$", "", w)
    if re.match(r"[\u0600-\u06ff]", w):
        w = re.sub(r"^(?:[وف])?(?:[بلك])?(?:ال|لل)?(?=\w{2})", "", w)
    else:
        w = re.sub(r"^the\s+", "", w)
    return w


def words(text: str | Iterable[str]) -> set[str]:
    """Folded content words of a text or token list (one-letter leftovers dropped)."""
    tokens = text.split() if isinstance(text, str) else [t for tok in text for t in tok.split()]
    return {w for w in (fold_word(t) for t in tokens) if len(w) > 1}


# ---------------------------------------------------------------- readers


def read_gold(paths: list[Path]) -> list[GoldSentence]:
    """Gold sentences from GSR JSONL files, a GSR folder, or the PLOVER examples JSON.

    Records of the same text (a GSR sentence judged for both types, or present in both the
    detection and the spans file) are merged into one :class:`GoldSentence`.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".jsonl", ".json"))
        elif path.exists():
            files.append(path)
        else:
            raise MarsadError("E900", path=str(path), detail="no such file or folder")
    merged: dict[str, GoldSentence] = {}
    for file in files:
        for item in _read_file(file):
            _merge(merged, item)
    if not merged:
        raise MarsadError("E900", path=", ".join(map(str, paths)), detail="no gold event records found (expected the arabic-event-gsr JSONL or PLOVER examples JSON)")
    return list(merged.values())


def _read_file(path: Path) -> list[GoldSentence]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json" or text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MarsadError("E900", path=str(path), detail=f"invalid JSON: {exc}") from None
        return [g for g in (_plover(r) for r in data if isinstance(r, dict)) if g]
    out = []
    bad = lambda n, exc: MarsadError("E106", origin=str(path), line=n, detail=str(exc))  # noqa: E731
    for _, record in numbered_records(text, bad):
        item = _spans(record) if "spans" in record else _detection(record)
        if item is not None:
            out.append(item)
    return out


def _detection(r: dict) -> GoldSentence | None:
    label, etype, text = r.get("label"), r.get("event_type"), r.get("text")
    if not text or not etype or label not in POSITIVE + NEGATIVE:
        return None
    return GoldSentence(text, r.get("lang", "ar"), _doc(r.get("id")), {etype: label in POSITIVE})


def _doc(sentence_id: object) -> str:
    """The document part of a GSR sentence id: ``<hash>_32`` and ``AAW_ARB_20070101.0043-22``."""
    return re.sub(r"[-_]\d+$", "", str(sentence_id or ""))


def _spans(r: dict) -> GoldSentence | None:
    if not r.get("text") or not r.get("event_type"):
        return None
    actors = [s["source_actor"] for s in r["spans"] if s.get("source_actor")]
    targets = [s["target_actor"] for s in r["spans"] if s.get("target_actor")]
    return GoldSentence(r["text"], r.get("lang", "ar"), _doc(r.get("source")), {}, r["event_type"], actors, targets)


def _plover(r: dict) -> GoldSentence | None:
    if not r.get("text") or not r.get("event") or r.get("event") == "DOCUMENT":
        return None
    from marsad.events.classify import V05_TO_CURRENT

    etype = V05_TO_CURRENT.get(r["event"], r["event"])
    actors = [[a["actorText"]] for a in r.get("source") or [] if isinstance(a, dict) and a.get("actorText")]
    targets = [[a["actorText"]] for a in r.get("target") or [] if isinstance(a, dict) and a.get("actorText")]
    return GoldSentence(r["text"], "en", str(r.get("id", r["text"][:40])), {}, etype, actors, targets)


def _merge(merged: dict[str, GoldSentence], item: GoldSentence) -> None:
    have = merged.get(item.text)
    if have is None:
        merged[item.text] = item
        return
    have.judged.update(item.judged)
    if item.role_type:
        have.role_type, have.actors, have.targets = item.role_type, item.actors, item.targets


# ---------------------------------------------------------------- scoring


def evaluate(gold: list[GoldSentence], coder: Coder) -> dict:
    """``{"types": {T: {precision, recall, f1, n}}, "actor_accuracy", "target_accuracy", ...}``.

    Types come from the detection judgements; sentences with role spans only (PLOVER
    examples) are scored as multi-label detection over the types present in the gold:
    a sentence is positive for its own type and negative for every other.
    """
    events = coder(gold)
    found = [{e.type for e in evs if not e.negated and not e.hypothetical} for evs in events]
    judged = any(g.judged for g in gold)
    types = sorted({t for g in gold for t in g.judged} if judged else {g.role_type for g in gold if g.role_type})
    counts = {t: [0, 0, 0] for t in types}  # tp, fp, fn
    for g, got in zip(gold, found):
        labels = g.judged if judged else {t: t == g.role_type for t in types}
        for t, positive in labels.items():
            c = counts[t]
            if positive and t in got:
                c[0] += 1
            elif t in got:
                c[1] += 1
            elif positive:
                c[2] += 1
    report: dict = {"types": {t: _prf(*c) for t, c in counts.items()}}
    report.update(role_accuracy(gold, events))
    report["sentences"] = len(gold)
    return report


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "n": tp + fn}


def role_accuracy(gold: list[GoldSentence], events: list[list[Event]]) -> dict:
    """Actor and target accuracy on role sentences where an event of the gold type is found."""
    scored = right_actor = right_target = 0
    for g, evs in zip(gold, events):
        if not g.role_type or not g.actors:
            continue
        typed = [e for e in evs if e.type == g.role_type]
        if not typed:
            continue
        ev = typed[0]
        scored += 1
        gold_actor = set().union(*(words(s) for s in g.actors))
        right_actor += bool(ev.actor and words(ev.actor) & gold_actor)
        if g.targets:
            gold_target = set().union(*(words(s) for s in g.targets))
            right_target += bool(ev.recipient and words(ev.recipient) & gold_target)
        else:
            right_target += ev.recipient is None
    n_roles = sum(1 for g in gold if g.role_type and g.actors)
    return {
        "actor_accuracy": round(right_actor / scored, 3) if scored else None,
        "target_accuracy": round(right_target / scored, 3) if scored else None,
        "role_sentences": n_roles,
        "role_sentences_with_event": scored,
    }


def split_by_document(gold: list[GoldSentence], seed: int = 20261203, held_out: float = 0.5) -> tuple[list[GoldSentence], list[GoldSentence]]:
    """(train, held-out) with every document wholly on one side (a seeded shuffle of documents)."""
    import random

    docs = sorted({g.doc for g in gold})
    random.Random(seed).shuffle(docs)
    cut = set(docs[: int(round(len(docs) * held_out))])
    return [g for g in gold if g.doc not in cut], [g for g in gold if g.doc in cut]


def format_report(report: dict) -> str:
    """The report as a few aligned lines for a terminal."""
    lines = [f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}"]
    for t, s in report["types"].items():
        lines.append(f"{t:<10} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} {s['n']:>5}")
    for key in ("actor_accuracy", "target_accuracy"):
        value = report.get(key)
        lines.append(f"{key}: {'-' if value is None else f'{value:.3f}'}")
    lines.append(f"role sentences with an event of the gold type: {report['role_sentences_with_event']} of {report['role_sentences']}")
    return "\n".join(lines)
