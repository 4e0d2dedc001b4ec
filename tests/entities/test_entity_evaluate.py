from pathlib import Path

import pytest

from marsad.entities.evaluate import evaluate_bio, normalise_tag, read_bio, score
from marsad.entities.tokens import bio_spans
from marsad.errors import MarsadError

MINI = Path(__file__).resolve().parents[1] / "data" / "entities" / "mini.bio"


def test_normalise_tag_repairs_and_maps():
    assert normalise_tag("B-PERS") == "B-PER"
    assert normalise_tag("I--ORG") == "I-ORG"
    assert normalise_tag("B-MIS1") == "B-MISC"
    assert normalise_tag("B-MIS1", misc=False) == "O"
    assert normalise_tag("OO") == "O"
    assert normalise_tag("B-ENGLISH") == "O"


def test_bio_spans_handles_io_tags():
    assert bio_spans(["I-LOC", "I-LOC", "O", "B-PER", "I-PER", "B-PER"]) == [(0, 2, "LOC"), (3, 5, "PER"), (5, 6, "PER")]


def test_read_bio_counts_repairs():
    data = read_bio(MINI)
    assert len(data.sentences) == 2
    assert data.repairs == {"OO -> O": 1}


def test_exact_span_scoring():
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "O", "O", "B-LOC"]]
    s = score(gold, pred, ("PER", "LOC"))
    assert s["per_type"]["LOC"]["f1"] == 1.0
    assert s["per_type"]["PER"]["f1"] == 0.0
    assert s["micro"]["p"] == 0.5


def test_evaluate_bio_with_a_perfect_tagger():
    gold = [[t for _, t in s] for s in read_bio(MINI, misc=False).sentences]
    report = evaluate_bio(MINI, lambda sents: gold)
    assert report.micro["f1"] == 1.0
    assert "PER" in report.table()


def test_missing_file_is_one_line_error(tmp_path):
    with pytest.raises(MarsadError) as err:
        read_bio(tmp_path / "nope.bio")
    assert "E900" in str(err.value) and "\n" not in str(err.value)
