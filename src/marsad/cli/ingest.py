"""`marsad ingest` and `marsad reprocess`: bring articles in, re-run stages over them."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape

from marsad.cli.common import console, emit_json, err, progress_bar, state
from marsad.errors import MarsadError


def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive), globs, URLs, or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", help="auto, txt, html, json, jsonl, feed, ntrex or warc (web archives are also recognised by .warc/.warc.gz and by their first bytes).")] = "auto",
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
    workers: Annotated[Optional[int], typer.Option(min=0, max=64, help="Worker processes for the model work "
                                                   "(embedding, NER, each with its own models, ~450 MB); this process "
                                                   "stores, in input order. Default: $MARSAD_WORKERS (a number or 'auto': "
                                                   "the cores less one, at most 4), else 0 (none). They start after the run's first "
                                                   "24 new articles.")] = None,
) -> None:
    """Ingest articles from files, folders, globs, feeds, JSON(L), web archives (WARC), URLs or stdin."""
    from marsad.ingest.sources import SourceOptions, count_inputs
    from marsad.pipeline import build_pipeline
    from marsad.workers import default_workers

    fields = {k: v for k, v in dict(text_field=text_field, title_field=title_field, date_field=date_field,
                                    url_field=url_field, lang_field=lang_field).items() if v}
    options = SourceOptions(format=fmt, follow=follow, allow_private=allow_private, timeout=timeout,
                            max_bytes=int(max_mb * 1024 * 1024), title_from="none" if no_title else "first-line", **fields)
    pipeline = build_pipeline(state.store())
    items = _with_source(_iter(inputs, options), source)
    with progress_bar(count_inputs(inputs, options), "ingest", quiet or as_json) as advance:
        summary = pipeline.run_items(items, inputs, on_item=advance, close=partial(_close_run, recluster),
                                     workers=default_workers() if workers is None else workers)
    if as_json:
        emit_json(summary.as_dict())
    else:
        _print_summary(summary)
    raise typer.Exit(1 if summary.failures else 0)

def _close_run(recluster: bool, conn: Any, summary: Any) -> None:
    """The closing passes, in the transaction that ends the run: the merge/split pass over the
    stories this run (and any earlier run killed before its own end) can have changed, then
    the provenance of the stories that changed (sources/store.py). Killed anywhere before the
    commit, the run stays ``running`` and the next run does this for it."""
    from marsad.sources.store import refresh
    from marsad.store.runs import mark_resumed, unclosed_runs

    owed = unclosed_runs(conn, summary.run_id) if recluster else []
    if recluster and (summary.ingested or owed):
        from marsad.stories.stage import recluster_store

        summary.reclustered = recluster_store(conn, run_id=[summary.run_id, *owed])
    refresh(conn)  # the stale stories only: a query when nothing changed
    mark_resumed(conn, owed)

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
        + (f"{len(summary.skipped)} skipped, " if summary.skipped else "")
        + f"[{'red' if summary.failed else 'green'}]{summary.failed} failed[/]"
    )
    for origin, code, reason in summary.skipped:
        where = "" if origin in reason else f"{origin}: "
        err.print(f"[dim]skipped {escape(f'[{code}] {where}{reason}')}[/dim]", highlight=False)
    for origin, warning in summary.warnings:
        err.print(f"[yellow]warning[/yellow] {escape(origin)}: {escape(warning)}", highlight=False)
    for origin, code, reason in summary.failures:
        where = "" if origin in reason else f"{origin}: "
        err.print(f"[red]failed[/red] {escape(f'[{code}] {where}{reason}')}", highlight=False)

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
    from marsad.sources.store import refresh

    with store.begin() as conn:  # provenance of stories it changed, and of stories an older release never had
        refreshed = refresh(conn)
    console.print(f"reprocessed {done} articles: {', '.join(names)}; provenance recomputed for {refreshed} stories")
