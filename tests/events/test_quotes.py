"""Quotes in the seeds: speakers, verbs, direct vs indirect, implicit speakers."""

from __future__ import annotations

from marsad.events.quotes import find_quotes
from marsad.model import Article, Mention


def by_verb(quotes, verb):
    return [q for q in quotes if q.verb == verb]


def test_english_indirect_with_pronoun_resolution(en_article) -> None:
    quotes = find_quotes(en_article, en_article.mentions)
    said = by_verb(quotes, "said")[0]
    assert (said.speaker, said.speaker_entity, said.direct) == ("al-Shibani", 1, False)
    assert said.text.startswith("the armed factions sought to understand")
    added = by_verb(quotes, "added")[0]  # "He added that ..." -> last named speaker
    assert added.speaker_entity == 1 and added.text.startswith("this approach helped")
    assert all(en_article.text[q.start:q.end].strip(" .\"“”").startswith(q.text[:20]) for q in quotes)
    assert not any(q.sentence == 11 for q in quotes)  # "It should also be noted that" is the outlet


def test_arabic_direct_indirect_and_implicit(ar_article) -> None:
    quotes = find_quotes(ar_article, ar_article.mentions)
    qal = by_verb(quotes, "قال")[0]
    assert qal.speaker == "الشيباني" and qal.direct and qal.text.startswith("كان علينا تحييد سلاح الجو الروسي")
    assert qal.text.endswith("أم يرغبون بوجود دائم؟")  # runs across sentences to the closing mark
    awdah = by_verb(quotes, "وأوضح")[0]
    assert not awdah.direct and awdah.speaker_entity == 1 and awdah.text.startswith("الفصائل المسلحة")
    adaf = by_verb(quotes, "وأضاف")[0]
    assert adaf.direct and adaf.speaker == "الشيباني" and adaf.text.startswith("تواصلنا حينها")
    ardaf = by_verb(quotes, "وأردف")[0]  # no speaker written: the last named one
    assert ardaf.direct and ardaf.speaker_entity == 1 and "بوتين قرأ البيان" in ardaf.text
    akkad = by_verb(quotes, "أكد")[0]  # "أكد الوزير السوري أن" -> the minister is al-Shibani
    assert not akkad.direct and akkad.speaker_entity == 1


def test_english_direct_quote_synthetic() -> None:
    text = "The minister spoke. “We will not leave,” she said. Ali Hassan said: “The talks failed.”"
    people = [Mention(text.index("Ali Hassan"), text.index("Ali Hassan") + 10, "Ali Hassan", "PER", entity_id=7)]
    quotes = find_quotes(Article(origin="t", text=text, lang="en"), people)
    assert [(q.speaker, q.text, q.direct) for q in quotes] == [("she", "We will not leave", True),
                                                              ("Ali Hassan", "The talks failed", True)]
