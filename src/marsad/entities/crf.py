"""Loading a committed CRF model (python-crfsuite), shared by the Arabic and English taggers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marsad.errors import MarsadError


def load_crf(path: str | Path) -> Any:
    """A ``pycrfsuite.Tagger`` opened on ``path``; E500 names the model file when it cannot be read."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except (OSError, ValueError) as exc:
        raise MarsadError("E500", name=str(path), detail=str(exc) or exc.__class__.__name__) from None
    return tagger
