"""Write one asset back into a CSV inventory (``write`` chooses the writer): a changed row
keeps the exact text of its other cells, a new row goes beside its neighbours by id, and the
file keeps its encoding, delimiter, line endings and quoting. Text the file's encoding cannot
hold raises ``CannotWrite``, with a problem that says what to do.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

from assetmap.inventory import schema
from assetmap.inventory.cells import neutralise, visible
from assetmap.inventory.problems import CannotWrite, Problem, error
from assetmap.inventory.table import Table, changed_cells, find, neighbour

# A number is written as it is: it cannot run anything (cells.neutralise).
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _unencodable(text: str, encoding: str) -> list[str]:
    bad: dict[str, None] = {}
    for char in text:
        try:
            char.encode(encoding)
        except UnicodeEncodeError:
            bad.setdefault(char)
    return list(bad)


def encoding_problem(table: Table, row: int | None, column: str | None,
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


def upsert_csv(table: Table, cells: dict[str, str]) -> str:
    record = find(table, cells["id"])
    changes = changed_cells(record, cells) if record else cells
    for column, value in changes.items():
        if _unencodable(_csv_text(column, value), table.encoding):
            raise CannotWrite(encoding_problem(table, record.row if record else None,
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
    record, after = neighbour(table, new_id)
    at = len(text) if record is None else record.span[1] if after else record.span[0]
    if at == len(text) and text and not text.endswith(("\n", "\r")):
        return text + newline + line  # the last line keeps having no line ending
    return text[:at] + line + newline + text[at:]
