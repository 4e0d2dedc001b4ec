"""Compare the articles of one story: alignment, claims, conflicts, gaps and fills.

``compare_story`` is the stage function (plain data in, plain data out). Its result is a
:class:`StoryComparison` that the CLI renders (``render.py``), ``--json`` prints with
``to_json()``, and the web UI renders from ``to_dict()``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from marsad.compare.align import AlignParams, Link, align_pair
from marsad.compare.claims import ClaimParams, ClauseUnit, groups, match_clauses, split_clauses
from marsad.compare.conflicts import UNRESOLVED, Difference, compare_facts, has_conflict
from marsad.compare.features import Facts, span_facts
from marsad.compare.gaps import Gap, detect_gaps
from marsad.compare.repair import Sister, propose_fills
from marsad.model import Article, Mention

SHARED, UNIQUE, CONFLICT = "shared", "unique", "conflict"


@dataclass
class PairAlignment:
    """Sentence alignment of two articles of the story."""

    article_a: str
    article_b: str
    links: list[Link] = field(default_factory=list)


@dataclass
class ClaimMatch:
    """A claim of another article that says the same thing, and what differs."""

    article_id: str
    claim: int  # index into StoryComparison.claims
    score: float
    differences: list[Difference] = field(default_factory=list)


@dataclass
class StoryClaim:
    """A clause of one article; ``text == article.text[start:end]``."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    status: str  # shared, unique, conflict
    row: int  # row of the coverage matrix
    matches: list[ClaimMatch] = field(default_factory=list)


@dataclass
class CoverageRow:
    """One claim across sources: the claim indices each article has for it."""

    row: int
    status: str
    cells: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Conflict:
    """Two matched claims of different articles that disagree on a fact, with the evidence:
    the two claims (their sentences and text), how well they matched, and what disagrees."""

    claim_a: int
    claim_b: int
    article_a: str
    article_b: str
    differences: list[Difference] = field(default_factory=list)
    sentence_a: int = -1
    sentence_b: int = -1
    text_a: str = ""
    text_b: str = ""
    score: float = 0.0  # match score of the two claims (cosine + fact bonus)
    why: str = ""  # one line: what disagrees and why the two claims are believed to be about one thing


@dataclass
class ArticleInfo:
    id: str
    source: str
    lang: str | None
    title: str
    sentences: int


@dataclass
class SourceSummary:
    """One article's claims against the rest of the story (the per-source view).

    ``shared``: its claims another article also makes; ``own``: its claims no other article
    makes; ``missing``: claims of the story (coverage rows) it does not make; ``contradicted``:
    its claims in a conflict; ``unresolved``: its claims matched to one naming a different,
    unlinked entity (shown, never counted as a conflict)."""

    article_id: str
    source: str
    lang: str | None
    claims: int = 0
    shared: int = 0
    own: int = 0
    missing: int = 0
    contradicted: int = 0
    unresolved: int = 0


@dataclass
class StoryComparison:
    """Everything ``marsad compare`` shows for one story."""

    articles: list[ArticleInfo]
    alignments: list[PairAlignment]
    claims: list[StoryClaim]
    coverage: list[CoverageRow]
    conflicts: list[Conflict]
    gaps: list[Gap]
    sources: list[SourceSummary] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The whole structure as JSON-ready dicts and lists."""
        return _plain(asdict(self))

    def to_json(self, indent: int | None = 2) -> str:
        """The whole structure as JSON (UTF-8 text, Arabic kept as is)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def _vectors(article: Article, sentence_vectors: dict[str, np.ndarray]) -> np.ndarray:
    vecs = sentence_vectors.get(article.id)
    if vecs is None:
        vecs = article.sentence_vectors
    if vecs is None or len(vecs) != len(article.sentences):
        raise ValueError(f"article {article.id}: need one sentence vector per sentence")
    return np.asarray(vecs, dtype=np.float32)


def _sentence_facts(article: Article, mentions: list[Mention]) -> list[Facts]:
    return [span_facts(article.text, s.start, s.end, mentions) for s in article.sentences]


