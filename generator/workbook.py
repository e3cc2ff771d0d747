"""Read an inventory workbook (.xlsx, .xlsm): its first sheet, or the one named."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .problems import UsageError, error
from .table import Table, add_row, cell_text, set_header


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    from openpyxl import load_workbook

    table = Table(path, "xlsx", sheet=sheet)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        table.problems.append(error(path, None, None, "unreadable-xlsx", None,
                                    f"This .xlsx file cannot be opened ({exc}). Open it in a "
                                    "spreadsheet program and save it again as .xlsx."))
        return table
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            names = ", ".join(workbook.sheetnames)
            raise UsageError(f"{path}: no sheet named '{sheet}' (it has: {names}).")
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        table.sheet = worksheet.title
        rows = worksheet.iter_rows(values_only=True)
        for number, row in enumerate(rows, start=1):
            cells = [cell_text(v) for v in row]
            if number == 1:
                while cells and not cells[-1].strip():
                    cells.pop()
                set_header(table, cells)
            else:
                add_row(table, number, cells)
    finally:
        workbook.close()
    if not table.headers:
        table.problems.append(error(path, None, None, "empty-file", None,
                                    "The sheet is empty. Row 1 must name the columns."))
    return table
