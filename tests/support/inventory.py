"""The inventory as the tests read it themselves, with csv and yaml rather than assetmap's
code, so that what a page should say is computed independently of what made the page; and
assetmap's assets made comparable across the files they were read from (``content``)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ALL = "all"  # the neighbourhood of entries open to every neighbourhood


@dataclass
class Inventory:
    assets: list[dict]
    categories: list[dict]
    neighbourhoods: list[dict]

    @property
    def places(self) -> list[str]:
        return [n["id"] for n in self.neighbourhoods]


def split(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,]", cell or "") if part.strip()]


def read(folder: Path) -> Inventory:
    with (folder / "assets.csv").open(encoding="utf-8-sig") as f:
        assets = list(csv.DictReader(f))
    for asset in assets:
        for column in ("category", "neighbourhood", "languages"):
            asset[column] = split(asset[column])
    load = lambda name: yaml.safe_load((folder / name).read_text(encoding="utf-8"))  # noqa: E731
    return Inventory(assets, load("categories.yml"), load("neighbourhoods.yml"))


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (
        later.day < earlier.day)


def overdue(asset: dict, review_months: int) -> bool:
    checked = dt.date.fromisoformat(asset["last_verified"])
    return months_between(checked, dt.date.today()) >= review_months


def content(assets):
    """assetmap's assets without where they were read from (file and row), to compare the
    same inventory read from files of different kinds."""
    return [dataclasses.replace(a, source_file="", source_row=0) for a in assets]


def edit_row(data: Path, asset: str, **values: str) -> None:
    """Change cells of one asset's row in ``data``'s assets.csv, as a steward's edit."""
    path = data / "assets.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if row["id"] == asset:
            row.update(values)
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
