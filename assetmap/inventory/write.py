"""Write one asset back into a steward's inventory, and keep every byte it does not own.

An untouched row, and every column (unknown columns included), comes back byte for byte; a
changed row changes only its own cells. CSV keeps its encoding, byte-order mark, delimiter,
line endings and quoting; YAML keeps every other item's text, comments included; XLSX and
XLSM are patched in place (``xlsx_patch``): every other part of the workbook, macros
included, is copied as it is.

A new row goes right after the row with the greatest id below its own (before the first row
when its id is the smallest). In a file sorted by id it lands in order, and two pull requests
that each add an asset merge cleanly unless both fall between the same two rows; appending
would make every second pull request conflict with the first. (A workbook is a binary file
that git cannot merge, so there the row is appended.)

Text that a spreadsheet would run as a formula is neutralised (``cells``); text a file cannot
hold (Arabic in a Windows-1252 CSV) raises ``CannotWrite``: never a '?' for a lost letter.
"""

from __future__ import annotations

import codecs

import yaml

from assetmap.inventory import xlsx_patch
from assetmap.inventory.cells import visible
from assetmap.inventory.problems import CannotWrite, Problem, UsageError, error
from assetmap.inventory.table import Table, changed_cells, find, neighbour
from assetmap.inventory.write_csv import encoding_problem, upsert_csv

BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE}
WIDE = 2**31  # no folding of long YAML lines


def upsert(table: Table, cells: dict[str, str]) -> str:
    """Change the row whose id is ``cells['id']``, or add a row; return the new file text
    (for XLSX, the file is written and '' is returned). Each value is written without the
    whitespace around it, which reading drops anyway; a cell whose value is unchanged keeps
    its exact text. Raises CannotWrite (and changes nothing) when the file cannot hold a
    value."""
    if table.format != "yaml":  # a YAML item can gain a key; a table needs the column
        _check_columns(table, cells)
    writer = {"csv": upsert_csv, "yaml": _upsert_yaml, "xlsx": _upsert_xlsx}.get(table.format)
    if writer is None:
        raise UsageError(f"{table.file}: cannot write {table.format} files.")
    return writer(table, {column: value.strip() for column, value in cells.items()})


def remove(table: Table, asset_id: str) -> str:
    """The file text without the row ``asset_id``. An XLSX row is emptied in place (see
    ``xlsx_patch``): the file is written and '' is returned."""
    record = find(table, asset_id)
    if record is None:
        raise UsageError(f"{table.file}: no asset with the id '{visible(asset_id)}'.")
    if table.format == "xlsx":
        try:
            xlsx_patch.clear_row(table.file, table.sheet, record.row)
        except xlsx_patch.NotWritable as exc:
            raise CannotWrite(_xlsx_problem(table, record.row, exc, "")) from None
        return ""
    text = table.text
    start, end = record.span
    if table.format == "yaml":  # the whole '- id: ...' item, from its line to the next one
        start = text.rfind("\n", 0, start) + 1
        if end < len(text) and text[end - 1] != "\n":
            end = text.find("\n", end) + 1 or len(text)
    return text[:start] + text[end:]


def save(table: Table, text: str) -> None:
    """Write ``text`` in the file's encoding, after its byte-order mark if it had one. An
    XLSX file was written by ``upsert`` or ``remove``: nothing to do."""
    if table.format == "xlsx":
        return
    try:
        data = text.encode(table.encoding)
    except UnicodeEncodeError as exc:
        lost = exc.object[exc.start:exc.end]
        raise CannotWrite(encoding_problem(table, None, None, lost)) from None
    bom = BOMS.get(codecs.lookup(table.encoding).name, b"") if table.bom else b""
    table.file.write_bytes(bom + data)


def _check_columns(table: Table, cells: dict[str, str]) -> None:
    missing = [c for c in cells if c not in table.columns]
    if missing:
        raise UsageError(f"{table.file}: no column {', '.join(missing)}; add it to the header "
                         "row first.")


# --- problems ------------------------------------------------------------------------------


def _xlsx_problem(table: Table, row: int | None, exc: xlsx_patch.NotWritable,
                  value: str) -> Problem:
    index = (exc.column or 0) - 1
    column = table.columns[index] if 0 <= index < len(table.columns) else None
    if exc.code == "shared-formula":
        return error(table.file, row, column, "shared-formula", value,
                     f"In {table.file.name}, the cell for '{column}' in row {row} holds a "
                     f"formula that the cells {exc.detail} share; writing a value into it "
                     "would break them. A steward can replace those formulas by their values "
                     "(Copy, then Paste Values), then add the 'approved' label again.")
    if exc.code == "sheet-full":
        return error(table.file, row, column, "sheet-full", value,
                     f"The sheet in {table.file.name} has a value in its last row "
                     f"({exc.detail}), so no row can be added after it. A steward can delete "
                     "the rows below the inventory, then add the 'approved' label again.")
    if exc.code == "unreadable":
        return error(table.file, row, column, "unreadable-xlsx", value,
                     f"The workbook {table.file.name} cannot be written ({exc.detail}). A "
                     "steward can open it in Excel, save it again as an Excel Workbook, "
                     "then add the 'approved' label again.")
    char = exc.detail
    return error(table.file, row, column, "cannot-encode", value,
                 f"The inventory file {table.file.name} is an Excel workbook, which cannot "
                 f"hold the character U+{ord(char):04X} that is in the answer for '{column}': "
                 f"'{visible(value)}'. Edit the issue to remove it; a steward then adds the "
                 "'approved' label again.")


