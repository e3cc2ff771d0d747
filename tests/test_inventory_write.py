"""Nothing lost: write-back keeps every other row and column byte for byte."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from generator.read import read_table
from generator.write import save, upsert

from .conftest import INVENTORY
from .test_inventory_read import write_xlsx

TEXT_FILES = ["good.csv", "good-utf8-bom.csv", "good-windows-1252-semicolon.csv",
              "good-messy-header.csv", "good.yml"]
CHANGE = {"id": "walking-group", "description": 'Walks by the river, "rain or shine"; all ages.'}


def copy(name, tmp_path):
    target = tmp_path / name
    shutil.copy(INVENTORY / name, target)
    return target


def other_records(table, skip_id):
    return [(r.row, r.cells) for r in table.records if r.cells["id"] != skip_id]


@pytest.mark.parametrize("name", TEXT_FILES)
def test_unchanged_write_is_byte_for_byte(name, tmp_path):
    path = copy(name, tmp_path)
    before = path.read_bytes()
    table = read_table(path)
    record = table.records[0]
    save(table, upsert(table, dict(record.cells)))
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", TEXT_FILES)
def test_changed_row_changes_only_its_own_cells(name, tmp_path):
    path = copy(name, tmp_path)
    before = path.read_bytes()
    table = read_table(path)
    target = next(r for r in table.records if r.cells["id"] == CHANGE["id"])
    save(table, upsert(table, CHANGE))
    after = path.read_bytes()

    # every byte before and after the changed record is as it was
    start, end = (len(table.text[:i].encode(table.encoding)) + 3 * table.bom
                  for i in target.span)
    assert after[:start] == before[:start]
    assert after.endswith(before[end:])

    reread = read_table(path)
    changed = next(r for r in reread.records if r.cells["id"] == CHANGE["id"])
    assert changed.cells == target.cells | {"description": CHANGE["description"]}
    assert other_records(reread, CHANGE["id"]) == other_records(table, CHANGE["id"])
    assert reread.headers == table.headers


@pytest.mark.parametrize("name", TEXT_FILES)
def test_new_row_is_appended_and_the_rest_is_untouched(name, tmp_path):
    path = copy(name, tmp_path)
    before = path.read_bytes()
    table = read_table(path)
    new = {"id": "new-choir", "name": "Chœur communautaire", "category": "belonging"}
    save(table, upsert(table, new))
    assert path.read_bytes().startswith(before)
    added = read_table(path).records[-1]
    assert {k: added.cells[k] for k in new} == new


def test_unknown_columns_survive_a_change(tmp_path):
    path = copy("good-messy-header.csv", tmp_path)
    table = read_table(path)
    save(table, upsert(table, CHANGE))
    reread = read_table(path)
    assert [r.cells["favourite_colour"] for r in reread.records] == ["blue", "green"]
    assert " ID " in reread.headers and "Favourite colour" in reread.headers


def test_xlsx_change_keeps_every_other_cell(tmp_path):
    path = tmp_path / "inventory.xlsx"
    write_xlsx(path)
    values = lambda: [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]  # noqa: E731
    before = values()
    table = read_table(path)
    upsert(table, CHANGE)
    after = values()
    column = table.columns.index("description")
    assert after[1][column] == CHANGE["description"]
    after[1][column] = before[1][column]
    assert after == before
