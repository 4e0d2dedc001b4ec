"""`marsad watch` as a user runs it: expected failures are one coded line on stderr, exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _marsad(db, *args):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "400"}  # Rich wraps at the width
    return subprocess.run([sys.executable, "-m", "marsad.cli", "--db", str(db), *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.mark.parametrize("args,code", [
    (("watch", "add", "story:abc"), "E382"),
    (("watch", "add", "story:7"), "E302"),
    (("watch", "add", "--kind", "planet", "Mars"), "E381"),
    (("watch", "add", "entity:Moscow", "--webhook", "http://10.1.2.3/hook"), "E383"),
    (("watch", "show", "5"), "E380"),
    (("watch", "feed", "5", "--output", "-"), "E380"),
    (("watch", "remove", "5"), "E380"),
    (("watch", "show", "5", "--since", "yesterday"), "E901"),
    (("trend", "planet", "x"), "E901"),
])
def test_expected_failures_are_one_coded_line(db_path, args, code):
    proc = _marsad(db_path, *args)
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and code in lines[0] and "Traceback" not in proc.stderr


def test_list_add_remove_round_trip(db_path):
    assert _marsad(db_path, "watch", "add", "source:Al-Majalla", "--json").returncode == 0
    listed = _marsad(db_path, "watch", "list")
    assert listed.returncode == 0 and "Al-Majalla" in listed.stdout
    assert _marsad(db_path, "watch", "remove", "1").returncode == 0
    assert "0 watchlists" in _marsad(db_path, "watch", "list").stdout
