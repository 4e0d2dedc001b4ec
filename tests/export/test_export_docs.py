"""docs/exports.md lists every column of every export, with its type and meaning."""

from __future__ import annotations

import re

from marsad.export import KINDS
from marsad_testing import ROOT


def test_every_export_column_is_documented() -> None:
    text = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (\w+)\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S))
    for kind, module in KINDS.items():
        assert kind in sections, f"docs/exports.md has no section for {kind}"
        if kind == "alerts":  # columns are the table's own, read by reflection
            continue
        for col in module.COLUMNS:
            row = f"| `{col.name}` | {col.type} | {col.meaning.replace('|', chr(92) + '|')} |"
            assert row in sections[kind], f"{kind}.{col.name} is not documented as {row}"