def align_story(articles: list[Article], vectors: list[np.ndarray], facts: list[list[Facts]],
                params: AlignParams) -> list[PairAlignment]:
    """Sentence alignment of every pair of articles (i < j)."""
    out = []
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            links = align_pair(vectors[i], vectors[j], facts[i], facts[j], params)
            out.append(PairAlignment(articles[i].id, articles[j].id, links))
    return out


def _units(articles: list[Article], mentions: list[list[Mention]], vectors: list[np.ndarray],
           embed: Callable[[list[str]], np.ndarray] | None) -> list[ClauseUnit]:
    units, parts = [], []
    for k, art in enumerate(articles):
        holes = [g.offset for g in detect_gaps(art.text, art.sentences, art.lang, art.id)]
        for s in art.sentences:
            spans = split_clauses(s.text, s.lang or art.lang) if embed else [(0, len(s.text))]
            for a, b in spans:
                start, end = s.start + a, s.start + b
                facts = span_facts(art.text, start, end, mentions[k])
                unit = ClauseUnit(k, s.index, start, end, art.text[start:end], facts, vectors[k][s.index],
                                  any(start <= h <= end for h in holes))
                units.append(unit)
                if len(spans) > 1:
                    parts.append(unit)  # a one-clause sentence keeps its stored sentence vector
    if embed and parts:
        for unit, vec in zip(parts, embed([u.text for u in parts])):
            unit.vector = vec
    return units


def _linked(alignments: list[PairAlignment], index: dict[str, int]) -> set[tuple[int, int, int, int]]:
    out = set()
    for pa in alignments:
        ia, ib = index[pa.article_a], index[pa.article_b]
        for link in pa.links:
            for a, b in link.pairs():
                out |= {(ia, a, ib, b), (ib, b, ia, a)}
    return out


def build_claims(articles: list[Article], units: list[ClauseUnit], edges: list[tuple[int, int, float]]
                 ) -> tuple[list[StoryClaim], list[CoverageRow], list[Conflict]]:
    """Claims with their matches, the coverage matrix and the conflicts."""
    rows = groups(len(units), edges)
    known = [{k for u in units if u.article == a for k in u.facts.entities} for a in range(len(articles))]
    claims = [StoryClaim(articles[u.article].id, u.sentence, u.start, u.end, u.text, UNIQUE, rows[k]) for k, u in enumerate(units)]
    conflicts, conflicted = [], set()
    for i, j, s in edges:
        diffs = compare_facts(units[i].facts, units[j].facts, known[units[i].article], known[units[j].article])
        claims[i].matches.append(ClaimMatch(claims[j].article_id, j, round(s, 3), diffs))
        if has_conflict(diffs) and i < j:
            conflicts.append(_conflict(i, j, claims, s, diffs))
            conflicted.add(rows[i])
    coverage: dict[int, CoverageRow] = {}
    for k, c in enumerate(claims):
        coverage.setdefault(c.row, CoverageRow(c.row, UNIQUE)).cells.setdefault(c.article_id, []).append(k)
    for row in coverage.values():
        row.status = CONFLICT if row.row in conflicted else SHARED if len(row.cells) > 1 else UNIQUE
    for c in claims:
        c.status = coverage[c.row].status
    return claims, [coverage[r] for r in sorted(coverage)], conflicts


def source_summaries(articles: list[ArticleInfo], claims: list[StoryClaim], coverage: list[CoverageRow],
                     conflicts: list[Conflict]) -> list[SourceSummary]:
    """Per article: how many of its claims are shared, its own, missing from it, contradicted."""
    contradicted = {k for c in conflicts for k in (c.claim_a, c.claim_b)}
    out = []
    for a in articles:
        mine = [k for k, c in enumerate(claims) if c.article_id == a.id]
        row = SourceSummary(a.id, a.source, a.lang, claims=len(mine))
        row.contradicted = sum(k in contradicted for k in mine)
        row.shared = sum(claims[k].status != UNIQUE and k not in contradicted for k in mine)
        row.own = sum(claims[k].status == UNIQUE for k in mine)
        row.unresolved = sum(any(d.relation == UNRESOLVED for m in claims[k].matches for d in m.differences) for k in mine)
        row.missing = sum(a.id not in r.cells for r in coverage)
        out.append(row)
    return out


