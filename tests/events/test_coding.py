"""The five seed events in both languages, with roles, flags and dates."""

from __future__ import annotations

import pytest

from marsad.events.coding import code_events, code_sentences
from marsad.events.timex import find_timexes


def coded(article, method="cues"):
    return code_events(article, article.mentions, find_timexes(article.text, article.lang, article.published), method)


def one(events, etype, text_has, article):
    found = [e for e in events if e.type == etype and text_has in article.text[e.start:e.end]]
    assert found, f"no {etype} event with {text_has!r}"
    return found[0]


def test_english_seed_events(en_article) -> None:
    ev = coded(en_article)
    meet = one(ev, "CONSULT", "meeting", en_article)
    assert (meet.actor, meet.recipient, meet.location) == ("the Syrian delegation", "its Russian counterpart", "Bab al-Hawa")
    req = one(ev, "REQUEST", "requested", en_article)
    assert (req.actor, req.recipient, req.recipient_entity) == ("the Syrian side", "Russia", 2)
    sup = one(ev, "SUPPORT", "Russia supported", en_article)
    assert (sup.actor_entity, sup.recipient, sup.date, sup.date_from) == (2, "the former regime", "2025-11-22", "published")  # no date governs its clause
    visit = one(ev, "CONSULT", "visited Moscow", en_article)
    assert (visit.actor_entity, visit.recipient_entity, visit.date, visit.date_from) == (1, 3, "2025-10-25/2025-11-08", "explicit")
    strike = one(ev, "ASSAULT", "Russian airstrikes", en_article)
    assert strike.actor == "Russian" and not strike.negated


def test_arabic_seed_events(ar_article) -> None:
    ev = coded(ar_article)
    meet = one(ev, "CONSULT", "لقاءً", ar_article)
    assert (meet.recipient, meet.location, meet.location_entity) == ("الروس", "باب الهوى", 4)
    req = one(ev, "REQUEST", "وطلب الوفد السوري", ar_article)
    assert req.actor == "الوفد السوري"
    assert one(ev, "REQUEST", "طلب من الروس", ar_article).recipient == "الروس"
    sup = one(ev, "SUPPORT", "روسيا دعمت", ar_article)
    assert (sup.actor_entity, sup.recipient) == (2, "النظام السابق")
    visit = one(ev, "CONSULT", "زارا موسكو", ar_article)
    assert (visit.actor_entity, visit.recipient_entity, visit.date) == (1, 3, "2025-10-25/2025-11-08")
    strikes = [e for e in ev if e.type == "ASSAULT" and "قصف" in ar_article.text[e.start:e.end]]
    assert any(not e.negated for e in strikes)
    assert any(e.negated for e in strikes)  # "لم تقصف القواعد الروسية": did not bomb the Russian bases


def test_negation_and_hypothetical() -> None:
    en = code_sentences(["The army did not attack the town.", "If talks fail, they would impose sanctions."], "en", "cues")
    assert en[0][0].type == "ASSAULT" and en[0][0].negated
    assert en[1][-1].type == "SANCTION" and en[1][-1].hypothetical
    ar = code_sentences(["لم يقصف الجيش المدينة.", "إذا فشلت المحادثات فقد تفرض عقوبات."], "ar", "cues")
    assert ar[0][0].type == "ASSAULT" and ar[0][0].negated
    assert any(e.type == "SANCTION" and e.hypothetical for e in ar[1])


def test_spans_are_exact(en_article, ar_article) -> None:
    for article in (en_article, ar_article):
        for e in coded(article):
            assert 0 <= e.start < e.end <= len(article.text)


@pytest.mark.slow
def test_combined_method_keeps_seed_events(en_article, ar_article) -> None:
    for article in (en_article, ar_article):
        ev = coded(article, "combined")
        assert {"CONSULT", "REQUEST", "SUPPORT", "ASSAULT"} <= {e.type for e in ev}
        assert all(0 < e.score <= 1 for e in ev)


def test_annotate_fills_article(ar_article) -> None:
    from copy import deepcopy

    from marsad.events import annotate

    article = annotate(deepcopy(ar_article), method="cues")
    assert article.events and article.quotes
    assert any(t["value"] == "PT48H" for t in article.meta["timexes"])
