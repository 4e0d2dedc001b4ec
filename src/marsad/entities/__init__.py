"""Entities stage: recognise people, organisations and places, link them across scripts.

    from marsad.entities import recognise, link, EntityCatalog, evaluate_bio, bio_tagger, setup
"""

from marsad.entities.evaluate import Report, evaluate_bio
from marsad.entities.linking import EntityCatalog, EntityRecord, link
from marsad.entities.ner import bio_tagger, recognise, setup

__all__ = ["EntityCatalog", "EntityRecord", "Report", "bio_tagger", "evaluate_bio", "link", "recognise", "setup"]
