"""An article's outlet: from its URL's host, else its source name (an explicit field, the
``--source`` option or a feed's title), matched against the registry's domains and names."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from marsad.sources.registry import Outlet, alias_key, domain_key, match_keys

UNKNOWN_NAMES = frozenset({"", "unknown", "-", "stdin", "<stdin>"})


@dataclass
class Resolver:
    """Lookup tables built once from the registry's outlets."""

    domains: dict[str, str] = field(default_factory=dict)  # host -> outlet key
    names: dict[str, str] = field(default_factory=dict)  # alias_key -> outlet key

    @classmethod
    def from_outlets(cls, outlets: list[Outlet]) -> "Resolver":
        """Later outlets win a shared domain or name, so pass bundled rows before user rows."""
        found = cls()
        for outlet in outlets:
            for kind, key in match_keys(outlet):
                (found.domains if kind == "domain" else found.names)[key] = outlet.key
        return found

    def by_url(self, url: str | None) -> str | None:
        """The outlet whose domain is the URL's host or a parent of it (arabic.rt.com -> rt.com)."""
        if not url:
            return None
        try:
            host = domain_key(urlsplit(url.strip()).hostname or "")
        except ValueError:
            return None
        labels = host.split(".")
        for i in range(len(labels) - 1):
            key = self.domains.get(".".join(labels[i:]))
            if key:
                return key
        return None

    def by_name(self, name: str | None) -> str | None:
        """The outlet named ``name`` (any alias, either script), a domain given as a name
        ("reuters.com"), or whose alias starts the name on a word boundary ("BBC News - World")."""
        if not name or name.strip().lower() in UNKNOWN_NAMES:
            return None
        if "." in name and " " not in name.strip():
            found = self.by_url("http://" + name.strip())
            if found:
                return found
        key = alias_key(name)
        if key in self.names:
            return self.names[key]
        words = key.split()
        for n in range(len(words) - 1, 0, -1):
            prefix = " ".join(words[:n])
            if len(prefix) >= 3 and prefix in self.names:
                return self.names[prefix]
        return None

    def resolve(self, url: str | None, source: str | None) -> tuple[str | None, str | None]:
        """(outlet key, how it was found: "url" or "name"), or (None, None)."""
        found = self.by_url(url)
        if found:
            return found, "url"
        found = self.by_name(source)
        if found:
            return found, "name"
        return None, None
