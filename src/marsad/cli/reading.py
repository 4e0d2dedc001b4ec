"""Reading the corpus: `marsad articles`, `show`, `stats`, `search` and `reindex`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from marsad.cli.common import console, emit_json, short, state
from marsad.errors import MarsadError


def articles(
    lang: Annotated[Optional[str], typer.Option(help="Only this language (ISO 639-1, e.g. ar, en).")] = None,
    source: Annotated[Optional[str], typer.Option(help="Only this source.")] = None,
    since: Annotated[Optional[datetime], typer.Option(help="Published on or after this date.")] = None,
    duplicates: Annotated[bool, typer.Option(help="Include copies recorded as duplicates.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=100000)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List articles, newest first."""
    from marsad.store.queries import ArticleFilter, list_articles

    flt = ArticleFilter(lang=lang, source=source, since=since, duplicates=duplicates, limit=limit, offset=offset)
    with state.store().connect() as conn:
        rows = list_articles(conn, flt)
    if as_json:
        emit_json(rows)
        return
    table = Table("id", "lang", "published", "source", "sentences", "title", title=f"{len(rows)} articles")
    for r in rows:
        dup = f" [dim](dup of {r['duplicate_of']})[/dim]" if r["duplicate_of"] else ""
        table.add_row(r["id"], r["lang"] or "?", (r["published"] or "")[:10], escape(r["source"] or ""),
                      str(r["sentences"]), escape(short(r["title"], 70)) + dup)
    console.print(table)

def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix of 6+ characters).")],
    sentences: Annotated[bool, typer.Option("--sentences", "-s", help="Number each sentence.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one article: metadata, clean text (and sentences)."""
    from dataclasses import asdict

    from marsad.store.queries import duplicates_of, get_article

    with state.store().connect() as conn:
        art = get_article(conn, article_id)
        dups = duplicates_of(conn, art.id)
    if as_json:
        data = asdict(art)
        for key in ("vector", "sentence_vectors", "mentions", "events", "quotes"):
            data.pop(key, None)
        data["duplicates"] = dups
        emit_json(data)
        return
    console.print(f"[bold]{escape(art.title)}[/bold]")
    console.print(escape(f"id {art.id} · {art.lang} · {art.source} · published {art.published or '?'} "
                         f"({art.published_from or 'unknown'}) · {len(art.sentences)} sentences · {art.origin}"), style="dim")
    if art.duplicate_of:
        console.print(f"[yellow]{art.duplicate_kind} duplicate of {art.duplicate_of}[/yellow]")
    for d in dups:
        console.print(escape(f"copy: {d['id']} ({d['duplicate_kind']}, {d['source']}) {d['url'] or d['origin']}"), style="dim")
    console.print()
    if sentences:
        for s in art.sentences:
            console.print(f"[dim]{s.index:>3} {s.lang or '?':>2}[/dim] {escape(s.text)}", highlight=False)
    else:
        console.print(art.text, markup=False, highlight=False)

def stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Corpus counts: articles per language and source, duplicates, sentences, runs."""
    from marsad.store.queries import stats as corpus_stats

    with state.store().connect() as conn:
        data = corpus_stats(conn)
    if as_json:
        emit_json(data)
        return
    table = Table("what", "count", title="marsad stats", show_header=False)
    for key in ("articles", "duplicates", "sentences", "sources", "runs", "failures"):
        table.add_row(key, str(data[key]))
    table.add_row("languages", ", ".join(f"{k} {v}" for k, v in data["languages"].items()))
    table.add_row("published", f"{data['first_published'] or '?'} … {data['last_published'] or '?'}")
    console.print(table)

def reindex() -> None:
    """Rebuild the vector index of articles from the store."""
    from marsad.search.semantic import rebuild

    with state.store().connect() as conn:
        size = rebuild(conn)
    console.print(f"vector index rebuilt: {size} articles")

def search(
    query: Annotated[str, typer.Argument(help="Words in any language; semantic matching crosses languages.")],
    mode: Annotated[str, typer.Option(help="hybrid, keyword or semantic.")] = "hybrid",
    lang: Annotated[Optional[str], typer.Option(help="Only articles in this language.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Only this source.")] = None,
    since: Annotated[Optional[datetime], typer.Option(help="Published on or after.")] = None,
    until: Annotated[Optional[datetime], typer.Option(help="Published on or before.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Search articles: keyword (Arabic-aware) and semantic, fused into one ranking."""
    from marsad.search.store import search as run_search

    if mode not in ("hybrid", "keyword", "semantic"):
        raise MarsadError("E901", what="search mode", value=mode, choices="hybrid, keyword, semantic")
    with state.store().connect() as conn:
        rows = run_search(conn, query, lang=lang, source=source, since=since, until=until, limit=limit, mode=mode)
    if as_json:
        emit_json(rows)
        return
    table = Table("#", "id", "lang", "source", "kw", "sem", "title / snippet", title=f"{len(rows)} results for {query!r}")
    for i, r in enumerate(rows, 1):
        table.add_row(str(i), r["article_id"], r["lang"] or "?", escape(r["source"] or ""), str(r["keyword_rank"] or "-"),
                      str(r["semantic_rank"] or "-"), escape(short(r["title"], 60)) + "\n[dim]" + escape(short(r["snippet"], 120)) + "[/dim]")
    console.print(table)
