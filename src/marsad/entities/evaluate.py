"""CoNLL/BIO reading and seqeval-style scoring (exact span and type match).

``read_bio`` accepts ``token TAG`` lines (the last column is the tag; extra columns are
ignored), blank lines between sentences, BIO or IO tagging, and the labels PER/PERS, LOC,
GPE, ORG, MISC/MIS*. Tags that are not well formed are repaired or mapped to ``O`` and
counted in ``BioFile.repairs`` so a report can say what was done. A file that is not BIO at all
(JSONL, plain text, a table whose last column is not a tag) is refused with E906: more than
``MAX_UNTAGGED`` of its token lines end in something that is not tag-shaped, or it has no
entity tag at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from marsad.entities.tokens import bio_spans
from marsad.errors import MarsadError

TYPES = ("PER", "ORG", "LOC", "MISC")
_TYPE_MAP = {"PER": "PER", "PERS": "PER", "PERSON": "PER", "LOC": "LOC", "GPE": "LOC", "ORG": "ORG", "MISC": "MISC"}
_TAG = re.compile(r"^([BI])-+([A-Za-z]+)\W*\d*\W*$")
_TAG_SHAPED = re.compile(r"^(?:[OBIES0]{1,2}|[BIES]-+[A-Za-z][\w`'-]*)$")  # malformed AQMAR tags included
MAX_UNTAGGED = 0.02  # share of token lines whose last column may be something other than a tag


@dataclass
class BioFile:
    """Sentences of (token, tag) with the repairs made while reading."""

    sentences: list[list[tuple[str, str]]] = field(default_factory=list)
    repairs: Counter = field(default_factory=Counter)  # "raw -> fixed" -> count
    documents: list[int] = field(default_factory=list)  # index of each document's first sentence (-DOCSTART-)


def normalise_tag(raw: str, misc: bool = True) -> str:
    """Map a raw tag to B-/I- PER, ORG, LOC, MISC or O ("B-PERS" -> "B-PER", "B-MIS1" -> "B-MISC").

    With ``misc=False`` miscellaneous tags become ``O`` (as when scoring PER/ORG/LOC only).
    Unknown or malformed tags ("OO", "B-ENGLISH") become ``O``; "I--ORG" becomes "I-ORG".
    """
    if raw in ("O", "0"):
        return "O"
    m = _TAG.match(raw)
    if not m:
        return "O"
    kind = m.group(2).upper()
    kind = "MISC" if kind.startswith("MIS") else _TYPE_MAP.get(kind)
    if kind is None or (kind == "MISC" and not misc):
        return "O"
    return f"{m.group(1)}-{kind}"


def read_bio(path: str | Path, misc: bool = True) -> BioFile:
    """Read a CoNLL/BIO file; raise MarsadError E900 when it is missing or has no tags."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise MarsadError("E900", path=str(path), detail=f"cannot read ({exc.__class__.__name__})") from None
    out, current, untagged, first_bad = BioFile(), [], 0, None
    for number, line in enumerate(lines + [""], 1):
        parts = line.split()
        if not parts or line.startswith("-DOCSTART-"):
            if current:
                out.sentences.append(current)
            current = []
            if line.startswith("-DOCSTART-"):
                out.documents.append(len(out.sentences))
            continue
        if len(parts) < 2:
            raise MarsadError("E906", path=str(path), detail=f"line {number} {line[:60]!r} has no tag column")
        if not _TAG_SHAPED.match(parts[-1]):
            untagged += 1
            first_bad = first_bad or (number, line)
        tag = normalise_tag(parts[-1], misc)
        expected = parts[-1] if parts[-1] != "0" else "O"
        if tag != expected and not expected.startswith(("B-PERS", "I-PERS", "B-MIS", "I-MIS")):
            out.repairs[f"{parts[-1]} -> {tag}"] += 1
        current.append((parts[0], tag))
    if not out.sentences:
        raise MarsadError("E900", path=str(path), detail="no tagged tokens found (expected 'token TAG' lines)")
    n_tokens = sum(map(len, out.sentences))
    if untagged > MAX_UNTAGGED * n_tokens:
        line = first_bad[1] if len(first_bad[1]) <= 60 else first_bad[1][:57] + "..."
        detail = f"{untagged} of {n_tokens} token lines end in no tag; first, line {first_bad[0]}: {line!r}"
        raise MarsadError("E906", path=str(path), detail=detail)
    if not any(tag != "O" for sent in out.sentences for _, tag in sent) and not _has_entity_tags(lines):
        raise MarsadError("E906", path=str(path), detail=f"{n_tokens} token lines and not one B- or I- tag")
    return out


