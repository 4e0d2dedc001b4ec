"""Adds a few entities, mentions, events and quotes to a seeded store, as the (separately
developed) entity and event stages would, so the pages' visualisations can be tested before
those stages land. Synthetic rows over the real seed texts; one label is hostile on purpose."""

from __future__ import annotations

from sqlalchemy import select

from marsad.store import Store
from marsad.store.tables import articles, entities, events, mentions, quotes

HOSTILE_NAME = "<script>alert('entity')</script>"


def _offset(text: str, needle: str) -> int:
    at = text.find(needle)
    assert at >= 0, needle
    return at


def _sentence_of(conn, article_id: str, start: int) -> int:  # type: ignore[no-untyped-def]
    from marsad.store.tables import sentences

    rows = conn.execute(select(sentences.c.idx, sentences.c.start, sentences.c.end)
                        .where(sentences.c.article_id == article_id)).all()
    return next(i for i, a, b in rows if a <= start < b)


def enrich(store: Store) -> dict[str, int]:
    """Insert the rows; returns entity ids by key."""
    with store.begin() as conn:
        arts = {r.lang: (r.id, r.text) for r in conn.execute(select(articles.c.id, articles.c.lang, articles.c.text))}
        ids = {}
        for key, label, names, aliases in [
            ("asaad-al-shibani", "PER", {"en": "Asaad al-Shibani", "ar": "أسعد الشيباني"}, {"al-Shibani": 3, "الشيباني": 4}),
            ("russia", "LOC", {"en": "Russia", "ar": "روسيا"}, {"Russia": 2, "روسيا": 1}),
            ("damascus", "LOC", {"en": "Damascus", "ar": "دمشق"}, {"Damascus": 1, "دمشق": 1}),
            ("hostile", "MISC", {"en": HOSTILE_NAME}, {HOSTILE_NAME: 1}),
        ]:
            ids[key] = conn.execute(entities.insert().values(key=key, label=label, names=names, aliases=aliases,
                                                             mentions=sum(aliases.values()))).inserted_primary_key[0]
        for lang, surface, key in [("en", "Asaad al-Shibani", "asaad-al-shibani"), ("en", "Damascus", "damascus"),
                                   ("en", "Russia", "russia"), ("ar", "الشيباني", "asaad-al-shibani"),
                                   ("ar", "دمشق", "damascus"), ("en", "Syria", "hostile")]:
            aid, text = arts[lang]
            start = _offset(text, surface)
            conn.execute(mentions.insert().values(article_id=aid, sentence=_sentence_of(conn, aid, start), start=start,
                                                  end=start + len(surface), text=surface, label="PER", norm=surface,
                                                  entity_id=ids[key]))
        for lang, needle, kind, date in [("en", "Aleppo", "ASSAULT", "2024-11-29"), ("en", "Hama", "ASSAULT", "2024-12-05"),
                                         ("ar", "دمشق", "CONSULT", "2024-12-07"), ("ar", "حلب", "ASSAULT", "2024-11-29"),
                                         ("en", "statement", "CONSULT", None)]:
            aid, text = arts[lang]
            start = _offset(text, needle)
            conn.execute(events.insert().values(article_id=aid, sentence=_sentence_of(conn, aid, start), start=start,
                                                end=start + len(needle), type=kind, actor=HOSTILE_NAME, recipient="Russia",
                                                date=date, date_from="explicit" if date else None))
        aid, text = arts["en"]
        start = _offset(text, "Russia")
        conn.execute(quotes.insert().values(article_id=aid, sentence=_sentence_of(conn, aid, start), start=start,
                                            end=start + 6, speaker="al-Shibani", text="Russia", verb="said"))
    return ids
