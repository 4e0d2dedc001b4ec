"""Terminal view of a story comparison (Rich): one column per article, one row per claim.

Right-to-left text: each article gets its own column and Arabic columns are right-justified;
the text itself stays in logical order (no reversal or reshaping tricks), so copying it out of
the terminal gives the original characters. Terminals with bidi support (GNOME Terminal/VTE,
Konsole, iTerm2, Windows Terminal) then display Arabic right-to-left; others show logical
order, which is still correct text. Gaps are marked inline as ``⟦…? fill⟧`` with the best
suggestion; the stored text is never changed.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from marsad.compare.story import StoryClaim, StoryComparison

STYLES = {"shared": "green", "unique": "yellow", "conflict": "bold red"}
RTL = frozenset({"ar", "fa", "ur", "he", "ps"})


def _claim_text(claim: StoryClaim, comp: StoryComparison) -> Text:
    text = Text(style=STYLES.get(claim.status, ""))
    cursor = claim.start
    for gap in comp.gaps:
        if gap.article_id == claim.article_id and claim.start <= gap.offset <= claim.end:
            text.append(claim.text[cursor - claim.start:gap.offset - claim.start])
            fill = f" {gap.fills[0].text}" if gap.fills else ""
            text.append(f"⟦…?{fill}⟧", style="reverse magenta")
            cursor = gap.offset
    text.append(claim.text[cursor - claim.start:])
    return text


def _row_order(comp: StoryComparison) -> list[int]:
    sizes = {a.id: max(1, a.sentences) for a in comp.articles}
    pos: dict[int, list[float]] = {}
    for c in comp.claims:
        pos.setdefault(c.row, []).append(c.sentence / sizes[c.article_id])
    return sorted(pos, key=lambda r: (sum(pos[r]) / len(pos[r]), r))


def column_header(article: object) -> str:
    """"seeds · ar · 75e20175": source, language and short article id (sources repeat)."""
    source, lang, aid = getattr(article, "source", ""), getattr(article, "lang", None), getattr(article, "id", "")
    return " · ".join(filter(None, [source, lang or "?", aid[:8]]))


def claims_table(comp: StoryComparison) -> Table:
    """The coverage matrix: claim rows × article columns, coloured by status."""
    table = Table(show_lines=True, expand=True, title="Claims (green shared, yellow unique, red conflict)")
    for a in comp.articles:
        justify = "right" if a.lang in RTL else "left"
        table.add_column(column_header(a), justify=justify, ratio=1)
    rows = {r.row: r for r in comp.coverage}
    for r in _row_order(comp):
        cells = []
        for a in comp.articles:
            ids = rows[r].cells.get(a.id, [])
            cells.append(Text("\n").join(_claim_text(comp.claims[k], comp) for k in ids) if ids else Text("—", style="dim"))
        table.add_row(*cells)
    return table


def conflicts_table(comp: StoryComparison) -> Table:
    """Each conflicting or more-specific difference of matched claims."""
    table = Table(title="Differences between matched claims", expand=True)
    for name in ("claim", "kind", "relation", "side A", "side B"):
        table.add_column(name)
    for k, claim in enumerate(comp.claims):
        for m in claim.matches:
            if k < m.claim or k not in {x.claim for x in comp.claims[m.claim].matches}:
                for d in m.differences:
                    table.add_row(f"{k}↔{m.claim}", d.kind, d.relation, ", ".join(d.a) or "—", ", ".join(d.b) or "—")
    return table


def gaps_table(comp: StoryComparison) -> Table:
    """Detected scraper gaps with their best fills and provenance."""
    table = Table(title="Possible scraper gaps (suggestions only; text unchanged)", expand=True)
    for name in ("article", "offset", "rule", "conf.", "context", "suggested fill (source, conf.)"):
        table.add_column(name)
    for g in comp.gaps:
        fills = "; ".join(f"{f.text} ({f.source} {f.article_id[:8]}#{f.sentence}, {f.confidence:.2f}"
                          f"{', other script' if f.script_mismatch else ''})" for f in g.fills)
        table.add_row(g.article_id[:8], str(g.offset), g.rule, f"{g.confidence:.2f}", g.context, fills or "—")
    return table


def render_comparison(comp: StoryComparison) -> Group:
    """A Rich renderable for ``marsad compare STORY``: claims, differences, gaps."""
    return Group(claims_table(comp), conflicts_table(comp), gaps_table(comp))
