import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.entities.bio_split import document_split, write_bio
from marsad.entities.evaluate import read_bio


def _corpus(n: int) -> list[list[tuple[str, str]]]:
    return [[(f"w{i}", "O"), ("Damascus", "B-LOC")] for i in range(n)]


def test_held_out_runs_are_contiguous_and_buffered():
    sents = _corpus(1000)
    split = document_split(sents, fraction=0.1, blocks=5, buffer=15)
    assert len(split.held_out) == 100
    runs = [[i for i in split.held_out if b * 200 <= i < (b + 1) * 200] for b in range(5)]
    for run in runs:
        assert len(run) == 20 and run == list(range(run[0], run[0] + 20))
        assert not any(run[0] - 15 <= i < run[-1] + 16 for i in split.train)
    assert split.buffer_dropped == 5 * 30


def test_duplicated_sentences_never_reach_training():
    sents = _corpus(1000)
    held = document_split(sents).held_out
    sents[0] = list(sents[held[3]])  # the same wire story printed twice
    split = document_split(sents)
    assert 0 not in split.train and split.duplicates_dropped == 1
    words = {tuple(w for w, _ in sents[i]) for i in split.held_out}
    assert not any(tuple(w for w, _ in sents[i]) in words for i in split.train)


def test_too_small_a_corpus_is_refused():
    with pytest.raises(ValueError):
        document_split(_corpus(50), fraction=0.1, blocks=5, buffer=15)


@settings(max_examples=40, deadline=None)
@given(st.integers(200, 3000), st.floats(0.02, 0.3), st.integers(1, 8), st.integers(0, 10))
def test_split_is_a_disjoint_deterministic_partition(n, fraction, blocks, buffer):
    sents = _corpus(n)
    try:
        a = document_split(sents, fraction, blocks, buffer)
    except ValueError:
        return
    b = document_split(sents, fraction, blocks, buffer)
    assert a == b
    assert not set(a.train) & set(a.held_out)
    assert len(a.train) + len(a.held_out) + a.buffer_dropped + a.duplicates_dropped == n


def test_written_split_reads_back(tmp_path):
    sents = [[("Asaad", "B-PER"), ("al-Shibani", "I-PER"), ("spoke", "O")], [("in", "O"), ("Moscow", "B-LOC")]]
    write_bio(tmp_path / "x.bio", sents)
    assert read_bio(tmp_path / "x.bio").sentences == sents
