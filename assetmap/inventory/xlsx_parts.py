"""The parts of a workbook besides the worksheet that writing one row may touch: the cell
formats (styles.xml), an Excel table's range (xl/tables/*.xml) and the calculation chain
(xl/calcChain.xml). Each is changed in the few bytes that must change, as ``xlsx_patch`` does
for the worksheet.
"""

from __future__ import annotations

from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.cell import get_column_letter, range_boundaries

from assetmap.inventory.ooxml import apply_edits, children, elements, set_attribute


def cell_ref(col: int, row: int) -> str:
    """(3, 7) -> 'C7'."""
    return f"{get_column_letter(col)}{row}"


def grown_ref(ref: str, row: int) -> str | None:
    """``ref`` with one more row, when it ends just above ``row``."""
    try:
        low_col, low_row, high_col, high_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return None
    if high_row != row - 1:
        return None
    return f"{cell_ref(low_col, low_row)}:{cell_ref(high_col, row)}"


def grown_table(xml: bytes, row: int) -> bytes | None:
    """An Excel table (xl/tables/*.xml) that ended just above the new row, one row longer;
    None when it does not grow. A table with a totals row does not: its last row is not
    data."""
    found = elements(xml, 2)
    table = found[0]
    if table.attrs.get("totalsRowCount", "0") != "0":
        return None
    ref = grown_ref(table.attrs.get("ref", ""), row)
    if ref is None:
        return None
    edits = [(table.start, table.open_end, set_attribute(xml[table.start:table.open_end],
                                                          "ref", ref))]
    for child in found[1:]:
        if child.depth == 2 and child.name == "autoFilter":
            grown = grown_ref(child.attrs.get("ref", ""), row)
            if grown:
                edits.append((child.start, child.open_end,
                              set_attribute(xml[child.start:child.open_end], "ref", grown)))
    return apply_edits(xml, edits)


def without(xml: bytes, name: str, attribute: str, value: str) -> bytes:
    """``xml`` without its elements (below the root) ``name`` whose ``attribute`` is
    ``value``."""
    for element in reversed(elements(xml, 2)):
        if element.depth == 2 and element.name == name and \
                element.attrs.get(attribute) == value:
            xml = xml[:element.start] + xml[element.end:]
    return xml


def without_formulas(xml: bytes, sheet_id: str, refs: set[str]) -> bytes | None:
    """The calculation chain without the cells ``refs`` of the sheet ``sheet_id`` (an entry
    without 'i' is on the sheet of the entry before it); None when no entry is left."""
    entries = [e for e in elements(xml, 2) if e.depth == 2 and e.name == "c"]
    edits: list[tuple[int, int, bytes]] = []
    current, pending, kept = None, None, 0
    for entry in entries:
        current = entry.attrs.get("i", current)
        if current == sheet_id and entry.attrs.get("r") in refs:
            pending = entry.attrs.get("i", pending)  # the next entry inherits the sheet
            edits.append((entry.start, entry.end, b""))
            continue
        kept += 1
        if pending is not None and "i" not in entry.attrs:
            tag = xml[entry.start:entry.open_end]
            edits.append((entry.start, entry.open_end, set_attribute(tag, "i", pending)))
        pending = None
    if not kept:
        return None
    return apply_edits(xml, edits)


# --- styles ------------------------------------------------------------------------------------


class Styles:
    """The workbook's cell formats (``cellXfs``): which are dates, and one with the quote
    prefix for a given one."""

    def __init__(self, xml: bytes | None) -> None:
        self.xml = xml
        self.changed = False
        if xml is not None:
            self._scan()

    def _scan(self) -> None:
        found = elements(self.xml, 3)
        top = {e.name: e for e in found if e.depth == 2}
        self.formats = {e.attrs.get("numFmtId"): e.attrs.get("formatCode")
                        for e in found if e.depth == 3 and e.name == "numFmt"}
        self.cell_xfs = top.get("cellXfs")
        self.xfs = children(found, self.cell_xfs) if self.cell_xfs else []

    def is_date(self, index: int) -> bool:
        """As openpyxl reads it: a number in this format is read as a date."""
        if self.xml is None or not 0 <= index < len(self.xfs):
            return False
        number_format = self.xfs[index].attrs.get("numFmtId", "0")
        code = self.formats.get(number_format)
        if code is None and number_format.isdigit():
            code = builtin_format_code(int(number_format))
        return is_date_format(code) and not is_timedelta_format(code)

    def quoted(self, index: int) -> int | None:
        """The index of a format like ``index`` with Excel's quote prefix, appended to the
        cell formats when none is there yet; None when the workbook has no styles."""
        if self.xml is None or not self.xfs:
            return None
        index = index if 0 <= index < len(self.xfs) else 0
        xf = self.xfs[index]
        if xf.attrs.get("quotePrefix") in ("1", "true"):
            return index
        clone = set_attribute(self.xml[xf.start:xf.open_end], "quotePrefix", "1") + \
            self.xml[xf.open_end:xf.end]
        wanted = (xf.attrs | {"quotePrefix": "1"}, self.xml[xf.open_end:xf.end])
        for number, other in enumerate(self.xfs):
            if (other.attrs, self.xml[other.open_end:other.end]) == wanted:
                return number
        cell_xfs = self.cell_xfs
        tag = self.xml[cell_xfs.start:cell_xfs.open_end]
        if "count" in cell_xfs.attrs:
            tag = set_attribute(tag, "count", str(len(self.xfs) + 1))
        at = self.xml.rindex(b"</", cell_xfs.start, cell_xfs.end)
        self.xml = (self.xml[:cell_xfs.start] + tag + self.xml[cell_xfs.open_end:at] + clone
                    + self.xml[at:])
        self.changed = True
        self._scan()
        return len(self.xfs) - 1
