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
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assetmap.config import Language, Settings
from assetmap.export import records
from assetmap.inventory import cells, schema
from assetmap.inventory.model import Asset, Inventory
from assetmap.inventory.taxonomy import Term
from assetmap.language import gettext

WRAPPED = {f.name for f in records.EXPORTED if f.translatable} - {"name"}
MIN_WIDTH, MAX_WIDTH, WRAP_WIDTH = 8, 40, 50
SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


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


def _put(sheet: Worksheet, row: int, col: int, value) -> None:
    cell = sheet.cell(row=row, column=col)
    if value is None or value == "":
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it starts with '='
        cell.quotePrefix = cells.looks_like_formula(value)
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"


def _lay_out(sheet: Worksheet, columns: list[str], widths: list[int]) -> None:
    last = f"{get_column_letter(len(columns))}{sheet.max_row}"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        wrapped = column in WRAPPED
        sheet.column_dimensions[letter].width = (
            WRAP_WIDTH if wrapped else max(MIN_WIDTH, min(MAX_WIDTH, widths[index - 1] + 2)))
        if wrapped:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _sheet_title(language: Language, used: set[str]) -> str:
    title = language.name.translate(SHEET_NAME_FORBIDDEN).strip()[:31] or language.code
    if title in used:
        title = f"{title[:31 - len(language.code) - 1]} {language.code}"
    used.add(title)
    return title


def fill_sheet(sheet: Worksheet, inventory: Inventory, language: Language) -> None:
    lang = language.code
    columns = sheet_columns()
    names = header(lang)
    widths = [len(name) for name in names]
    for col, name in enumerate(names, start=1):
        _put(sheet, 1, col, name)
        sheet.cell(row=1, column=col).font = Font(bold=True)
    for row, asset in enumerate(inventory.assets, start=2):
        for col, column in enumerate(columns, start=1):
            value = cell_value(asset, column, inventory, lang)
            _put(sheet, row, col, value)
            widths[col - 1] = max(widths[col - 1], len(records.as_text(value)))
    if language.dir == "rtl":
        sheet.sheet_view.rightToLeft = True
    _lay_out(sheet, columns, widths)


def write_xlsx(inventory: Inventory, path: Path) -> Path:
    settings: Settings = inventory.settings
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    default_first = sorted(settings.languages, key=lambda lang: not lang.default)
    for language in default_first:
        sheet = workbook.create_sheet(_sheet_title(language, used))
        fill_sheet(sheet, inventory, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
