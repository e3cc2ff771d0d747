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
import csv
import io
import re
from dataclasses import dataclass

import yaml

from assetmap.inventory import schema, xlsx_patch
from assetmap.inventory.cells import neutralise, visible
from assetmap.inventory.problems import Problem, UsageError, error
from assetmap.inventory.read import Record, Table

BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE}
# A number is written as it is: it cannot run anything (cells.neutralise).
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
WIDE = 2**31  # no folding of long YAML lines


class CannotWrite(UsageError):
    """A value the inventory file cannot hold; ``problem`` says which and what to do."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def find(table: Table, asset_id: str) -> Record | None:
    return next((r for r in table.records if r.cells.get("id") == asset_id), None)


def upsert(table: Table, cells: dict[str, str]) -> str:
    """Change the row whose id is ``cells['id']``, or add a row; return the new file text
    (for XLSX, the file is written and '' is returned). Each value is written without the
    whitespace around it, which reading drops anyway; a cell whose value is unchanged keeps
    its exact text. Raises CannotWrite (and changes nothing) when the file cannot hold a
    value."""
    if table.format != "yaml":  # a YAML item can gain a key; a table needs the column
        _check_columns(table, cells)
    writer = {"csv": _upsert_csv, "yaml": _upsert_yaml, "xlsx": _upsert_xlsx}.get(table.format)
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
        raise CannotWrite(_encoding_problem(table, None, None, lost)) from None
    bom = BOMS.get(codecs.lookup(table.encoding).name, b"") if table.bom else b""
    table.file.write_bytes(bom + data)


def _check_columns(table: Table, cells: dict[str, str]) -> None:
    missing = [c for c in cells if c not in table.columns]
    if missing:
        raise UsageError(f"{table.file}: no column {', '.join(missing)}; add it to the header "
                         "row first.")


def _changes(record: Record, cells: dict[str, str]) -> dict[str, str]:
    return {c: v for c, v in cells.items() if v != record.cells.get(c, "")}


def _neighbour(table: Table, new_id: str) -> tuple[Record | None, bool]:
    """Where a new row goes: after (True) or before (False) this record; None: at the end."""
    ids = [(r.cells.get("id", ""), index, r) for index, r in enumerate(table.records)
           if r.span is not None]
    below = [entry for entry in ids if entry[0] < new_id]
    if below:
        return max(below)[2], True
    if ids:
        return min(ids)[2], False
    return None, True


# --- problems ------------------------------------------------------------------------------


def _unencodable(text: str, encoding: str) -> list[str]:
    bad: dict[str, None] = {}
    for char in text:
        try:
            char.encode(encoding)
        except UnicodeEncodeError:
            bad.setdefault(char)
    return list(bad)


def _encoding_problem(table: Table, row: int | None, column: str | None,
                      value: str) -> Problem:
    chars = _unencodable(value, table.encoding)
    listed = ", ".join(f"'{visible(c)}' (U+{ord(c):04X})" for c in chars[:5])
    where = f" in the answer for '{column}'" if column else ""
    if codecs.lookup(table.encoding).name == "cp1252":
        saved = ("is saved as \"CSV (Comma delimited)\", in the Windows-1252 encoding, which "
                 f"cannot hold {listed}{where}: '{visible(value)}'")
        fix = ("A steward can open the file in Excel, save it as \"CSV UTF-8 (Comma "
               "delimited)\" (File > Save As), commit it, then add the 'approved' label to the "
               "issue again. Or the answer can be written without these characters: edit the "
               "issue, and a steward adds the 'approved' label again.")
    else:
        saved = f"is in {table.encoding}, which cannot hold {listed}{where}"
        fix = "Edit the issue to remove these characters; a steward then adds the " \
              "'approved' label again."
    return error(table.file, row, column, "cannot-encode", value,
                 f"The inventory file {table.file.name} {saved}. Nothing was written, so no "
                 f"letter is lost. {fix}")


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


# --- CSV ---------------------------------------------------------------------------------


def _csv_text(column: str, value: str) -> str:
    """What a CSV cell holds for ``value``: a number in a number column as it is, any other
    text neutralised, as the exports write them (``cells.neutralise``)."""
    if column in schema.NUMBERS and NUMBER.fullmatch(value):
        return value
    return neutralise(value)


def _record(text: str, start: int, delimiter: str) -> tuple[list[tuple[int, int, bool]], int]:
    """The fields of the CSV record at ``start``, as (start, end, quoted), and where the
    record ends (after its line ending). Reads like the csv module's default dialect."""
    stop = re.compile(f"[{re.escape(delimiter)}\r\n]")
    fields: list[tuple[int, int, bool]] = []
    i = start
    while True:
        quoted = text.startswith('"', i)
        after = i
        if quoted:
            after = i + 1
            while True:
                after = text.find('"', after)
                if after < 0:
                    after = len(text)
                    break
                if not text.startswith('""', after):
                    after += 1
                    break
                after += 2
        found = stop.search(text, after)
        end = found.start() if found else len(text)
        fields.append((i, end, quoted))
        if found is None:
            return fields, len(text)
        if text[end] == delimiter:
            i = end + 1
            continue
        return fields, end + (2 if text.startswith("\r\n", end) else 1)


