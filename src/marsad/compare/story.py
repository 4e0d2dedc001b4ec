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
from marsad.compare.conflicts import Difference, compare_facts, has_conflict
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
    """Two matched claims of different articles that disagree on a fact."""

    claim_a: int
    claim_b: int
    article_a: str
    article_b: str
    differences: list[Difference] = field(default_factory=list)


@dataclass
class ArticleInfo:
    id: str
    source: str
    lang: str | None
    title: str
    sentences: int


@dataclass
class StoryComparison:
    """Everything ``marsad compare`` shows for one story."""

    articles: list[ArticleInfo]
    alignments: list[PairAlignment]
    claims: list[StoryClaim]
    coverage: list[CoverageRow]
    conflicts: list[Conflict]
    gaps: list[Gap]

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
    units = []
    for k, art in enumerate(articles):
        for s in art.sentences:
            spans = split_clauses(s.text, s.lang or art.lang) if embed else [(0, len(s.text))]
            for a, b in spans:
                start, end = s.start + a, s.start + b
                facts = span_facts(art.text, start, end, mentions[k])
                units.append(ClauseUnit(k, s.index, start, end, art.text[start:end], facts, vectors[k][s.index]))
    if embed and units:
        for unit, vec in zip(units, embed([u.text for u in units])):
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
    claims = [StoryClaim(articles[u.article].id, u.sentence, u.start, u.end, u.text, UNIQUE, rows[k]) for k, u in enumerate(units)]
    conflicts, conflicted = [], set()
    for i, j, s in edges:
        diffs = compare_facts(units[i].facts, units[j].facts)
        claims[i].matches.append(ClaimMatch(claims[j].article_id, j, round(s, 3), diffs))
        if has_conflict(diffs) and i < j:
            conflicts.append(Conflict(i, j, claims[i].article_id, claims[j].article_id, diffs))
            conflicted.add(rows[i])
    coverage: dict[int, CoverageRow] = {}
    for k, c in enumerate(claims):
        coverage.setdefault(c.row, CoverageRow(c.row, UNIQUE)).cells.setdefault(c.article_id, []).append(k)
    for row in coverage.values():
        row.status = CONFLICT if row.row in conflicted else SHARED if len(row.cells) > 1 else UNIQUE
    for c in claims:
        c.status = coverage[c.row].status
    return claims, [coverage[r] for r in sorted(coverage)], conflicts


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
    return StoryComparison(info, alignments, claims, coverage, conflicts, find_gaps(articles, ments, alignments, entity_names))
