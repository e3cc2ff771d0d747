"""The assetmap command, through click's CliRunner: exit codes, output formats, no tracebacks."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from generator.cli import main

from .conftest import INVENTORY, ROOT
from .test_inventory_validate import ERRORS

CONFIG = ["--config", str(ROOT / "mkdocs.yml")]


def run(*args):
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


def test_good_file_exits_0():
    result = run("check", str(INVENTORY / "good.csv"), *CONFIG)
    assert result.exit_code == 0, result.output
    assert "0 errors, 1 warning." in result.output


def test_strict_makes_warnings_fail():
    assert run("check", str(INVENTORY / "good.csv"), "--strict", *CONFIG).exit_code == 1


def test_json_has_exactly_the_documented_keys():
    result = run("check", str(INVENTORY / "bad-unknown-category.csv"), "--format", "json",
                 *CONFIG)
    assert result.exit_code == 1
    problems = json.loads(result.output)
    assert {tuple(sorted(p)) for p in problems} == {
        ("code", "column", "file", "message", "row", "severity", "value")}
    assert {"severity": "error", "row": 3, "column": "category", "code": "unknown-category",
            "value": "natur"}.items() <= problems[0].items()


def test_table_lists_row_column_value_and_message():
    result = run("check", str(INVENTORY / "bad-phone.csv"), *CONFIG)
    line = next(line for line in result.output.splitlines() if line.startswith("error"))
    assert line.split()[2:5] == ["3", "phone", "613-555-012"]
    assert "not a valid phone number" in line


@pytest.mark.parametrize("name", sorted(n for n in ERRORS if n.startswith("broken-")))
def test_broken_files_give_a_message_never_a_traceback(name):
    result = CliRunner().invoke(main, ["check", str(INVENTORY / name), *CONFIG])
    assert result.exit_code in (1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args, message", [
    (["check", "no/such/folder"], "no such file or folder"),
    (["check", str(INVENTORY / "categories.yml")], "taxonomy file"),
    (["check", str(ROOT / "pyproject.toml")], "unsupported format"),
    (["check", str(INVENTORY / "good.csv"), "--config", "nope.yml"], "no such configuration"),
])
def test_usage_problems_exit_2_with_one_line(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_every_command_has_help():
    for name, command in main.commands.items():
        assert command.help, name
        assert run(name, "--help").exit_code == 0
