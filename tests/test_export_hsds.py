"""The HSDS 3.0 export validates against the official schemas, offline, and maps our fields
the way the export module says.

The schemas are in ``shared/hsds-3.0`` beside the repository (as in CI). The JSON form is
checked with jsonschema against the compiled service schemas and the per-object schemas;
the CSV tables against the specification's tabular description (``compiled/tabular.json``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from assetmap.export import hsds_tables
from assetmap.export.hsds import split_address, write_hsds
from assetmap.inventory.load import load

from .conftest import FIXTURES, INVENTORY, ROOT, TODAY

SCHEMAS = ROOT.parent / "shared" / "hsds-3.0"
FULL = FIXTURES / "hsds" / "full"
SAMPLE = ROOT / "data"
INVENTORIES = {"fixture": INVENTORY / "good.csv", "full": FULL}
# The sample community writes its addresses as a street only: HSDS requires a city and a
# province, which the inventory does not hold, so those cells are present but empty.
ADDRESS_GAP = {("address", "city", "required value empty"),
               ("address", "state_province", "required value empty")}
JSON_SCHEMAS = ["compiled/service_with_definitions.json", "compiled/service.json",
                "service.json"]


# --- the official schemas, offline ----------------------------------------------------------


def schemas_folder() -> Path:
    """The official schemas; a missing folder fails in CI and skips elsewhere."""
    if not SCHEMAS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"The HSDS schemas are missing: {SCHEMAS}")
        pytest.skip(f"The HSDS schemas are not beside the repository ({SCHEMAS}).")
    return SCHEMAS


@pytest.fixture(scope="session")
def schemas() -> Path:
    return schemas_folder()


def _format_checker() -> FormatChecker:
    checker = FormatChecker()
    checker.checks("uri")(lambda value: bool(urlsplit(value).scheme and urlsplit(value).netloc))
    return checker


def service_validators(schemas: Path) -> dict[str, Draft202012Validator]:
    """One validator per service schema; the per-object schemas refer to each other by file
    name ("phone.json"), so every file is registered under its name."""
    registry = Registry().with_resources(
        (path.name, Resource(json.loads(path.read_text(encoding="utf-8")), DRAFT202012))
        for path in schemas.glob("*.json"))
    return {name: Draft202012Validator(json.loads((schemas / name).read_text(encoding="utf-8")),
                                       registry=registry, format_checker=_format_checker())
            for name in JSON_SCHEMAS}


def json_errors(services: list[dict], schemas: Path) -> list[tuple[str, str, str]]:
    """(schema, where, message) for every way the services break a service schema."""
    return [(name, "/".join(map(str, error.absolute_path)), error.message)
            for name, validator in service_validators(schemas).items()
            for service in services for error in validator.iter_errors(service)]


def tabular(schemas: Path) -> dict[str, dict]:
    spec = json.loads((schemas / "compiled" / "tabular.json").read_text(encoding="utf-8"))
    return {name: table["items"] for name, table in spec["properties"].items()}


def read_tables(folder: Path) -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    """table name -> (header, rows) for every resource of the folder's datapackage.json."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for resource in package["resources"]:
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            tables[resource["name"]] = (list(reader.fieldnames or []), list(reader))
    return tables


def _cell_error(spec: dict, value: str) -> str | None:
    """Why one non-empty cell does not fit its field's description, or None."""
    checks = {
        "number": lambda v: float(v),
        "uuid": lambda v: uuid.UUID(v),
        "date": lambda v: dt.date.fromisoformat(v),
        "uri": lambda v: _format_checker().check(v, "uri"),
        "email": lambda v: _format_checker().check(v, "email"),
    }
    kinds = [spec.get("type"), spec.get("format"), spec.get("datapackage_type")]
    try:
        for kind in kinds:
            if kind in checks:
                checks[kind](value)
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return f"{value!r} is not {kinds}: {exc}"
    if spec.get("enum") and value not in spec["enum"]:
        return f"{value!r} is not one of {spec['enum']}"
    return None


