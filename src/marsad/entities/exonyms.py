"""Organisations whose names in Arabic and English share no sounds ("الأمم المتحدة" / "UN").

A curated table (``data/models/organisations.tsv``, every row naming its Wikipedia source)
maps each name's key (``keys.name_key``) to one organisation. The linker anchors an ORG, LOC
or MISC mention whose whole name is in the table to that organisation, as it anchors places
to the gazetteer. Kept apart from the gazetteer so that the NER does not tag them as places.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from marsad.entities.gazetteer import MODELS_DIR, Place
from marsad.entities.keys import name_key


@lru_cache(maxsize=1)
def organisations() -> dict[str, Place]:
    """Name key -> organisation (a :class:`Place` of kind "org", id "org:<table id>")."""
    text = (MODELS_DIR / "organisations.tsv").read_text("utf-8")
    out: dict[str, Place] = {}
    for row in csv.reader(text.splitlines(), delimiter="\t"):
        if not row or row[0].startswith("#"):
            continue
        oid, en, ar = row[0], row[1].split("|"), row[2].split("|")
        org = Place(f"org:{oid}", "org", "", {"en": en[0], "ar": ar[0]}, set(en + ar))
        for form in en + ar:
            if name_key(form):
                out.setdefault(name_key(form), org)
    return out


def organisation(text: str) -> Place | None:
    """The organisation a surface name refers to, or None."""
    return organisations().get(name_key(text))
