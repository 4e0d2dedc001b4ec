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


@lru_cache(maxsize=1)
def institutions() -> dict[str, tuple[str, ...]]:
    """Name key -> every name (both scripts) of its row in ``data/models/institutions.tsv``:
    national institutions whose names translate ("Senate" / "مجلس الشيوخ"). Only for finding a
    story's name in its other-script article; they anchor nothing (every country has a senate)."""
    text = (MODELS_DIR / "institutions.tsv").read_text("utf-8")
    out: dict[str, tuple[str, ...]] = {}
    for row in csv.reader(text.splitlines(), delimiter="\t"):
        if not row or row[0].startswith("#"):
            continue
        forms = tuple(row[1].split("|") + row[2].split("|"))
        for form in forms:
            if name_key(form):
                out.setdefault(name_key(form), forms)
    return out


def translations(text: str) -> tuple[str, ...]:
    """All names of the table organisation or institution ``text`` names, or ()."""
    org = organisation(text)
    if org is not None:
        return tuple(sorted(org.aliases))
    return institutions().get(name_key(text), ())