def tabular_errors(folder: Path, schemas: Path) -> list[tuple[str, str, str]]:
    """(table, column, problem) for every way the CSV tables break the tabular description:
    unknown tables or columns, missing required columns or values, wrong types and formats,
    ids that are not unique and references to rows that do not exist."""
    spec, found = tabular(schemas), read_tables(folder)
    ids = {name: {row.get("id") for row in rows} for name, (_h, rows) in found.items()}
    errors = []
    for name, (header, rows) in found.items():
        if name not in spec:
            errors.append((name, "", "not an HSDS table"))
            continue
        table = spec[name]
        fields = {k: v for k, v in table["properties"].items() if v.get("type") != "array"}
        required = [*table.get("required", []), *table.get("tabular_required", [])]
        errors += [(name, c, "unknown column") for c in header if c not in fields]
        errors += [(name, c, "required column missing") for c in required if c not in header]
        if len(ids[name]) != len(rows):
            errors.append((name, "id", "ids are not unique"))
        for row in rows:
            errors += [(name, c, "required value empty") for c in required if not row.get(c)]
            errors += [(name, c, problem) for c, value in row.items() if value and c in fields
                       for problem in [_cell_error(fields[c], value)] if problem]
            errors += [(name, c, f"{value} is not a {c[:-3]}") for c, value in row.items()
                       if value and c.endswith("_id") and c[:-3] in ids
                       and value not in ids[c[:-3]]]
            if row.get("link_id") and row["link_id"] not in ids["service"]:
                errors.append((name, "link_id", f"{row['link_id']} is not a service"))
    return errors


# --- exporting -------------------------------------------------------------------------------


def export_hsds(source: Path, settings, folder: Path) -> Path:
    loaded = load(source, settings, today=TODAY)
    assert not loaded.has_errors, loaded.problems
    write_hsds(loaded.inventory, folder)
    return folder


@pytest.fixture(scope="module", params=sorted(INVENTORIES))
def exported(request, settings, tmp_path_factory) -> Path:
    return export_hsds(INVENTORIES[request.param], settings,
                       tmp_path_factory.mktemp(request.param) / "hsds")


@pytest.fixture(scope="module")
def full(settings, tmp_path_factory) -> dict:
    folder = export_hsds(FULL, settings, tmp_path_factory.mktemp("full") / "hsds")
    services = json.loads((folder / "services.json").read_text(encoding="utf-8"))
    return {_asset_id(s): s for s in services}


def _asset_id(service: dict) -> str:
    return next(a["value"] for a in service["attributes"]
                if a["taxonomy_term"]["taxonomy"] == "assetmap fields"
                and a["taxonomy_term"]["code"] == "id")


def _fields(service: dict) -> dict[str, str]:
    return {a["taxonomy_term"]["code"]: a.get("value", "") for a in service["attributes"]
            if a["taxonomy_term"]["taxonomy"] == "assetmap fields"}


def test_every_service_validates_against_the_json_schemas(exported, schemas):
    services = json.loads((exported / "services.json").read_text(encoding="utf-8"))
    assert services
    assert json_errors(services, schemas) == []


def test_every_table_fits_the_tabular_description(exported, schemas):
    assert tabular_errors(exported, schemas) == []


def test_the_sample_data_exports_valid_hsds(settings, tmp_path, schemas):
    if not (SAMPLE / "assets.csv").is_file():
        pytest.skip("data/assets.csv is not there yet")
    folder = export_hsds(SAMPLE, settings, tmp_path / "hsds")
    services = json.loads((folder / "services.json").read_text(encoding="utf-8"))
    assert len(services) == len(load(SAMPLE, settings, today=TODAY).inventory.assets)
    assert json_errors(services, schemas) == []
    assert set(tabular_errors(folder, schemas)) <= ADDRESS_GAP


def test_the_validators_do_catch_mistakes(exported, schemas, tmp_path):
    """The two checks above are only worth something if they can fail."""
    service = json.loads((exported / "services.json").read_text(encoding="utf-8"))[0]
    broken = {**service, "status": "closed", "id": "not-a-uuid"}
    del broken["name"]
    found = {(where, message.split("'")[1] if "'" in message else message)
             for name, where, message in json_errors([broken], schemas)
             if name == "compiled/service.json"}
    assert found == {("", "name"), ("status", "closed"), ("id", "not-a-uuid")}
    copy = shutil.copytree(exported, tmp_path / "broken")
    services_csv = copy / "services.csv"
    text = services_csv.read_text(encoding="utf-8")
    services_csv.write_text(text.replace(",active,", ",closed,", 1).replace("id,", "idx,", 1),
                            encoding="utf-8")
    found = {(c, p) for t, c, p in tabular_errors(copy, schemas) if t == "service"}
    assert ("idx", "unknown column") in found
    assert ("id", "required column missing") in found
    assert ("status", "'closed' is not one of ['active', 'inactive', 'defunct', "
            "'temporarily closed']") in found


