"""Read an inventory: CSV (UTF-8 with or without BOM, or Windows-1252; comma or semicolon),
XLSX (first sheet or a named one) and YAML (a list of assets).

Reading never raises for a problem in the data: it returns ``Problem`` objects. Only a problem
with the command (no such path, an unsupported format) raises ``UsageError``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import schema
from .cells import unneutralise
from .problems import Problem, UsageError, error, warning

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
YAML_SUFFIXES = {".yml", ".yaml"}
TAXONOMY_FILES = {"categories.yml", "categories.yaml", "neighbourhoods.yml", "neighbourhoods.yaml"}


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


def inventory_files(path: Path) -> list[Path]:
    """The inventory files at ``path``: the file itself, or every inventory file in a folder."""
    if path.is_file():
        if path.name.lower() in TAXONOMY_FILES:
            raise UsageError(f"{path}: this is a taxonomy file, not an inventory; check the "
                             "inventory file or its folder instead.")
        return [path]
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder.")
    if not path.is_dir():
        raise UsageError(f"{path}: not a file or folder.")
    files = [
        p for p in sorted(path.iterdir())
        if p.is_file() and not p.name.startswith((".", "~$"))
        and p.suffix.lower() in CSV_SUFFIXES | XLSX_SUFFIXES | YAML_SUFFIXES | {".xls"}
        and p.name.lower() not in TAXONOMY_FILES
    ]
    if not files:
        raise UsageError(f"{path}: no inventory file (.csv, .xlsx or .yml) in this folder.")
    return files


def read_table(path: Path, sheet: str | None = None) -> Table:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv(path)
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(path, sheet)
    if suffix in YAML_SUFFIXES:
        return read_yaml(path)
    if suffix == ".xls":
        table = Table(path, "xls")
        table.problems.append(error(path, None, None, "old-excel-format", None,
                                    "This is an old Excel .xls file. Open it in Excel and "
                                    "'Save As' an Excel Workbook (.xlsx) or 'CSV UTF-8'."))
        return table
    raise UsageError(f"{path}: unsupported format '{suffix or path.name}'; "
                     "use .csv, .xlsx, .yml or .yaml.")


# --- CSV ---------------------------------------------------------------------------------


def _decode(path: Path, data: bytes, table: Table) -> str | None:
    if b"\x00" in data[:8192]:
        table.problems.append(error(path, None, None, "not-text", None,
                                    "This file is not a text CSV file (it contains binary "
                                    "data). Export the spreadsheet as 'CSV UTF-8' or .xlsx."))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        table.bom, data = True, data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        table.problems.append(error(path, None, None, "unknown-encoding", None,
                                    "This file is neither UTF-8 nor Windows-1252 text. "
                                    "Export the spreadsheet as 'CSV UTF-8'."))
        return None
    table.encoding = "cp1252"
    table.problems.append(warning(path, None, None, "not-utf8", "windows-1252",
                                  "This file is in Windows-1252, not UTF-8. It was read, but "
                                  "save it as 'CSV UTF-8' so every language's letters survive."))
    return text


class _Lines:
    """Feeds csv.reader line by line and remembers how far it has read, so each record's
    exact span in the text is known (write-back replaces only that span)."""

    def __init__(self, text: str) -> None:
        self._lines = io.StringIO(text, newline="")
        self.pos = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.pos += len(line)
        return line


def _sniff(text: str) -> tuple[str, str]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    newline = "\r\n" if first.endswith("\r") else "\n"
    return delimiter, newline


def read_csv(path: Path) -> Table:
    table = Table(path, "csv")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror}).") from None
    text = _decode(path, data, table)
    if text is None:
        return table
    table.text = text
    if not text.strip():
        table.problems.append(error(path, None, None, "empty-file", None,
                                    "This file is empty. The first row must name the columns "
                                    "(id, name, category, ...), one asset per row after it."))
        return table
    table.delimiter, table.newline = _sniff(text)
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=table.delimiter)
    start = 0
    try:
        for number, cells in enumerate(reader, start=1):
            span, start = (start, lines.pos), lines.pos
            if number == 1:
                _set_header(table, cells)
                continue
            _add_row(table, number, cells, span)
    except csv.Error as exc:
        table.problems.append(error(path, reader.line_num, None, "bad-csv", None,
                                    f"The CSV cannot be read past this row ({exc}). Check for "
                                    "a quote (\") that is opened and never closed."))
    return table


def _normalise(header: str) -> str:
    base, lang = schema.split_column(header.strip().lstrip("\ufeff").lower())
    base = base.strip().replace(" ", "_")
    return f"{base}:{lang.strip()}" if lang is not None else base


def _set_header(table: Table, headers: list[str]) -> None:
    table.headers = list(headers)
    table.columns = [_normalise(h) for h in headers]
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


def _add_row(table: Table, number: int, cells: list[str], span=None) -> None:
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


# --- XLSX --------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
            cells = [_cell_text(v) for v in row]
            if number == 1:
                while cells and not cells[-1].strip():
                    cells.pop()
                _set_header(table, cells)
            else:
                _add_row(table, number, cells)
    finally:
        workbook.close()
    if not table.headers:
        table.problems.append(error(path, None, None, "empty-file", None,
                                    "The sheet is empty. Row 1 must name the columns."))
    return table


# --- YAML --------------------------------------------------------------------------------


def _yaml_text(value) -> str:
    if isinstance(value, list):
        return "; ".join(_yaml_text(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _cell_text(value)


def read_yaml(path: Path) -> Table:
    table = Table(path, "yaml")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        table.problems.append(error(path, None, None, "not-text", None,
                                    f"This YAML file cannot be read as UTF-8 text ({exc})."))
        return table
    table.text = text
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an impossible date
        mark = getattr(exc, "problem_mark", None)
        table.problems.append(error(path, mark.line + 1 if mark else None, None, "bad-yaml",
                                    None, f"This YAML cannot be read: {exc}".replace("\n", " ")))
        return table
    if data is None:
        table.problems.append(error(path, None, None, "empty-file", None,
                                    "This file is empty. Write a list of assets, each starting "
                                    "with '- id: ...'."))
        return table
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        table.problems.append(error(path, 1, None, "bad-yaml-shape", None,
                                    "The file must be a list of assets, each starting with "
                                    "'- id: ...'."))
        return table
    columns: list[str] = []
    for item in data:
        columns += [str(k) for k in item if str(k) not in columns]
    _set_header(table, columns)
    by_name = dict(zip(columns, table.columns))
    for item, item_node in zip(data, node.value):
        cells = dict.fromkeys(filter(None, table.columns), "")
        cells.update({by_name[str(k)]: _yaml_text(v).strip() for k, v in item.items()})
        span = (item_node.start_mark.index, item_node.end_mark.index)
        table.records.append(Record(path, item_node.start_mark.line + 1, cells, span))
    return table
