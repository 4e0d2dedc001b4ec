"""RawItem -> Article: the whole text path, on real pages and on arbitrary bytes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from marsad.errors import IngestError
from marsad.ingest.build import build_article
from marsad.model import RawItem

HTML = Path(__file__).resolve().parents[1] / "data" / "ingest" / "seed_en_page.html"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["auto", "txt", "html"]))
def test_arbitrary_bytes_give_an_article_or_an_ingest_error(data, kind):
    try:
        article = build_article(RawItem(origin="fuzz", data=data, kind=kind))
    except IngestError as exc:
        assert exc.code.startswith("E1")
        return
    assert article.text.strip() and article.id
    for s in article.sentences:
        assert article.text[s.start : s.end] == s.text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_text_gives_consistent_offsets(text):
    try:
        article = build_article(RawItem(origin="fuzz", data=text, kind="txt"))
    except IngestError:
        return
    spans = [(s.start, s.end) for s in article.sentences]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_html_page_gives_title_text_and_provenance():
    article = build_article(RawItem(origin=str(HTML), data=HTML.read_bytes(), kind="html"))
    assert article.lang == "en"
    assert "Al-Shibani" in article.title
    assert "Bab al-Hawa" in article.text
    assert "Advertisement" not in article.text


def test_declared_metadata_wins():
    item = RawItem(origin="x", data="Body text of an article about a meeting.\n\nSecond paragraph here.", kind="txt",
                   meta={"title": "Given title", "published": "2024-12-08T10:00:00Z", "lang": "en", "source": "wire"})
    article = build_article(item)
    assert (article.title, article.source, article.published_from) == ("Given title", "wire", "meta")
    assert article.published.isoformat() == "2024-12-08T10:00:00"
    assert article.text.startswith("Body text")
