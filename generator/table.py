"""One inventory file as read, whatever its format: a ``Table`` of ``Record``s, and how its
header row and each of its rows become them (the CSV, XLSX and YAML readers share this).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .cells import unneutralise
from .problems import Problem, error, warning


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


def set_header(table: Table, headers: list[str]) -> None:
    """The header row: each column's name as written and normalised, and its problems."""
    table.headers = list(headers)
    table.columns = [normalise(h) for h in headers]
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
    """Row ``number`` (as the spreadsheet numbers it) as a ``Record``, unless it is blank."""
    if not any(str(c).strip() for c in cells):
        return
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
    values = {col: unneutralise(str(cells[i]).strip()) if i < len(cells) else ""
              for i, col in enumerate(table.columns) if col}
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
