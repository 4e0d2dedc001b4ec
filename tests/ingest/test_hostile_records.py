"""Inputs that once went wrong (issue 21): each is now stored right or refused with a reason."""

from __future__ import annotations

import json
import socket

import pytest
from typer.testing import CliRunner

from marsad.errors import IngestError
from marsad.ingest.build import MIN_LETTERS, build_article
from marsad.ingest.extract import extract_html
from marsad.ingest.jsonrecords import iter_json_lines
from marsad.ingest.options import SourceOptions
from marsad.model import Failure, RawItem
from marsad.text.normalise import strip_markup
from marsad.text.sentences import MAX_SENTENCE_CHARS, split_sentences

NEWS = "The foreign ministers met in Geneva on Monday to discuss the ceasefire and the return of refugees."


def _records(*lines: str) -> list:
    return list(iter_json_lines([line.encode() for line in lines], "in.jsonl", SourceOptions()))


@pytest.mark.parametrize("text", ["x", "404", "[] {} ...", "12 34 56 78 90 12 34 56 78 90 11", "ok ok ok"])
def test_a_record_with_almost_no_letters_is_not_an_article(text: str) -> None:
    item = _records(json.dumps({"text": text}))[0]
    with pytest.raises(IngestError) as err:
        build_article(item)
    assert err.value.code == "E111" and f"at least {MIN_LETTERS}" in err.value.message


def test_a_one_line_news_brief_is_still_an_article() -> None:
    article = build_article(_records(json.dumps({"text": NEWS}))[0])
    assert article.text == NEWS and article.lang == "en"


def test_a_lone_surrogate_is_replaced_not_a_crash() -> None:
    line = '{"text": "' + NEWS + ' \\ud800 end", "title": "bad \\udc00 title", "source": "x\\ud83d"}'
    item = _records(line)[0]
    assert not isinstance(item, Failure)
    article = build_article(item)
    for value in (article.text, article.title, article.source):
        value.encode("utf-8")  # storable
        assert "\ufffd" in value
    pair = _records(json.dumps({"text": NEWS + " \U0001F600"}))[0]  # a valid pair stays the emoji
    assert "\U0001F600" in build_article(pair).text


def test_ntrex_segment_markup_is_not_part_of_the_title() -> None:
    record = {"doc_id": "d1", "source": "s", "n_sent": 2, "en": "Suspect held\n" + NEWS,
              "ar": '<seg id="1">اعتقال مشتبه به في مقتل لاعب</seg>\nقال مسؤولون إن الشرطة اعتقلت مشتبها به يوم الاثنين في المدينة.'}
    items = list(iter_json_lines([json.dumps(record, ensure_ascii=False).encode()], "n.jsonl", SourceOptions(format="ntrex")))
    arabic = build_article(next(i for i in items if i.meta["lang"] == "ar"))
    assert arabic.title == "اعتقال مشتبه به في مقتل لاعب" and "<seg" not in arabic.text


def test_strip_markup_keeps_comparisons() -> None:
    assert strip_markup('<b>Bold</b> claim: 3 < 4 and <3 stays') == "Bold claim: 3 < 4 and <3 stays"


def test_a_date_mentioned_in_the_body_is_a_low_confidence_guess_only() -> None:
    page = f"<html><head><title>Talks</title></head><body><article><h1>Talks resume</h1><p>{NEWS}</p>" \
           "<p>The agreement signed 2019-03-12 is still in force, officials said on the day.</p></article></body></html>"
    got = extract_html(page)
    assert (got.published.isoformat(), got.date_confidence, got.date_source) == ("2019-03-12", "low", "htmldate")
    dated = page.replace("<head>", '<head><meta property="article:published_time" content="2024-05-01T10:00:00Z">')
    got = extract_html(dated)
    assert (got.published.isoformat(), got.date_confidence, got.date_source) == ("2024-05-01", "high", "html")
    timed = page.replace("<h1>", '<time datetime="2023-07-09">9 July 2023</time><h1>')
    assert extract_html(timed).published.isoformat() == "2023-07-09"


def test_a_page_date_beats_a_date_in_the_text_and_a_header_line_beats_a_guess() -> None:
    page = "<html><body><article><p>date 2025-11-22</p><h1>Talks</h1>" \
           f"<p>{NEWS} The accord of 2019-03-12 still holds.</p><p>More of the report here, at length.</p></article></body></html>"
    got = extract_html(page)
    assert (str(got.published), got.date_source) == ("2025-11-22", "header")


def test_a_giant_line_without_spaces_is_cut_into_bounded_sentences() -> None:
    text = "ب" * (5 * MAX_SENTENCE_CHARS + 17)
    spans = split_sentences(text)
    assert max(b - a for a, b in spans) <= MAX_SENTENCE_CHARS
    assert spans[0][0] == 0 and spans[-1][1] == len(text) and all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    article = build_article(RawItem(origin="giant.txt", data="x" * 200_000, kind="txt", meta={"title_from": "none"}))
    from marsad.ingest.build import MAX_TEXT_CHARS  # the text is cut first (meta["text_cut"]), then split

    assert len(article.text) == MAX_TEXT_CHARS and article.meta["text_cut"] == 200_000
    assert len(article.sentences) == -(-MAX_TEXT_CHARS // MAX_SENTENCE_CHARS)


def test_serve_on_a_busy_port_fails_before_saying_it_serves(tmp_path) -> None:
    from marsad.cli import app

    busy = socket.create_server(("127.0.0.1", 0))
    port = busy.getsockname()[1]
    try:
        result = CliRunner().invoke(app, ["--db", str(tmp_path / "m.db"), "serve", "--port", str(port)])
    finally:
        busy.close()
    assert result.exit_code != 0
    assert "Marsad is serving" not in result.output
    assert getattr(result.exception, "code", None) == "E905"
