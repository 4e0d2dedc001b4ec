"""A small web archive written with warcio, as a crawler would: two HTML pages (Arabic and
English, from the seeds), a PDF, a revisit of the English page and a 404, each response
preceded by its request record, after a warcinfo record."""

from __future__ import annotations

import html
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad_testing import AR_SEED, EN_SEED, SAMPLE

EN_URL = "https://www.example.com/news/shibani-interview"
AR_URL = "https://www.example.net/ar/" + quote("الشيباني-مقابلة")  # crawlers write URIs percent-encoded
PDF_URL = "https://www.example.com/report.pdf"
MISSING_URL = "https://www.example.com/gone"
AR_CAPTURED = "2025-11-23T08:15:00Z"
EN_CAPTURED = "2025-11-22T19:40:00Z"


def page(title: str, body: str, lang: str) -> bytes:
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in body.splitlines() if line.strip())
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>{paragraphs}"
            "</article><footer>© Example</footer></body></html>").encode()


def _response(writer: WARCWriter, uri: str, status: str, ctype: str, payload: bytes, date: str) -> None:
    request = writer.create_warc_record(uri, "request", payload=BytesIO(b""), warc_headers_dict={"WARC-Date": date},
                                        http_headers=StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "x")],
                                                                      is_http_request=True))
    writer.write_record(request)
    headers = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(payload)))],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(payload), http_headers=headers,
                                                  warc_headers_dict={"WARC-Date": date}))


def write_archive(path: Path, gzip: bool = True) -> Path:
    """The archive described above, at ``path``."""
    en = (SAMPLE / EN_SEED).read_text(encoding="utf-8")
    ar = (SAMPLE / AR_SEED).read_text(encoding="utf-8")
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "marsad tests"}))
        _response(writer, EN_URL, "200 OK", "text/html; charset=utf-8", page(en.splitlines()[0], en, "en"), EN_CAPTURED)
        _response(writer, AR_URL, "200 OK", "text/html; charset=utf-8", page("مقابلة الشيباني", ar, "ar"), AR_CAPTURED)
        _response(writer, PDF_URL, "200 OK", "application/pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n",
                  EN_CAPTURED)
        revisit = writer.create_revisit_record(EN_URL, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                               refers_to_uri=EN_URL, refers_to_date=EN_CAPTURED,
                                               http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                                                             protocol="HTTP/1.1"))
        writer.write_record(revisit)
        _response(writer, MISSING_URL, "404 Not Found", "text/html", b"<html><body><p>Not found</p></body></html>",
                  EN_CAPTURED)
    return path
