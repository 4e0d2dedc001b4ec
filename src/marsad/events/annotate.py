"""The events stage as one call for the pipeline: timexes, events and quotes of an article."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from marsad.events.coding import code_events
from marsad.events.quotes import find_quotes
from marsad.events.timex import find_timexes
from marsad.model import Article, Mention


def annotate(article: Article, mentions: list[Mention] | None = None, method: str = "learned",
             anchor: date | datetime | None = None) -> Article:
    """Fill ``article.events`` and ``article.quotes``; time expressions go to ``article.meta["timexes"]``.

    ``mentions`` default to ``article.mentions`` (the entities stage). The publication date
    anchors relative expressions (``anchor`` stands in for an undated article, e.g. the
    date of its story); without either they keep their span but no value.
    """
    mentions = article.mentions if mentions is None else mentions
    timexes = find_timexes(article.text, article.lang, article.published or anchor)
    article.events = code_events(article, mentions, timexes, method)
    article.quotes = find_quotes(article, mentions)
    article.meta["timexes"] = [asdict(t) for t in timexes]
    return article
