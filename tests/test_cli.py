"""The assetmap command, through click's CliRunner: exit codes, output formats, no tracebacks."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from assetmap.cli import main

from .support.project import INVENTORY, ROOT, SITE_DATA

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
    lines = result.output.splitlines()
    assert lines[1].endswith("bad-phone.csv")
    line = next(line for line in lines if line.startswith("  3 "))
    assert line.split()[:3] == ["3", "phone", "613-555-012"]
    assert "not a valid phone number" in line


def test_errors_come_before_warnings():
    result = run("check", str(INVENTORY / "bad-lost-letters-windows-1252.csv"), *CONFIG)
    lines = result.output.splitlines()
    assert lines[0] == "Errors (1):" and "Warnings (2):" in lines
    assert lines.index("Warnings (2):") > next(i for i, line in enumerate(lines)
                                               if "letters were" in line)


@pytest.mark.parametrize("columns", [60, 100, 200])
def test_the_table_fits_the_terminal(columns):
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(
        main, ["check", str(INVENTORY / "bad-control-characters.csv"), *CONFIG])
    assert result.exit_code == 1
    assert max(map(len, result.output.splitlines())) <= columns
    assert "a control character (U+0007, U+001B)" in " ".join(result.output.split())


def test_nothing_a_cell_holds_reaches_the_terminal_raw():
    for fmt in ("table", "json"):
        result = run("check", str(INVENTORY / "bad-control-characters.csv"), "--format", fmt,
                     *CONFIG)
        assert "\x1b" not in result.output and "\x07" not in result.output
    result = run("check", str(INVENTORY / "bad-direction-override-in-website.csv"), *CONFIG)
    assert "\u202e" not in result.output and "<U+202E>" in result.output


def test_an_unknown_category_lists_the_ids():
    result = run("check", str(INVENTORY / "bad-unknown-category.csv"), *CONFIG)
    assert "The ids are: nature, belonging, health." in " ".join(result.output.split())


@pytest.mark.parametrize("name", sorted(p.name for p in INVENTORY.glob("broken-*")))
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


def test_build_builds_the_inventory_it_checked(tmp_path):
    """`assetmap build --data DIR` builds DIR, not ./data."""
    import subprocess
    import sys

    from assetmap.build.site import copy_project

    config = copy_project(tmp_path, ROOT / "data")
    config.write_text(config.read_text(encoding="utf-8").replace(
        "pdf_sheets: true", "pdf_sheets: false"), encoding="utf-8")
    shutil.copytree(SITE_DATA, tmp_path / "other")
    result = subprocess.run(
        [sys.executable, "-c", "from assetmap.cli import main; main()", "build", "--data",
         "other"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    built = {p.name for p in (tmp_path / "site" / "assets").iterdir()}
    assert "riverside-walk" in built and "riverbend-food-bank" not in built
