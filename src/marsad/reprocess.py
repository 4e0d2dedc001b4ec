"""Re-run stages on stored articles (`marsad reprocess`) when a model or rule improves.

Stages run in pipeline order over articles in publication order (undated first, then id),
each article in its own transaction. Re-splitting sentences (``text``) moves every offset,
so it re-runs the stages that point into sentences (embed, entities, events) as well.
``stories`` and ``entities`` are corpus-wide: they start from empty and rebuild.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Connection, delete, select

from marsad.ingest.build import set_language_and_sentences
from marsad.model import Article
from marsad.store import Store
from marsad.store.articles import replace_sentences
from marsad.store.db import lock_corpus
from marsad.store.queries import get_article
from marsad.store.tables import (
    article_stories,
    article_vectors,
    articles,
    entities,
    entity_keys,
    events,
    mentions,
    quotes,
    stories,
)

ORDER = ("text", "embed", "stories", "entities", "events", "search")
IMPLIES = {"text": ("embed", "entities", "events"), "entities": ("events",)}
STAGES = ORDER


def expand(names: Sequence[str]) -> list[str]:
    """The stages to run, with what they imply, in pipeline order."""
    wanted = set(names)
    for name in names:
        wanted.update(IMPLIES.get(name, ()))
    return [n for n in ORDER if n in wanted]


def _load(conn: Connection, article_id: str, model: str | None) -> Article:
    from marsad.embed import from_blob

    article = get_article(conn, article_id)
    if model:
        row = conn.execute(select(article_vectors.c.vector, article_vectors.c.dim).where(
            article_vectors.c.article_id == article_id, article_vectors.c.model == model)).first()
        article.vector = from_blob(row.vector, row.dim)[0] if row else None
    return article


def _chronological(conn: Connection, ids: Sequence[str]) -> list[str]:
    rows = conn.execute(select(articles.c.id, articles.c.published).where(articles.c.id.in_(list(ids)))).all()
    return [r.id for r in sorted(rows, key=lambda r: (r.published is not None, r.published or 0, r.id))]


def _reset(conn: Connection, stages: Sequence[str]) -> None:
    """Corpus-wide stages start from nothing."""
    if "stories" in stages:
        conn.execute(delete(article_stories))
        conn.execute(delete(stories))
    if "entities" in stages:
        conn.execute(events.update().values(actor_entity=None, recipient_entity=None, location_entity=None))
        conn.execute(quotes.update().values(speaker_entity=None))
        conn.execute(delete(mentions))
        conn.execute(delete(entity_keys))
        conn.execute(delete(entities))


def _stage_objects(stages: Sequence[str]) -> dict[str, object]:
    from marsad.pipeline import build_pipeline_stages

    objs = {s.name: s for s in build_pipeline_stages()}
    return {"embed": objs["embed"], "ner": objs["ner"], "stories": objs["stories"], "entities": objs["entities"],
            "events": objs["events"], "search": objs["keyword-index"]}


def reprocess_articles(store: Store, ids: Sequence[str], stages: Sequence[str],
                       on_item: Callable[[str, str], None] | None = None) -> int:
    """Re-run ``stages`` (expanded, see IMPLIES) on the given articles; returns how many."""
    names = expand(stages)
    objs = _stage_objects(names)
    for name in [*names, "ner"]:
        if name in objs:
            objs[name].setup()
    model = objs["embed"].backend.name
    with store.begin() as conn:
        lock_corpus(conn)
        _reset(conn, names)
        order = _chronological(conn, ids)
    for article_id in order:
        with store.begin() as conn:
            lock_corpus(conn)
            article = _load(conn, article_id, model)
            _run_one(conn, article, names, objs)
        if on_item is not None:
            on_item("done", article_id)
    return len(order)


def _run_one(conn: Connection, article: Article, names: Sequence[str], objs: dict[str, object]) -> None:
    if "text" in names:
        declared = article.lang if article.lang_confidence == 1.0 else None
        set_language_and_sentences(article, declared)
        replace_sentences(conn, article)
    if "entities" in names or "events" in names:
        story = conn.scalar(select(article_stories.c.story_id).where(article_stories.c.article_id == article.id))
        if story is not None:
            article.meta["story"] = story
    if "stories" in names or "entities" in names:
        objs["ner"](article)  # mentions are evidence for clustering and the input of linking
    elif "events" in names:
        from marsad.entities.stage import stored_mentions

        article.mentions = stored_mentions(conn, article.id)
    for name in ("embed", "stories", "entities", "events", "search"):
        stage = objs.get(name)
        if name not in names or stage is None:
            continue
        if name == "stories" and article.vector is None:
            continue
        stage(article)
        stage.persist(conn, article)