def _conflict(i: int, j: int, claims: list[StoryClaim], score: float, diffs: list[Difference]) -> Conflict:
    a, b = claims[i], claims[j]
    what = "; ".join(f"{d.kind}: {', '.join(d.a)} vs {', '.join(d.b)}" for d in diffs if d.relation == CONFLICT)
    why = f"{what} (claims matched with score {score:.2f}: sentence {a.sentence} and sentence {b.sentence})"
    return Conflict(i, j, a.article_id, b.article_id, diffs, a.sentence, b.sentence, a.text, b.text, round(score, 3), why)


NEIGHBOUR_WEIGHT = {0: 1.0, 1: 0.6, 2: 0.4}  # sisters of sentences near a gap's, weighted by distance


def _sisters(k: int, sentence: int, alignments: list[PairAlignment], index: dict[str, int]) -> list[Sister]:
    """Sentences of other articles aligned to ``sentence`` or to a sentence up to two away
    (an unaligned damaged sentence still finds the sister that tells the same part)."""
    best: dict[tuple[int, tuple[int, ...]], Sister] = {}
    for pa in alignments:
        ia, ib = index[pa.article_a], index[pa.article_b]
        for link in pa.links:
            if ia == k:
                other, mine, theirs = ib, link.a, link.b
            elif ib == k:
                other, mine, theirs = ia, link.b, link.a
            else:
                continue
            near = [NEIGHBOUR_WEIGHT[abs(s - sentence)] for s in mine if abs(s - sentence) in NEIGHBOUR_WEIGHT]
            if near:
                sis = Sister(other, tuple(theirs), link.score * max(near), tuple(mine))
                if (other, sis.sentences) not in best or sis.score > best[(other, sis.sentences)].score:
                    best[(other, sis.sentences)] = sis
    return list(best.values())


def find_gaps(articles: list[Article], mentions: list[list[Mention]], alignments: list[PairAlignment],
              entity_names: dict | None) -> list[Gap]:
    """Scraper gaps of every article, each with its fill suggestions."""
    index = {a.id: k for k, a in enumerate(articles)}
    out = []
    for k, art in enumerate(articles):
        for gap in detect_gaps(art.text, art.sentences, art.lang, art.id):
            sisters = _sisters(k, gap.sentence, alignments, index)
            gap.fills = propose_fills(gap, art, mentions[k], sisters, articles, mentions, entity_names)
            out.append(gap)
    return out


def compare_story(
    articles: list[Article],
    *,
    sentence_vectors: dict[str, np.ndarray] | None = None,
    mentions: dict[str, list[Mention]] | None = None,
    entity_names: dict[object, dict[str, str]] | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    align_params: AlignParams | None = None,
    claim_params: ClaimParams | None = None,
) -> StoryComparison:
    """Compare the articles of one story.

    ``sentence_vectors`` maps article id -> (n_sentences, dim) unit vectors (default:
    ``article.sentence_vectors``); ``mentions`` maps article id -> mentions with
    ``entity_id`` set by the linker (default: ``article.mentions``); ``entity_names`` maps
    entity id -> {"ar": ..., "en"/"latin": ...} for rendering fills. ``embed`` (the same
    backend's ``embed_sentences``) enables clause-level claims; without it claims are
    whole sentences.
    """
    sentence_vectors, mentions = sentence_vectors or {}, mentions or {}
    ments = [mentions.get(a.id, a.mentions) or [] for a in articles]
    vectors = [_vectors(a, sentence_vectors) for a in articles]
    facts = [_sentence_facts(a, m) for a, m in zip(articles, ments)]
    alignments = align_story(articles, vectors, facts, align_params or AlignParams())
    index = {a.id: k for k, a in enumerate(articles)}
    units = _units(articles, ments, vectors, embed)
    edges = match_clauses(units, _linked(alignments, index), claim_params or ClaimParams(), align_params or AlignParams())
    claims, coverage, conflicts = build_claims(articles, units, edges)
    info = [ArticleInfo(a.id, a.source, a.lang, a.title, len(a.sentences)) for a in articles]
    return StoryComparison(info, alignments, claims, coverage, conflicts, find_gaps(articles, ments, alignments, entity_names),
                           source_summaries(info, claims, coverage, conflicts))
