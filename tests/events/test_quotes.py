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
    # "she" with no woman (nor anyone) named before: unresolved, shown as such, never a guess
    assert [(q.speaker, q.text, q.direct) for q in quotes] == [(None, "We will not leave", True),
                                                              ("Ali Hassan", "The talks failed", True)]


def per(text: str, name: str, eid: int, nth: int = 0) -> Mention:
    at = [i for i in range(len(text)) if text.startswith(name, i)][nth]
    return Mention(at, at + len(name), name, "PER", entity_id=eid)


def test_english_pronoun_resolves_to_the_latest_compatible_name() -> None:
    text = ("Mrs Lina Haddad met Omar Said in Beirut. Omar Said told reporters he was hopeful. "
            "“We have a deal,” she said. “It will hold,” he said.")
    people = [per(text, "Lina Haddad", 1), per(text, "Omar Said", 2), per(text, "Omar Said", 2, 1)]
    quotes = find_quotes(Article(origin="t", text=text, lang="en"), people)
    assert [(q.text, q.speaker_entity) for q in quotes] == [
        ("reporters he was hopeful", 2), ("We have a deal", 1), ("It will hold", 2)]


def test_english_title_resolves_to_the_name_that_carries_it() -> None:
    text = ("Foreign Minister Ana Ruiz met President Tom Berg. The minister said that talks went well. "
            "The president said that he agreed.")
    people = [per(text, "Ana Ruiz", 1), per(text, "Tom Berg", 2)]
    quotes = find_quotes(Article(origin="t", text=text, lang="en"), people)
    assert [(q.speaker, q.speaker_entity) for q in quotes] == [("Ana Ruiz", 1), ("Tom Berg", 2)]


def test_english_unresolvable_descriptions_stay_unnamed() -> None:
    text = "Ali Hassan arrived. A source close to Hassan said the deal was off. The toll rose to 20, officials said."
    people = [per(text, "Ali Hassan", 1), per(text, "Hassan", 1, 1)]
    quotes = find_quotes(Article(origin="t", text=text, lang="en"), people)
    assert [q.speaker for q in quotes] == [None, None]


def test_arabic_feminine_verb_takes_the_woman() -> None:
    text = "التقت السيدة ليلى حداد بالوزير عمر سعيد في بيروت. وقالت إن المحادثات كانت جيدة. وأضاف إن الاتفاق قريب."
    people = [per(text, "ليلى حداد", 1), per(text, "عمر سعيد", 2)]
    quotes = find_quotes(Article(origin="t", text=text, lang="ar"), people)
    assert [(q.verb, q.speaker_entity) for q in quotes] == [("وقالت", 1), ("وأضاف", 2)]


def test_arabic_title_and_spokesman() -> None:
    text = ("وصل وزير الخارجية عمر سعيد إلى دمشق. وقال المتحدث باسم الوزارة خالد نور إن الزيارة مهمة. "
            "وأكد الوزير أن العلاقات جيدة.")
    people = [per(text, "عمر سعيد", 2), per(text, "خالد نور", 3)]
    quotes = find_quotes(Article(origin="t", text=text, lang="ar"), people)
    assert [(q.verb, q.speaker_entity) for q in quotes] == [("وقال", 3), ("وأكد", 2)]


def test_arabic_dual_verb_gives_both_speakers() -> None:
    text = "زار عمر سعيد وخالد نور موسكو، وأكدا أن العلاقات تتحسن. وقال مسؤولون إن الزيارة ناجحة."
    people = [per(text, "عمر سعيد", 2), per(text, "خالد نور", 3)]
    quotes = find_quotes(Article(origin="t", text=text, lang="ar"), people)
    dual = by_verb(quotes, "وأكدا")
    assert sorted(q.speaker_entity for q in dual) == [2, 3] and dual[0].text.startswith("العلاقات تتحسن")
    assert [q.speaker for q in by_verb(quotes, "وقال")] == [None]  # "officials": nobody named
