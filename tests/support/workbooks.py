"""Workbooks as people keep them, and what their packages store.

``write_xlsx`` writes the good inventory (tests/fixtures/inventory/good.csv) as a plain
workbook; ``steward_workbook`` as a steward's, with everything a write-back must keep.
``stored`` and ``rows`` are what a test compares before and after a write."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo

from assetmap.inventory.ooxml import elements
from assetmap.inventory.read import read_table

from .project import INVENTORY

SHEET = "xl/worksheets/sheet1.xml"
VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8  # stands for a macro project


def write_xlsx(path, sheet_title="Assets", first_sheet=None):
    """The good inventory as an Excel workbook, with real date and number cells."""
    table = read_table(INVENTORY / "good.csv")
    workbook = Workbook()
    sheet = workbook.active
    if first_sheet:
        sheet.title = first_sheet
        sheet.append(["This sheet is notes, not the inventory"])
        sheet = workbook.create_sheet(sheet_title)
    else:
        sheet.title = sheet_title
    sheet.append(table.headers)
    for record in table.records:
        row = []
        for column in table.columns:
            value = record.cells[column]
            if column == "last_verified":
                value = dt.datetime.fromisoformat(value)
            elif column in ("latitude", "longitude") and value:
                value = float(value)
            row.append(value or None)
        sheet.append(row)
    sheet.append([None] * len(table.headers))  # a blank row at the end is skipped
    workbook.save(path)


def steward_workbook(path: Path, macros: bool = False) -> Path:
    """The good inventory as a steward keeps it: date and number cells, formats, a comment, a
    drop-down list, a conditional format, an Excel table (or, in the .xlsm, an autofilter);
    a second sheet with a merged title, a formula, a chart and an image; a defined name.
    The .xlsm also holds a macro project."""
    write_xlsx(path)
    workbook = load_workbook(path)
    sheet = workbook["Assets"]
    for (cell,) in sheet.iter_rows(min_row=2, max_row=3, min_col=17, max_col=17):
        cell.number_format = "yyyy-mm-dd"
    sheet["B2"].font = Font(bold=True)
    sheet["A2"].comment = Comment("Checked by phone", "Amina")
    choices = DataValidation(type="list", formula1='"yes,waitlist,no"')
    choices.add("K2:K3")
    sheet.add_data_validation(choices)
    sheet.conditional_formatting.add("Q2:Q3", CellIsRule(
        operator="lessThan", formula=["45000"], fill=PatternFill("solid", start_color="FFC7CE",
                                                                  end_color="FFC7CE")))
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["B"].width = 30
    if macros:
        sheet.auto_filter.ref = "A1:V3"
    else:
        sheet.add_table(ExcelTable(displayName="Assets", ref="A1:V3", tableStyleInfo=(
            TableStyleInfo(name="TableStyleMedium9", showRowStripes=True))))
    notes = workbook.create_sheet("Notes")
    notes.merge_cells("A1:C1")
    notes["A1"], notes["A2"] = "Asset counts", "=COUNTA(Assets!A:A)-1"
    for row in (("nature", 4), ("belonging", 7), ("learning", 2)):
        notes.append(row)
    chart = BarChart()
    chart.add_data(Reference(notes, min_col=2, min_row=3, max_row=5))
    notes.add_chart(chart, "E2")
    from PIL import Image as Picture

    picture = io.BytesIO()
    Picture.new("RGB", (8, 8), "teal").save(picture, format="PNG")
    notes.add_image(Image(picture), "E20")
    workbook.defined_names["assets"] = DefinedName("assets", attr_text="Assets!$A$1:$V$3")
    workbook.save(path)
    if macros:
        add_macros(path)
    return path


def package_members(path: Path) -> dict[str, bytes]:
    """Each member of a zip package (an .xlsx), uncompressed."""
    with zipfile.ZipFile(path) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def write_package(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)


def add_macros(path: Path) -> None:
    """Makes the workbook at ``path`` a macro-enabled one holding ``VBA``."""
    members = package_members(path)
    types = members["[Content_Types].xml"].decode()
    types = types.replace("spreadsheetml.sheet.main+xml", "TEMP").replace(
        "application/vnd.openxmlformats-officedocument.TEMP",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    members["[Content_Types].xml"] = types.replace("<Default ", '<Default Extension="bin" '
                                                   'ContentType="application/vnd.ms-office.'
                                                   'vbaProject" /><Default ', 1).encode()
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    members["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/'
        'relationships/vbaProject" Target="vbaProject.bin" /></Relationships>')).encode()
    members["xl/vbaProject.bin"] = VBA
    write_package(path, members)


def stored(path: Path) -> dict[str, bytes]:
    """Each member as stored: its local header's fields and its compressed bytes."""
    data = path.read_bytes()
    found = {}
    with zipfile.ZipFile(path) as package:
        for info in package.infolist():
            at = info.header_offset
            name_length, extra_length = struct.unpack("<HH", data[at + 26:at + 30])
            start = at + 30 + name_length + extra_length
            found[info.filename] = data[at + 4:at + 26] + data[start:start + info.compress_size]
    return found


def rows(path: Path) -> dict[int, bytes]:
    """Each row of the first sheet's XML, exactly as written, by row number."""
    xml = zipfile.ZipFile(path).read(SHEET)
    return {int(e.attrs["r"]): xml[e.start:e.end] for e in elements(xml, 3) if e.name == "row"}
