"""`marsad eval linking`: mean Jaccard of the entity ids of a document and its translation."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from marsad.cli import app
from marsad.entities.link_eval import LinkedMention, score_pairs


def test_jaccard_per_pair_and_type_with_the_collapse_guard():
    rows = [
        LinkedMention("d1", "en", "Vladimir Putin", 1, "PER"), LinkedMention("d1", "ar", "بوتين", 1, "PER"),
        LinkedMention("d1", "en", "Moscow", 2, "LOC"), LinkedMention("d1", "ar", "موسكو", 3, "LOC"),
        LinkedMention("d2", "en", "NATO", 4, "ORG"), LinkedMention("d2", "ar", "الناتو", 4, "ORG"),
        LinkedMention("d2", "en", "tomorrow", 9, "MISC"),  # not PER/ORG/LOC: ignored
    ]
    report = score_pairs(rows, ["d1", "d2", "d3"])
    assert report["pairs"] == 2 and report["empty_pairs"] == 1
    assert report["mean_jaccard"] == round((1 / 3 + 1) / 2, 4)
    assert report["per_type"]["PER"] == {"mean_jaccard": 1.0, "pairs": 1}
    assert report["per_type"]["LOC"] == {"mean_jaccard": 0.0, "pairs": 1}
    assert report["ids_per_surface"] == round(4 / 6, 4)


def test_eval_linking_command_ingests_pairs_into_a_temporary_store(tmp_path):
    doc = {"doc_id": "t.1", "source": "test", "n_sent": 2,
           "en": "Putin meets Erdogan in Moscow\nVladimir Putin said Moscow would help Turkey.",
           "ar": "بوتين يلتقي أردوغان في موسكو\nقال فلاديمير بوتين إن موسكو ستساعد تركيا."}
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps(doc, ensure_ascii=False) + "\n", "utf-8")
    kept = tmp_path / "eval.db"
    result = CliRunner().invoke(app, ["eval", "linking", str(path), "--json", "--keep", str(kept)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["pairs"] == 1 and set(report["per_type"]) == {"PER", "ORG", "LOC"}
    assert report["mean_jaccard"] > 0 and 0 < report["ids_per_surface"] <= 1
    from marsad.store import open_store
    from marsad.store.entities import find_entity

    store = open_store(f"sqlite:///{kept}")
    with store.connect() as conn:  # the kept store holds what was scored
        assert find_entity(conn, "Moscow") == find_entity(conn, "موسكو")
        assert find_entity(conn, "Putin") == find_entity(conn, "بوتين")
    store.close()


def test_eval_linking_refuses_a_missing_file(tmp_path):
    result = CliRunner().invoke(app, ["eval", "linking", str(tmp_path / "none.jsonl")])
    assert result.exit_code != 0 and "E900" in str(result.exception)
