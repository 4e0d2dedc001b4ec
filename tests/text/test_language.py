"""Language identification with the bundled lite fastText model, offline."""

from __future__ import annotations

import socket

import pytest

from marsad.text import language
from marsad.text.language import detect, detect_sentences, language_mix


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a socket fails: the model must load from the wheel."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_model_loads_offline_from_the_bundled_file(no_network: None) -> None:
    language._detector.cache_clear()
    assert detect("The foreign minister said the talks were held face to face.")[0] == "en"
    assert detect("قال وزير الخارجية إن اللقاء عقد وجهاً لوجه.")[0] == "ar"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Le ministre a déclaré que les négociations continueraient.", "fr"),
        ("Der Minister sagte, die Verhandlungen würden fortgesetzt.", "de"),
        ("El ministro dijo que las negociaciones continuarían.", "es"),
        ("Министр заявил, что переговоры продолжатся.", "ru"),
        ("Bakan, müzakerelerin devam edeceğini söyledi.", "tr"),
        ("وزیر گفت که مذاکرات ادامه خواهد یافت.", "fa"),
        ("השר אמר כי המשא ומתן יימשך.", "he"),
        ("部长说谈判将继续进行。", "zh"),
    ],
)
def test_other_languages(text: str, code: str) -> None:
    lang, score = detect(text)
    assert lang == code and 0 < score <= 1


@pytest.mark.parametrize("text", ["", "   ", "12 345 6.7", "!!! ???", "https://example.org/a/b", "OK", "\n\n"])
def test_no_language_for_non_linguistic_text(text: str) -> None:
    assert detect(text) == (None, 0.0)


def test_newlines_do_not_break_detection() -> None:
    assert detect("Russia\nsupported\nthe former regime\nfor years.")[0] == "en"


def test_detect_sentences_keeps_order() -> None:
    got = detect_sentences(["He left the room quietly.", "غادر الغرفة بهدوء.", "42"])
    assert [lang for lang, _ in got] == ["en", "ar", None]


def test_language_mix() -> None:
    main, shares, mixed = language_mix(["ar", "ar", "en", None], [300, 300, 50, 10])
    assert main == "ar" and shares == {"ar": 0.923, "en": 0.077} and not mixed
    main, shares, mixed = language_mix(["ar", "en", "en"], [100, 60, 60])
    assert main == "en" and mixed
    assert language_mix([], []) == (None, {}, False)
    assert language_mix([None], [10]) == (None, {}, False)


def test_prepare_is_linear_on_one_long_word() -> None:
    """The e-mail pattern was O(n²) on a word without spaces (30 s for a 1 MB one-line giant)."""
    import time

    started = time.perf_counter()
    for _ in range(50):
        assert language._prepare("A" * 4000) == "A" * 2000
    assert time.perf_counter() - started < 1.0  # was ~36 ms a call
    assert language._prepare("write to john.doe@example.org or www.x.org, 2025") == "write to or"