# --- YAML --------------------------------------------------------------------------------


def _yaml_block(item: dict, indent: int) -> str:
    dumped = yaml.safe_dump(item, allow_unicode=True, sort_keys=False, width=WIDE)
    lines = dumped.rstrip("\n").split("\n")
    return lines[0] + "".join("\n" + " " * indent + line for line in lines[1:])


def _yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar on one line (a line break is written as '\\n')."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=WIDE)
    if "\n" in dumped.removesuffix("\n...\n").rstrip("\n"):
        dumped = yaml.safe_dump(value, allow_unicode=True, width=WIDE, default_style='"')
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _content_end(node: yaml.Node) -> int:
    """Where the last value written in ``node`` ends (a block's own end mark can reach
    past comments up to the next item)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value \
            and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark.index


def _end_of_line(text: str, index: int) -> int:
    """Where the line that ``index`` ends, or is on, ends: its '\n' (or the end of text)."""
    if index > 0 and text[index - 1] == "\n":
        return index - 1
    found = text.find("\n", index)
    return len(text) if found < 0 else found


def _insert_yaml(table: Table, item: dict, new_id: str) -> str:
    text = table.text
    sequence = yaml.compose(text, Loader=yaml.SafeLoader)
    record, after = neighbour(table, new_id)
    nodes = sequence.value
    dash = sequence.start_mark.column
    indent = nodes[0].start_mark.column if nodes else dash + 2
    block = " " * dash + "-" + " " * (indent - dash - 1) + _yaml_block(item, indent) + "\n"
    if record is None:
        at = len(text)
    else:
        node = nodes[table.records.index(record)]
        at = min(len(text), _end_of_line(text, _content_end(node)) + 1) if after else \
            text.rfind("\n", 0, node.start_mark.index) + 1
    if at == len(text) and text and not text.endswith("\n"):
        block = "\n" + block
    return text[:at] + block + text[at:]


def _upsert_yaml(table: Table, cells: dict[str, str]) -> str:
    text = table.text
    record = find(table, cells["id"])
    by_column = {column: header for header, column in zip(table.headers, table.columns)}
    if record is None:
        return _insert_yaml(table, {by_column.get(k, k): v for k, v in cells.items() if v},
                            cells["id"])
    node = yaml.compose(text, Loader=yaml.SafeLoader).value[table.records.index(record)]
    keys = {key.value: (key, value) for key, value in node.value}
    edits: list[tuple[int, int, str]] = []
    for column, value in changed_cells(record, cells).items():
        key = by_column.get(column, column)
        if key in keys:
            key_node, value_node = keys[key]
            if isinstance(value_node, yaml.ScalarNode):
                end = value_node.end_mark.index
                if value_node.style in ("|", ">"):  # a block scalar: keep its last line break
                    end = _end_of_line(text, end)
                edits.append((value_node.start_mark.index, end, _yaml_scalar(value)))
            else:  # a block list or mapping becomes one line: "key: a; b"
                end = _content_end(value_node)
                end = end if value_node.flow_style else _end_of_line(text, end)
                edits.append((key_node.end_mark.index, end, f": {_yaml_scalar(value)}"))
        else:  # a new key goes on its own line after the item's last value
            last = _end_of_line(text, _content_end(node))
            indent = " " * node.start_mark.column
            edits.append((last, last, f"\n{indent}{key}: {_yaml_scalar(value)}"))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


# --- XLSX --------------------------------------------------------------------------------


def _upsert_xlsx(table: Table, cells: dict[str, str]) -> str:
    record = find(table, cells["id"])
    changes = changed_cells(record, cells) if record else cells
    values = {index: changes[column] for index, column in enumerate(table.columns, start=1)
              if column and column in changes}
    try:
        xlsx_patch.write_row(table.file, table.sheet, record.row if record else None, values)
    except xlsx_patch.NotWritable as exc:
        value = values.get(exc.column or 0, "")
        raise CannotWrite(_xlsx_problem(table, record.row if record else None, exc,
                                        value)) from None
    return ""
