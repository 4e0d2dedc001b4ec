"""Aligned sentence pairs as linking evidence (issue 12): a name and its translation standing in
a sentence and its translation are one entity on a looser sound match; elsewhere they are not."""

from __future__ import annotations

from marsad.entities.linking import EntityCatalog, link
from marsad.model import Mention


def _mentions() -> dict[str, list[Mention]]:
    return {"en1": [Mention(0, 14, "Heather Nauert", "PER", 2, "en", "heather nauert"),
                    Mention(40, 45, "Putin", "PER", 5, "en", "putin")],
            "ar1": [Mention(0, 10, "هيذر نويرت", "PER", 3, "ar", "هيذر نويرت"),
                    Mention(30, 35, "بوتين", "PER", 6, "ar", "بوتين")]}


def _keys(aligned) -> dict[str, str]:
    links = link(_mentions(), EntityCatalog(), {"en1": 1, "ar1": 1}, stoplist=frozenset(), aligned=aligned)
    return {m.text: key for _, m, key in links}


def both(a: tuple[str, int], b: tuple[str, int]) -> set:
    return {(a, b), (b, a)}


def test_a_name_in_the_aligned_sentence_joins_its_translation() -> None:
    assert _keys(frozenset())["هيذر نويرت"] != _keys(frozenset())["Heather Nauert"]  # too far apart alone
    keys = _keys(both(("ar1", 3), ("en1", 2)))
    assert keys["هيذر نويرت"] == keys["Heather Nauert"]
    assert keys["بوتين"] == keys["Putin"] != keys["Heather Nauert"]  # the plain match still holds


def test_alignment_is_no_evidence_for_names_that_do_not_sound_alike_or_stand_elsewhere() -> None:
    keys = _keys(both(("ar1", 3), ("en1", 5)))  # the Arabic name's sentence is aligned with Putin's
    assert keys["هيذر نويرت"] not in {keys["Heather Nauert"], keys["Putin"]}
