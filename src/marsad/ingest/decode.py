"""Bytes -> text: BOMs, declared charsets (verified), detection, binary refusal.

Order of decisions in :func:`decode`:

1. empty input -> E101; a BOM (UTF-8, UTF-16, UTF-32) decides the encoding;
2. a known binary signature (PDF, ZIP, PNG, GZIP, ...), NUL bytes that are not UTF-16, or
   many control bytes -> E102;
3. pure ASCII -> ``ascii``; valid UTF-8 -> ``utf-8`` (a page that *declares* a legacy
   charset but is valid UTF-8 is UTF-8: a multi-byte UTF-8 sequence is almost never an
   accident);
4. the declared charset, if it decodes strictly and the result does not look like mojibake;
5. charset-normalizer on a sample, then Arabic disambiguation between Windows-1256 and
   ISO-8859-6 (the two assign different letters to several bytes, so the wrong one yields
   Latin letters inside Arabic words or undefined bytes);
6. nothing plausible -> E103.

The function is pure (no I/O) and only raises :class:`~marsad.errors.IngestError`.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter

from marsad.errors import IngestError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"), (b"PK\x03\x04", "ZIP/Office"), (b"PK\x05\x06", "ZIP"),
    (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\x1f\x8b", "GZIP"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
    (b"\xff\xd8\xff", "JPEG"), (b"\x7fELF", "ELF executable"), (b"Rar!\x1a\x07", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE/Office"),
    (b"BZh", "BZIP2"), (b"\xfd7zXZ\x00", "XZ"), (b"\x28\xb5\x2f\xfd", "Zstandard"),
    (b"OggS", "Ogg"), (b"ID3", "MP3"), (b"wOFF", "WOFF font"), (b"wOF2", "WOFF2 font"),
    (b"SQLite format 3\x00", "SQLite"), (b"\x00\x00\x01\x00", "ICO"), (b"MZ\x90\x00", "Windows executable"),
)
_RIFF = re.compile(rb"RIFF....(WAVE|AVI |WEBP)", re.DOTALL)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_SAMPLE = 256 * 1024
_ARABIC_CODECS = ("cp1256", "iso8859-6")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_WORD = re.compile(r"\w+")


def decode(data: bytes | str, origin: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, encoding)`` with a Python codec name.

    ``declared`` is the charset a source announced (HTTP header, ``<meta charset>``); it is
    tried first but verified. Raises IngestError E101 (empty), E102 (binary), E103 (undecodable).
    """
    if isinstance(data, str):
        return _check_text(data, origin), "unicode"
    if not data.strip():
        raise IngestError("E101", origin=origin)
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(name, errors="replace")
            return _check_text(text, origin), name
    _refuse_signature(data, origin)
    utf16 = _utf16_guess(data) if b"\x00" in data[:_SAMPLE] else None
    if utf16:
        return _check_text(data.decode(utf16, errors="replace"), origin), utf16
    _refuse_binary(data, origin)
    text, name = _decode_plain(data, declared)
    if text is None:
        raise IngestError("E103", origin=origin, detail="no charset gives readable text")
    return _check_text(text, origin), name


def _check_text(text: str, origin: str) -> str:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise IngestError("E101", origin=origin)
    sample = text[:_SAMPLE]
    if sample.count("\x00") > len(sample) // 100:
        raise IngestError("E102", origin=origin, detail="NUL characters in the text")
    return text


def _refuse_signature(data: bytes, origin: str) -> None:
    """Raise E102 when ``data`` starts with a known binary file signature."""
    head = data[:32]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise IngestError("E102", origin=origin, detail=f"{kind} signature")
    if _RIFF.match(head):
        raise IngestError("E102", origin=origin, detail="RIFF media signature")


def _refuse_binary(data: bytes, origin: str) -> None:
    """Raise E102 for NUL bytes (UTF-16 was ruled out) or many control bytes."""
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        raise IngestError("E102", origin=origin, detail="NUL bytes")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(sample) // 20):
        raise IngestError("E102", origin=origin, detail=f"{controls} control bytes in the first {len(sample)}")


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes only on one side of each code unit."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    units = len(sample) // 2
    for name, zeros, other, high in (("utf-16-le", odd, even, sample[1::2]), ("utf-16-be", even, odd, sample[0::2])):
        if zeros >= units * 0.05 and other <= zeros * 0.02 and _one_script(high, units):
            try:
                sample.decode(name)
                return name
            except UnicodeDecodeError:
                continue
    return None


