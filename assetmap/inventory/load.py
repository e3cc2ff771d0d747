"""Load an inventory: read every file, read the taxonomy, validate, build the public model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from assetmap.config import Settings
from assetmap.inventory.model import Asset, Inventory, build_asset
from assetmap.inventory.problems import Problem
from assetmap.inventory.read import Table, inventory_files, read_table
from assetmap.inventory.taxonomy import load_taxonomy
from assetmap.inventory.validate import validate


@dataclass
class Loaded:
    tables: list[Table]
    problems: list[Problem]
    inventory: Inventory

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def load(path: Path, settings: Settings, sheet: str | None = None,
         today: dt.date | None = None) -> Loaded:
    """Read and check the inventory at ``path`` (a file, or a folder such as ``data/``).

    Raises ``UsageError`` only for a problem with the command; problems in the data are
    returned. Assets are built from the rows that have no error.
    """
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    tables = [read_table(f, sheet) for f in inventory_files(path)]
    taxonomy = load_taxonomy(folder)
    problems = validate(tables, taxonomy, settings, today)
    bad = {(p.file, p.row) for p in problems if p.is_error}
    bad_files = {p.file for p in problems if p.is_error and (p.row or 1) == 1}
    assets: list[Asset] = []
    seen: set[str] = set()
    for table in tables:
        for record in table.records:
            if (str(record.file) in bad_files or (str(record.file), record.row) in bad
                    or record.cells.get("id") in seen):
                continue
            seen.add(record.cells["id"])
            assets.append(build_asset(record, settings))
    return Loaded(tables, problems, Inventory(assets, taxonomy, settings))
