"""Event dates on real news (NTREX): a date dates an event only when it governs the event's clause.

``tests/data/events/ntrex_dates.jsonl`` holds three documents of NTREX-128 (Federmann, Kocmi & Xin,
SUMEval 2022; CC BY-SA 4.0), copied unchanged from ``../shared/data/ntrex-ar-en`` (dev half): the
BBC story on North Korean defectors (the 2018 Kim-Trump summit), and two 2018 stories on Syria.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from marsad.events import annotate
from marsad.events.governs import governing_timex
from marsad.events.timex import find_timexes
from marsad.events.sentences import split_sentences
from marsad.model import Article

DOCS = {json.loads(line)["doc_id"]: json.loads(line)
        for line in (Path(__file__).resolve().parents[1] / "data" / "events" / "ntrex_dates.jsonl").read_text(encoding="utf-8").splitlines()}
PUBLISHED = date(2018, 10, 1)


def coded(doc_id: str, lang: str) -> Article:
    text = DOCS[doc_id][lang]
    article = Article(origin=doc_id, text=text, lang=lang, published=PUBLISHED,
                      sentences=split_sentences(text, lang))
    return annotate(article, [])


def events_in(article: Article, fragment: str):
    line = next(s for s in article.text.split("\n") if fragment in s)
    start = article.text.index(line)
    return [e for e in article.events if start <= e.start < start + len(line)]


@pytest.mark.parametrize("lang, fragment", [("en", "June's historic meeting"), ("ar", "الاجتماع التاريخي")])
def test_kim_trump_summit_is_not_dated_1953(lang, fragment):
    article = coded("bbc.381736", lang)
    summit = [e for e in events_in(article, fragment) if e.type == "CONSULT"]
    assert summit, "the summit sentence codes a CONSULT"
    assert all(e.date == PUBLISHED.isoformat() and e.date_from == "published" for e in summit)
    assert not any((e.date or "").startswith(("1953", "2011", "2006")) for e in article.events)


@pytest.mark.parametrize("lang, fragment", [("en", "Moualem insisted"), ("ar", "وقد أصر المعلم")])
def test_since_2011_in_a_where_clause_does_not_date_the_statement(lang, fragment):
    article = coded("thelocal.65969", lang)
    assert not any((e.date or "").startswith("2011") for e in article.events)
    sentence = next(s for s in article.text.split("\n") if fragment in s)
    timexes = find_timexes(sentence, lang, PUBLISHED)
    assert any("2011" in t.text for t in timexes)  # the expression is found, it just dates nothing here
    trigger = sentence.index("insisted" if lang == "en" else "أصر")
    assert governing_timex(sentence, trigger, trigger + 4, timexes, lang) is None


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_since_the_war_began_in_2011_and_since_1953_date_nothing(lang):
    for doc_id in ("euronews-en.153799", "bbc.381736"):
        article = coded(doc_id, lang)
        assert not any((e.date or "").split("/")[0] in ("2011", "1953") for e in article.events)


@pytest.mark.parametrize("sentence, lang, trigger, value", [
    ("On 8 December 2024, the opposition entered Damascus.", "en", "entered", "2024-12-08"),
    ("Russian airstrikes hit Idlib in 2019 and killed dozens.", "en", "airstrikes", "2019"),
    ("قصفت الطائرات الروسية إدلب في 10 كانون الأول 2019.", "ar", "قصفت", "2019-12-10"),
    ("The ministers met on May 3, 2019, where a 2011 accord was discussed.", "en", "met", "2019-05-03"),
])
def test_a_date_in_the_event_clause_dates_it(sentence, lang, trigger, value):
    timexes = find_timexes(sentence, lang, PUBLISHED)
    at = sentence.index(trigger)
    tx = governing_timex(sentence, at, at + len(trigger), timexes, lang)
    assert tx is not None and tx.value == value


def test_comparison_terms_do_not_date():
    sentence = "He said there had been 1,127 defections last year - compared with 2,706 in 2011."
    timexes = find_timexes(sentence, "en", PUBLISHED)
    at = sentence.index("defections")
    tx = governing_timex(sentence, at, at + 10, timexes, "en")
    assert tx is None or "2011" not in tx.value
