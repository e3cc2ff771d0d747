"""Open data out: the public inventory as CSV, Excel, GeoJSON and HSDS 3.0.

Every export is built from the public model (``Asset``), never from the rows as read, so
``internal_notes`` and a contact name without consent cannot reach a file.

``write_exports`` writes them all for the site's "Download the data" page::

    assetmap.csv   assetmap.xlsx   assetmap.geojson   hsds/*.csv   hsds/datapackage.json
    hsds/services.json   hsds.zip
"""

from __future__ import annotations

from pathlib import Path

from assetmap.export.export_csv import write_csv
from assetmap.export.geojson import write_geojson
from assetmap.export.hsds import write_hsds
from assetmap.export.xlsx import write_xlsx
from assetmap.inventory.model import Inventory
from assetmap.inventory.problems import UsageError
from assetmap.inventory.read import CSV_SUFFIXES, XLSX_SUFFIXES, YAML_SUFFIXES

FORMATS = ("csv", "xlsx", "geojson", "hsds")
FILE_NAMES = {"csv": "assetmap.csv", "xlsx": "assetmap.xlsx", "geojson": "assetmap.geojson"}
HSDS_FOLDER, HSDS_ZIP = "hsds", "hsds.zip"
INVENTORY_SUFFIXES = CSV_SUFFIXES | XLSX_SUFFIXES | YAML_SUFFIXES


def check_output(fmt: str, path: Path, inventory: list[Path], force: bool = False) -> None:
    """UsageError unless ``path`` is a place the export may write: never a file of the
    ``inventory`` (nor, for 'hsds', the folder that holds it: the export would lose its
    private columns, and its tables would be read as inventory files), and an existing file
    or a folder with files in it only with ``force``."""
    path = Path(path)
    if fmt not in FORMATS:
        raise UsageError(f"'{fmt}' is not an export format; use one of {', '.join(FORMATS)}.")
    if fmt == "hsds" and path.exists() and not path.is_dir():
        raise UsageError(f"{path}: the HSDS export is a folder of files; give a folder.")
    if fmt != "hsds" and path.is_dir():
        raise UsageError(f"{path}: is a folder; give a file name such as "
                         f"{path / FILE_NAMES[fmt]}.")
    files = {p.resolve() for p in inventory}
    folders = {p.parent for p in files}
    target = path.resolve()
    if target in files or (fmt == "hsds" and target in folders):
        raise UsageError(f"{path}: is part of the inventory; exporting over it would lose its "
                         "private columns. Give another --output.")
    if target.parent in folders and target.suffix.lower() in INVENTORY_SUFFIXES:
        raise UsageError(f"{path}: would be read as a second inventory file beside "
                         f"{inventory[0].name}. Give an --output outside {inventory[0].parent}.")
    taken = path.is_file() or (path.is_dir() and any(path.iterdir()))
    if taken and not force:
        raise UsageError(f"{path}: already exists; add --force to replace it, or give "
                         "another --output.")


def export(inventory: Inventory, fmt: str, path: Path) -> list[Path]:
    """Write one format to ``path`` (a file; for 'hsds', a folder). Returns the files written.
    ``check_output`` says first whether the place may be written."""
    path = Path(path)
    if fmt == "hsds":
        return write_hsds(inventory, path)
    writers = {"csv": write_csv, "xlsx": write_xlsx, "geojson": write_geojson}
    return [writers[fmt](inventory, path)]


def write_exports(inventory: Inventory, out_dir: Path) -> list[Path]:
    """Write every export into ``out_dir``; returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [write_csv(inventory, out_dir / FILE_NAMES["csv"]),
               write_xlsx(inventory, out_dir / FILE_NAMES["xlsx"]),
               write_geojson(inventory, out_dir / FILE_NAMES["geojson"])]
    written += write_hsds(inventory, out_dir / HSDS_FOLDER, zip_path=out_dir / HSDS_ZIP)
    return written
