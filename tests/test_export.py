"""The open-data exports: CSV, Excel, GeoJSON and every file write_exports writes.

What they must never do: carry a private field, or let a spreadsheet run a cell as a formula.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assetmap.export import records, write_exports
from assetmap.export.xlsx import sheet_columns
from assetmap.inventory import cells
from assetmap.inventory.load import load
from assetmap.inventory.read import inventory_files, read_table

from .support.project import FIXTURES, INVENTORY, SAMPLE, TODAY

FULL = FIXTURES / "hsds" / "full"
# Every private value in the fixtures: internal_notes, and contact names without consent.
PRIVATE = {
    INVENTORY / "good.csv": ["Leader moving away in spring", "Jean P."],
    FULL: ["Key is under the blue pot", "Do not publish: the choir leader is unwell",
           "Van keys with Sam", "Pierre Secretname"],
}
FORMULAS = ['=HYPERLINK("http://evil","x")', "+1", "-2", "@SUM(A1)"]


def inventory_of(path: Path, settings):
    loaded = load(path, settings, today=TODAY)
    assert not loaded.has_errors, loaded.problems
    return loaded.inventory


def with_taxonomy(folder: Path, source: Path = INVENTORY) -> Path:
    for name in ("categories.yml", "neighbourhoods.yml"):
        shutil.copy(source / name, folder / name)
    return folder


@pytest.fixture
def formulas(tmp_path, settings):
    """An inventory whose names are the classic spreadsheet attacks; one per asset."""
    folder = tmp_path / "formulas"
    folder.mkdir()
    with_taxonomy(folder)
    with (folder / "assets.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "category", "neighbourhood", "kind", "description",
                         "last_verified", "latitude", "longitude"])
        for number, name in enumerate(FORMULAS, start=1):
            writer.writerow([f"asset-{number}", name, "nature", "riverside", "formal",
                             "-5 degrees outside; bring gloves.", "2026-10-01", "45.5", "-74.7"])
    return inventory_of(folder, settings)


def _all_bytes(folder: Path) -> list[tuple[str, bytes]]:
    """Every file under ``folder``, and every member of every zip (xlsx included)."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        found.append((str(path), path.read_bytes()))
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                found += [(f"{path}!{n}", archive.read(n)) for n in archive.namelist()]
    return found


# --- privacy: every byte of every file ------------------------------------------------------


