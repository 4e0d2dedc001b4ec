"""Cross-lingual clustering evidence: figures in both scripts, the short-text cross-lingual
bonus, and the independent short-report dev set built from NTREX."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, strategies as st

from marsad.stories.agglomerate import pair_score
from marsad.stories.cluster import story_score
from marsad.stories.evidence import number_keys
from marsad.stories.state import ClusterItem, ClusterParams, absorb, cross_pairs, is_short, new_state

NTREX = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ntrex-ar-en" / "documents.dev.jsonl"


def test_number_keys_read_both_scripts_and_skip_small_numbers_and_years() -> None:
    assert number_keys("Death toll from Indonesia tsunami rises to 832") == ["num:832"]
    assert number_keys("ارتفاع عدد القتلى إلى ٨٣٢ في 2018") == ["num:832"]
    assert number_keys("1,200 people and 3 cars") == ["num:1200"]
    assert number_keys("a 13-year-old boy") == ["num:13"]


@given(st.integers(min_value=10, max_value=10**7).filter(lambda n: not 1900 <= n <= 2099))
def test_any_figure_is_one_key_in_latin_and_arabic_indic_digits(n: int) -> None:
    arabic = str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert number_keys(f"about {n} people") == number_keys(f"نحو {arabic} شخصا") == [f"num:{n}"]


def _item(i: str, vec: list[float], lang: str, short: bool = True) -> ClusterItem:
    v = np.asarray(vec, dtype=np.float32)
    return ClusterItem(i, v / np.linalg.norm(v), lang=lang, short=short)


def test_bonus_counts_only_short_pairs_in_two_languages() -> None:
    params = ClusterParams(crosslingual_bonus=0.4)
    story = new_state(1, 2)
    absorb(story, _item("en1", [1, 0], "en"))
    absorb(story, _item("ar1", [1, 0], "ar"))
    ar_short, ar_long = _item("ar2", [0.5, 0.5], "ar"), _item("ar3", [0.5, 0.5], "ar", short=False)
    base = story_score(ar_short, story, ClusterParams())
    # one of the two members is in the other language and both are short: +0.4 / 2
    assert story_score(ar_short, story, params) == pytest.approx(base + 0.2)
    assert story_score(ar_long, story, params) == pytest.approx(base)
    assert cross_pairs({"en": 2, "ar": 1}, {"ar": 3}) == 6


def test_pair_score_adds_the_bonus_for_each_cross_lingual_pair() -> None:
    a, b = new_state(1, 2), new_state(2, 2)
    absorb(a, _item("en", [1, 0], "en"))
    absorb(b, _item("ar", [0, 1], "ar"))
    assert pair_score(a, b, ClusterParams(crosslingual_bonus=0.3)) == pytest.approx(pair_score(a, b, ClusterParams()) + 0.3)


def test_is_short_counts_words() -> None:
    assert is_short("Title", "one two three")
    assert not is_short("", " ".join(["w"] * 121))


@pytest.mark.skipif(not NTREX.exists(), reason="needs ../shared/data/ntrex-ar-en")
def test_independent_dev_set_shares_no_translated_sentence_when_apart() -> None:
    import json

    from marsad.stories.devset import independent_gold

    records = independent_gold(NTREX, variant=0)
    docs = {json.loads(line)["doc_id"]: json.loads(line) for line in NTREX.read_text(encoding="utf-8").splitlines()}
    assert records == independent_gold(NTREX, variant=0)  # deterministic
    stories = {r.story for r in records}
    both = [s for s in stories if {r.lang for r in records if r.story == s} == {"en", "ar"}]
    assert 0 < len(both) < len(stories)  # pairs and singletons
    assert all(r.date is not None for r in records)
    for r in records:
        sentences = docs[r.story][r.lang].split("\n")
        assert all(part in sentences[:4] for part in ([r.title] if r.title else [])), r.id


def test_recluster_titles_a_story_after_its_most_central_member() -> None:
    from marsad.stories.recluster import recluster

    off = ClusterItem("a", np.asarray([0.8, 0.6], np.float32), lang="en", title="Study History")
    central = [ClusterItem(f"b{i}", np.asarray([1.0, 0.0], np.float32), lang="en", title="Court hears Kavanaugh case") for i in range(3)]
    result = recluster([off, *central], {"a": 1, "b0": 1, "b1": 1, "b2": 1}, ClusterParams(threshold=0.5))
    assert [s.titles["en"][0] for s in result.states] == ["Court hears Kavanaugh case"]


def test_figures_that_disagree_lower_the_score() -> None:
    from marsad.stories.state import figures_conflict

    assert figures_conflict({"num:16", "norton"}, {"num:45"})
    assert not figures_conflict({"num:16"}, {"num:16", "num:45"})
    assert not figures_conflict({"norton"}, {"num:45"})  # one side has no figure: no evidence
    item = ClusterItem("x", np.asarray([1.0, 0.0], np.float32), entity_keys=frozenset({"num:45"}), lang="en")
    story = new_state(1, 2)
    absorb(story, ClusterItem("y", np.asarray([1.0, 0.0], np.float32), entity_keys=frozenset({"num:16"}), lang="en"))
    assert story_score(item, story, ClusterParams(figure_conflict_penalty=0.1)) == pytest.approx(
        story_score(item, story, ClusterParams()) - 0.1)


def test_number_keys_skip_digit_runs_too_long_to_be_figures() -> None:
    assert number_keys("id " + "9" * 5000 + " and 45 dead") == ["num:45"]
    assert number_keys("007 and 0") == []


@given(st.text(alphabet="0123456789٠١٢٣,.٫٬ -abc", max_size=200))
def test_number_keys_never_fail(text: str) -> None:
    assert all(k.startswith("num:") for k in number_keys(text))
