"""Evidence for story clustering beyond the embedding, comparable across scripts before linking.

:func:`cluster_keys` turns an article's NER mentions into keys that an Arabic and an English
report of one event share: gazetteer places and demonyms ("geo:country:RU" for Russia / روسيا /
الروس) and the Latin surname key of person and organisation names ("shibani").
:func:`number_keys` adds the figures of the text ("num:832" for 832 / ٨٣٢), leaving out small
numbers and years, which unrelated reports share all the time.
:func:`text_keys` runs the same chain on a bare title and text (``marsad eval clustering``),
so the evaluation weighs the evidence ``marsad ingest`` weighs.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[,٬]\d{3})+|\d+)(?:[.٫]\d+)?(?![\w])")
MIN_NUMBER = 10  # 1-9 are everywhere ("two people", "3 days")
MAX_DIGITS = 15


def cluster_keys(mentions: Iterable[Any]) -> list[str]:
    """Gazetteer places/demonyms and surname keys of PER/ORG mentions (see the module docstring)."""
    from marsad.entities.gazetteer import load_gazetteer
    from marsad.entities.keys import has_arabic, latin_key
    from marsad.entities.transliterate import latin_keys

    gazetteer, out = load_gazetteer(), set()
    for m in mentions:
        place = gazetteer.lookup(m.text) or gazetteer.demonym(m.text)
        if place is not None:
            out.add(f"geo:{place.id}")
        elif m.label in ("PER", "ORG"):
            key = next(iter(latin_keys(m.text)), "") if has_arabic(m.text) else latin_key(m.text)
            if key:
                out.add(key.split()[-1])
    return sorted(out)


def number_keys(text: str) -> list[str]:
    """"num:N" for each figure of ``text`` (Arabic-Indic digits read, thousands separators
    dropped), except numbers under :data:`MIN_NUMBER` and years 1900-2099."""
    out = set()
    for match in _NUMBER.finditer(text.translate(_DIGITS)):
        digits = re.sub(r"\D", "", match.group(1)).lstrip("0")
        if len(digits) > MAX_DIGITS:  # a serial or an ID, not a figure (and int() refuses 4,300+ digits)
            continue
        value = int(digits or "0")
        if value >= MIN_NUMBER and not 1900 <= value <= 2099:
            out.add(f"num:{value}")
    return sorted(out)


def text_keys(texts: Sequence[tuple[str, str, str | None]]) -> list[frozenset[str]]:
    """Cluster keys of (title, text, language) triples, through the ingest chain (sentences,
    language, NER) that ``marsad ingest`` applies to an article's text; the title is read as
    the text's first line."""
    from marsad.entities import ner
    from marsad.ingest.build import set_language_and_sentences
    from marsad.model import Article

    ner.setup()
    out = []
    for title, text, lang in texts:
        body = f"{title}\n{text}".strip() if title else text
        article = Article(origin="<gold>", text=body, title="")
        set_language_and_sentences(article, lang if lang not in (None, "", "und") else None)
        out.append(frozenset(cluster_keys(ner.recognise(article))) | frozenset(number_keys(body)))
    return out
