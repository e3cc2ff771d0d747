"""The inventory as an Excel workbook laid out for filtering: one sheet per site language.

Each sheet has the same columns, headed by their names in words in the sheet's language (as
the schema declares them); text is in the sheet's language (or the default language where
there is no translation), and categories, neighbourhoods and coded values (cost, how to
join...) show their labels in that language, short as on paper, so a link worker can filter
by 'Nature', 'Vieux-Moulin' or 'Gratuit'. The header row is frozen, the whole table has an
auto-filter, columns are sized to their content and long text wraps.

Written with XlsxWriter, row by row. Every text cell is written as a text cell, never as a
formula (``write_string``, and no guessing of formulas, numbers or links from text), and
cells that start with a formula character get Excel's 'quote prefix' so they stay text when
someone edits them.

The same inventory gives the same bytes: the workbook's "created" date is the day the
inventory was last verified (its latest ``last_verified``), not the clock, so a rebuild of
unchanged data changes neither the file nor the size the downloads' page gives for it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

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


class _Formats:
    """The few cell formats the sheets use, made once per workbook."""

    def __init__(self, workbook: Workbook) -> None:
        self.heading = workbook.add_format({"bold": True})
        self.date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.text = {(wrap, quoted): workbook.add_format(
            {"text_wrap": wrap, "valign": "top" if wrap else "bottom", "quote_prefix": quoted})
            for wrap in (False, True) for quoted in (False, True)}


def _write(sheet: Worksheet, row: int, col: int, value, formats: _Formats,
           wrapped: bool) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):  # text, even when it starts with '='
        quoted = cells.looks_like_formula(value)
        if wrapped or quoted:
            sheet.write_string(row, col, value, formats.text[wrapped, quoted])
        else:
            sheet.write_string(row, col, value)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, formats.date)
    else:
        sheet.write_number(row, col, value)


def fill_sheet(sheet: Worksheet, inventory: Inventory, language: Language,
               formats: _Formats) -> None:
    """The sheet of ``language``, written row by row (XlsxWriter's constant-memory mode), so
    its layout is set before its rows."""
    lang = language.code
    columns = sheet_columns()
    names = header(lang)
    rows = [[cell_value(asset, column, inventory, lang) for column in columns]
            for asset in inventory.assets]
    widths = [max([len(name), *(len(records.as_text(row[i])) for row in rows)])
              for i, name in enumerate(names)]
    wrapped = [column in WRAPPED for column in columns]
    for index, width in enumerate(widths):
        sheet.set_column(index, index, WRAP_WIDTH if wrapped[index]
                         else max(MIN_WIDTH, min(MAX_WIDTH, width + 2)))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    if language.dir == "rtl":
        sheet.right_to_left()
    for col, name in enumerate(names):
        sheet.write_string(0, col, name, formats.heading)
    for row_number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            _write(sheet, row_number, col, value, formats, wrapped[col])


def _sheet_title(language: Language, used: set[str]) -> str:
    title = language.name.translate(SHEET_NAME_FORBIDDEN).strip()[:31] or language.code
    if title in used:
        title = f"{title[:31 - len(language.code) - 1]} {language.code}"
    used.add(title)
    return title


def as_of(inventory: Inventory) -> dt.datetime:
    """The moment the workbook says it was made: the latest verification, at midnight UTC."""
    latest = max((asset.last_verified for asset in inventory.assets), default=dt.date(2000, 1, 1))
    return dt.datetime.combine(latest, dt.time(), tzinfo=dt.timezone.utc)


def write_xlsx(inventory: Inventory, path: Path) -> Path:
    settings: Settings = inventory.settings
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                    "strings_to_formulas": False, "strings_to_urls": False})
    workbook.set_properties({"created": as_of(inventory)})
    formats = _Formats(workbook)
    used: set[str] = set()
    default_first = sorted(settings.languages, key=lambda lang: not lang.default)
    for language in default_first:
        fill_sheet(workbook.add_worksheet(_sheet_title(language, used)), inventory, language,
                   formats)
    workbook.close()
    return path
