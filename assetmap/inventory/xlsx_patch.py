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

import io
import os
import posixpath
import shutil
import tempfile
import xml.parsers.expat
import zipfile
from pathlib import Path

from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH

from assetmap.inventory.cells import looks_like_formula, neutralise
from assetmap.inventory.ooxml import (
    elements,
    replace_members,
)
from assetmap.inventory.xlsx_parts import Styles, cell_ref, grown_table, without, without_formulas
from assetmap.inventory.xlsx_sheet import (
    MAX_ROW,
    NOT_IN_XML,
    Cell,
    NotWritable,
    Sheet,
    check_formula,
    date_serial,
    inline,
    is_number,
    kept,
    tag,
)


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
        self.sheet = Sheet(self.read(self.sheet_part))
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
                new[col] = tag(sheet.prefix, cell_ref(col, row), kept(cell), None)
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

    def _model(self, row: int, col: int, reach: int = 100) -> Cell | None:
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

    def _cell(self, row: int, col: int, text: str, styled: Cell | None,
              model: Cell | None, old: Cell | None) -> bytes:
        """The XML of the cell at ``col``, ``row`` holding ``text``, with the format of
        ``styled`` and the type of ``model``; ``old`` is the cell there now."""
        ref = cell_ref(col, row)
        if old is not None and old.formula is not None:
            check_formula(old, col)
            self.formulas_dropped.add(ref)
        attrs = kept(styled) if styled is not None else {}
        if "s" not in attrs and self.sheet.column_style(col) is not None:
            attrs["s"] = self.sheet.column_style(col)
        prefix = self.sheet.prefix
        if text == "":
            return tag(prefix, ref, attrs, None)
        # The cell's own format says how a number in it reads: a date, or a number.
        dated = self.styles.is_date(int(attrs.get("s", 0)))
        numeric = model is None or model.number or not model.holds_value
        if dated and numeric and date_serial(text, self.epoch) is not None:
            serial = date_serial(text, self.epoch)
            return tag(prefix, ref, attrs, f"<{prefix}v>{serial}</{prefix}v>")
        if not dated and model is not None and model.number and is_number(text):
            return tag(prefix, ref, attrs, f"<{prefix}v>{text}</{prefix}v>")
        if looks_like_formula(text):
            quoted = self.styles.quoted(int(attrs.get("s", 0)))
            if quoted is not None:
                attrs["s"] = str(quoted)
        # The reader drops one apostrophe before a formula character (cells.unneutralise),
        # so text that starts with apostrophes and one gets one more.
        value = text if looks_like_formula(text) else neutralise(text)
        attrs["t"] = "inlineStr"
        return tag(prefix, ref, attrs, inline(prefix, value))

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
