"""One worksheet of a workbook as XML, and its cells: what ``xlsx_patch`` reads of a row and
writes back. A row is found by its ``<row r="N">`` element, and only that element changes;
cells are written as inline strings, date serials or numbers, never formulas.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    range_boundaries,
)
from openpyxl.utils.datetime import from_excel, to_excel

from assetmap.inventory.ooxml import (
    Element,
    apply_edits,
    children,
    elements,
    escape,
    set_attribute,
)
from assetmap.inventory.xlsx_parts import cell_ref, grown_ref

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


@dataclass
class Cell:
    column: int
    attrs: dict[str, str]
    formula: dict[str, str] | None
    number: bool  # holds a number (not text, a boolean or an error)
    holds_value: bool
    span: tuple[int, int] = (0, 0)  # offsets in its row's XML

    @property
    def style(self) -> int:
        return int(self.attrs.get("s", 0))


def kept(cell: Cell) -> dict[str, str]:
    return {k: v for k, v in cell.attrs.items() if k not in DROPPED}


def tag(prefix: str, ref: str, attrs: dict[str, str], content: str | None) -> bytes:
    attributes = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
    opened = f'<{prefix}c r="{ref}"{attributes}'
    return (f"{opened}/>" if content is None else f"{opened}>{content}</{prefix}c>").encode()


def inline(prefix: str, text: str) -> str:
    """An inline string. Excel reads '_x0041_' in a cell's text as 'A' (other readers do
    not), so text holding such a sequence is cut into runs that never hold one whole."""
    cuts = [m.start() + 1 for m in ESCAPE_LIKE.finditer(text)]
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    runs = [f'<{prefix}t xml:space="preserve">{escape(p)}</{prefix}t>' for p in pieces]
    if len(runs) > 1:
        runs = [f"<{prefix}r>{run}</{prefix}r>" for run in runs]
    return f"<{prefix}is>{''.join(runs)}</{prefix}is>"


def check_formula(cell: Cell, col: int) -> None:
    """A formula that fills a range from this cell (shared, array, data table) cannot lose
    its first cell without breaking the others."""
    ref = cell.formula.get("ref", "")
    if ref and ":" in ref and cell.formula.get("t") in ("shared", "array", "dataTable"):
        raise NotWritable(col, "shared-formula", ref)


def date_serial(text: str, epoch: dt.datetime) -> int | None:
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


def is_number(text: str) -> bool:
    """Text a number cell gives back exactly as it is (the reader shows 45.0 as '45')."""
    if not NUMBER.fullmatch(text) or sum(c.isdigit() for c in text) > 15:
        return False
    return repr(float(text)) == text if "." in text else str(int(text)) == text


def row_cells(row_xml: bytes) -> dict[int, Cell]:
    found = elements(row_xml, 3)
    cells: dict[int, Cell] = {}
    column = 0
    for cell in (e for e in found if e.depth == 2 and e.name == "c"):
        ref = cell.attrs.get("r")
        column = column_index_from_string(coordinate_from_string(ref)[0]) if ref else column + 1
        kids = {k.name: k for k in children(found, cell)}
        formula = kids["f"].attrs if "f" in kids else None
        holds = bool({"v", "is", "f"} & set(kids))
        number = cell.attrs.get("t", "n") == "n" and "v" in kids
        cells[column] = Cell(column, dict(cell.attrs), formula, number, holds,
                              (cell.start, cell.end))
    return cells


class Sheet:
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
        self._cells: dict[int, dict[int, Cell]] = {}
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

    def cells(self, row: int) -> dict[int, Cell]:
        if row not in self._cells:
            element = self.rows.get(row)
            self._cells[row] = row_cells(self.xml[element.start:element.end]) if element else {}
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
        old = row_cells(xml)
        edits: dict[tuple[int, int], bytes] = {}
        after_tag = after_start_tag(xml)
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
            xml = wider_spans(xml, element.attrs["spans"], max(new, default=1))
        self._edit(element.start, element.end, xml)

    def insert_row(self, row: int, cells: dict[int, bytes], above_row: Element | None) -> None:
        attrs = {k: v for k, v in (above_row.attrs if above_row else {}).items()
                 if k in ROW_KEPT or ":" in k}
        attributes = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
        p = self.prefix
        xml = f'<{p}row r="{row}"{attributes}>'.encode() + b"".join(
            cells[c] for c in sorted(cells)) + f"</{p}row>".encode()
        if "spans" in attrs:
            xml = wider_spans(xml, attrs["spans"], max(cells, default=1))
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
        ref = f"{cell_ref(low_col, low_row)}:{cell_ref(max(high_col, col), max(high_row, row))}"
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


def after_start_tag(row_xml: bytes) -> int:
    return elements(row_xml, 1)[0].open_end


def wider_spans(row_xml: bytes, spans: str, col: int) -> bytes:
    low, _, high = spans.partition(":")
    if not (low.isdigit() and high.isdigit()) or int(high) >= col:
        return row_xml
    end = elements(row_xml, 1)[0].open_end
    return set_attribute(row_xml[:end], "spans", f"{low}:{col}") + row_xml[end:]
