"""Paths and helpers shared by the tests (import as ``marsad_testing``; tests/ is on pythonpath)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
SEEDS = SHARED / "seeds"
SAMPLE = ROOT / "src" / "marsad" / "data" / "sample"
EN_SEED = "000_caab26223d637160.txt"
AR_SEED = "003_31f4c5ac5bfdc59e.txt"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test saying what is missing."""
    path = SHARED.joinpath("data", *parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared gold data sits beside the repository as ../shared)")
    return path
