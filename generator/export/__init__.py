"""Open data out: the public inventory as CSV, Excel, GeoJSON and HSDS 3.0.

Every export is built from the public model (``Asset``), never from the rows as read, so
``internal_notes`` and a contact name without consent cannot reach a file.

``write_exports`` writes them all for the site's "Download the data" page::

    assetmap.csv   assetmap.xlsx   assetmap.geojson   hsds/*.csv   hsds/datapackage.json
    hsds/services.json   hsds.zip
"""

from __future__ import annotations

from pathlib import Path

from ..model import Inventory
from ..problems import UsageError
from .export_csv import write_csv
from .geojson import write_geojson
from .hsds import write_hsds
from .xlsx import write_xlsx

FORMATS = ("csv", "xlsx", "geojson", "hsds")
FILE_NAMES = {"csv": "assetmap.csv", "xlsx": "assetmap.xlsx", "geojson": "assetmap.geojson"}
HSDS_FOLDER, HSDS_ZIP = "hsds", "hsds.zip"


def export(inventory: Inventory, fmt: str, path: Path) -> list[Path]:
    """Write one format to ``path`` (a file; for 'hsds', a folder). Returns the files written."""
    path = Path(path)
    if fmt == "hsds":
        if path.exists() and not path.is_dir():
            raise UsageError(f"{path}: the HSDS export is a folder of files; give a folder.")
        return write_hsds(inventory, path)
    writers = {"csv": write_csv, "xlsx": write_xlsx, "geojson": write_geojson}
    if fmt not in writers:
        raise UsageError(f"'{fmt}' is not an export format; use one of {', '.join(FORMATS)}.")
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give a file name such as "
                         f"{path / FILE_NAMES[fmt]}.")
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
