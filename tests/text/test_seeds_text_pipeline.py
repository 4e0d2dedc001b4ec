"""Both seeds through decode -> clean -> boilerplate -> split -> language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from marsad.ingest.boilerplate import strip_boilerplate
from marsad.ingest.decode import decode
from marsad.text.language import detect, detect_sentences, language_mix
from marsad.text.normalise import clean_text
from marsad.text.sentences import split_sentences

SEEDS = {"000_caab26223d637160.txt": ("en", 12, None), "003_31f4c5ac5bfdc59e.txt": ("ar", 20, date(2025, 11, 22))}
FURNITURE = ("Advertisement", "Related Articles", "Back to top button", "date 2025-11-22")


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_end_to_end(seeds_dir: Path, name: str) -> None:
    lang, n_sentences, header_date = SEEDS[name]
    text, encoding = decode((seeds_dir / name).read_bytes(), name)
    body = strip_boilerplate(clean_text(text))
    assert encoding == "utf-8" and body.header_date == header_date
    assert not any(word in body.text for word in FURNITURE)
    spans = split_sentences(body.text)
    sentences = [body.text[a:b] for a, b in spans]
    assert len(sentences) == n_sentences
    assert detect(body.text)[0] == lang
    langs = [code for code, _ in detect_sentences(sentences)]
    main, shares, mixed = language_mix(langs, [len(s) for s in sentences])
    assert main == lang and not mixed and shares[lang] == 1.0


def test_arabic_seed_sentences_split_at_glued_full_stops(seeds_dir: Path) -> None:
    text = strip_boilerplate(clean_text((seeds_dir / "003_31f4c5ac5bfdc59e.txt").read_text(encoding="utf-8"))).text
    sentences = [text[a:b] for a, b in split_sentences(text, "ar")]
    assert sentences[0].endswith("السابق برئاسة .")
    assert sentences[1].startswith("وفي حديث لمجلة")
    assert any(s.startswith("وأوضح أن الفصائل") for s in sentences)
    assert sentences[-1].endswith("حميميم وطرطوس.")
