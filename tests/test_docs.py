"""Docs stay in step with the code: every command and every error code is documented."""

from __future__ import annotations

import re

import typer

from marsad.cli import app
from marsad.errors import Errors
from marsad_testing import ROOT


def _command_paths(group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name)
        if hasattr(cmd, "commands"):
            yield from _command_paths(cmd, (*prefix, name))


def test_every_command_is_in_the_cli_reference():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [" ".join(p) for p in _command_paths(typer.main.get_command(app))
               if f"## `marsad {' '.join(p)}`" not in text]
    assert not missing, f"run scripts/gen_cli_docs.py; undocumented: {missing}"


def test_error_messages_are_one_line_templates():
    for code, template in vars(Errors).items():
        if re.fullmatch(r"E\d{3}", code):
            assert "\n" not in template and template.strip(), code


def test_readme_opens_with_the_two_commands():
    lines = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if line.strip()]
    block = lines[lines.index("```") + 1 : lines.index("```") + 3]
    assert block[0].startswith("make run") and block[1].startswith("make test")