@pytest.mark.parametrize("source", sorted(PRIVATE), ids=lambda p: p.name)
def test_no_private_value_reaches_any_export_file(source, settings, tmp_path):
    written = write_exports(inventory_of(source, settings), tmp_path / "out")
    on_disk = {p for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert set(written) == on_disk
    files = _all_bytes(tmp_path / "out")
    assert len(files) > len(written)  # the zips were opened too
    for secret in PRIVATE[source]:
        encodings = {secret.encode("utf-8"), json.dumps(secret)[1:-1].encode("ascii")}
        leaks = [name for name, data in files if any(e in data for e in encodings)]
        assert leaks == [], secret


def test_no_private_value_of_the_sample_reaches_any_export_file(settings, tmp_path):
    """Every internal note and every unconsented name in data/, as written in the file."""
    records_ = [r for path in inventory_files(SAMPLE) for r in read_table(path).records]
    secrets = {r.cells.get("internal_notes", "") for r in records_}
    secrets |= {r.cells.get("contact_name", "") for r in records_
                if r.cells.get("contact_consent", "").lower() != "yes"}
    secrets = {s for s in secrets if len(s) >= 8}
    assert len(secrets) >= 10
    write_exports(inventory_of(SAMPLE, settings), tmp_path)
    files = _all_bytes(tmp_path)
    leaks = [(secret, name) for secret in sorted(secrets) for name, data in files
             if secret.encode("utf-8") in data or json.dumps(secret)[1:-1].encode() in data]
    assert leaks == []


def test_a_consented_contact_is_exported(settings, tmp_path):
    write_exports(inventory_of(INVENTORY / "good.csv", settings), tmp_path)
    assert b"Amina K." in (tmp_path / "assetmap.csv").read_bytes()
    assert b"Amina K." in (tmp_path / "hsds" / "contacts.csv").read_bytes()


def test_exported_columns_come_from_the_schema():
    names = [f.name for f in records.EXPORTED]
    assert "internal_notes" not in names
    assert names[:3] == ["id", "name", "category"]
    assert {"contact_name", "contact_consent", "latitude"} <= set(names)


# --- CSV ------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_csv_is_utf8_with_bom_and_has_translation_columns(settings, tmp_path):
    write_exports(inventory_of(FULL, settings), tmp_path)
    data = (tmp_path / "assetmap.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = read_csv(tmp_path / "assetmap.csv")
    assert list(rows[0])[:4] == ["id", "name", "name:fr", "name:ar"]
    assert rows[0]["name:ar"] == "حديقة الطاحونة القديمة"
    assert rows[0]["category"] == "nature; food"
    assert rows[1]["contact_name"] == rows[1]["contact_consent"] == ""


def test_the_csv_export_is_itself_a_valid_inventory(settings, tmp_path):
    original = inventory_of(FULL, settings).assets
    write_exports(inventory_of(FULL, settings), with_taxonomy(tmp_path, FULL))
    for extra in ("assetmap.xlsx", "assetmap.geojson", "hsds.zip"):
        (tmp_path / extra).unlink()
    shutil.rmtree(tmp_path / "hsds")
    again = inventory_of(tmp_path, settings).assets

    def content(assets):
        return [dataclasses.replace(a, source_file="", source_row=0) for a in assets]

    # the food bank's phone starts with '+', so it is written "'+44 ..."; phone numbers
    # ignore the apostrophe, so it reads back the same
    assert content(again) == content(original)


def test_csv_neutralises_formulas_but_not_numbers(formulas, tmp_path):
    write_exports(formulas, tmp_path)
    rows = read_csv(tmp_path / "assetmap.csv")
    assert [r["name"] for r in rows] == ["'" + f for f in FORMULAS]
    assert {r["description"] for r in rows} == {"'-5 degrees outside; bring gloves."}
    assert {(r["latitude"], r["longitude"]) for r in rows} == {("45.5", "-74.7")}
    hsds_names = [r["name"] for r in read_csv(tmp_path / "hsds" / "services.csv")]
    assert hsds_names == ["'" + f for f in FORMULAS]
    locations = read_csv(tmp_path / "hsds" / "locations.csv")
    assert {r["longitude"] for r in locations} == {"-74.7"}
    services = json.loads((tmp_path / "hsds" / "services.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in services] == FORMULAS  # JSON is exact: no spreadsheet reads it


@pytest.mark.parametrize("text, safe", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"), ("\r=1+1", "'\r=1+1"),
    ("Café", "Café"), ("1+1=2", "1+1=2"), ("", ""),
])
def test_neutralise(text, safe):
    assert cells.neutralise(text) == safe


# --- Excel ----------------------------------------------------------------------------------


def test_xlsx_cells_are_text_never_formulas(formulas, tmp_path):
    write_exports(formulas, tmp_path)
    workbook = load_workbook(tmp_path / "assetmap.xlsx")
    for sheet in workbook.worksheets:
        names = [sheet.cell(row=r, column=2) for r in range(2, 2 + len(FORMULAS))]
        assert [c.value for c in names] == FORMULAS
        assert {c.data_type for c in names} == {"s"}
        assert all(c.quotePrefix for c in names)
        longitude = sheet_columns().index("longitude") + 1
        assert sheet.cell(row=2, column=longitude).value == -74.7
    with zipfile.ZipFile(tmp_path / "assetmap.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n)
                                  for n in sheets)


def test_xlsx_has_a_filterable_sheet_per_language(settings, tmp_path):
    inventory = inventory_of(FULL, settings)
    write_exports(inventory, tmp_path)
    workbook = load_workbook(tmp_path / "assetmap.xlsx")
    assert workbook.sheetnames == ["English", "Français", "العربية"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        last = sheet.cell(row=1, column=sheet.max_column).column_letter
        assert sheet.auto_filter.ref == f"A1:{last}{len(inventory.assets) + 1}"
        assert sheet.max_row == len(inventory.assets) + 1
        assert sheet["A1"].font.bold
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(8 <= w <= 51 for w in widths)  # 8 to 50 characters, and Excel's margin
        description = sheet_columns().index("description") + 1
        assert sheet.cell(row=2, column=description).alignment.wrap_text
    french, arabic = workbook["Français"], workbook["العربية"]
    header = sheet_columns()  # the sheets head them with their names in words
    row = dict(zip(header, (c.value for c in french[2])))
    assert row["name"] == "Jardin communautaire du Vieux-Moulin"
    assert row["category"] == "Nature; Alimentation"
    assert row["neighbourhood"] == "Vieux-Moulin; Bord-de-l'Eau"
    assert row["last_verified"].date().isoformat() == "2026-10-20"
    assert arabic.sheet_view.rightToLeft
    arabic_row = dict(zip(header, (c.value for c in arabic[3])))
    assert arabic_row["name"] == "Riverbend online choir"  # no Arabic name: the default



def test_xlsx_is_dated_by_its_data_not_the_clock(settings, tmp_path):
    """Remade from the same inventory, the workbook has the same bytes (and the downloads'
    page the same size for it): its "created" date is the latest verification."""
    inventory = inventory_of(FULL, settings)
    write_exports(inventory, tmp_path)
    created = load_workbook(tmp_path / "assetmap.xlsx").properties.created
    assert created.isoformat().startswith(
        max(asset.last_verified for asset in inventory.assets).isoformat() + "T00:00:00")

# --- GeoJSON --------------------------------------------------------------------------------


@pytest.mark.parametrize("source, expected", [
    (INVENTORY / "good.csv", {"walking-group": [-74.7312, 45.04213]}),
    (FULL, {"community-garden": [-74.74401, 45.03012],
            "riverside-food-bank": [-74.70012, 45.04566]}),
], ids=["fixture", "full"])
def test_geojson_has_only_assets_with_coordinates_in_lon_lat_order(source, expected, settings,
                                                                   tmp_path):
    write_exports(inventory_of(source, settings), tmp_path)
    data = json.loads((tmp_path / "assetmap.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert {f["id"]: f["geometry"]["coordinates"] for f in data["features"]} == expected
    for feature in data["features"]:
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -90 <= latitude <= 90 and longitude < -70  # Riverbend is west of Greenwich
        assert feature["properties"]["url"] == f"assets/{feature['id']}/"
        assert feature["properties"]["id"] == feature["id"]
        assert "latitude" not in feature["properties"]
        assert "internal_notes" not in feature["properties"]


def test_geojson_properties_keep_lists_and_translations(settings, tmp_path):
    write_exports(inventory_of(FULL, settings), tmp_path)
    data = json.loads((tmp_path / "assetmap.geojson").read_text(encoding="utf-8"))
    garden = data["features"][0]["properties"]
    assert garden["category"] == ["nature", "food"]
    assert garden["name:fr"] == "Jardin communautaire du Vieux-Moulin"
    assert garden["last_verified"] == "2026-10-20"


def test_write_exports_lists_every_file(settings, tmp_path):
    written = write_exports(inventory_of(INVENTORY / "good.csv", settings), tmp_path)
    names = sorted(str(p.relative_to(tmp_path)) for p in written)
    assert {"assetmap.csv", "assetmap.xlsx", "assetmap.geojson", "hsds.zip",
            "hsds/datapackage.json", "hsds/services.json", "hsds/services.csv"} <= set(names)
    with zipfile.ZipFile(tmp_path / "hsds.zip") as archive:
        assert sorted(archive.namelist()) == sorted(n for n in names if n.startswith("hsds/"))
