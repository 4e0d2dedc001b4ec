"""The gold of `marsad eval compare`: NTREX line order -> sentence pairs (no models)."""

from __future__ import annotations

import json

import pytest

from marsad.compare.evaluate import as_text, gold_pairs, line_of_sentences, read_pairs, summary, PairScore
from marsad.errors import MarsadError
from marsad.ingest.build import build_article
from marsad.model import RawItem

EN = "A title\nThe minister arrived on Monday. He met the mayor.\nTalks lasted 48 hours."
AR = "عنوان\nوصل الوزير يوم الاثنين والتقى رئيس البلدية.\nواستمرت المحادثات 48 ساعة."


def _art(text: str):
    return build_article(RawItem(origin="x.txt", data=as_text(text).encode(), kind="txt"))


def test_sentences_map_to_their_source_line_and_gold_pairs_follow():
    en, ar = _art(EN), _art(AR)
    assert line_of_sentences(en) == [1, 1, 2]
    assert line_of_sentences(ar) == [1, 2]
    assert gold_pairs(en, ar) == {(0, 0), (1, 0), (2, 1)}  # one Arabic sentence for two English ones


def test_read_pairs_rejects_lines_without_both_texts(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps({"doc_id": "d1", "en": EN, "ar": AR}) + "\n" + json.dumps({"en": EN}) + "\n")
    with pytest.raises(MarsadError) as err:
        read_pairs(path)
    assert err.value.code == "E904" and "line 2" in str(err.value)


def test_summary_pools_pairs():
    out = summary([PairScore("d1", 1, 4, 3, 4), PairScore("d2", 0, 2, 2, 4)])
    assert out == {"pairs": 2, "false_conflicts_per_pair": 0.5, "alignment": {"precision": 0.833, "recall": 0.625}}
