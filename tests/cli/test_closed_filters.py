"""Filters over a closed set of values (event types, entity types, sort orders) refuse an unknown
value with E901 listing the valid ones, instead of printing an empty table."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.entities.evaluate import TYPES
from marsad.events.cues import PLOVER_TYPES

runner = CliRunner()


@pytest.mark.parametrize("args,listed", [
    (("events", "--type", "FOO"), "CONSULT"),
    (("events", "--type", "CONSULT", "--type", "bogus"), "ASSAULT"),
    (("entities", "--label", "FOO"), "MISC"),
    (("stories", "--sort", "bogus"), "independent"),
])
def test_unknown_closed_filter_value_is_e901(db_path, args, listed):
    result = runner.invoke(app, ["--db", str(db_path), *args])
    assert result.exit_code != 0
    err = result.exception
    assert getattr(err, "code", None) == "E901", result.output
    assert listed in err.message and "\n" not in err.message


@pytest.mark.parametrize("args", [("events", "--type", "consult"), ("events", "--type", "ASSAULT"),
                                  ("entities", "--label", "per"), ("entities", "--label", "LOC")])
def test_known_values_in_any_case_are_accepted(db_path, args):
    result = runner.invoke(app, ["--db", str(db_path), *args])
    assert result.exit_code == 0, result.output


def test_cli_entity_types_are_those_the_api_filters_on():
    from marsad.cli.entities import LABELS

    assert LABELS == TYPES and len(PLOVER_TYPES) == 16