@dataclass
class _Quoting:
    """How the file quotes: minimally (only where needed), or every field of some kinds
    (text, empty, number) even where no quote is needed (a quote-all file)."""

    delimiter: str
    kinds: frozenset[str] = frozenset()

    def needed(self, value: str) -> bool:
        return any(c in value for c in (self.delimiter, '"', "\r", "\n"))

    def field(self, value: str) -> str:
        if self.needed(value) or _kind(value) in self.kinds:
            return '"' + value.replace('"', '""') + '"'
        return value


def _kind(value: str) -> str:
    return "empty" if not value else "number" if NUMBER.fullmatch(value) else "text"


def _quoting(table: Table, sample: int = 100) -> _Quoting:
    """The file's quoting, from its header and first rows."""
    quoting = _Quoting(table.delimiter)
    seen = {"empty": [0, 0], "number": [0, 0], "text": [0, 0]}  # [quoted, bare]
    starts = [0] + [r.span[0] for r in table.records[:sample] if r.span]
    for start in starts:
        for begin, end, quoted in _record(table.text, start, table.delimiter)[0]:
            raw = table.text[begin:end]
            value = raw[1:-1].replace('""', '"') if quoted else raw
            if not quoting.needed(value):
                seen[_kind(value)][0 if quoted else 1] += 1
    if seen["text"][1] or not seen["text"][0]:
        return quoting
    return _Quoting(table.delimiter, frozenset(k for k, (_q, bare) in seen.items() if not bare))


def _parsed(line: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter), [])


def _upsert_csv(table: Table, cells: dict[str, str]) -> str:
    record = find(table, cells["id"])
    changes = _changes(record, cells) if record else cells
    for column, value in changes.items():
        if _unencodable(_csv_text(column, value), table.encoding):
            raise CannotWrite(_encoding_problem(table, record.row if record else None,
                                                column, value))
    quoting = _quoting(table)
    if record is None:
        values = [_csv_text(column, cells.get(column, "")) for column in table.columns]
        return _insert_csv(table, table.delimiter.join(map(quoting.field, values)), cells["id"])
    if not changes:
        return table.text
    start, end = record.span
    fields, record_end = _record(table.text, start, table.delimiter)
    ending = table.text[_line_end(table.text, start, end):end]
    pieces = [table.text[a:b] for a, b, _quoted in fields]
    expected = list(record.raw)
    for index, column in enumerate(table.columns):
        if column in changes:
            while len(pieces) <= index:
                pieces.append(quoting.field(""))
                expected.append("")
            pieces[index] = quoting.field(_csv_text(column, changes[column]))
            expected[index] = _csv_text(column, changes[column])
    line = table.delimiter.join(pieces)
    if record_end != end or len(fields) != len(record.raw) or \
            _parsed(line, table.delimiter) != expected:  # a line this reading got wrong
        line = table.delimiter.join(map(quoting.field, expected))
    return table.text[:start] + line + ending + table.text[end:]


def _line_end(text: str, start: int, end: int) -> int:
    """Where the line ending of the record text[start:end] begins (end when it has none)."""
    if text.endswith("\r\n", start, end):
        return end - 2
    return end - 1 if end > start and text[end - 1] in "\r\n" else end


def _insert_csv(table: Table, line: str, new_id: str) -> str:
    text, newline = table.text, table.newline
    record, after = _neighbour(table, new_id)
    at = len(text) if record is None else record.span[1] if after else record.span[0]
    if at == len(text) and text and not text.endswith(("\n", "\r")):
        return text + newline + line  # the last line keeps having no line ending
    return text[:at] + line + newline + text[at:]


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
    record, after = _neighbour(table, new_id)
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
    for column, value in _changes(record, cells).items():
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
    changes = _changes(record, cells) if record else cells
    values = {index: changes[column] for index, column in enumerate(table.columns, start=1)
              if column and column in changes}
    try:
        xlsx_patch.write_row(table.file, table.sheet, record.row if record else None, values)
    except xlsx_patch.NotWritable as exc:
        value = values.get(exc.column or 0, "")
        raise CannotWrite(_xlsx_problem(table, record.row if record else None, exc,
                                        value)) from None
    return ""
