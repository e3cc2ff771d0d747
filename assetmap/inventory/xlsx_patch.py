"""Write one row of one worksheet in an .xlsx or .xlsm workbook, and nothing else.

A workbook is a zip of XML parts. Loading and saving it with a spreadsheet library rewrites
every part, and what the library does not understand (charts, images, pivot tables, macros,
some styles and validations) changes or is lost. Here only the worksheet's part is rewritten,
and in it only the cells of the one row; besides it, only when needed: styles.xml gains one
cell format (Excel's quote prefix), an Excel table ending at the last row grows by one row, and
the calculation chain forgets a formula that a new value replaced. Every other member,
[Content_Types].xml and an .xlsm's macros included, is copied byte for byte.

Text is written as an inline string, never a formula; text that a spreadsheet would run as a
formula also gets the quote prefix, so it stays text when someone edits the cell in Excel. A
cell keeps its format, and its column its type: a date stays a date serial, a number a number.

A new row goes after the last row that holds a value. A workbook is a binary file to git, so
two pull requests that both change it conflict wherever their rows are: unlike CSV and YAML,
no place in it merges better than another.

Removing an asset empties its row: each cell loses its value and keeps its format, and the
reader skips blank rows. Deleting the row would shift every row below it, which means
renumbering every reference to them across the workbook (formulas on every sheet, merged
cells, tables, conditional formats, data validations, defined names, charts, pivot caches);
an empty row changes nothing else.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import posixpath
import re
import shutil
import tempfile
import xml.parsers.expat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
    range_boundaries,
)
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, to_excel

from assetmap.inventory.cells import looks_like_formula, neutralise
from assetmap.inventory.ooxml import (
    Element,
    apply_edits,
    children,
    elements,
    escape,
    replace_members,
    set_attribute,
)
from assetmap.inventory.xlsx_parts import Styles, grown_ref, grown_table, without, without_formulas

# Characters XML 1.0 cannot hold, so no worksheet can.
NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Where Excel would read text as an escaped character ('_x0041_' is 'A'); see _inline.
ESCAPE_LIKE = re.compile("(?=_x[0-9A-Fa-f]{4}_)")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d*[1-9])?")
DROPPED = ("r", "t", "cm", "vm")  # a cell's attributes that describe its old value
MAX_ROW = 1_048_576  # Excel's last row
ROW_KEPT = ("spans", "s", "customFormat", "ht", "customHeight")  # what a new row copies


class NotWritable(Exception):
    """A value the workbook cannot take: in ``column`` (1-based), ``code`` and a detail."""

    def __init__(self, column: int | None, code: str, detail: str) -> None:
        super().__init__(detail)
        self.column, self.code, self.detail = column, code, detail


def write_row(path: Path, sheet: str | None, row: int | None, values: dict[int, str]) -> int:
    """Write ``values`` (text by 1-based column) into ``row`` of ``sheet`` (the first sheet
    when None); ``row`` None adds a row after the last row that holds a value. Returns the
    row's number. Raises NotWritable, and then changes nothing."""
    for column, text in values.items():
        bad = NOT_IN_XML.search(text)
        if bad:
            raise NotWritable(column, "not-in-xml", bad.group())
    book = _open(path, sheet)
    book.write_row(row, values)
    if book.row > MAX_ROW:
        raise NotWritable(None, "sheet-full", str(MAX_ROW))
    book.save(path)
    return book.row


def clear_row(path: Path, sheet: str | None, row: int) -> None:
    """Empty every cell of ``row``, keeping each cell's format."""
    book = _open(path, sheet)
    book.clear_row(row)
    book.save(path)


def _open(path: Path, sheet: str | None) -> _Workbook:
    try:
        return _Workbook(path, sheet)
    except (zipfile.BadZipFile, KeyError, StopIteration, IndexError, ValueError,
            xml.parsers.expat.ExpatError) as exc:
        raise NotWritable(None, "unreadable", str(exc) or type(exc).__name__) from None


