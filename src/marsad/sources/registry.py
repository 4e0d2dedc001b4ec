"""The outlet registry: domain or name -> outlet (name, country, language, type, owner).

A small curated table ships in ``marsad/data/outlets/outlets.csv`` (each row names where its
facts come from); users add rows from the CLI, the API or a CSV file of the same columns.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from importlib import resources

from marsad.errors import MarsadError
from marsad.text.normalise import fold

TYPES = ("agency", "public", "state", "private", "party")
COLUMNS = ("key", "name", "domains", "aliases", "country", "lang", "type", "owner", "fact_source")
_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$")


@dataclass
class Outlet:
    key: str
    name: str
    domains: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    country: str | None = None  # ISO 3166-1 alpha-2
    lang: str | None = None
    type: str | None = None  # one of TYPES
    owner: str | None = None
    fact_source: str | None = None  # where the facts of this row come from
    origin: str = "user"  # "bundled" or "user"

    def to_dict(self) -> dict:
        return asdict(self)


def alias_key(name: str) -> str:
    """Matching form of an outlet name: folded (Arabic variants, case), punctuation and
    the article "the" dropped, spaces collapsed ("The Associated Press" = "associated press")."""
    words = re.sub(r"[^\w]+", " ", fold(name)).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def domain_key(domain: str) -> str:
    """A bare lower-case host: no scheme, port, path or leading ``www.``."""
    host = domain.strip().lower()
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", host).split("/")[0].split(":")[0].rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def outlet_from_row(row: dict[str, str | None], where: str, origin: str = "user") -> Outlet:
    """One CSV row (or API body) as a checked ``Outlet``; E170 names what is wrong."""
    def bad(detail: str) -> MarsadError:
        return MarsadError("E170", where=where, detail=detail)

    key = (row.get("key") or "").strip().lower()
    if not _KEY.match(key):
        raise bad(f"key {key!r} must be 1-80 lower-case letters, digits, '.', '_' or '-'")
    name = (row.get("name") or "").strip()
    if not name:
        raise bad("name is empty")
    domains = [domain_key(d) for d in _split(row.get("domains"))]
    for d in domains:
        if not _DOMAIN.match(d):
            raise bad(f"domain {d!r} is not a host name like reuters.com")
    kind = (row.get("type") or "").strip().lower() or None
    if kind is not None and kind not in TYPES:
        raise bad(f"type {kind!r} is not one of {', '.join(TYPES)}")
    country = (row.get("country") or "").strip().upper() or None
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        raise bad(f"country {country!r} is not an ISO 3166 two-letter code")
    return Outlet(
        key=key, name=name, domains=domains, aliases=_split(row.get("aliases")), country=country,
        lang=(row.get("lang") or "").strip().lower() or None, type=kind,
        owner=(row.get("owner") or "").strip() or None, fact_source=(row.get("fact_source") or "").strip() or None,
        origin=origin,
    )


def read_csv(text: str, where: str, origin: str = "user") -> list[Outlet]:
    """Outlets from CSV text with a header row (``key`` and ``name`` required)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("key", "name") if c not in (reader.fieldnames or [])]
    if missing:
        raise MarsadError("E170", where=where, detail=f"no {' or '.join(missing)} column in the header "
                                                      f"(columns: {', '.join(COLUMNS)})")
    return [outlet_from_row(row, f"{where} line {reader.line_num}", origin) for row in reader]


def bundled_outlets() -> list[Outlet]:
    """The curated table shipped with Marsad."""
    text = resources.files("marsad.data").joinpath("outlets/outlets.csv").read_text(encoding="utf-8")
    return read_csv(text, "bundled outlets.csv", origin="bundled")


def match_keys(outlet: Outlet) -> list[tuple[str, str]]:
    """(kind, key) pairs the resolver looks an outlet up by: domains, then names."""
    keys = [("domain", d) for d in outlet.domains]
    names = {alias_key(n) for n in [outlet.name, *outlet.aliases]}
    keys += [("name", n) for n in sorted(names) if n]
    return keys
