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


def test_a_very_long_article_is_cut_at_a_line_break(monkeypatch):
    """What reaches the model stages is bounded: MAX_TEXT_CHARS (scaled down here), cut at a
    line break, the original length kept in meta["text_cut"]."""
    from marsad.ingest import build

    monkeypatch.setattr(build, "MAX_TEXT_CHARS", 1000)
    line = "The committee approved the budget for the coming year after a long debate.\n"
    article = build_article(RawItem(origin="long.txt", data=(line * 100).encode(), kind="txt"))
    assert len(article.text) <= 1000 and article.text.endswith("debate.")
    assert article.meta["text_cut"] == len((line * 100).strip()) and article.title  # first line became the title


def test_a_one_line_giant_is_cut_exactly_and_stays_one_article(monkeypatch):
    from marsad.ingest import build

    monkeypatch.setattr(build, "MAX_TEXT_CHARS", 5000)
    article = build_article(RawItem(origin="giant.txt", data=b"A" * 50_000, kind="txt"))
    assert len(article.text) == 5000 and article.meta["text_cut"] == 50_000
    assert all(len(s.text) <= 5000 for s in article.sentences)


def test_a_huge_html_page_is_cut_before_parsing(monkeypatch):
    from marsad.ingest import build

    monkeypatch.setattr(build, "MAX_HTML_CHARS", 20_000)
    para = "<p>The council met on Tuesday and agreed a plan for the new schools of the city.</p>"
    page = "<html><body><article>" + para * 2000 + "</article></body></html>"
    article = build_article(RawItem(origin="big.html", data=page, kind="html"))
    assert article.meta["html_cut"] == len(page)
    assert 0 < len(article.text) < 20_000
