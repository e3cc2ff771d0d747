"""The inventory as one CSV file: our columns, public ones only, with translation columns.

The file is UTF-8 with a byte-order mark: without it, Excel on Windows reads UTF-8 as the
local code page and 'Café' or Arabic names come out garbled; with it, Excel, LibreOffice,
Python ('utf-8-sig'), R and assetmap itself all read the file right. The file is also an
inventory: ``assetmap check`` reads it back.

Text cells that a spreadsheet would run as a formula get a leading apostrophe (see
``cells.neutralise``). Coordinates are numbers and are written as they are: '-74.7312' is a
longitude, not a formula.
"""

from __future__ import annotations

import csv
from pathlib import Path

from assetmap.export import records
from assetmap.inventory import cells
from assetmap.inventory.model import Inventory


def rows(inventory: Inventory) -> list[list[str]]:
    settings = inventory.settings
    header = records.columns(settings)
    body = []
    for asset in inventory.assets:
        row = []
        for column in header:
            text = records.as_text(records.value(asset, column, settings))
            row.append(text if column in records.NUMERIC else cells.neutralise(text))
        body.append(row)
    return [header, *body]


def write_csv(inventory: Inventory, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows(inventory))
    return path
