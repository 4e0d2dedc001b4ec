"""Clustering metrics and the gold-file reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.embed import HashBackend
from marsad.errors import MarsadError
from marsad.stories.evaluate import (
    bcubed,
    evaluate,
    main,
    ntrex_gold,
    pairwise,
    parse_gold_line,
    read_gold,
    score_clustering,
    split_half,
)
from marsad.stories.state import ClusterParams

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "stories"
GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
PRED = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
LANGS = {"a": "en", "b": "ar", "c": "en", "d": "en", "e": "ar"}


def test_bcubed_matches_hand_computed_values() -> None:
    s = bcubed(PRED, GOLD)
    assert s.precision == pytest.approx(11 / 15) and s.recall == pytest.approx(11 / 15) and s.n == 5


def test_pairwise_matches_hand_computed_values() -> None:
    s = pairwise(PRED, GOLD)
    assert (s.precision, s.recall, s.n) == (0.5, 0.5, 10)


def test_cross_lingual_scores_count_only_pairs_across_languages() -> None:
    # en-ar pairs: ab ae cb ce db de; gold-same ab cb de; pred-same ab ce de; both ab de
    s = pairwise(PRED, GOLD, LANGS)
    assert s.n == 6 and s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(2 / 3)
    b = bcubed(PRED, GOLD, LANGS)
    assert 0 < b.precision < 1 and 0 < b.recall < 1


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 4), min_size=1, max_size=15))
@settings(max_examples=80, deadline=None)
def test_perfect_prediction_scores_one_and_scores_stay_in_range(gold: dict[str, int]) -> None:
    assert bcubed(gold, gold).f1 == pytest.approx(1.0)
    singletons = {k: i for i, k in enumerate(gold)}
    s = bcubed(singletons, gold)
    assert s.precision == pytest.approx(1.0) and 0 < s.recall <= 1


def test_gold_reader_parses_fixture_and_names_bad_line() -> None:
    records = read_gold(FIXTURES / "tiny_gold.jsonl")
    assert [r.id for r in records] == ["t1", "t2", "t3", "t4"] and records[3].date is None and str(records[0].date) == "2025-11-20"
    with pytest.raises(MarsadError) as err:
        read_gold(FIXTURES / "bad_gold.jsonl")
    assert "line 2" in str(err.value) and "story" in str(err.value)
    with pytest.raises(MarsadError):
        parse_gold_line('{"id": "x", "text": "t", "story": "s", "date": "22/11/2025"}')
    with pytest.raises(MarsadError):
        read_gold(FIXTURES / "missing.jsonl")


def test_evaluate_and_cli_entry_point_on_the_fixture(capsys) -> None:
    report = evaluate(read_gold(FIXTURES / "tiny_gold.jsonl"), HashBackend(64), ClusterParams(threshold=0.5), shuffles=3)
    assert report["scores"]["bcubed"].f1 == pytest.approx(1.0) and report["shuffle"]["spread"] == 0.0
    assert main([str(FIXTURES / "tiny_gold.jsonl"), "--backend", "hash", "--threshold", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "bcubed_crosslingual" in out and "pairwise" in out
    assert main([str(FIXTURES / "bad_gold.jsonl"), "--backend", "hash"]) == 2


def test_ntrex_views_and_split(ntrex_path: Path) -> None:
    pairs, halves = ntrex_gold(ntrex_path, "pairs"), ntrex_gold(ntrex_path, "halves")
    assert len(pairs) == 122 and len({r.story for r in pairs}) == 61 and len(halves) == 122
    assert {split_half(r.story) for r in pairs} == {"tune", "heldout"}
    assert score_clustering(pairs, {r.id: r.story for r in pairs})["bcubed_crosslingual"].f1 == 1.0
