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


def test_jsonl_is_refused_not_scored_as_zero(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text('{"id": "a1", "lang": "en", "text": "Asaad al-Shibani visited Moscow."}\n' * 5, "utf-8")
    with pytest.raises(MarsadError) as err:
        read_bio(path)
    assert "E906" in str(err.value) and "line 1" in str(err.value) and "\n" not in str(err.value)


def test_plain_text_and_untagged_columns_are_refused(tmp_path):
    (tmp_path / "a.txt").write_text("Asaad al-Shibani visited Moscow.\nThe UN met in Damascus.\n", "utf-8")
    (tmp_path / "b.bio").write_text("Asaad O\nal-Shibani O\nvisited O\n", "utf-8")
    (tmp_path / "c.bio").write_text("Asaad\nal-Shibani\n", "utf-8")
    for name in ("a.txt", "b.bio", "c.bio"):
        with pytest.raises(MarsadError) as err:
            read_bio(tmp_path / name)
        assert "E906" in str(err.value)


def test_a_few_malformed_tags_are_repaired_not_refused(tmp_path):
    lines = [f"w{i} O" for i in range(200)] + ["Damascus B-LOC", "x IO", "y B-MIS1`", "z I--ORG"]
    (tmp_path / "m.bio").write_text("\n".join(lines) + "\n", "utf-8")
    assert sum(map(len, read_bio(tmp_path / "m.bio").sentences)) == 204


def test_script_language_of_a_file():
    from marsad.entities.evaluate import script_language

    assert script_language(read_bio(MINI)) == "en"
    ar = type(read_bio(MINI))([[("زار", "O"), ("الشيباني", "B-PERS"), ("موسكو", "B-LOC")]])
    assert script_language(ar) == "ar"


def test_eval_ner_cli_refuses_jsonl(tmp_path):
    from typer.testing import CliRunner

    from marsad.cli import app

    path = tmp_path / "articles.jsonl"
    path.write_text('{"id": "a1", "text": "Asaad al-Shibani visited Moscow."}\n', "utf-8")
    result = CliRunner().invoke(app, ["eval", "ner", str(path), "--lang", "en", "--json"])
    assert result.exit_code != 0
    assert "E906" in str(result.exception) + result.output


@pytest.mark.slow
def test_eval_ner_cli_states_the_language(tmp_path):
    import json

    from typer.testing import CliRunner

    from marsad.cli import app

    result = CliRunner().invoke(app, ["eval", "ner", str(MINI), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["lang"] == "en" and data["lang_source"] == "script"
    assert set(data["micro"]) >= {"p", "r", "f1"} and "PER" in data["per_type"]
    assert "language: en (guessed" in result.stderr
    text = CliRunner().invoke(app, ["eval", "ner", str(MINI), "--lang", "ar"]).output
    assert "language: ar (--lang); warning" in text


def test_article_units_follow_docstart_markers_else_windows(tmp_path):
    from marsad.entities.ner import article_units

    path = tmp_path / "docs.bio"
    path.write_text("-DOCSTART- O\n\nA O\n\nB O\n\n-DOCSTART- O\n\nC B-PER\n", encoding="utf-8")
    data = read_bio(path)
    assert len(data.sentences) == 3 and data.documents == [0, 2]
    assert article_units(3, data.documents) == [(0, 2), (2, 3)]
    assert article_units(25, []) == [(0, 10), (10, 20), (20, 25)]


def test_eval_ner_reads_articles_and_says_so(tmp_path):
    """A name tagged in one sentence of an article is found again in the next (as ingest does);
    --context sentence scores each sentence alone."""
    import json

    from typer.testing import CliRunner

    from marsad.cli import app

    path = tmp_path / "repeat.bio"
    path.write_text("أعلن B-PER\nالشيباني I-PER\nأمس O\n\n"
                    "وقال O\nالشيباني B-PER\nإن O\n", encoding="utf-8")
    runner = CliRunner()
    art = json.loads(runner.invoke(app, ["eval", "ner", str(path), "--lang", "ar", "--json"]).stdout)
    sent = json.loads(runner.invoke(app, ["eval", "ner", str(path), "--lang", "ar", "--context", "sentence",
                                          "--json"]).stdout)
    assert art["context"] == "article" and "runs of 10" in art["article_unit"]
    assert sent["context"] == "sentence"
    assert art["micro"]["tp"] >= sent["micro"]["tp"]
    bad = runner.invoke(app, ["eval", "ner", str(path), "--context", "page"])
    assert bad.exit_code != 0 and "E901" in str(bad.exception)
