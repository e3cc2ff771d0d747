"""The contribution flow on the inventories stewards really keep: a CSV saved by French Excel
(Windows-1252, semicolons, CRLF), a quote-all CSV, Excel's "Unicode Text" (UTF-16, tabs), an
Excel workbook and one with macros.
Every approved form changes its one row and nothing else; a formula answer stays text; and,
whatever a contributor types, either the pull request passes check or a comment says why."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile

import pytest
from hypothesis import HealthCheck, given
from hypothesis import event as hypothesis_event
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from assetmap.contribute.apply import COMMENT, DONE, PULL_REQUEST, apply_issue
from assetmap.inventory import schema
from assetmap.inventory.cells import looks_like_formula
from assetmap.inventory.load import load
from assetmap.inventory.read import read_table

from .support.issues import FORMULA, issue_event
from .support.project import FIXTURES, INVENTORY, TODAY
from .support.workbooks import rows, steward_workbook, stored

KINDS = ("french-excel.csv", "quote-all.csv", "unicode-text.txt", "workbook.xlsx",
         "workbook.xlsm")
TEXT_FILES = (".csv", ".txt", ".yml")
FORMULA_ELEMENT = re.compile(rb"<(\w+:)?f[\s>/]")
NEW_ID = "jardin-communautaire-du-vieux-moulin"


def make_inventory(folder, kind: str):
    """``folder`` with the taxonomy and the good inventory kept as ``kind``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("categories.yml", "neighbourhoods.yml"):
        shutil.copy(INVENTORY / name, folder / name)
    path = folder / kind
    if kind == "french-excel.csv":
        shutil.copy(INVENTORY / "good-windows-1252-semicolon.csv", path)
    elif kind == "unicode-text.txt":  # Excel's "Unicode Text": UTF-16, tab-separated
        shutil.copy(FIXTURES / "limits" / "good-excel-unicode-text.txt", path)
    elif kind == "quote-all.csv":
        table = read_table(INVENTORY / "good.csv")
        buffer = io.StringIO(newline="")
        csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
            [table.headers, *[r.raw for r in table.records]])
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    else:
        steward_workbook(path, macros=kind.endswith(".xlsm"))
    return path


def unchanged_except(path, before: dict, asset_id: str) -> bool:
    """Every record but ``asset_id``'s is as it was: its exact text in a CSV; in a workbook,
    its row's XML and every member of the package but the sheet (and the styles, which may
    gain the quote prefix's format) as stored."""
    after = snapshot(path)
    if path.suffix in TEXT_FILES:
        return {k: v for k, v in after.items() if k != asset_id} == \
            {k: v for k, v in before.items() if k != asset_id}
    row = before["ids"].get(asset_id) or after["ids"].get(asset_id)
    keep = ("xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/tables/table1.xml")
    return ({k: v for k, v in after["members"].items() if k not in keep} ==
            {k: v for k, v in before["members"].items() if k not in keep} and
            {r: x for r, x in after["rows"].items() if r != row} ==
            {r: x for r, x in before["rows"].items() if r != row})


def snapshot(path) -> dict:
    if path.suffix in TEXT_FILES:
        table = read_table(path)
        return {r.cells["id"]: table.text[r.span[0]:r.span[1]] for r in table.records}
    return {"members": stored(path), "rows": rows(path),
            "ids": {r.cells["id"]: r.row for r in read_table(path).records}}


def no_formula(path) -> bool:
    if path.suffix in TEXT_FILES:
        return True  # a text file holds no formula; what a spreadsheet would run is checked apart
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    return not FORMULA_ELEMENT.search(sheet)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name, asset_id", [
    ("good-proposal.md", NEW_ID), ("good-change.md", "cafe-rencontre"),
    ("good-confirm.md", "walking-group"), ("good-closure.md", "cafe-rencontre"),
    ("inert-formula.md", "hyperlink-https-evil-example-x-a2-riverbend")])
def test_an_approved_form_changes_one_row_of_any_inventory(tmp_path, settings, kind, name,
                                                           asset_id):
    path = make_inventory(tmp_path / "data", kind)
    before = snapshot(path)
    macros = stored(path).get("xl/vbaProject.bin") if kind.endswith(".xlsm") else None
    outcome = apply_issue(issue_event(name), path.parent, settings, today=TODAY)
    assert outcome.result == PULL_REQUEST, outcome.comment
    assert unchanged_except(path, before, asset_id)
    loaded = load(path.parent, settings, today=TODAY)
    assert not loaded.has_errors, [p.message for p in loaded.problems if p.is_error]
    assert not [p for p in loaded.problems if p.code == "formula-text"]
    assert no_formula(path)
    if macros is not None:
        assert stored(path)["xl/vbaProject.bin"] == macros
    ids = [a.id for a in loaded.inventory.assets]
    assert (asset_id in ids) == (name != "good-closure.md")
    if name == "inert-formula.md":
        assert next(a for a in loaded.inventory.assets if a.id == asset_id).name["en"] == \
            FORMULA
    again = apply_issue(issue_event(name), path.parent, settings, today=TODAY)
    assert again.result == DONE, again.comment  # approving it again changes nothing


ANSWERS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(
    lambda text: text.strip() and "\n" not in text and not text.lstrip().startswith("#"))


@hypothesis_settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])
@given(kind=st.sampled_from(KINDS[:3] + ("good.yml",)), name=ANSWERS, text=ANSWERS,
       prefix=st.sampled_from(["", "=", "+", "-", "@", "'=", "'"]))
def test_whatever_a_contributor_types_lands_safely_or_is_refused(tmp_path_factory, settings,
                                                                 kind, name, text, prefix):
    """apply-issue then check: no error and no cell a spreadsheet would run; every other row
    as it was. Or a comment, and the file untouched."""
    folder = tmp_path_factory.mktemp("data")
    if kind == "good.yml":
        for file in ("categories.yml", "neighbourhoods.yml", "good.yml"):
            shutil.copy(INVENTORY / file, folder / file)
        path = folder / kind
    else:
        path = make_inventory(folder, kind)
    original = path.read_bytes()
    before = snapshot(path)
    event = issue_event("good-proposal.md")
    body = event["issue"]["body"]
    description = body.split("### What happens there?\n\n", 1)[1].split("\n\n###", 1)[0]
    event["issue"]["body"] = body.replace(
        "Jardin communautaire du Vieux-Moulin", f"Jardin {prefix}{name}").replace(
        description, f"{prefix}{text}")
    outcome = apply_issue(event, folder, settings, today=TODAY)
    hypothesis_event(f"{kind}: {outcome.result}")
    if outcome.result != PULL_REQUEST:
        assert outcome.result in (COMMENT, DONE) and outcome.comment.startswith("Thank you!")
        assert path.read_bytes() == original
        return
    loaded = load(folder, settings, today=TODAY)
    assert not loaded.has_errors, [p.message for p in loaded.problems if p.is_error]
    assert not [p for p in loaded.problems if p.code == "formula-text"]
    table = read_table(path)
    new = next(r for r in table.records if r.cells["id"] not in ("walking-group",
                                                                 "cafe-rencontre"))
    assert unchanged_except(path, before, new.cells["id"])
    for column, raw in zip(table.columns, new.raw):  # what a spreadsheet reads from the file
        assert column in schema.NUMBERS or not looks_like_formula(raw), (column, raw)
