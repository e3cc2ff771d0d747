"""Read an inventory: CSV (UTF-8 with or without BOM, UTF-16 with a BOM as Excel's "Unicode
Text" writes it, or Windows-1252; comma, semicolon or tab), XLSX (first sheet or a named one:
``assetmap.inventory.workbook``) and YAML (a list of assets), each into a ``Table``
(``assetmap.inventory.table``).

Reading never raises for a problem in the data: it returns ``Problem`` objects. Only a problem
with the command (no such path, an unsupported format) raises ``UsageError``. No file is read
past the limits in ``assetmap.inventory.limits``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assetmap.inventory import limits, safe_yaml
from assetmap.inventory.cells import EXCEL_CELL_LIMIT
from assetmap.inventory.problems import FileRefused, UsageError, error, warning
from assetmap.inventory.table import (
    Record,
    Table,
    add_row,
    cell_text,
    set_header,
    shortened,
    too_long,
)
from assetmap.inventory.workbook import read_xlsx

__all__ = ["Record", "Table", "inventory_files", "read_table", "read_csv", "read_xlsx",
           "read_yaml"]

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
YAML_SUFFIXES = {".yml", ".yaml"}
TAXONOMY_FILES = {"categories.yml", "categories.yaml", "neighbourhoods.yml", "neighbourhoods.yaml",
                  "audiences.yml", "audiences.yaml"}


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

UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


def _refused(table: Table, exc: FileRefused) -> Table:
    table.problems.append(error(table.file, exc.line, None, exc.code, None, exc.message))
    return table


def _decode_utf16(path: Path, data: bytes, table: Table) -> str | None:
    """Excel's "Unicode Text" (tab-separated UTF-16, little-endian, with a byte-order mark)."""
    encoding = UTF16_BOMS[data[:2]]
    try:
        text = data[2:].decode(encoding)
    except UnicodeDecodeError:
        table.problems.append(error(path, None, None, "unknown-encoding", encoding,
                                    "This file starts like UTF-16 text (Excel's 'Unicode "
                                    "Text') but is not valid UTF-16. Save it again as "
                                    "'CSV UTF-8'."))
        return None
    if "\x00" in text[:4096]:
        table.problems.append(error(path, None, None, "not-text", None,
                                    "This file is not a text CSV file (it contains binary "
                                    "data). Export the spreadsheet as 'CSV UTF-8' or .xlsx."))
        return None
    table.encoding, table.bom = encoding, True
    table.problems.append(warning(path, None, None, "not-utf8", encoding,
                                  "This file is UTF-16 text (Excel's 'Unicode Text'). It was "
                                  "read, but save it as 'CSV UTF-8', the format every tool "
                                  "reads."))
    return text


def _decode(path: Path, data: bytes, table: Table) -> str | None:
    if data[:2] in UTF16_BOMS:
        return _decode_utf16(path, data, table)
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
        data = limits.read_bytes(path, limits.TEXT_INVENTORY)
    except FileRefused as exc:
        return _refused(table, exc)
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror}).") from None
    text = _decode(path, data, table)
    del data
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
        with limits.csv_fields_up_to(len(text)):  # a long cell is reported, not a csv.Error
            for number, cells in enumerate(reader, start=1):
                span, start = (start, lines.pos), lines.pos
                if number == 1:
                    set_header(table, cells)
                    continue
                add_row(table, number, cells, span)
    except csv.Error as exc:
        table.problems.append(error(path, reader.line_num, None, "bad-csv", None,
                                    f"The CSV cannot be read past this row ({exc}). Check for "
                                    "a quote (\") that is opened and never closed."))
    return table


# --- YAML --------------------------------------------------------------------------------


def _yaml_text(value) -> str:
    if isinstance(value, list):
        return "; ".join(_yaml_text(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return cell_text(value)


def read_yaml(path: Path) -> Table:
    table = Table(path, "yaml")
    try:
        document = safe_yaml.read(path, limits.YAML_INVENTORY)
    except FileRefused as exc:
        return _refused(table, exc)
    table.text, data = document.text, document.data
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
    columns = list(dict.fromkeys(str(key) for item in data for key in item))
    set_header(table, columns)
    by_name = dict(zip(columns, table.columns))
    for item, item_node in zip(data, document.node.value):
        row = item_node.start_mark.line + 1
        cells = dict.fromkeys(filter(None, table.columns), "")
        cells.update({by_name[str(k)]: _yaml_text(v).strip() for k, v in item.items()
                      if by_name[str(k)]})
        for column, text in cells.items():
            if len(text) > EXCEL_CELL_LIMIT:
                too_long(table, row, column, text)
                cells[column] = shortened(text)  # as in add_row
        span = (item_node.start_mark.index, item_node.end_mark.index)
        table.records.append(Record(path, row, cells, span))
    return table
