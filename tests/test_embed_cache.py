"""use-m3's tokenizer is built once and read back from Marsad's cache folder, with the same output."""

from __future__ import annotations

import pytest

from marsad.embed import cached_use_tokenizer

TEXTS = ["In an interview with Al-Majalla, al-Shibani said", "وفي حديث لمجلة المجلة، قال الشيباني:"]


def test_the_cached_tokenizer_encodes_as_a_fresh_one(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    built = cached_use_tokenizer()
    files = list(tmp_path.glob("usem3-*.tokenizer.pickle"))
    assert len(files) == 1
    read = cached_use_tokenizer()
    assert read is not built  # the second one came from the file
    assert read.encode(TEXTS) == built.encode(TEXTS)


def test_a_damaged_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    cached_use_tokenizer()
    (path,) = tmp_path.glob("usem3-*.tokenizer.pickle")
    path.write_bytes(b"not a pickle")
    tokenizer = cached_use_tokenizer()
    assert tokenizer.encode(TEXTS[:1]) and path.stat().st_size > 1000


@pytest.mark.parametrize("value", ["off"])
def test_the_cache_can_be_switched_off(tmp_path, monkeypatch, value):
    monkeypatch.setenv("MARSAD_CACHE_DIR", value)
    monkeypatch.chdir(tmp_path)
    assert cached_use_tokenizer() is not None
    assert not list(tmp_path.rglob("*.pickle"))
