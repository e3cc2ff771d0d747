"""The open data downloads of the site, rebuilt with it, and their "Download the data" page.

The exports (``assetmap/export``: CSV, Excel, GeoJSON, HSDS 3.0 tables, zip and JSON) are
written once per change of the inventory, with its pages, into a temporary folder: the page
then knows each file's size. After each build, ``publish`` copies them into the site's
``downloads/`` folder, once (not once per language). Like every export, they hold public
fields only.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from babel.units import format_unit

from assetmap.config import Settings
from assetmap.export import FILE_NAMES, HSDS_FOLDER, HSDS_ZIP, write_exports
from assetmap.inventory.model import Inventory
from assetmap.language import Reader, site_folder, up_from
from assetmap.pages.views import Page

OPEN_DATA = "open-data.md"
DOWNLOADS = "downloads"  # the folder of the built site that holds the files

# kind (the template names and describes each kind), path under downloads/, the format's
# technical name (not translated), media type. In the order of the page.
FILES = (
    ("csv", FILE_NAMES["csv"], "CSV, UTF-8", "text/csv"),
    ("xlsx", FILE_NAMES["xlsx"], "XLSX",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("geojson", FILE_NAMES["geojson"], "GeoJSON", "application/geo+json"),
    ("hsds-zip", HSDS_ZIP, "HSDS 3.0, CSV + datapackage.json, ZIP", "application/zip"),
    ("hsds-json", f"{HSDS_FOLDER}/services.json", "HSDS 3.0, JSON", "application/json"),
    ("hsds-datapackage", f"{HSDS_FOLDER}/datapackage.json", "Data Package, JSON",
     "application/json"),
)


@dataclass(frozen=True)
class Download:
    kind: str
    path: str  # under downloads/, e.g. "hsds/services.json"
    format: str
    media_type: str
    size: int  # bytes


@dataclass
class Staged:
    """The exports of one inventory, waiting in a temporary folder to be published."""

    files: list[Download] = field(default_factory=list)
    folder: Path | None = None
    _keep: tempfile.TemporaryDirectory | None = field(default=None, repr=False)


def stage(inventory: Inventory) -> Staged:
    """Write every export into a new temporary folder (removed when ``Staged`` goes)."""
    holder = tempfile.TemporaryDirectory(prefix="assetmap-downloads-")
    folder = Path(holder.name) / DOWNLOADS  # made with the usual permissions, unlike holder
    write_exports(inventory, folder)
    files = [Download(kind, path, fmt, media, (folder / path).stat().st_size)
             for kind, path, fmt, media in FILES if (folder / path).is_file()]
    return Staged(files, folder, holder)


def publish(staged: Staged, site_dir: Path) -> list[Path]:
    """Copy the staged exports into ``site_dir/downloads``; returns the files copied."""
    if staged.folder is None:
        return []
    target = Path(site_dir) / DOWNLOADS
    shutil.copytree(staged.folder, target, dirs_exist_ok=True)
    return sorted(p for p in target.rglob("*") if p.is_file())


def size_text(size: int, reader: Reader) -> str:
    """A file size people read, in their language: '512 byte', '45.3 kB', '1,2 Mo'."""
    locale = reader.babel_locale
    if size < 1000:
        return format_unit(size, "digital-byte", length="short", locale=locale)
    if size < 1_000_000:
        return format_unit(round(size / 1000, 1), "digital-kilobyte", length="short",
                           locale=locale)
    return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short",
                       locale=locale)


def open_data_page(files: list[Download], settings: Settings, reader: Reader) -> Page:
    # The files are at the site's root, once: a page in another language than the default
    # (under fr/, ar/) reaches them one folder further up than its own root.
    up = up_from(site_folder(reader.lang, settings.default_language))
    return Page(OPEN_DATA, "open-data.md.j2", None, {
        "files": [{"file": f, "size": size_text(f.size, reader),
                   "url": f"{up}{DOWNLOADS}/{f.path}"} for f in files],
        "licence": settings.data_licence, "licence_url": settings.data_licence_url,
    })
