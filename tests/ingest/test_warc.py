"""Web archives: HTML responses become articles with their URI and capture date; a PDF, a
revisit and a 404 are counted and skipped with a reason; the archive is read as a stream."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warc_archive import AR_CAPTURED, AR_URL, EN_URL, MISSING_URL, PDF_URL, write_archive

from marsad.ingest.build import build_article
from marsad.ingest.sources import count_inputs, iter_items
from marsad.ingest.options import SourceOptions
from marsad.ingest.warc import PrefixedStream, looks_like_warc
from marsad.model import Failure, RawItem


@pytest.mark.parametrize("name,gzip", [("crawl.warc.gz", True), ("crawl.warc", False), ("crawl-no-extension", True)])
def test_archive_yields_html_pages_and_skips_the_rest(tmp_path: Path, name: str, gzip: bool) -> None:
    path = write_archive(tmp_path / name, gzip=gzip)
    items = list(iter_items([str(path)]))
    pages = [i for i in items if isinstance(i, RawItem)]
    skipped = [i for i in items if isinstance(i, Failure)]
    assert [p.meta["url"] for p in pages] == [EN_URL, AR_URL]
    assert all(p.kind == "html" and p.declared_charset == "utf-8" for p in pages)
    assert pages[1].origin == f"{path}#{AR_URL}" and pages[1].meta["captured"] == AR_CAPTURED
    assert all(s.skipped for s in skipped)
    assert [(s.code, s.origin) for s in skipped] == [
        ("E141", f"{path}#{PDF_URL}"), ("E142", f"{path}#{EN_URL}"), ("E143", f"{path}#{MISSING_URL}")]
    assert "application/pdf" in skipped[0].reason and "404" in skipped[2].reason
    assert count_inputs([str(path)]) is None  # records are only known once read


def test_pages_become_articles_with_url_and_capture_date(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "crawl.warc.gz")
    en, ar = [build_article(i) for i in iter_items([str(path)]) if isinstance(i, RawItem)]
    assert (en.lang, ar.lang) == ("en", "ar")
    assert ar.url == AR_URL and "الشيباني" in ar.text
    assert ar.published is not None and ar.published_from in ("capture", "header") or ar.published_from.startswith("html")
    assert en.meta["warc"] == str(path)


def test_archive_piped_on_stdin_is_sniffed(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "crawl.warc.gz")
    items = list(iter_items(["-"], stdin=io.BytesIO(path.read_bytes())))
    assert sum(isinstance(i, RawItem) for i in items) == 2 and sum(isinstance(i, Failure) for i in items) == 3


def test_a_folder_walk_takes_warc_gz_files(tmp_path: Path) -> None:
    write_archive(tmp_path / "crawl.warc.gz")
    (tmp_path / "photo.gz").write_bytes(b"\x1f\x8b not an archive")
    assert sum(isinstance(i, RawItem) for i in iter_items([str(tmp_path)])) == 2


def test_broken_archive_reports_after_what_it_read(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "crawl.warc", gzip=False)
    data = path.read_bytes()
    cut = data.index(b"WARC/1", data.index(PDF_URL.encode()))  # cut inside the PDF's record
    (tmp_path / "cut.warc").write_bytes(data[:cut] + b"WARC/1.0\r\nnot a header\r\n\r\n garbage")
    items = list(iter_items([str(tmp_path / "cut.warc")]))
    assert sum(isinstance(i, RawItem) for i in items) == 2
    assert isinstance(items[-1], Failure) and items[-1].code == "E140" and not items[-1].skipped


def test_sniffing_and_prefixed_stream() -> None:
    assert looks_like_warc(b"WARC/1.1\r\n") and not looks_like_warc(b"<html>") and not looks_like_warc(b"\x1f\x8bxx")
    stream = io.BufferedReader(PrefixedStream(b"abc", io.BytesIO(b"defgh")))
    assert stream.read(2) == b"ab" and stream.read() == b"cdefgh"


def test_a_page_over_the_size_cap_is_truncated(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "crawl.warc.gz")
    pages = [i for i in iter_items([str(path)], SourceOptions(max_bytes=600)) if isinstance(i, RawItem)]
    assert all(len(p.data) == 600 and p.meta["truncated"] for p in pages)


@pytest.mark.slow
def test_ingest_counts_skipped_records_and_exits_zero(tmp_path: Path) -> None:
    from marsad.cli import app

    path = write_archive(tmp_path / "crawl.warc.gz")
    db = tmp_path / "m.db"
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "ingest", str(path), "--json", "--no-recluster"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["ingested"], summary["skipped"], summary["failed"]) == (2, 3, 0)
    assert {s["code"] for s in summary["skips"]} == {"E141", "E142", "E143"}
    listed = json.loads(runner.invoke(app, ["--db", str(db), "articles", "--json"]).stdout)
    assert {a["url"] for a in listed} == {EN_URL, AR_URL}
    again = json.loads(runner.invoke(app, ["--db", str(db), "ingest", str(path), "--json", "--no-recluster"]).stdout)
    assert (again["ingested"], again["unchanged"]) == (0, 2)  # idempotent


@pytest.mark.slow
def test_batch_reads_archives(tmp_path: Path) -> None:
    from marsad.distributed.batch import run_batch

    path = write_archive(tmp_path / "crawl.warc.gz")
    summary = run_batch([str(path)], str(tmp_path / "b.db"), None, engine="local", recluster=False)
    assert (summary.run["ingested"], summary.run["skipped"], summary.run["failed"]) == (2, 3, 0)


def test_a_resource_record_without_a_type_is_read_when_it_is_html(tmp_path: Path) -> None:
    from io import BytesIO

    from warcio.warcwriter import WARCWriter

    path = tmp_path / "res.warc"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for uri, body in (("https://e.com/p", b"<!DOCTYPE html><html><body><p>Hello</p></body></html>"),
                          ("https://e.com/b", b"\x00\x01binary")):
            writer.write_record(writer.create_warc_record(uri, "resource", payload=BytesIO(body), warc_content_type=""))
    items = list(iter_items([str(path)]))
    assert isinstance(items[0], RawItem) and items[0].meta["url"] == "https://e.com/p"
    assert isinstance(items[1], Failure) and items[1].code == "E141" and "untyped" in items[1].reason
