"""Entity-test fixtures: the two seed articles as Article objects, linked once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from entity_seeds import AR, EN, seed_article  # noqa: E402


@pytest.fixture(scope="session")
def seed_articles():
    """The English and Arabic seed articles (simple or ingest sentence split)."""
    return [seed_article(EN, "en"), seed_article(AR, "ar")]


@pytest.fixture(scope="session")
def linked_seeds(seed_articles):
    """(mentions by article, catalogue, links) for both seeds as one story."""
    from marsad.entities.linking import EntityCatalog, link
    from marsad.entities.ner import recognise

    mentions = {a.id: recognise(a) for a in seed_articles}
    catalog = EntityCatalog()
    links = link(mentions, catalog, {a.id: 1 for a in seed_articles})
    return mentions, catalog, links
