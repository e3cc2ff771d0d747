"""The inventory as an Excel workbook laid out for filtering: one sheet per site language.

Each sheet has the same columns, headed by their names in words in the sheet's language (as
the schema declares them); text is in the sheet's language (or the default language where
there is no translation), and categories, neighbourhoods and coded values (cost, how to
join...) show their labels in that language, short as on paper, so a link worker can filter
by 'Nature', 'Vieux-Moulin' or 'Gratuit'. The header row is frozen, the whole table has an
auto-filter, columns are sized to their content and long text wraps.

Every text cell is written as a text cell, never as a formula: openpyxl would store a string
starting with '=' as a formula, so its type is set back to text, and cells that start with a
formula character get Excel's 'quote prefix' so they stay text when someone edits them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from assetmap.config import Language, Settings
from assetmap.export import records
from assetmap.inventory import cells, schema
from assetmap.inventory.model import Asset, Inventory
from assetmap.inventory.taxonomy import Term
from assetmap.language import gettext

WRAPPED = {f.name for f in records.EXPORTED if f.translatable} - {"name"}
MIN_WIDTH, MAX_WIDTH, WRAP_WIDTH = 8, 40, 50
SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
WRAPPED_ALIGNMENT = Alignment(wrap_text=True, vertical="top")


def sheet_columns() -> list[str]:
    """One column per exported field; translations are the other sheets."""
    return [f.name for f in records.EXPORTED if f.name != "contact_consent"]


def header(lang: str) -> list[str]:
    """The columns' names in words, in ``lang``."""
    return [gettext(lang, schema.FIELDS_BY_NAME[c].label) for c in sheet_columns()]


def _label(terms: dict[str, Term], term_id: str, lang: str, default: str) -> str:
    term = terms.get(term_id)
    if term is None:  # the area-wide value of neighbourhood
        return gettext(lang, schema.choice("neighbourhood", term_id).label)
    return term.label.get(lang) or term.label.get(default) or term_id


def _choices(fld: schema.Field, codes: list[str], lang: str) -> str:
    return "; ".join(gettext(lang, fld.choice(code).paper) for code in codes)


def cell_value(asset: Asset, column: str, inventory: Inventory, lang: str):
    settings = inventory.settings
    default = settings.default_language
    if column == "category":
        return "; ".join(_label(inventory.taxonomy.categories, c, lang, default)
                         for c in asset.categories)
    if column == "neighbourhood":
        return "; ".join(_label(inventory.taxonomy.neighbourhoods, n, lang, default)
                         for n in asset.neighbourhoods)
    fld = schema.FIELDS_BY_NAME[column]
    if fld.translatable:
        return asset.text(column, lang, default)[0]
    value = records.value(asset, column, settings)
    if fld.kind in (schema.CHOICE, schema.CHOICES) and value:
        return _choices(fld, value if isinstance(value, list) else [value], lang)
    return value if isinstance(value, (float, dt.date)) else records.as_text(value)


def _cell(sheet: WriteOnlyWorksheet, value, wrapped: bool = False) -> WriteOnlyCell | None:
    if value is None or value == "":
        return None
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it starts with '='
        cell.quotePrefix = cells.looks_like_formula(value)
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    if wrapped:
        cell.alignment = WRAPPED_ALIGNMENT
    return cell


def fill_sheet(sheet: WriteOnlyWorksheet, inventory: Inventory, language: Language) -> None:
    """The sheet of ``language``: a workbook written row by row (openpyxl's write-only mode,
    a third of the time and memory), so its layout is set before its rows."""
    lang = language.code
    columns = sheet_columns()
    names = header(lang)
    rows = [[cell_value(asset, column, inventory, lang) for column in columns]
            for asset in inventory.assets]
    widths = [max([len(name), *(len(records.as_text(row[i])) for row in rows)])
              for i, name in enumerate(names)]
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = (
            WRAP_WIDTH if column in WRAPPED
            else max(MIN_WIDTH, min(MAX_WIDTH, widths[index - 1] + 2)))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    if language.dir == "rtl":
        sheet.sheet_view.rightToLeft = True
    heading = []
    for name in names:
        cell = _cell(sheet, name)
        cell.font = Font(bold=True)
        heading.append(cell)
    sheet.append(heading)
    wrapped = [column in WRAPPED for column in columns]
    for row in rows:
        sheet.append([_cell(sheet, value, wrap) for value, wrap in zip(row, wrapped)])


def _sheet_title(language: Language, used: set[str]) -> str:
    title = language.name.translate(SHEET_NAME_FORBIDDEN).strip()[:31] or language.code
    if title in used:
        title = f"{title[:31 - len(language.code) - 1]} {language.code}"
    used.add(title)
    return title


def write_xlsx(inventory: Inventory, path: Path) -> Path:
    settings: Settings = inventory.settings
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    default_first = sorted(settings.languages, key=lambda lang: not lang.default)
    for language in default_first:
        sheet = workbook.create_sheet(_sheet_title(language, used))
        fill_sheet(sheet, inventory, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
