"""Evidence for story clustering beyond the embedding, comparable across scripts before linking.

:func:`cluster_keys` turns an article's NER mentions into keys that an Arabic and an English
report of one event share, with the tables and sound classes the cross-script entity linker
uses (marsad.entities): gazetteer places and demonyms ("geo:country:RU" for Russia / روسيا /
الروس), the organisation table ("org:un" for UN / الأمم المتحدة) and the sound skeleton of the
surname of person and organisation names ("sk:NRTN" for Norton / نورتون, where the romaniser
gave "nourtoun"; :func:`surname_keys`).
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


MIN_SKELETON = 3  # sound classes a surname key needs (the linker's "3+ classes in all")
# Head words that end English organisation names ("Somerset Police"): the name before them is
# the part an Arabic report also writes ("شرطة سومرست"), so the key is taken from it.
GENERIC_HEADS = frozenset(
    "police party council ministry department office university college school hospital court committee commission "
    "agency service services army force forces group company club union association government parliament assembly "
    "authority authorities institute foundation bank federation league team fc news".split())


def cluster_keys(mentions: Iterable[Any]) -> list[str]:
    """Places, table organisations and surname sound keys of the mentions (module docstring)."""
    from marsad.entities.exonyms import organisation
    from marsad.entities.gazetteer import load_gazetteer

    gazetteer, out = load_gazetteer(), set()
    for m in mentions:
        place = gazetteer.lookup(m.text) or gazetteer.demonym(m.text)
        if place is not None:
            out.add(f"geo:{place.id}")
            continue
        org = organisation(m.text) if m.label in ("ORG", "LOC", "MISC") else None
        if org is not None:
            out.add(org.id)
        elif m.label in ("PER", "ORG"):
            out.update(surname_keys(m.text))
    return sorted(out)


def surname_keys(name: str) -> set[str]:
    """"sk:<skeleton>" of a name's last word (titles dropped, trailing generic heads of English
    organisation names skipped), in the sound classes of marsad.entities.phonetic, so that both
    scripts give one key: "Norton" / "نورتون" -> "sk:NRTN", "Kavanaugh" / "كافانو" -> "sk:KFN".
    An Arabic word may carry a proclitic (و ب ل ف ك): each reading of it gives a key; an English
    word ending in a silent "gh" gives a key without it too ("Kavanaugh": "sk:KFNJ", "sk:KFN")."""
    from marsad.entities.keys import clitic_splits, has_arabic
    from marsad.entities.phonetic import name_words, word_skeleton

    words = name_words(name)
    while len(words) > 1 and words[-1] in GENERIC_HEADS:
        words = words[:-1]
    if not words:
        return set()
    last = words[-1]
    if has_arabic(last):
        forms = [rest for _, rest in clitic_splits(last)]
    else:
        forms = [last, last[:-2]] if re.search(r"[aeiou]gh$", last) else [last]
    return {f"sk:{sk}" for sk in map(word_skeleton, forms) if len(sk) >= MIN_SKELETON}


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
