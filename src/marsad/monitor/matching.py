"""Does a new article match a watchlist, and why.

Pure: the article as the pipeline holds it (sentences, mentions carrying entity ids, events,
its story, its vectors), the watchlist's parsed parameters, and the entity ids the store
resolved for the watchlist's names. A match names the sentence that triggered it and, for
entity and event watches, the mention as written in the article (an English mention of an
entity watched by its Arabic name).

Query watches match by keyword (every query word, or its clitic-free form, begins a word of
one sentence: the same folded terms as the keyword index) and, when the watchlist holds a
query vector made by the article's embedding model, semantically (a sentence whose cosine
with the query reaches ``min_similarity``): the semantic path is what finds an Arabic article
for an English query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime
from typing import Any

import numpy as np

from marsad.entities.keys import name_key
from marsad.model import Article, Sentence
from marsad.search import terms as search_terms


@lru_cache(maxsize=8192)
def terms(text: str) -> tuple[str, ...]:
    """Folded search terms of a sentence, computed once however many query watches read it."""
    return tuple(search_terms.terms(text))

DEFAULT_MIN_SIMILARITY = 0.40  # chosen on NTREX dev (scripts/eval_watch_semantic.py); docs/evaluation.md


@dataclass
class Watch:
    """A stored watchlist as matching sees it."""

    id: int
    kind: str
    target: str
    params: dict[str, Any]


@dataclass
class Match:
    watch_id: int
    sentence: int | None
    excerpt: str
    mention: str | None
    reason: str
    article_id: str | None = None  # the article the alert is about, when not the new one
    kind: str = "match"
    story: int | None = None


@dataclass
class StoryCoverage:
    """What the one-language rule needs of a stored story."""

    id: int
    title: str
    languages: list[str]
    started: datetime  # its first article's publication (or ingest) time, naive UTC
    first_article: str


def one_language_stories(watch: Watch, stories: Sequence[StoryCoverage], new_lang: str | None,
                         now: datetime) -> list[Match]:
    """Stories reported in one watched language only for more than ``hours``, now that an
    article in another watched language (``new_lang``) has arrived: that language is being
    ingested, so its silence on these stories is news (or a story the clusterer failed to join)."""
    langs = set(watch.params.get("langs") or [])
    hours = float(watch.params.get("hours") or 0)
    if new_lang not in langs or hours <= 0:
        return []
    out = []
    for story in stories:
        present = set(story.languages) & langs
        if len(present) != 1 or new_lang in present or set(story.languages) - present:
            continue
        age = (now - story.started).total_seconds() / 3600
        if age <= hours:
            continue
        (only,) = present
        out.append(Match(watch.id, None, story.title, None,
                         f"story {story.id} reported in {only} only for {age:.0f} h while {new_lang} articles arrive",
                         article_id=story.first_article, kind="one-language", story=story.id))
    return out


def _sentence(article: Article, index: int | None) -> Sentence | None:
    if index is None:
        return None
    return next((s for s in article.sentences if s.index == index), None)


def _sentence_at(article: Article, offset: int) -> Sentence | None:
    return next((s for s in article.sentences if s.start <= offset < s.end), None)


def _match(watch: Watch, article: Article, sentence: Sentence | None, mention: str | None, reason: str) -> Match:
    excerpt = sentence.text if sentence is not None else (article.title or article.text[:240])
    return Match(watch.id, sentence.index if sentence is not None else None, excerpt.strip(), mention, reason)


def match_entity(watch: Watch, article: Article, entity_ids: set[int]) -> Match | None:
    """The article's first mention linked to one of ``entity_ids`` (or, for a mention the
    linker left unlinked, whose name key is one of the watch's keys)."""
    keys = set(watch.params.get("keys") or [])
    for m in sorted(article.mentions, key=lambda m: m.start):
        if (m.entity_id is not None and m.entity_id in entity_ids) or (m.entity_id is None and (m.norm or name_key(m.text)) in keys):
            sentence = _sentence(article, m.sentence) or _sentence_at(article, m.start)
            return _match(watch, article, sentence, m.text, f"mentions {m.text} ({watch.target})")
    return None


def keyword_hit(groups: list[list[str]], words: Iterable[str]) -> list[str] | None:
    """The words that satisfy every query group (a variant that begins a word), or None."""
    words = list(words)
    found = []
    for variants in groups:
        hit = next((w for w in words for v in variants if w.startswith(v)), None)
        if hit is None:
            return None
        found.append(hit)
    return found


def match_query(watch: Watch, article: Article, model: str | None = None) -> Match | None:
    groups = watch.params.get("groups") or []
    words = {s.index: terms(s.text) for s in article.sentences}
    hit = keyword_hit(groups, [*terms(article.title), *(w for ws in words.values() for w in ws)])
    if hit is not None:  # every word somewhere in the article; show the sentence holding most of them
        best = max(article.sentences, default=None,
                   key=lambda s: (sum(keyword_hit([g], words[s.index]) is not None for g in groups), -s.index))
        return _match(watch, article, best, " ".join(dict.fromkeys(hit)), f"keyword: {watch.target}")
    vector, vmodel = watch.params.get("vector"), watch.params.get("model")
    sv = article.sentence_vectors
    if vector is None or sv is None or vmodel != model or len(article.sentences) == 0:
        return None
    q = np.asarray(vector, dtype=np.float32)
    matrix = np.asarray(sv, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[1] != q.shape[0] or matrix.shape[0] != len(article.sentences):
        return None
    scores = matrix @ q / (np.linalg.norm(matrix, axis=1) * (np.linalg.norm(q) or 1.0) + 1e-9)
    best = int(np.argmax(scores))
    threshold = float(watch.params.get("min_similarity", DEFAULT_MIN_SIMILARITY))
    if float(scores[best]) < threshold:
        return None
    return _match(watch, article, article.sentences[best], None,
                  f"semantic: {watch.target} (similarity {float(scores[best]):.2f})")


def match_event(watch: Watch, article: Article, actor_ids: set[int]) -> Match | None:
    etype = watch.params.get("type")
    keys = set(watch.params.get("actor_keys") or [])
    for event in article.events:
        if event.type != etype:
            continue
        if keys and not ((event.actor_entity is not None and event.actor_entity in actor_ids)
                         or (event.actor and name_key(event.actor) in keys)):
            continue
        sentence = _sentence(article, event.sentence)
        who = event.actor if keys else None
        return _match(watch, article, sentence, who, f"event {etype}" + (f" by {event.actor}" if who else ""))
    return None


def match_article(watch: Watch, article: Article, *, story: int | None = None, entity_ids: set[int] | None = None,
                  model: str | None = None) -> Match | None:
    """Whether ``article`` (stored in ``story``) matches ``watch``; ``entity_ids`` are the
    entities the watch's name (entity watch) or actor (event watch) resolved to."""
    ids = entity_ids or set()
    if watch.kind == "entity":
        return match_entity(watch, article, ids)
    if watch.kind == "query":
        return match_query(watch, article, model)
    if watch.kind == "story":
        if story is not None and story == watch.params.get("story"):
            return _match(watch, article, article.sentences[0] if article.sentences else None, None,
                          f"joined story {story}")
        return None
    if watch.kind == "event":
        return match_event(watch, article, ids)
    if watch.kind == "source":
        if article.source and name_key(article.source) == watch.params.get("source"):
            return _match(watch, article, article.sentences[0] if article.sentences else None, article.source,
                          f"from {article.source}")
        return None
    return None
