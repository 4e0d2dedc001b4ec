"""Text normalisation for Arabic and Latin script.

Two levels, never mixed up:

* :func:`clean_text` produces the *stored* article text (``Article.text``): Unicode NFKC,
  one kind of space, no invisible characters, tidy newlines. Every offset in Marsad points
  into this text, so it is applied once, before sentences are split.
* :func:`fold`, :func:`fold_arabic` and :func:`fold_with_offsets` produce *matching keys*
  (search, entity names, deduplication). They lose information on purpose and are never
  stored as the article text; :func:`fold_with_offsets` maps every folded character back
  to its offset in the input so a match in folded text gives an exact span in the original.

Folding choices (Arabic): tashkeel (U+064B-U+065F, U+0670), Quranic annotation marks and
tatweel are removed; the hamza/madda alef forms أ إ آ ٱ become bare alef ا; alef maqsura ى
becomes ya ي; ta marbuta ة becomes ha ه; hamza-on-waw ؤ becomes و and hamza-on-ya ئ becomes
ي; the Persian forms ی (U+06CC) and ک (U+06A9) become Arabic ي and ك. Alef is never mapped to
a bare hamza ء (unlike ``pyarabic.normalize_hamza``), so "أحمد" and "احمد" share a key.
"""

from __future__ import annotations

import re
import unicodedata

# --- clean_text -------------------------------------------------------------------------

_INVISIBLE = (
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x200B, 0x200C, 0x200D]
    + [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2061, 0x2062, 0x2063]
    + [0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x206A, 0x206B, 0x206C, 0x206D, 0x206E, 0x206F]
    + [0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB]
)
_SPACES = [0x0009, 0x000B, 0x000C, 0x00A0, 0x1680, 0x202F, 0x205F, 0x3000] + list(range(0x2000, 0x200B))
_NEWLINES = [0x000D, 0x0085, 0x2028, 0x2029]
_CONTROLS = [c for c in range(0x00, 0x20) if c not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D)] + list(range(0x7F, 0xA0))

_CLEAN_TABLE: dict[int, str | None] = {c: None for c in _INVISIBLE + _CONTROLS}
_CLEAN_TABLE.update({c: " " for c in _SPACES})
_CLEAN_TABLE.update({c: "\n" for c in _NEWLINES})
_CLEAN_TABLE[0x0085] = "\n"
_CLEAN_TABLE.update({c: "\ufffd" for c in range(0xD800, 0xE000)})  # lone surrogates (from JSON "\ud800") cannot be stored

_RUNS_OF_SPACES = re.compile(r" {2,}")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Return ``text`` as Marsad stores it.

    NFKC (presentation-form Arabic such as the lam-alef ligature U+FEFB becomes the two
    letters ل ا; ordinary Arabic letters, hamza forms and Arabic-Indic digits are unchanged),
    every Unicode space becomes U+0020, zero-width characters, soft hyphens, bidi controls and
    other control characters are removed, lone surrogates become U+FFFD, CR/CRLF/LS/PS become
    ``\\n``, runs of spaces collapse to one, lines are stripped and more than one blank line collapses to one.
    """
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    text = unicodedata.normalize("NFKC", text.translate(_CLEAN_TABLE)).translate(_CLEAN_TABLE)
    text = _RUNS_OF_SPACES.sub(" ", text)
    text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    return _MANY_NEWLINES.sub("\n\n", text).strip()


_MARKUP_TAG = re.compile(r"<\s*/?\s*[A-Za-z][\w:.-]*(?:\s[^<>]{0,500})?/?\s*>")


def strip_markup(text: str) -> str:
    """``text`` without the SGML/XML/HTML tags left in it (``<seg id="1">``, ``<b>``), for
    titles and plain-text formats that should hold no markup; ``a < b`` and ``<3`` stay."""
    if "<" not in text:
        return text
    return _RUNS_OF_SPACES.sub(" ", _MARKUP_TAG.sub("", text))


# --- folding ----------------------------------------------------------------------------

_ARABIC_DROP = list(range(0x064B, 0x0660)) + [0x0670, 0x0640] + list(range(0x06D6, 0x06EE))
_ARABIC_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ی": "ي", "ک": "ك",
}
_FOLD_ARABIC_TABLE: dict[int, str | None] = {c: None for c in _ARABIC_DROP}
_FOLD_ARABIC_TABLE.update({ord(k): v for k, v in _ARABIC_MAP.items()})


def fold_arabic(text: str) -> str:
    """Fold Arabic spelling variants for matching (see the module docstring for the rules)."""
    return text.translate(_FOLD_ARABIC_TABLE)


def fold(text: str) -> str:
    """Matching key: :func:`fold_arabic` plus Unicode case folding (Latin, Greek, Cyrillic)."""
    return fold_arabic(text).casefold()


_CHAR_CACHE: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    folded = _CHAR_CACHE.get(ch)
    if folded is None:
        folded = fold(ch)
        if len(_CHAR_CACHE) < 65536:
            _CHAR_CACHE[ch] = folded
    return folded


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return ``(fold(text), offsets)`` where ``offsets[i]`` is the index in ``text`` of the
    character that produced folded character ``i``.

    A match ``folded[a:b]`` covers ``text[offsets[a]:offsets[b - 1] + 1]``. Removed characters
    (tashkeel, tatweel) have no folded character; expanding ones (ß -> ss) repeat their offset.
    """
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if folded:
            out.append(folded)
            offsets.extend([i] * len(folded))
    return "".join(out), offsets


# --- light clitic stripping ---------------------------------------------------------------

# Longest first; (prefix, shortest remainder allowed). Single letters (و ف ب ل ك) are also
# root letters, so they need a longer remainder than the article-bearing prefixes.
_CLITIC_PREFIXES: tuple[tuple[str, int], ...] = (
    ("وبال", 2), ("وكال", 2), ("فبال", 2), ("فكال", 2), ("ولل", 2), ("فلل", 2),
    ("وال", 2), ("فال", 2), ("بال", 2), ("كال", 2), ("لل", 2), ("ال", 2),
    ("و", 3), ("ف", 3), ("ب", 3), ("ل", 3), ("ك", 3),
)
_NEVER_STRIP = frozenset({"الله", "اللّه", "الذي", "التي", "الذين", "اللاتي", "اللتان", "اللذان"})


def strip_clitics(word: str) -> str:
    """Strip one light Arabic proclitic group (و ف ب ل ك ال and combinations such as وال،
    بال، لل) from ``word``; never leaves fewer than 2 letters after an article-bearing prefix
    or fewer than 3 after a single-letter one, so short words ("وصل", "بلد") stay whole.
    """
    if word in _NEVER_STRIP:
        return word
    for prefix, shortest in _CLITIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= shortest:
            return word[len(prefix):]
    return word
