"""`marsad eval events`: reading the Arabic event GSR and PLOVER formats, scoring, splits.

``tests/data/events/gsr_sample.jsonl`` holds 14 detection records and 4 span records copied
unchanged from ``../shared/data/arabic-event-gsr`` (dev half; openeventdata/arabic_event_gsr, MIT).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.events.coding import code_sentences
from marsad.events.evaluate import evaluate, fold_word, read_gold, split_by_document, words

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "events" / "gsr_sample.jsonl"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
PLOVER = SHARED / "plover-examples" / "PLOVER_GSR_CAMEO.json"
GSR = SHARED / "arabic-event-gsr"


def _cues(gold):
    by_lang = {}
    for i, g in enumerate(gold):
        by_lang.setdefault(g.lang, []).append(i)
    out = [None] * len(gold)
    for lang, idx in by_lang.items():
        for i, evs in zip(idx, code_sentences([gold[i].text for i in idx], lang, "cues")):
            out[i] = evs
    return out


def test_ambiguous_records_are_left_out_and_labels_follow_the_readme():
    gold = read_gold([SAMPLE])
    judged = [g for g in gold if g.judged]
    assert len(judged) == 12  # 14 detection records, the 2 "ambiguous" dropped
    assert sum(v for g in judged for v in g.judged.values()) == 6  # 3 "yes" per type
    roles = [g for g in gold if g.role_type]
    assert len(roles) == 4 and sum(bool(g.actors) for g in roles) >= 2


def test_clitics_and_spelling_fold_to_one_word():
    assert fold_word("والمتظاهرين") == fold_word("المتظاهرين") == fold_word("متظاهرين")
    assert fold_word("لإسرائيل") == fold_word("اسرائيل")
    assert words(["الحرس", "الثوري"]) & words("للحرس الثوري")


def test_report_has_the_contract_shape_and_counts_positives():
    report = evaluate(read_gold([SAMPLE]), _cues)
    assert set(report["types"]) == {"PROTEST", "ASSAULT"}
    for scores in report["types"].values():
        assert set(scores) == {"precision", "recall", "f1", "n"}
        assert scores["n"] == 3 and 0.0 <= scores["f1"] <= 1.0
    assert "actor_accuracy" in report and "target_accuracy" in report


def test_split_keeps_each_document_on_one_side():
    gold = read_gold([GSR if GSR.is_dir() else SAMPLE])
    train, held = split_by_document(gold)
    assert train and held
    assert not {g.doc for g in train} & {g.doc for g in held}
    assert len(train) + len(held) == len(gold)


def test_cli_prints_the_contract_json():
    result = CliRunner().invoke(app, ["eval", "events", str(SAMPLE), "--method", "cues", "--no-entities", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert {"types", "actor_accuracy", "target_accuracy"} <= set(report)
    assert report["types"]["ASSAULT"]["n"] == 3


def test_plover_examples_are_scored_over_their_types():
    if not PLOVER.exists():
        pytest.skip("../shared/data/plover-examples not present")
    gold = read_gold([PLOVER])
    assert len(gold) >= 300 and all(g.lang == "en" and g.role_type for g in gold)
    assert "REQUEST" in {g.role_type for g in gold}  # v0.5 DEMAND mapped to the current name


def test_missing_file_is_one_coded_line():
    result = CliRunner().invoke(app, ["eval", "events", "/nonexistent/gold.jsonl", "--json"])
    assert result.exit_code != 0
    assert "E900" in result.output + str(result.exception)
