"""One inventory file as read, whatever its format: a ``Table`` of ``Record``s, and how its
header row and each of its rows become them (the CSV, XLSX and YAML readers share this).

A cell longer than a spreadsheet cell can be (``cells.EXCEL_CELL_LIMIT``) is an error here,
whichever reader found it, and its text goes no further: the checks after reading see its
first 60 characters and '…', as the error's value shows them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from assetmap.inventory import schema
from assetmap.inventory.cells import EXCEL_CELL_LIMIT, unneutralise
from assetmap.inventory.problems import Problem, error, warning


@dataclass
class Record:
    """One asset as read: the spreadsheet row number and its cells by normalised column."""

    file: Path
    row: int
    cells: dict[str, str]
    span: tuple[int, int] | None = None  # character offsets of the record in a text file
    ragged: bool = False  # not as many cells as the header has columns
    raw: list[str] = field(default_factory=list)  # the cells exactly as written


@dataclass
class Table:
    """One inventory file as read, with what write-back needs to keep everything else intact."""

    file: Path
    format: str
    headers: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""
    encoding: str = "utf-8"
    bom: bool = False
    delimiter: str = ","
    newline: str = "\n"
    sheet: str | None = None


def normalise(header: str) -> str:
    """A column's name as written ('Description : FR') as assetmap knows it
    ('description:fr')."""
    base, lang = schema.split_column(header.strip().lstrip("\ufeff").lower())
    base = base.strip().replace(" ", "_")
    return f"{base}:{lang.strip()}" if lang is not None else base


def letter(index: int) -> str:
    """The spreadsheet letters of the column at ``index``: 0 -> 'A', 26 -> 'AA'."""
    letters, number = "", index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_name(table: Table, index: int, header: bool = False) -> str:
    """A column as a problem names it: its normalised header, or its letter when the header
    is blank, is the cell at fault, or the cell is beyond the header."""
    if not header and index < len(table.columns) and table.columns[index]:
        return table.columns[index]
    return letter(index)


def shortened(text: str) -> str:
    """What is kept of a cell too long for a spreadsheet."""
    return text[:60] + "…"


def too_long(table: Table, row: int | None, column: str, text: str) -> None:
    """The error for a cell longer than a spreadsheet cell can be."""
    hint = (" If it should be short, look before it for a quote (\") that is opened and "
            "never closed: the rest of the file then reads as one cell."
            if table.format == "csv" else "")
    table.problems.append(error(
        table.file, row, column, "cell-too-long", shortened(text),
        f"This cell holds {len(text):,} characters; a spreadsheet cell holds at most "
        f"{EXCEL_CELL_LIMIT:,} (Excel's own limit). Shorten it, e.g. put a long text on a web "
        f"page and give its address in 'website'.{hint}"))


def long_cells(table: Table, row: int, cells: list[str], header: bool = False) -> set[int]:
    """The indexes of the cells longer than a spreadsheet cell can be, each reported."""
    if max(map(len, cells), default=0) <= EXCEL_CELL_LIMIT:
        return set()
    long = {i for i, cell in enumerate(cells) if len(cell) > EXCEL_CELL_LIMIT}
    for index in sorted(long):
        too_long(table, row, column_name(table, index, header), cells[index])
    return long


def set_header(table: Table, headers: list[str]) -> None:
    """The header row: each column's name as written and normalised, and its problems."""
    table.headers = list(headers)
    long = long_cells(table, 1, headers, header=True)
    table.columns = ["" if i in long else normalise(h) for i, h in enumerate(headers)]
    seen: set[str] = set()
    for index, column in enumerate(table.columns):
        if not column:
            continue
        if column in seen:
            table.problems.append(error(table.file, 1, headers[index], "duplicate-column",
                                        headers[index], f"The column '{headers[index]}' appears "
                                        "twice. Keep one and move its values there."))
        seen.add(column)
        base, _lang = schema.split_column(column)
        if base not in schema.FIELDS_BY_NAME:
            table.problems.append(warning(table.file, 1, headers[index], "unknown-column",
                                          headers[index], f"'{headers[index]}' is not an "
                                          "inventory column; it is kept but not published."))


def add_row(table: Table, number: int, cells: list[str], span=None) -> None:
    """Row ``number`` (as the spreadsheet numbers it) as a ``Record``, unless it is blank.
    A cell too long for a spreadsheet is reported, and only its start goes into the record's
    cells (``raw`` keeps it as written, for write-back)."""
    if not any(str(c).strip() for c in cells):
        return
    long = long_cells(table, number, cells)
    width = len(table.columns)
    extra = [c for c in cells[width:] if str(c).strip()]
    ragged = bool(extra) or (table.format == "csv" and len(cells) < width)
    if ragged:
        fix = (f"A value that contains the separator '{table.delimiter}' must be in double "
               "quotes." if extra else "Add the missing separators so every column has a "
               "cell (an empty cell is fine).")
        table.problems.append(error(table.file, number, None, "ragged-row", None,
                                    f"This row has {len(cells)} cells but the header has "
                                    f"{width} columns. {fix}"))
    values = {col: shortened(cells[i]) if i in long else unneutralise(str(cells[i]).strip())
              if i < len(cells) else "" for i, col in enumerate(table.columns) if col}
    table.records.append(Record(table.file, number, values, span, ragged, list(cells)))


def cell_text(value) -> str:
    """A spreadsheet or YAML value as the text it shows: dates as ISO dates, 3.0 as 3."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def find(table: Table, asset_id: str) -> Record | None:
    """The record of ``asset_id``, or None."""
    return next((r for r in table.records if r.cells.get("id") == asset_id), None)


def changed_cells(record: Record, cells: dict[str, str]) -> dict[str, str]:
    return {c: v for c, v in cells.items() if v != record.cells.get(c, "")}


def neighbour(table: Table, new_id: str) -> tuple[Record | None, bool]:
    """Where a new row goes: after (True) or before (False) this record; None: at the end."""
    ids = [(r.cells.get("id", ""), index, r) for index, r in enumerate(table.records)
           if r.span is not None]
    below = [entry for entry in ids if entry[0] < new_id]
    if below:
        return max(below)[2], True
    if ids:
        return min(ids)[2], False
    return None, True
