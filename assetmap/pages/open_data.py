"""The "Download the data" page: the open data files the site offers (``FILES``), each with
its format, size and address, under the data's licence.

The exports (``assetmap/export``: CSV, Excel, GeoJSON, HSDS 3.0 tables, zip and JSON) are
written once per change of the inventory, with its pages (``assetmap.build.downloads``): the
page then knows each file's size. Like every export, they hold public fields only.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.units import format_unit

from assetmap.config import Settings
from assetmap.export import FILE_NAMES, HSDS_FOLDER, HSDS_ZIP
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
