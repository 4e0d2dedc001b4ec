"""decode(): BOMs, Arabic code pages, wrong declarations, binary refusal, arbitrary bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.errors import IngestError
from marsad.ingest.decode import decode

AR_SEED = "003_31f4c5ac5bfdc59e.txt"
EN_SEED = "000_caab26223d637160.txt"
# Characters Windows-1256 / ISO-8859-6 cannot encode (harakat outside ISO-8859-6 and such).
_NOT_IN_ISO = "\u0651\u064f\u0650\u064e\u064b\u064c\u064d\u0652"


@pytest.fixture
def arabic(seeds_dir: Path) -> str:
    """The Arabic seed, with the few harakat ISO-8859-6 lacks removed so both code pages hold it."""
    text = (seeds_dir / AR_SEED).read_text(encoding="utf-8")
    return text.translate({ord(c): None for c in _NOT_IN_ISO})


@pytest.fixture
def first_sentence(arabic: str) -> str:
    return arabic.split("\n")[2][:80]


@pytest.mark.parametrize("codec", ["cp1256", "iso8859-6"])
@pytest.mark.parametrize("declared", [None, "iso-8859-1", "windows-1256", "ISO-8859-6", "utf-8", "bogus"])
def test_arabic_code_pages_are_told_apart_whatever_is_declared(arabic: str, codec: str, declared: str | None) -> None:
    text, encoding = decode(arabic.encode(codec), "seed", declared)
    assert text == arabic
    assert encoding == codec


@pytest.mark.parametrize("codec", ["cp1256", "iso8859-6"])
def test_a_short_arabic_line_in_a_legacy_code_page(first_sentence: str, codec: str) -> None:
    text, encoding = decode(first_sentence.encode(codec), "line", "iso-8859-1")
    assert (text, encoding) == (first_sentence, codec)


def test_wrong_latin1_declaration_on_windows_1256_is_corrected(arabic: str) -> None:
    data = arabic.encode("cp1256")
    assert "ك" not in data.decode("iso-8859-1")  # what trusting the header would give
    text, encoding = decode(data, "page.html", "iso-8859-1")
    assert encoding == "cp1256" and "الشيباني" in text


@pytest.mark.parametrize(
    ("codec", "expected"),
    [("utf-8-sig", "utf-8"), ("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("utf-16-le", "utf-16-le")],
)
def test_unicode_encodings_with_and_without_bom(arabic: str, codec: str, expected: str) -> None:
    data = arabic.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    text, encoding = decode(data, "seed", None)
    assert text == arabic and encoding == expected


def test_utf8_wins_over_a_legacy_declaration(seeds_dir: Path) -> None:
    raw = (seeds_dir / EN_SEED).read_bytes()
    text, encoding = decode(raw, "seed", "iso-8859-1")
    assert encoding == "utf-8" and "Syria’s" in text


def test_declared_legacy_latin_is_trusted_when_plausible() -> None:
    sentence = "Le ministre a déclaré que la réunion était très importante."
    assert decode(sentence.encode("cp1252"), "fr", "windows-1252") == (sentence, "cp1252")


def test_cyrillic_code_page_is_not_taken_for_arabic() -> None:
    sentence = "Министр иностранных дел заявил, что переговоры продолжатся на следующей неделе."
    text, encoding = decode(sentence.encode("cp1251"), "ru", None)
    assert text == sentence and encoding == "cp1251"


def test_str_input_passes_through() -> None:
    assert decode("نص", "s") == ("نص", "unicode")


@pytest.mark.parametrize("data", [b"", b"   \n\t ", "", "\ufeff", b"\xef\xbb\xbf"])
def test_empty_input_is_e101(data: bytes | str) -> None:
    with pytest.raises(IngestError) as err:
        decode(data, "empty.txt")
    assert err.value.code == "E101" and "empty.txt" in str(err.value)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        b"hello\x00world\x00" * 10,
        bytes(range(1, 9)) * 50,
    ],
)
def test_binary_input_is_e102(data: bytes) -> None:
    with pytest.raises(IngestError) as err:
        decode(data, "blob.bin")
    assert err.value.code == "E102"


def test_a_multibyte_character_cut_by_the_size_cap_is_tolerated(arabic: str) -> None:
    data = arabic.encode("utf-8")[:1001]
    text, encoding = decode(data, "cut")
    assert encoding == "utf-8" and text.startswith(arabic[:100])


def test_large_input_is_fast(arabic: str) -> None:
    import time

    data = (arabic * 2000).encode("cp1256")  # ~8 MB
    began = time.perf_counter()
    text, encoding = decode(data, "big", "iso-8859-1")
    assert encoding == "cp1256" and len(text) == len(arabic) * 2000
    assert time.perf_counter() - began < 5


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "iso-8859-1", "cp1256", "nonsense", "utf-16"]))
def test_arbitrary_bytes_raise_only_ingest_errors(data: bytes, declared: str | None) -> None:
    try:
        text, encoding = decode(data, "fuzz", declared)
    except IngestError as err:
        assert err.code in {"E101", "E102", "E103"}
    else:
        assert isinstance(text, str) and text.strip() and encoding


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(lambda s: s.strip() and "\x00" not in s))
def test_utf8_round_trip(text: str) -> None:
    decoded, _ = decode(text.encode("utf-8"), "fuzz")
    assert decoded == text.lstrip("\ufeff")