def _one_script(high_bytes: bytes, units: int) -> bool:
    """Real UTF-16 text has its high bytes in one or two 256-character blocks (0x00 + script)."""
    top = Counter(high_bytes).most_common(2)
    return sum(count for _, count in top) >= units * 0.8


def _decode_plain(data: bytes, declared: str | None) -> tuple[str | None, str]:
    """Decode bytes that have no BOM (see the module docstring for the order)."""
    if data.isascii():
        return data.decode("ascii"), "ascii"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        if err.start > len(data) - 4:  # a multi-byte character cut by a size cap
            return data.decode("utf-8", errors="replace"), "utf-8"
    name = _codec_name(declared)
    if name and name not in ("utf-8", "ascii"):
        text = _strict(data, name)
        if text is not None and _plausible(text[:_SAMPLE]):
            return text, name
    return _detect(data)


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = {"windows-1256": "cp1256", "x-user-defined": "cp1252"}.get(label, label)
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):
        return None


def _strict(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError, ValueError):
        return None


def _detect(data: bytes) -> tuple[str | None, str]:
    """charset-normalizer on a sample, then the Arabic codec check; None when hopeless."""
    from charset_normalizer import from_bytes

    candidates: list[str] = []
    try:
        for match in from_bytes(data[:_SAMPLE]):
            name = _codec_name(match.encoding)
            if name and name not in candidates:
                candidates.append(name)
        candidates.sort(key=lambda name: name.startswith("mac"))  # Mac code pages are rare in news
    except Exception:  # charset-normalizer is a heuristic; never let it crash a batch
        pass
    if any(c in _ARABIC_CODECS for c in candidates) or _arabic_bytes_likely(data):
        best = _best_arabic(data)
        if best:
            return best
    for name in candidates:
        text = data.decode(name, errors="replace")
        if _plausible(text[:_SAMPLE]):
            return text, name
    text = data.decode("utf-8", errors="replace")
    sample = text[:_SAMPLE]
    if sample.count("\ufffd") <= len(sample) // 50:
        return text, "utf-8"
    return None, ""


def _arabic_bytes_likely(data: bytes) -> bool:
    """Many bytes in 0xC1-0xF2, where both Arabic code pages put their letters."""
    sample = data[:_SAMPLE]
    high = sum(sample.count(b) for b in range(0xC1, 0xF3))
    return high > len(sample) // 10


def _best_arabic(data: bytes) -> tuple[str, str] | None:
    """Choose between Windows-1256 and ISO-8859-6 by how Arabic the decoded words look."""
    best: tuple[float, str, str] | None = None
    for name in _ARABIC_CODECS:
        text = _strict(data, name)
        if text is None:
            continue
        score = _arabic_score(text[:_SAMPLE])
        if score > 0 and (best is None or score > best[0]):
            best = (score, text, name)
    return (best[1], best[2]) if best else None


def _arabic_score(text: str) -> float:
    """Arabic letters, minus a heavy penalty for words mixing Arabic and Latin letters."""
    arabic = len(_ARABIC_LETTER.findall(text))
    mixed = sum(1 for w in _WORD.findall(text) if _ARABIC_LETTER.search(w) and re.search(r"[^\W\d_\u0600-\u06FF]", w))
    return arabic - 20 * mixed - 20 * _c1_count(text)


def _c1_count(text: str) -> int:
    return sum(1 for ch in text if "\x80" <= ch <= "\x9f")


def _plausible(text: str) -> bool:
    """False for typical mojibake: C1 controls, Arabic-Latin hybrid words, or Latin words
    made mostly of accented letters (Windows-1256 Arabic read as Latin-1)."""
    if _c1_count(text) > len(text) // 1000:
        return False
    words = _WORD.findall(text)
    if not words:
        return True
    latin = "".join(w for w in words if not _ARABIC_LETTER.search(w))
    letters = sum(1 for ch in latin if ch.isalpha())
    accented = sum(1 for ch in latin if ch.isalpha() and not ch.isascii())
    if letters >= 20 and accented > 0.4 * letters and _ARABIC_LETTER.search(text) is None:
        return not _looks_like_latin1_arabic(latin)
    mixed = sum(1 for w in words if _ARABIC_LETTER.search(w) and re.search(r"[^\W\d_\u0600-\u06FF]", w))
    return mixed <= len(words) // 50


def _looks_like_latin1_arabic(latin: str) -> bool:
    """Mostly-accented Latin text is genuine for scripts like Greek or Cyrillic only."""
    return not any(ch.isalpha() and ("\u0370" <= ch <= "\u052f") for ch in latin[:2000])
