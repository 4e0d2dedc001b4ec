"""HTML extraction speed: Marsad's extract_html vs trafilatura.extract alone, same pages, same run.

Run from the repository root:
    .venv/bin/python bench/ingest.py [--repeat 3] [--html-dir DIR]

Pages: no news-HTML corpus is available offline, so real article text is wrapped in a
news-page template written for this benchmark (head with scripts, styles and Open Graph tags,
a 20-link navigation bar, an advert slot, a byline, a share bar, a related-links list, a
comment form and a copyright footer):
  * every NTREX document in ../shared/data/ntrex-ar-en/documents.dev.jsonl, once in English and
    once in Arabic (the first line is the headline, the rest are grouped three sentences to a
    paragraph); half the pages carry ``article:published_time`` metadata, the other half only a
    visible byline date, which sends Marsad to its htmldate fallback (extensive search);
  * the two seed articles, the same way.
``--html-dir`` adds real saved pages (``*.html``), e.g. the ``tests/resources`` folder of the
trafilatura sdist (``pip download --no-deps --no-binary :all: trafilatura``).

Measured, best of ``--repeat`` passes over all pages:
  * trafilatura.extract(html)                       - the baseline (text only);
  * trafilatura.extract(html, with_metadata=True)   - baseline with metadata (dates, title);
  * marsad extract_html(html)                       - trafilatura + date fallback + clean_text + boilerplate;
  * marsad extract_html + split_sentences           - what the ingest stage does per HTML page.
"""

from __future__ import annotations

import argparse
import html as htmllib
import json
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
NAV = " ".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(20))


def page(title: str, paragraphs: list[str], lang: str, index: int) -> str:
    """One article in the benchmark's news-page template."""
    meta_date = '<meta property="article:published_time" content="2019-11-0{d}T08:00:00Z">'.format(d=index % 9 + 1)
    body = "\n".join(f"<p>{htmllib.escape(p)}</p>" for p in paragraphs)
    related = "".join(f'<li><a href="/story/{index}-{k}">Related headline {k}</a></li>' for k in range(6))
    return f"""<!DOCTYPE html><html lang="{lang}" dir="{'rtl' if lang == 'ar' else 'ltr'}"><head>
<meta charset="utf-8"><title>{htmllib.escape(title)} | Bench Daily</title>
<meta property="og:title" content="{htmllib.escape(title)}"><meta property="og:site_name" content="Bench Daily">
{meta_date if index % 2 == 0 else ''}
<script>window.analytics = {{"id": {index}}}; function track(e) {{ return e; }}</script>
<style>body {{ font-family: sans-serif; }} .nav li {{ display: inline; }}</style></head>
<body><header><ul class="nav">{NAV}</ul><div class="ad-slot">Advertisement</div></header>
<main><article><h1>{htmllib.escape(title)}</h1>
<div class="byline">By Staff Reporter | {index % 27 + 1} November 2019</div>
{body}
<div class="share">Share <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div></article>
<aside><h3>Related Articles</h3><ul>{related}</ul></aside>
<form class="comments"><h3>Leave a comment</h3><textarea></textarea><button>Post</button></form></main>
<footer><p>&copy; 2019 Bench Daily. All rights reserved.</p><a href="#top">Back to top</a></footer>
</body></html>"""


def document_pages() -> list[str]:
    pages = []
    path = SHARED / "data" / "ntrex-ar-en" / "documents.dev.jsonl"
    if path.exists():
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            doc = json.loads(line)
            for lang in ("en", "ar"):
                lines = doc[lang].split("\n")
                paragraphs = [" ".join(lines[k:k + 3]) for k in range(1, len(lines), 3)]
                pages.append(page(lines[0], paragraphs, lang, i))
    seeds = SHARED / "seeds" if (SHARED / "seeds").exists() else ROOT / "src" / "marsad" / "data" / "sample"
    for i, path in enumerate(sorted(seeds.glob("*.txt"))):
        lines = [x for x in path.read_text(encoding="utf-8").split("\n") if x.strip()]
        pages.append(page(lines[0], lines[1:], "ar" if "003_" in path.name else "en", i))
    return pages


def timed(fn, pages: list[str], repeat: int) -> tuple[float, int]:
    """(best seconds over all pages, pages that yielded text)."""
    best, ok = float("inf"), 0
    for _ in range(repeat):
        began, ok = time.perf_counter(), 0
        for html in pages:
            ok += bool(fn(html))
        best = min(best, time.perf_counter() - began)
    return best, ok


def decode_speed() -> None:
    """decode() on ~50 MB inputs built by repeating the seeds (UTF-8; Windows-1256 with a wrong declaration)."""
    from marsad.ingest.decode import decode

    seeds = SHARED / "seeds" if (SHARED / "seeds").exists() else ROOT / "src" / "marsad" / "data" / "sample"
    english = (seeds / "000_caab26223d637160.txt").read_text(encoding="utf-8")
    arabic = (seeds / "003_31f4c5ac5bfdc59e.txt").read_text(encoding="utf-8")
    arabic = arabic.translate({c: None for c in range(0x064B, 0x0653)})  # harakat cp1256 cannot hold
    inputs = {
        "UTF-8 English, undeclared": ((english * 20_000).encode("utf-8"), None),
        "Windows-1256 Arabic, undeclared": ((arabic * 12_000).encode("cp1256"), None),
        "Windows-1256 Arabic, declared iso-8859-1": ((arabic * 12_000).encode("cp1256"), "iso-8859-1"),
    }
    print("\n| decode input | MB | seconds | detected |\n|---|---|---|---|")
    for label, (data, declared) in inputs.items():
        began = time.perf_counter()
        _, encoding = decode(data, label, declared)
        print(f"| {label} | {len(data) / 1e6:.1f} | {time.perf_counter() - began:.2f} | {encoding} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--html-dir", type=Path, action="append", default=[])
    args = parser.parse_args()

    import trafilatura

    from marsad.errors import IngestError
    from marsad.ingest.extract import extract_html
    from marsad.text.sentences import split_sentences

    def ours(html: str) -> str:
        try:
            return extract_html(html).text
        except IngestError:
            return ""

    def ours_full(html: str) -> list:
        try:
            return split_sentences(extract_html(html).text) or [(0, 0)]
        except IngestError:
            return []

    systems = {
        "trafilatura.extract (baseline)": lambda h: trafilatura.extract(h),
        "trafilatura.extract with_metadata": lambda h: trafilatura.extract(h, with_metadata=True),
        "marsad extract_html": ours,
        "marsad extract_html + split_sentences": ours_full,
    }
    sets = {"template pages (NTREX + seeds)": document_pages()}
    for folder in args.html_dir:
        sets[f"saved pages in {folder.name}"] = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.html"))]
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}, repeat={args.repeat}")
    for label, pages in sets.items():
        for fn in systems.values():  # warm imports and caches outside the timing
            fn(pages[0])
        print(f"\n{label}: {len(pages)} pages, {sum(map(len, pages)) / 1e6:.1f} MB")
        print("| extraction | pages/s | ms/page | pages with text | time vs baseline |")
        print("|---|---|---|---|---|")
        base = None
        for name, fn in systems.items():
            seconds, ok = timed(fn, pages, args.repeat)
            base = base or seconds
            print(f"| {name} | {len(pages) / seconds:.1f} | {1000 * seconds / len(pages):.1f} | {ok}/{len(pages)} | {seconds / base:.2f}x |")
    decode_speed()


if __name__ == "__main__":
    main()
