"""Write an inventory back without losing anything.

An untouched row, and every column (unknown columns included), comes back byte for byte; a
changed row changes only its own cells. CSV keeps its encoding, byte-order mark, delimiter and
line endings; YAML keeps every other item's text; XLSX keeps every other cell.
"""

from __future__ import annotations

import csv
import io

import yaml

from .problems import Problem, UsageError
from .read import Record, Table


class CannotWrite(Exception):
    """The change cannot be written into this file as it is: ``problem`` says why and what a
    person can do."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def find(table: Table, asset_id: str) -> Record | None:
    return next((r for r in table.records if r.cells.get("id") == asset_id), None)


def _check_columns(table: Table, cells: dict[str, str]) -> None:
    missing = [c for c in cells if c not in table.columns]
    if missing:
        raise UsageError(f"{table.file}: no column {', '.join(missing)}; add it to the header "
                         "row first.")


def upsert(table: Table, cells: dict[str, str]) -> str:
    """Change the row whose id is ``cells['id']``, or add a row; return the new file text
    (for XLSX, the file is saved and '' is returned)."""
    if table.format != "yaml":  # a YAML item can gain a key; a table needs the column
        _check_columns(table, cells)
    writer = {"csv": _upsert_csv, "yaml": _upsert_yaml, "xlsx": _upsert_xlsx}.get(table.format)
    if writer is None:
        raise UsageError(f"{table.file}: cannot write {table.format} files.")
    return writer(table, cells)


def save(table: Table, text: str) -> None:
    data = text.encode(table.encoding)
    table.file.write_bytes((b"\xef\xbb\xbf" if table.bom else b"") + data)


# --- CSV ---------------------------------------------------------------------------------


def _csv_line(table: Table, cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=table.delimiter, lineterminator=table.newline).writerow(cells)
    return buffer.getvalue()


def _upsert_csv(table: Table, cells: dict[str, str]) -> str:
    text = table.text
    record = find(table, cells["id"])
    if record is None:
        row = [cells.get(column, "") for column in table.columns]
        if text and not text.endswith(("\n", "\r")):
            text += table.newline
        return text + _csv_line(table, row)
    raw = list(record.raw) + [""] * (len(table.columns) - len(record.raw))
    for index, column in enumerate(table.columns):
        if column in cells and cells[column] != record.cells.get(column, ""):
            raw[index] = cells[column]
    start, end = record.span
    old = text[start:end]
    line = _csv_line(table, raw)
    if not old.endswith(("\n", "\r")):
        line = line.rstrip("\r\n")
    return text[:start] + line + text[end:]


# --- YAML --------------------------------------------------------------------------------


def _yaml_block(item: dict, indent: int) -> str:
    dumped = yaml.safe_dump(item, allow_unicode=True, sort_keys=False, width=1000).rstrip("\n")
    lines = dumped.split("\n")
    return lines[0] + "".join("\n" + " " * indent + line for line in lines[1:])


def _yaml_scalar(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=10_000).removesuffix("\n...\n")\
        .rstrip("\n")


def _upsert_yaml(table: Table, cells: dict[str, str]) -> str:
    text = table.text
    record = find(table, cells["id"])
    by_column = {column: header for header, column in zip(table.headers, table.columns)}
    if record is None:
        item = {by_column.get(k, k): v for k, v in cells.items() if v}
        if text and not text.endswith("\n"):
            text += "\n"
        return text + "- " + _yaml_block(item, 2) + "\n"
    node = yaml.compose(text, Loader=yaml.SafeLoader).value[table.records.index(record)]
    keys = {key.value: (key, value) for key, value in node.value}
    edits: list[tuple[int, int, str]] = []
    for column, value in cells.items():
        if value == record.cells.get(column, ""):
            continue
        key = by_column.get(column, column)
        if key in keys:
            key_node, value_node = keys[key]
            if isinstance(value_node, yaml.ScalarNode):
                edits.append((value_node.start_mark.index, value_node.end_mark.index,
                              _yaml_scalar(value)))
            else:  # a block list or mapping becomes one line: "key: a; b"
                end = text.rfind("\n", key_node.end_mark.index, value_node.end_mark.index)
                edits.append((key_node.end_mark.index, end, f": {_yaml_scalar(value)}"))
        else:  # a new key goes on its own line after the item's last value
            last = node.value[-1][1].end_mark.index
            indent = " " * node.start_mark.column
            edits.append((last, last, f"\n{indent}{key}: {_yaml_scalar(value)}"))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


# --- XLSX --------------------------------------------------------------------------------


def _upsert_xlsx(table: Table, cells: dict[str, str]) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(table.file)
    sheet = workbook[table.sheet] if table.sheet else workbook.worksheets[0]
    record = find(table, cells["id"])
    row = record.row if record else sheet.max_row + 1
    for index, column in enumerate(table.columns, start=1):
        if column in cells and (record is None or cells[column] != record.cells.get(column)):
            sheet.cell(row=row, column=index, value=cells[column] or None)
    workbook.save(table.file)
    return ""


def remove(table: Table, asset_id: str) -> str:
    """The file text without the row ``asset_id`` (XLSX: saved, '' returned)."""
    record = find(table, asset_id)
    if table.format == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(table.file)
        sheet = workbook[table.sheet] if table.sheet else workbook.worksheets[0]
        sheet.delete_rows(record.row)
        workbook.save(table.file)
        return ""
    text = table.text
    start, end = record.span
    if table.format == "yaml":  # the whole '- id: ...' item, from its line to the next one
        start = text.rfind("\n", 0, start) + 1
        if end < len(text) and text[end - 1] != "\n":
            end = text.find("\n", end) + 1 or len(text)
    return text[:start] + text[end:]