# --- the package ---------------------------------------------------------------------------


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


class _Workbook:
    def __init__(self, path: Path, sheet: str | None) -> None:
        self.data = path.read_bytes()
        self.zip = zipfile.ZipFile(io.BytesIO(self.data))
        self.new: dict[str, bytes | None] = {}
        book = next(target for _i, kind, target in self._rels("")
                    if kind.endswith("/officeDocument"))
        found = elements(self.zip.read(book), 3)
        sheets = [e for e in found if e.name == "sheet" and e.depth == 3]
        chosen = next((e for e in sheets if e.attrs.get("name") == sheet), None) \
            if sheet is not None else sheets[0]
        if chosen is None:
            raise KeyError(f"no sheet named {sheet!r}")
        rel_id = next(v for k, v in chosen.attrs.items() if k.endswith(":id"))
        self.sheet_part = next(target for i, _kind, target in self._rels(book) if i == rel_id)
        self.sheet_id = chosen.attrs.get("sheetId", "")
        props = next((e for e in found if e.name == "workbookPr"), None)
        date1904 = props is not None and props.attrs.get("date1904") in ("1", "true")
        self.epoch = CALENDAR_MAC_1904 if date1904 else WINDOWS_EPOCH
        typed = {kind.rsplit("/", 1)[-1]: target for _i, kind, target in self._rels(book)}
        self.book, self.chain_part = book, typed.get("calcChain")
        self.styles_part = typed.get("styles")
        self.styles = Styles(self.read(self.styles_part) if self.styles_part else None)
        self.tables = [target for _i, kind, target in self._rels(self.sheet_part)
                       if kind.endswith("/table")]
        self.sheet = _Sheet(self.read(self.sheet_part))
        self.row = 0
        self.formulas_dropped: set[str] = set()

    def read(self, name: str) -> bytes:
        return self.zip.read(name)

    def _rels(self, part: str) -> list[tuple[str, str, str]]:
        """The relationships of ``part`` ('': the package's) inside the package, as (id,
        type, target part)."""
        name = _rels_name(part) if part else "_rels/.rels"
        if name not in self.zip.namelist():
            return []
        found = []
        for rel in elements(self.zip.read(name), 2):
            if rel.name != "Relationship" or rel.attrs.get("TargetMode") == "External":
                continue
            target = rel.attrs.get("Target", "")
            target = target[1:] if target.startswith("/") else \
                posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
            found.append((rel.attrs.get("Id", ""), rel.attrs.get("Type", ""), target))
        return found

    # --- writing ----------------------------------------------------------------------

    def write_row(self, row: int | None, values: dict[int, str]) -> None:
        sheet = self.sheet
        appended = row is None
        self.row = row = sheet.last_row_with_value() + 1 if row is None else row
        old = sheet.cells(row)
        above = sheet.cells(row - 1) if appended and row > 2 else {}
        new = {}
        for col, text in values.items():
            current = old.get(col)
            model = current if current is not None and current.holds_value else \
                self._model(row, col) or current
            new[col] = self._cell(row, col, text, current or above.get(col), model, current)
        for col, cell in above.items():  # a new row takes the formats of the row above
            if col not in new and col not in old and "s" in cell.attrs:
                new[col] = _tag(sheet.prefix, _ref(col, row), _kept(cell), None)
        if row in sheet.rows:
            sheet.replace_cells(row, new)
        else:
            sheet.insert_row(row, new, above_row=sheet.rows.get(row - 1) if above else None)
        sheet.cover(row, max(values, default=1))
        if appended:
            sheet.grow_filter(row)
            for table in self.tables:
                grown = grown_table(self.read(table), row)
                if grown is not None:
                    self.new[table] = grown

    def _model(self, row: int, col: int, reach: int = 100) -> _Cell | None:
        """The nearest cell above ``row`` in ``col`` that holds a value (not the header):
        the column's type."""
        for number in range(row - 1, max(1, row - 1 - reach), -1):
            cell = self.sheet.cells(number).get(col)
            if cell is not None and cell.holds_value:
                return cell
        return None

    def clear_row(self, row: int) -> None:
        self.row = row
        old = self.sheet.cells(row)
        if old:
            self.sheet.replace_cells(row, {col: self._cell(row, col, "", cell, cell, cell)
                                           for col, cell in old.items() if cell.holds_value})

    def _cell(self, row: int, col: int, text: str, styled: _Cell | None,
              model: _Cell | None, old: _Cell | None) -> bytes:
        """The XML of the cell at ``col``, ``row`` holding ``text``, with the format of
        ``styled`` and the type of ``model``; ``old`` is the cell there now."""
        ref = _ref(col, row)
        if old is not None and old.formula is not None:
            _check_formula(old, col)
            self.formulas_dropped.add(ref)
        attrs = _kept(styled) if styled is not None else {}
        if "s" not in attrs and self.sheet.column_style(col) is not None:
            attrs["s"] = self.sheet.column_style(col)
        prefix = self.sheet.prefix
        if text == "":
            return _tag(prefix, ref, attrs, None)
        # The cell's own format says how a number in it reads: a date, or a number.
        dated = self.styles.is_date(int(attrs.get("s", 0)))
        numeric = model is None or model.number or not model.holds_value
        if dated and numeric and _serial(text, self.epoch) is not None:
            serial = _serial(text, self.epoch)
            return _tag(prefix, ref, attrs, f"<{prefix}v>{serial}</{prefix}v>")
        if not dated and model is not None and model.number and _is_number(text):
            return _tag(prefix, ref, attrs, f"<{prefix}v>{text}</{prefix}v>")
        if looks_like_formula(text):
            quoted = self.styles.quoted(int(attrs.get("s", 0)))
            if quoted is not None:
                attrs["s"] = str(quoted)
        # The reader drops one apostrophe before a formula character (cells.unneutralise),
        # so text that starts with apostrophes and one gets one more.
        value = text if looks_like_formula(text) else neutralise(text)
        attrs["t"] = "inlineStr"
        return _tag(prefix, ref, attrs, _inline(prefix, value))

    def save(self, path: Path) -> None:
        self.new[self.sheet_part] = self.sheet.patched()
        if self.styles.changed:
            self.new[self.styles_part] = self.styles.xml
        if self.formulas_dropped and self.chain_part:
            self._forget_formulas()
        data = replace_members(self.data, self.new)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".assetmap-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            shutil.copymode(path, temporary)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _forget_formulas(self) -> None:
        """Take the replaced formulas out of the calculation chain (Excel repairs a
        workbook whose chain names a cell without a formula); a chain left empty goes."""
        chain = without_formulas(self.read(self.chain_part), self.sheet_id,
                                 self.formulas_dropped)
        if chain is not None:
            self.new[self.chain_part] = chain
            return
        self.new[self.chain_part] = None
        rel_id = next(i for i, _kind, target in self._rels(self.book)
                      if target == self.chain_part)
        rels = _rels_name(self.book)
        self.new[rels] = without(self.read(rels), "Relationship", "Id", rel_id)
        self.new["[Content_Types].xml"] = without(self.read("[Content_Types].xml"),
                                                   "Override", "PartName",
                                                   "/" + self.chain_part)


