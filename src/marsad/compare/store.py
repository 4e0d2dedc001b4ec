"""Load a story's articles, sentence vectors, linked mentions and entity names from the
store and compare them (`marsad compare`, the API and the web UI call this)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from marsad.compare import StoryComparison, compare_story
from marsad.embed import get_backend
from marsad.entities.stage import mentions_of
from marsad.store.queries import get_article
from marsad.store.stories import get_story
from marsad.store.tables import entities
from marsad.stories.stage import load_sentence_vectors


def compare_stored_story(conn: Connection, story_id: int) -> StoryComparison:
    """The comparison of every article of ``story_id`` (E302 when there is no such story)."""
    story = get_story(conn, story_id)
    return compare_stored_articles(conn, [a["id"] for a in story["articles"]])


def compare_stored_articles(conn: Connection, article_ids: list[str]) -> StoryComparison:
    """The comparison of the given stored articles, in that order (whatever their stories)."""
    backend = get_backend()
    articles = [get_article(conn, aid) for aid in article_ids]
    mentions = mentions_of(conn, list(article_ids))
    vectors = {}
    for art in articles:
        stored = load_sentence_vectors(conn, art.id, backend.name)
        if stored is None or len(stored) != len(art.sentences):
            stored = backend.embed_sentences([s.text for s in art.sentences])
        vectors[art.id] = stored
        art.mentions = mentions.get(art.id, [])
    ids = sorted({m.entity_id for ms in mentions.values() for m in ms if m.entity_id is not None})
    names = {r.id: dict(r.names or {}) for r in conn.execute(select(entities.c.id, entities.c.names).where(entities.c.id.in_(ids)))}
    return compare_story(articles, sentence_vectors=vectors, mentions=mentions, entity_names=names,
                         embed=backend.embed_sentences)
