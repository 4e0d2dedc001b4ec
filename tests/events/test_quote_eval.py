"""`marsad eval quotes` on the hand-labelled NTREX sample (tests/data/events/quotes_ntrex_sample.jsonl;
documents copied unchanged from ../shared/data/ntrex-ar-en, NTREX-128, Federmann et al. 2022, CC BY-SA 4.0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from typer.testing import CliRunner

from marsad.cli import app
from marsad.events.quote_eval import evaluate_quotes, read_quote_gold, same_speaker
from marsad.model import Quote

DATA = Path(__file__).resolve().parents[1] / "data" / "events"
SAMPLE, DOCS = DATA / "quotes_ntrex_sample.jsonl", DATA / "quotes_ntrex_docs.jsonl"


def test_eval_quotes_runs_on_the_sample() -> None:
    result = CliRunner().invoke(app, ["eval", "quotes", str(SAMPLE), "--docs", str(DOCS), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) == {"en", "ar"}
    for lang in ("en", "ar"):
        assert report[lang]["n"] == 41 and 0 < report[lang]["precision"] <= 1 and 0 < report[lang]["recall"] <= 1
    assert report["en"]["precision"] >= 0.9 and report["en"]["recall"] >= 0.85  # main's rules: 0.625 / 0.345


def test_eval_quotes_missing_documents_is_a_user_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "quotes", str(SAMPLE), "--docs", str(tmp_path / "none.jsonl")])
    assert result.exit_code != 0 and getattr(result.exception, "code", None) == "E921"


def test_scoring_counts_named_speakers_only() -> None:
    gold = [g for g in read_quote_gold(SAMPLE) if g.doc_id == "upi.176266" and g.lang == "en"][:2]  # officials; Hammel
    docs = {"upi.176266": {"en": json.loads(DOCS.read_text().splitlines()[2])["en"], "ar": ""}}
    text = docs["upi.176266"]["en"]
    line1, line3 = text.index("A shark attacked"), text.index("Chad Hammel told")

    def finder(_text: str, _lang: str) -> list[Quote]:
        return [Quote(speaker="Larry Giles", text="x", start=line1, end=line1 + 10),
                Quote(speaker="Hammel", text="y", start=line3, end=line3 + 5)]

    report = evaluate_quotes(gold, docs, finder)["en"]
    assert (report["predicted"], report["correct"], report["named"]) == (2, 1, 1)
    assert (report["precision"], report["recall"]) == (0.5, 1.0)
    assert same_speaker("وهاميل", "تشاد هاميل") and not same_speaker("Jones", "Hammel")


def test_a_documents_file_that_is_not_ntrex_is_a_coded_error(tmp_path) -> None:
    from marsad.errors import MarsadError
    from marsad.events.quote_eval import read_documents

    bad = tmp_path / "docs.jsonl"
    bad.write_text('{"doc_id": "a", "en": "x", "ar": "y"}\n{not json\n', encoding="utf-8")
    with pytest.raises(MarsadError) as caught:
        read_documents(bad, {"a"})
    assert caught.value.code == "E922" and "line 2" in caught.value.message
