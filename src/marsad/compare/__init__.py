"""Comparison of the articles of a story: alignment, claims, conflicts, scraper gaps.

Entry point: :func:`compare_story` (plain data in, :class:`StoryComparison` out), with
``StoryComparison.to_json()`` for ``marsad compare --json`` and :func:`render_comparison`
for the terminal.
"""

from marsad.compare.align import AlignParams, Link, align_pair
from marsad.compare.claims import ClaimParams, split_clauses
from marsad.compare.conflicts import Difference, compare_facts
from marsad.compare.gaps import Fill, Gap, detect_gaps
from marsad.compare.render import render_comparison
from marsad.compare.story import (
    ClaimMatch,
    Conflict,
    CoverageRow,
    PairAlignment,
    SourceSummary,
    StoryClaim,
    StoryComparison,
    compare_story,
)

__all__ = [
    "AlignParams", "ClaimMatch", "ClaimParams", "Conflict", "CoverageRow", "Difference", "Fill", "Gap",
    "Link", "PairAlignment", "SourceSummary", "StoryClaim", "StoryComparison", "align_pair", "compare_facts",
    "compare_story", "detect_gaps", "render_comparison", "split_clauses",
]
