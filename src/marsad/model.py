"""Plain data passed between pipeline stages.

Every stage reads and writes these dataclasses and nothing else: no stage opens a
database, a socket or a file of its own (sources and the store do the I/O). Offsets are
always character offsets into ``Article.text`` (the cleaned text), so every derived fact
can point back at its exact source span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class RawItem:
    """One unit of input before decoding: bytes or text plus what the source knew about it.

    ``kind`` is a hint ("txt", "html", "json", "feed-entry"); ``meta`` carries fields the
    source already had (title, url, published, author, site, lang) and wins over what
    extraction guesses, except where it is empty.
    """

    origin: str  # path, URL or "<stdin>", "<path>#line 12": what an error message names
    data: bytes | str
    kind: str = "auto"
    meta: dict[str, Any] = field(default_factory=dict)
    declared_charset: str | None = None


@dataclass
class Sentence:
    """A sentence of an article: ``text == article.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str
    lang: str | None = None


@dataclass
class Article:
    """A cleaned news article, ready to store and enrich."""

    origin: str
    text: str
    title: str = ""
    raw: str = ""
    url: str | None = None
    source: str = ""  # outlet / site name, or the folder the file came from
    author: str | None = None
    published: date | datetime | None = None
    published_from: str | None = None  # "meta", "header", "html", "htmldate", "feed", ...
    lang: str | None = None
    lang_confidence: float | None = None
    langs: dict[str, float] = field(default_factory=dict)  # share of sentences per language
    mixed: bool = False
    sentences: list[Sentence] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)  # lines removed, for provenance
    content_hash: str = ""
    id: str = ""
    duplicate_of: str | None = None
    duplicate_kind: str | None = None  # "exact" or "near"
    meta: dict[str, Any] = field(default_factory=dict)
    # Filled by later stages (embed, entities, events); empty until they run.
    vector: Any = None  # numpy float32 array, unit length
    sentence_vectors: Any = None  # numpy array (n_sentences, dim)
    mentions: list["Mention"] = field(default_factory=list)
    events: list["Event"] = field(default_factory=list)
    quotes: list["Quote"] = field(default_factory=list)


@dataclass
class Failure:
    """One input that could not be turned into an article, and why (one line, for users).

    ``skipped`` marks an input that is rightly not an article (a PDF or a revisit record in a
    web archive): the run counts and lists it, but it does not make the run fail.
    """

    origin: str
    reason: str
    code: str = "E100"
    skipped: bool = False


@dataclass
class Story:
    id: int | None
    title: str
    titles: dict[str, str] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    size: int = 0


@dataclass
class Mention:
    """A named-entity mention: ``article.text[start:end] == text``."""

    start: int
    end: int
    text: str
    label: str  # PER, ORG, LOC, MISC
    sentence: int | None = None
    lang: str | None = None
    norm: str = ""  # matching key (Arabic folded, clitics stripped, lower-cased Latin)
    score: float = 1.0
    entity_id: int | None = None


@dataclass
class Entity:
    id: int | None
    label: str
    names: dict[str, str] = field(default_factory=dict)  # preferred name per language
    aliases: dict[str, int] = field(default_factory=dict)  # surface form -> count
    mentions: int = 0


@dataclass
class Event:
    """A coded PLOVER event in one sentence."""

    type: str
    sentence: int
    start: int
    end: int
    actor: str | None = None
    recipient: str | None = None
    location: str | None = None
    date: str | None = None
    date_from: str | None = None  # "explicit", "context", "published"
    negated: bool = False
    hypothetical: bool = False
    score: float = 0.0
    actor_entity: int | None = None
    recipient_entity: int | None = None
    location_entity: int | None = None


@dataclass
class Quote:
    speaker: str | None
    text: str
    start: int
    end: int
    verb: str | None = None
    direct: bool = True
    sentence: int | None = None
    speaker_entity: int | None = None


@dataclass
class Claim:
    """A sentence (or span) of one article compared with the other articles of its story."""

    article_id: str
    sentence: int
    start: int
    end: int
    status: str  # "shared", "unique", "conflict"
    aligned: list[tuple[str, int, float]] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