# --- cells -----------------------------------------------------------------------------------


@dataclass
class _Cell:
    column: int
    attrs: dict[str, str]
    formula: dict[str, str] | None
    number: bool  # holds a number (not text, a boolean or an error)
    holds_value: bool
    span: tuple[int, int] = (0, 0)  # offsets in its row's XML

    @property
    def style(self) -> int:
        return int(self.attrs.get("s", 0))


def _ref(col: int, row: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _kept(cell: _Cell) -> dict[str, str]:
    return {k: v for k, v in cell.attrs.items() if k not in DROPPED}


def _tag(prefix: str, ref: str, attrs: dict[str, str], content: str | None) -> bytes:
    attributes = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
    opened = f'<{prefix}c r="{ref}"{attributes}'
    return (f"{opened}/>" if content is None else f"{opened}>{content}</{prefix}c>").encode()


def _inline(prefix: str, text: str) -> str:
    """An inline string. Excel reads '_x0041_' in a cell's text as 'A' (other readers do
    not), so text holding such a sequence is cut into runs that never hold one whole."""
    cuts = [m.start() + 1 for m in ESCAPE_LIKE.finditer(text)]
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    runs = [f'<{prefix}t xml:space="preserve">{escape(p)}</{prefix}t>' for p in pieces]
    if len(runs) > 1:
        runs = [f"<{prefix}r>{run}</{prefix}r>" for run in runs]
    return f"<{prefix}is>{''.join(runs)}</{prefix}is>"


def _check_formula(cell: _Cell, col: int) -> None:
    """A formula that fills a range from this cell (shared, array, data table) cannot lose
    its first cell without breaking the others."""
    ref = cell.formula.get("ref", "")
    if ref and ":" in ref and cell.formula.get("t") in ("shared", "array", "dataTable"):
        raise NotWritable(col, "shared-formula", ref)


def _serial(text: str, epoch: dt.datetime) -> int | None:
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    if day < epoch.date():
        return None
    serial = int(to_excel(day, epoch))
    return serial if from_excel(serial, epoch).date() == day else None


def _is_number(text: str) -> bool:
    """Text a number cell gives back exactly as it is (the reader shows 45.0 as '45')."""
    if not NUMBER.fullmatch(text) or sum(c.isdigit() for c in text) > 15:
        return False
    return repr(float(text)) == text if "." in text else str(int(text)) == text


def _cells(row_xml: bytes) -> dict[int, _Cell]:
    found = elements(row_xml, 3)
    cells: dict[int, _Cell] = {}
    column = 0
    for cell in (e for e in found if e.depth == 2 and e.name == "c"):
        ref = cell.attrs.get("r")
        column = column_index_from_string(coordinate_from_string(ref)[0]) if ref else column + 1
        kids = {k.name: k for k in children(found, cell)}
        formula = kids["f"].attrs if "f" in kids else None
        holds = bool({"v", "is", "f"} & set(kids))
        number = cell.attrs.get("t", "n") == "n" and "v" in kids
        cells[column] = _Cell(column, dict(cell.attrs), formula, number, holds,
                              (cell.start, cell.end))
    return cells


# --- the worksheet -----------------------------------------------------------------------------


class _Sheet:
    """A worksheet's XML, read once; edits are offsets in it, applied by ``patched``."""

    def __init__(self, xml: bytes) -> None:
        self.xml = xml
        self.edits: list[tuple[int, int, bytes]] = []
        found = elements(self.xml, 3, marks=("v", "is", "f"))
        self.prefix = found[0].prefix
        top = {e.name: e for e in reversed(found) if e.depth == 2}
        self.data = top["sheetData"]
        self.dimension, self.filter = top.get("dimension"), top.get("autoFilter")
        self.col_styles = [(int(e.attrs["min"]), int(e.attrs["max"]), e.attrs["style"])
                           for e in found if e.depth == 3 and e.name == "col"
                           and "style" in e.attrs and "min" in e.attrs and "max" in e.attrs]
        self.rows: dict[int, Element] = {}
        self._cells: dict[int, dict[int, _Cell]] = {}
        number = 0
        for element in found:
            if element.depth == 3 and element.name == "row" and \
                    self.data.start < element.start < self.data.end:
                number = int(element.attrs.get("r", number + 1))
                self.rows[number] = element

    def last_row_with_value(self) -> int:
        return max((n for n, e in self.rows.items() if e.marks), default=1)

    def column_style(self, col: int) -> str | None:
        return next((s for low, high, s in self.col_styles if low <= col <= high), None)

    def cells(self, row: int) -> dict[int, _Cell]:
        if row not in self._cells:
            element = self.rows.get(row)
            self._cells[row] = _cells(self.xml[element.start:element.end]) if element else {}
        return self._cells[row]

    def _edit(self, start: int, end: int, new: bytes) -> None:
        self.edits.append((start, end, new))

    def patched(self) -> bytes:
        return apply_edits(self.xml, self.edits)

    def replace_cells(self, row: int, new: dict[int, bytes]) -> None:
        element = self.rows[row]
        xml = self.xml[element.start:element.end]
        if element.open_end == element.end:  # <row r="5"/> becomes <row r="5"></row>
            xml = xml[:-2].rstrip() + f"></{element.qname}>".encode()
        old = _cells(xml)
        edits: dict[tuple[int, int], bytes] = {}
        after_tag = _after_start_tag(xml)
        for col in sorted(new):  # a new cell goes before the first cell to its right
            if col in old:
                edits[old[col].span] = new[col]
                continue
            later = [c.span[0] for c in old.values() if c.column > col]
            at = min(later) if later else max((c.span[1] for c in old.values()),
                                              default=after_tag)
            edits[at, at] = edits.get((at, at), b"") + new[col]
        xml = apply_edits(xml, [(start, end, text) for (start, end), text in edits.items()])
        if "spans" in element.attrs:
            xml = _wider_spans(xml, element.attrs["spans"], max(new, default=1))
        self._edit(element.start, element.end, xml)

    def insert_row(self, row: int, cells: dict[int, bytes], above_row: Element | None) -> None:
        attrs = {k: v for k, v in (above_row.attrs if above_row else {}).items()
                 if k in ROW_KEPT or ":" in k}
        attributes = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
        p = self.prefix
        xml = f'<{p}row r="{row}"{attributes}>'.encode() + b"".join(
            cells[c] for c in sorted(cells)) + f"</{p}row>".encode()
        if "spans" in attrs:
            xml = _wider_spans(xml, attrs["spans"], max(cells, default=1))
        later = [e.start for n, e in self.rows.items() if n > row]
        if later:
            self._edit(min(later), min(later), xml)
        elif self.data.open_end == self.data.end:  # <sheetData/>
            opened = self.xml[self.data.start:self.data.end][:-2].rstrip() + b">"
            self._edit(self.data.start, self.data.end,
                       opened + xml + f"</{self.data.qname}>".encode())
        else:
            at = self.xml.rindex(b"</", self.data.start, self.data.end)
            self._edit(at, at, xml)

    def cover(self, row: int, col: int) -> None:
        """Make the sheet's dimension cover the cell at ``row``, ``col``."""
        if self.dimension is None or "ref" not in self.dimension.attrs:
            return
        low_col, low_row, high_col, high_row = range_boundaries(self.dimension.attrs["ref"])
        if high_row >= row and high_col >= col:
            return
        ref = f"{_ref(low_col, low_row)}:{_ref(max(high_col, col), max(high_row, row))}"
        tag = self.xml[self.dimension.start:self.dimension.open_end]
        self._edit(self.dimension.start, self.dimension.open_end,
                   set_attribute(tag, "ref", ref))

    def grow_filter(self, row: int) -> None:
        if self.filter is None:
            return
        ref = grown_ref(self.filter.attrs.get("ref", ""), row)
        if ref:
            tag = self.xml[self.filter.start:self.filter.open_end]
            self._edit(self.filter.start, self.filter.open_end, set_attribute(tag, "ref", ref))


def _after_start_tag(row_xml: bytes) -> int:
    return elements(row_xml, 1)[0].open_end


def _wider_spans(row_xml: bytes, spans: str, col: int) -> bytes:
    low, _, high = spans.partition(":")
    if not (low.isdigit() and high.isdigit()) or int(high) >= col:
        return row_xml
    end = elements(row_xml, 1)[0].open_end
    return set_attribute(row_xml[:end], "spans", f"{low}:{col}") + row_xml[end:]