def _has_entity_tags(lines: list[str]) -> bool:
    """True when some line ends in a B-/I- tag (even one scored as O, such as MISC with misc=False)."""
    return any(_TAG.match(parts[-1]) for line in lines if len(parts := line.split()) >= 2)


def script_language(data: BioFile) -> str:
    """"ar" when most letters of the file's tokens are Arabic script, else "en"."""
    arabic = latin = 0
    for sent in data.sentences[:2000]:
        for tok, _ in sent:
            for ch in tok:
                if "\u0600" <= ch <= "\u06ff":
                    arabic += 1
                elif ch.isalpha():
                    latin += 1
    return "ar" if arabic > latin else "en"


@dataclass
class Report:
    """Per-type and micro-averaged precision, recall, F1 (exact span match)."""

    per_type: dict[str, dict[str, float]]
    micro: dict[str, float]
    sentences: int
    tokens: int
    repairs: dict[str, int] = field(default_factory=dict)

    def table(self) -> str:
        """A plain-text table for the CLI."""
        rows = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
        for kind, r in sorted(self.per_type.items()) + [("micro", self.micro)]:
            rows.append(f"{kind:<6} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f} {int(r['gold']):6d} {int(r['pred']):6d}")
        return "\n".join(rows)


def _prf(tp: int, gold: int, pred: int) -> dict[str, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "gold": gold, "pred": pred, "tp": tp}


def score(gold: Iterable[list[str]], pred: Iterable[list[str]], types: Iterable[str] = TYPES) -> dict:
    """Exact-span scores over sentences of gold and predicted BIO labels (seqeval default mode)."""
    wanted = set(types)
    counts = {t: Counter() for t in wanted}
    for g, p in zip(gold, pred, strict=True):
        gs = {s for s in bio_spans(g) if s[2] in wanted}
        ps = {s for s in bio_spans(p) if s[2] in wanted}
        for kind in wanted:
            counts[kind]["gold"] += sum(s[2] == kind for s in gs)
            counts[kind]["pred"] += sum(s[2] == kind for s in ps)
            counts[kind]["tp"] += sum(s[2] == kind for s in gs & ps)
    per_type = {k: _prf(c["tp"], c["gold"], c["pred"]) for k, c in counts.items() if c["gold"] or c["pred"]}
    total = sum((counts[k] for k in wanted), Counter())
    return {"per_type": per_type, "micro": _prf(total["tp"], total["gold"], total["pred"])}


Tagger = Callable[[list[list[str]]], list[list[str]]]


def evaluate_bio(path: str | Path, tagger: Tagger, types: Iterable[str] = ("PER", "ORG", "LOC")) -> Report:
    """Tag the tokens of a CoNLL/BIO file with ``tagger`` and score it against the file's tags.

    ``tagger`` takes sentences of tokens and returns BIO labels (see ``ner.bio_tagger``).
    MISC is scored only when it is in ``types``; otherwise it counts as ``O`` on both sides.
    """
    types = tuple(types)
    data = read_bio(path, misc="MISC" in types)
    tokens = [[tok for tok, _ in s] for s in data.sentences]
    gold = [[tag for _, tag in s] for s in data.sentences]
    pred = [[normalise_tag(t, "MISC" in types) for t in sent] for sent in tagger(tokens)]
    scores = score(gold, pred, types)
    return Report(scores["per_type"], scores["micro"], len(tokens), sum(map(len, tokens)), dict(data.repairs))
