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

from marsad.compare.repair import CONFIDENT  # a fill this sure is shown inside the text; others only in the gaps table
from marsad.compare.story import StoryClaim, StoryComparison

STYLES = {"shared": "green", "unique": "yellow", "conflict": "bold red"}
RTL = frozenset({"ar", "fa", "ur", "he", "ps"})


def confident_fill(gap: object) -> object | None:
    """The top fill of a gap when it is sure enough to be shown in the text, else None."""
    fills = getattr(gap, "fills", None) or []
    return fills[0] if fills and fills[0].confidence >= CONFIDENT and not fills[0].script_mismatch else None


def _claim_text(k: int, claim: StoryClaim, comp: StoryComparison, colour: bool) -> Text:
    text = Text(style=STYLES.get(claim.status, "") if colour else "")
    text.append(f"#{k} " if colour else f"#{k} ({claim.status}) ", style="bold" if colour else "")
    cursor = claim.start
    for gap in comp.gaps:
        if gap.article_id == claim.article_id and claim.start <= gap.offset <= claim.end:
            text.append(claim.text[cursor - claim.start:gap.offset - claim.start])
            best = confident_fill(gap)
            text.append(f"⟦…? {best.text}⟧" if best else "⟦…?⟧", style="reverse magenta" if colour else "")
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


def sources_table(comp: StoryComparison) -> Table:
    """Per source: how many of its claims are shared, its own, missing from it, contradicted."""
    table = Table(title="Per source: claims shared, own, missing from it, contradicted", expand=True)
    for name in ("source", "claims", "shared", "own", "missing", "contradicted", "unresolved"):
        table.add_column(name, justify="left" if name == "source" else "right")
    info = {a.id: a for a in comp.articles}
    for s in comp.sources:
        table.add_row(column_header(info[s.article_id]), *(str(getattr(s, f)) for f in
                      ("claims", "shared", "own", "missing", "contradicted", "unresolved")))
    return table


def claims_table(comp: StoryComparison, colour: bool = True) -> Table:
    """The coverage matrix: claim rows × article columns, coloured by status (or labelled)."""
    title = "Claims (green shared, yellow unique, red conflict)" if colour else "Claims"
    table = Table(show_lines=True, expand=True, title=title)
    for a in comp.articles:
        justify = "right" if a.lang in RTL else "left"
        table.add_column(column_header(a), justify=justify, ratio=1)
    rows = {r.row: r for r in comp.coverage}
    for r in _row_order(comp):
        cells = []
        for a in comp.articles:
            ids = rows[r].cells.get(a.id, [])
            cells.append(Text("\n").join(_claim_text(k, comp.claims[k], comp, colour) for k in ids) if ids else Text("—", style="dim"))
        table.add_row(*cells)
    return table


def conflicts_table(comp: StoryComparison) -> Table:
    """Each conflicting or more-specific difference of matched claims."""
    table = Table(title="Differences between matched claims", expand=True)
    for name in ("claims", "kind", "relation", "side A", "side B", "why"):
        table.add_column(name)
    for k, claim in enumerate(comp.claims):
        for m in claim.matches:
            if k < m.claim or k not in {x.claim for x in comp.claims[m.claim].matches}:
                for d in m.differences:
                    table.add_row(f"#{k} ↔ #{m.claim}", d.kind, d.relation.replace("_", " "), ", ".join(d.a) or "—",
                                  ", ".join(d.b) or "—", d.note)
    return table


def gaps_table(comp: StoryComparison) -> Table:
    """Detected scraper gaps with their best fills and provenance."""
    table = Table(title="Possible scraper gaps (suggestions only; text unchanged)", expand=True)
    for name in ("claim", "article", "offset", "rule", "conf.", "context", "in text", "suggestions (source, conf.)"):
        table.add_column(name)
    for g in comp.gaps:
        claim = next((f"#{k}" for k, c in enumerate(comp.claims) if c.article_id == g.article_id and c.start <= g.offset <= c.end), "—")
        best = confident_fill(g)
        fills = "; ".join(f"{f.text} ({f.source} {f.article_id[:8]}#{f.sentence}, {f.confidence:.2f}"
                          f"{', other script' if f.script_mismatch else ''})" for f in g.fills if f is not best)
        table.add_row(claim, g.article_id[:8], str(g.offset), g.rule, f"{g.confidence:.2f}", g.context,
                      best.text if best else "—", fills or "—")
    return table


def render_comparison(comp: StoryComparison, colour: bool = True) -> Group:
    """A Rich renderable for ``marsad compare STORY``: per source, claims, differences, gaps;
    ``colour=False`` (not a terminal) labels each claim with its status instead of a colour."""
    return Group(sources_table(comp), claims_table(comp, colour), conflicts_table(comp), gaps_table(comp))
