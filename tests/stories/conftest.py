"""Fixtures for the stories tests: paths to shared data, a fake embedder, seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.embed import HashBackend
from marsad.model import Article

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
NTREX = SHARED / "data" / "ntrex-ar-en" / "documents.dev.jsonl"
SEEDS = SHARED / "seeds"
FIXTURES = REPO / "tests" / "data" / "stories"


@pytest.fixture
def fake_backend() -> HashBackend:
    """Deterministic SHA-256 bag-of-words embedder (no model)."""
    return HashBackend(dim=64)


@pytest.fixture
def ntrex_path() -> Path:
    if not NTREX.exists():
        pytest.skip(f"{NTREX} is absent (shared NTREX data not available)")
    return NTREX


@pytest.fixture
def seed_articles() -> list[Article]:
    """The two seed articles as Article objects (title = first non-empty line)."""
    paths = sorted(SEEDS.glob("*.txt"))
    if len(paths) < 2:
        pytest.skip(f"{SEEDS} is absent (seed articles not available)")
    out = []
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        # drop the page-boilerplate lines ("date 2025-11-22 Advertisement", "Related Articles")
        lines = [ln.strip() for ln in raw.splitlines() if len(ln.split()) > 3 and not ln.strip().startswith(("date ", "Back to top"))]
        arabic = sum("\u0600" <= ch <= "\u06ff" for ch in raw) > len(raw) / 3
        title = "" if len(lines) == 1 else lines[0]
        text = "\n".join(lines[1:]) if title else lines[0]
        out.append(Article(origin=str(path), text=text, title=title, lang="ar" if arabic else "en", id=path.stem, source="seed"))
    return out
