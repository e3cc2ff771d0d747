"""``assetmap export`` through click's CliRunner: every format, and clean failures."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from assetmap.cli import main

from .support.project import FIXTURES, INVENTORY, ROOT

FULL = FIXTURES / "hsds" / "full"
CONFIG = ["--config", str(ROOT / "mkdocs.yml")]


def run(*args):
    return CliRunner().invoke(main, [*args, *CONFIG])


@pytest.mark.parametrize("fmt, name", [("csv", "out.csv"), ("xlsx", "out.xlsx"),
                                       ("geojson", "out.geojson"), ("hsds", "hsds")])
def test_export_writes_each_format(fmt, name, tmp_path):
    output = tmp_path / name
    result = run("export", "--format", fmt, "--output", str(output), "--data", str(FULL))
    assert result.exit_code == 0, result.output
    assert f"Wrote {output}" in result.output
    assert output.exists()


def test_export_outputs_open(tmp_path):
    for fmt, name in [("xlsx", "a.xlsx"), ("geojson", "a.geojson"), ("hsds", "hsds")]:
        assert run("export", "--format", fmt, "--output", str(tmp_path / name),
                   "--data", str(FULL)).exit_code == 0
    assert load_workbook(tmp_path / "a.xlsx").sheetnames == ["English", "Français", "العربية"]
    assert len(json.loads((tmp_path / "a.geojson").read_text(encoding="utf-8"))["features"]) == 2
    services = json.loads((tmp_path / "hsds" / "services.json").read_text(encoding="utf-8"))
    assert len(services) == 3


def test_an_inventory_with_errors_is_not_exported(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("bad-phone.csv", "categories.yml", "neighbourhoods.yml"):
        shutil.copy(INVENTORY / name, data / name)
    result = run("export", "--format", "csv", "--output", str(tmp_path / "out.csv"),
                 "--data", str(data))
    assert result.exit_code == 1
    assert "Nothing was exported" in result.output
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("args, message", [
    (["--format", "csv", "--output", "{tmp}/x.csv", "--data", "no/such/folder"],
     "no such file or folder"),
    (["--format", "hsds", "--output", "{full}/assets.csv", "--data", "{full}"],
     "give a folder"),
    (["--format", "csv", "--output", "{tmp}", "--data", "{full}"], "is a folder"),
])
def test_export_usage_problems_exit_2_with_one_line(args, message, tmp_path):
    args = [a.format(tmp=tmp_path, full=FULL) for a in args]
    result = CliRunner().invoke(main, ["export", *args, *CONFIG])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_export_needs_a_format(tmp_path):
    result = run("export", "--output", str(tmp_path / "x.csv"))
    assert result.exit_code == 2 and "--format" in result.output


def test_export_never_writes_over_the_inventory(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FULL, data)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    for fmt, output in [("csv", data / "assets.csv"), ("xlsx", data / "assets.csv"),
                        ("csv", data / "exported.csv"), ("hsds", data)]:
        for force in ([], ["--force"]):
            result = run("export", "--format", fmt, "--output", str(output), "--data",
                         str(data), *force)
            assert result.exit_code == 2, result.output
            assert "inventory" in result.output
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def test_export_replaces_an_existing_file_only_with_force(tmp_path):
    output = tmp_path / "out.csv"
    output.write_text("keep me", encoding="utf-8")
    result = run("export", "--format", "csv", "--output", str(output), "--data", str(FULL))
    assert result.exit_code == 2 and "--force" in result.output
    assert output.read_text(encoding="utf-8") == "keep me"
    result = run("export", "--format", "csv", "--output", str(output), "--data", str(FULL),
                 "--force")
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8-sig").startswith("id,name")
    folder = tmp_path / "hsds"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("export", "--format", "hsds", "--output", str(folder), "--data", str(FULL))
    assert result.exit_code == 2 and "--force" in result.output
