"""Re-run stages on stored articles (`marsad reprocess`) when a model or rule improves."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from marsad.ingest.build import set_language_and_sentences
from marsad.store import Store
from marsad.store.articles import replace_sentences
from marsad.store.queries import get_article


def _text(store: Store, article_id: str) -> None:
    """Language identification and sentence splitting, from the stored clean text."""
    with store.begin() as conn:
        article = get_article(conn, article_id)
        declared = article.lang if article.lang_confidence == 1.0 else None
        set_language_and_sentences(article, declared)
        replace_sentences(conn, article)


STAGES: dict[str, Callable[[Store, str], None]] = {"text": _text}


def reprocess_articles(store: Store, ids: Sequence[str], stages: Sequence[str],
                       on_item: Callable[[str, str], None] | None = None) -> int:
    """Re-run ``stages`` on each article id, one transaction per article and stage."""
    for article_id in ids:
        for name in stages:
            STAGES[name](store, article_id)
        if on_item is not None:
            on_item("done", article_id)
    return len(ids)
