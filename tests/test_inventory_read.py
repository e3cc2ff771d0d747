"""Reading what people really have: encodings, delimiters, Excel, YAML, messy headers."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from assetmap.inventory.load import load
from assetmap.inventory.read import read_table

from .support.inventory import content
from .support.project import INVENTORY, TODAY
from .support.workbooks import write_xlsx

GOOD_VARIANTS = [
    "good.csv",
    "good-utf8-bom.csv",
    "good-semicolon.csv",
    "good-windows-1252-semicolon.csv",
    "good-messy-header.csv",
    "good.yml",
]


def assets_of(path, settings, **kwargs):
    loaded = load(path, settings, today=TODAY, **kwargs)
    assert not loaded.has_errors, loaded.problems
    return loaded.inventory.assets


@pytest.mark.parametrize("name", GOOD_VARIANTS)
def test_every_variant_reads_to_the_same_assets(name, settings):
    expected = content(assets_of(INVENTORY / "good.csv", settings))
    assert len(expected) == 2
    assert content(assets_of(INVENTORY / name, settings)) == expected


def test_accents_survive_windows_1252(settings):
    loaded = load(INVENTORY / "good-windows-1252-semicolon.csv", settings, today=TODAY)
    names = [a.name["en"] for a in loaded.inventory.assets]
    assert "Café-rencontre des aînés" in names
    codes = [(p.severity, p.code) for p in loaded.problems]
    assert ("warning", "not-utf8") in codes


def test_utf8_files_do_not_warn_about_encoding(settings):
    for name in ("good.csv", "good-utf8-bom.csv", "good-semicolon.csv"):
        problems = load(INVENTORY / name, settings, today=TODAY).problems
        assert "not-utf8" not in [p.code for p in problems]


def test_semicolon_delimiter_is_detected():
    assert read_table(INVENTORY / "good-semicolon.csv").delimiter == ";"
    assert read_table(INVENTORY / "good.csv").delimiter == ","


def test_messy_header_blank_rows_and_unknown_column(settings):
    loaded = load(INVENTORY / "good-messy-header.csv", settings, today=TODAY)
    assert [a.id for a in loaded.inventory.assets] == ["walking-group", "cafe-rencontre"]
    # the blank row 3 is skipped but still counted, so the second asset is on row 4
    assert [a.source_row for a in loaded.inventory.assets] == [2, 4]
    unknown = [(p.severity, p.row, p.column) for p in loaded.problems if p.code == "unknown-column"]
    assert unknown == [("warning", 1, "Favourite colour")]


def test_yaml_reports_line_numbers(settings):
    assets = assets_of(INVENTORY / "good.yml", settings)
    assert [a.source_row for a in assets] == [1, 29]


@pytest.mark.parametrize("first_sheet", [None, "Notes"])
def test_xlsx_first_or_named_sheet_with_date_cells(tmp_path, settings, first_sheet):
    for name in ("categories.yml", "neighbourhoods.yml"):
        shutil.copy(INVENTORY / name, tmp_path / name)
    path = tmp_path / "inventory.xlsx"
    write_xlsx(path, first_sheet=first_sheet)
    sheet = "Assets" if first_sheet else None
    assert content(assets_of(path, settings, sheet=sheet)) == \
        content(assets_of(INVENTORY / "good.csv", settings))
    assert assets_of(path, settings, sheet=sheet)[0].last_verified == dt.date(2026, 10, 1)


def test_xlsx_named_sheet_that_does_not_exist(tmp_path, settings):
    from assetmap.inventory.problems import UsageError

    path = tmp_path / "inventory.xlsx"
    write_xlsx(path)
    with pytest.raises(UsageError, match="no sheet named 'Nope'"):
        load(path, settings, sheet="Nope")