def test_declared_tables_are_the_specifications(schemas):
    spec = tabular(schemas)
    for name, (file_name, columns) in hsds_tables.TABLES.items():
        fields = spec[name]["properties"]
        assert file_name == spec[name]["path"], name
        assert [c for c in columns if c not in fields] == [], name
        deprecated = {c for c, f in fields.items() if "DEPRECATED" in f.get("description", "")}
        arrays = {c for c, f in fields.items() if f.get("type") == "array" or "$ref" in f}
        assert set(columns) == set(fields) - deprecated - arrays - {"taxonomy_detail"}, name


def test_datapackage_types_are_the_specifications(exported, schemas):
    spec = tabular(schemas)
    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        fields = spec[resource["name"]]["properties"]
        for field in resource["schema"]["fields"]:
            official = fields[field["name"]]
            wanted = {"date": "date", "time": "time", "datetime": "datetime"}.get(
                official.get("datapackage_type"), official["type"])
            assert field["type"] == wanted, (resource["name"], field["name"])
            assert field.get("format") == official.get("format") or wanted != "string", \
                (resource["name"], field["name"])


def test_ids_are_stable_across_exports(settings, tmp_path):
    first = export_hsds(FULL, settings, tmp_path / "one")
    second = export_hsds(FULL, settings, tmp_path / "two")
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    service = read_tables(first)["service"][1][0]
    assert uuid.UUID(service["id"]).version == 5


def test_fields_map_as_documented(full):
    garden = full["community-garden"]
    assert garden["status"] == "active"  # accepting: no is about room, not about being open
    assert garden["application_process"] == ("Book an appointment first. No, they are not "
                                              "taking new people right now.")
    assert _fields(garden) == {"id": "community-garden", "kind": "formal", "cost": "fee",
                               "how_to_join": "appointment", "accepting": "no",
                               "verified_by": "Link worker"}
    assert garden["assured_date"] == "2026-10-20"
    assert "assurer_email" not in garden  # verified_by is a role, not an email address
    assert garden["fees_description"] == "$20 a season; ask about a free plot."
    assert garden["schedules"][0]["description"] == "Saturdays 9 am to noon, May to October"
    assert [(p["number"], p["extension"]) for p in garden["phones"]] == [("(613) 555-0123", 2)]
    assert garden["contacts"][0]["name"] == "Samira B."
    location = garden["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (45.03012, -74.74401)
    address = location["addresses"][0]
    assert (address["address_1"], address["city"], address["state_province"],
            address["postal_code"], address["country"]) == \
        ("45 Mill Road", "Riverbend", "ON", "K0C 1A0", "CA")
    assert [a["description"] for a in location["accessibility"]] == [
        "Wheelchair access: step-free entrance and routes", "Accessible washroom",
        "Parking, including accessible spaces"]
    assert [(lang["code"], lang["name"]) for lang in garden["languages"]] == [
        ("en", "English"), ("fr", "French"), ("ar", "Arabic")]
    categories = [a["taxonomy_term"]["code"] for a in garden["attributes"]
                  if a["link_type"] == "category"]
    assert categories == ["nature", "food"]


def test_informal_groups_are_their_own_organization_and_online_ones_have_no_location(full):
    choir = full["online-choir"]
    assert choir["organization"]["name"] == choir["name"]
    assert choir["organization"]["legal_status"] == "Informal group"
    assert "service_at_locations" not in choir
    assert [a["name"] for a in choir["service_areas"]] == [
        "All neighbourhoods (area-wide or online)"]
    assert choir["cost_options"] == [{**choir["cost_options"][0], "option": "Free",
                                      "amount": 0}]
    assert choir["phones"][0]["number"] == "211"
    assert "contacts" not in choir  # the contact did not consent


def test_texts_are_in_the_default_language(full):
    assert full["riverside-food-bank"]["name"] == "Riverside food bank"
    assert full["riverside-food-bank"]["phones"][0]["number"] == "+44 20 7946 0018"


@pytest.mark.parametrize("text, parts", [
    ("45 Mill Road, Riverbend, ON", ("45 Mill Road", "Riverbend", "ON")),
    ("12 Water Street, Unit 4, Riverbend, ON", ("12 Water Street, Unit 4", "Riverbend", "ON")),
    ("12 Water Street", ("12 Water Street", "", "")),
    ("12 Water Street, Unit 4", ("12 Water Street, Unit 4", "", "")),
    ("Church hall, Main Street, Riverbend", ("Church hall, Main Street, Riverbend", "", "")),
    ("", ("", "", "")),
])
def test_addresses_are_split_only_when_unmistakable(text, parts):
    assert split_address(text) == parts
