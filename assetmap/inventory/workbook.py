"""Read an inventory workbook (.xlsx, .xlsm): its first sheet, or the one named.

A workbook is a zip of XML parts, and anyone's: it is opened only within ``limits.XLSX``
(checked before anything is unpacked), and its sheet is read in one streaming pass whose work
follows what the file holds, never the size a sheet claims. A cell that holds a formula is an
error: assetmap publishes what a cell shows, and a formula saved without the value it shows
(as scripts write them) would read as empty.
"""

from __future__ import annotations

import contextlib
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from assetmap.inventory import limits
from assetmap.inventory.cells import visible
from assetmap.inventory.problems import FileRefused, UsageError, error
from assetmap.inventory.table import Table, add_row, cell_text, column_name, letter, set_header

# Whatever openpyxl raises on a broken or hostile workbook: a broken zip, broken XML, a part
# missing or of the wrong shape.
XLSX_FAILURES = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ParseError, KeyError,
                 ValueError, TypeError, IndexError, AttributeError, NotImplementedError)
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _unreadable(table: Table, exc: Exception) -> Table:
    path = table.file
    with contextlib.suppress(OSError), path.open("rb") as handle:
        if handle.read(len(OLE_SIGNATURE)) == OLE_SIGNATURE:
            table.problems.append(error(path, None, None, "unreadable-xlsx", None,
                                        "This is not an .xlsx workbook inside: it is an old "
                                        "Excel .xls file, or a workbook protected by a "
                                        "password. Open it in Excel, remove the password if "
                                        "it has one, and 'Save As' an Excel Workbook (.xlsx)."))
            return table
    reason = visible(f"{exc.__class__.__name__}: {exc}"[:200])
    table.problems.append(error(path, None, None, "unreadable-xlsx", None,
                                f"This .xlsx file cannot be opened ({reason}). Open it in a "
                                "spreadsheet program and save it again as .xlsx."))
    return table


def _open_workbook(table: Table):
    """The workbook, read from a copy unpacked within ``limits.XLSX``; None, with a problem,
    if it cannot be."""
    from openpyxl import load_workbook

    try:
        with limits.open_zip(table.file, limits.XLSX) as archive:
            copy = limits.unpacked_copy(archive)
        return load_workbook(copy, read_only=True, data_only=True, keep_links=False)
    except FileRefused as exc:
        code = exc.code if exc.code == "file-too-large" else "unreadable-xlsx"
        table.problems.append(error(table.file, None, None, code, None, exc.message))
    except XLSX_FAILURES as exc:
        _unreadable(table, exc)
    return None


def _sheet_rows(workbook, worksheet) -> Iterator[tuple[int, list[dict]]]:
    """The rows the sheet's XML holds, as (row number, cells), each cell a dict with its
    ``column`` number, the ``value`` it shows (the one Excel last calculated, for a formula)
    and, for a formula cell, its ``formula``.

    One streaming pass with the parser openpyxl's read-only worksheet itself uses, but
    without its padding: that worksheet makes every row as wide as the sheet's recorded
    dimension and every missing row up to its end, so 'A1:XFD1048576' means a million rows of
    16,384 cells. Here the work follows what the file holds.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_row(self, row):
            number, cells = super().parse_row(row)  # data_only: the values shown
            if next(row.iter(FORMULA_TAG), None) is not None:  # one look a row, in C
                for element, cell in zip(row, cells):
                    if element.find(FORMULA_TAG) is not None:
                        cell["formula"] = self.parse_formula(element)
            return number, cells

    with worksheet._get_source() as source:
        parser = Parser(source, worksheet._shared_strings, data_only=True,
                        epoch=workbook.epoch, date_formats=workbook._date_formats,
                        timedelta_formats=workbook._timedelta_formats)
        yield from parser.parse()


def _formula(table: Table, number: int, column: int, formula) -> None:
    """The error that says to replace a formula by its value."""
    text = str(getattr(formula, "text", None) or formula)  # an array formula's is in .text
    name = column_name(table, column - 1, header=number == 1)
    table.problems.append(error(
        table.file, number, name, "formula-cell", text[:100],
        f"Cell {letter(column - 1)}{number} holds a formula ('{text[:100]}'). assetmap "
        "publishes what a cell shows, not formulas: replace the formula by its value, e.g. "
        "copy the column and Paste Special > Values."))


def _row_cells(table: Table, number: int, parsed: list[dict]) -> tuple[list[str], int | None]:
    """A row's cells as text, as wide as its last cell with a value, and the first column
    with a value beyond ``limits.SHEET_COLUMNS`` (left out), if any."""
    texts: dict[int, str] = {}
    beyond = None
    for cell in parsed:
        value, formula = cell["value"], cell.get("formula")
        if (value is None or value == "") and formula is None:
            continue
        column = cell["column"]
        if column > limits.SHEET_COLUMNS:
            beyond = min(beyond or column, column)
            continue
        if formula is not None:
            _formula(table, number, column, formula)
        texts[column] = value if type(value) is str else cell_text(value)
    cells = [""] * max(texts, default=0)
    for column, text in texts.items():
        cells[column - 1] = text
    return cells, beyond


def _read_sheet(table: Table, workbook, worksheet) -> None:
    header_read = too_wide = False
    for number, parsed in _sheet_rows(workbook, worksheet):
        cells, beyond = _row_cells(table, number, parsed)
        if beyond and not too_wide:
            too_wide = True
            table.problems.append(error(
                table.file, number, letter(beyond - 1), "too-many-columns", None,
                f"This row has a value in column {letter(beyond - 1)}, beyond the first "
                f"{limits.SHEET_COLUMNS:,} columns that assetmap reads; it is left out. Move "
                "it into a column of the inventory, or delete it."))
        if number > limits.SHEET_ROWS and any(c.strip() for c in cells):
            table.problems.append(error(
                table.file, number, None, "too-many-rows", None,
                f"This sheet has values on row {number:,}; assetmap reads the first "
                f"{limits.SHEET_ROWS:,} rows of a sheet. Delete what is below the inventory, "
                "or split the inventory into several files in the data folder."))
            return
        if not header_read:
            header_read = True
            if number == 1:
                while cells and not cells[-1].strip():
                    cells.pop()
                set_header(table, cells)
                continue
            set_header(table, [])  # row 1 is missing: no header
        add_row(table, number, cells)


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    with warnings.catch_warnings():
        # openpyxl's own (an extension it drops, no default style...) are nothing a person
        # can act on; what matters comes back as problems
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        return _read(path, sheet)


def _read(path: Path, sheet: str | None) -> Table:
    table = Table(path, "xlsx", sheet=sheet)
    workbook = _open_workbook(table)
    if workbook is None:
        return table
    try:
        names = [ws.title for ws in workbook.worksheets]
        if sheet is not None and sheet not in names:
            raise UsageError(f"{path}: no sheet named '{sheet}' (it has: "
                             f"{visible(', '.join(names))}).")
        if not names:
            table.problems.append(error(path, None, None, "no-sheet", None,
                                        "This workbook has no worksheet (only charts, or "
                                        "nothing). Put the inventory on a worksheet: row 1 "
                                        "names the columns, one asset per row after it."))
            return table
        worksheet = workbook.worksheets[names.index(sheet) if sheet else 0]
        table.sheet = worksheet.title
        _read_sheet(table, workbook, worksheet)
    except XLSX_FAILURES as exc:
        return _unreadable(table, exc)
    finally:
        workbook.close()
    if not table.headers:
        table.problems.append(error(path, None, None, "empty-file", None,
                                    "The sheet is empty. Row 1 must name the columns."))
    return table
