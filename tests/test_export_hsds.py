"""The HSDS 3.0 export validates against the official schemas, offline, and maps our fields
the way the export module says.

The schemas are in tests/fixtures/hsds-3.0/; tests/support/hsds.py checks the JSON form with
jsonschema against the compiled service schemas and the per-object schemas, and the CSV
tables against the specification's tabular description (``compiled/tabular.json``).
"""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from assetmap.export import hsds_tables
from assetmap.export.hsds import split_address
from assetmap.inventory.load import load

from .support.hsds import (
    FULL,
    INVENTORIES,
    export_hsds,
    json_errors,
    read_tables,
    tabular,
    tabular_errors,
)
from .support.project import SAMPLE, TODAY

# --- exporting -------------------------------------------------------------------------------


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


def test_every_service_validates_against_the_json_schemas(exported):
    services = json.loads((exported / "services.json").read_text(encoding="utf-8"))
    assert services
    assert json_errors(services) == []


def test_every_table_fits_the_tabular_description(exported):
    assert tabular_errors(exported) == []


def test_the_sample_data_exports_valid_hsds(settings, tmp_path):
    folder = export_hsds(SAMPLE, settings, tmp_path / "hsds")
    services = json.loads((folder / "services.json").read_text(encoding="utf-8"))
    assert len(services) == len(load(SAMPLE, settings, today=TODAY).inventory.assets)
    assert json_errors(services) == []
    assert tabular_errors(folder) == []  # the city and province come from the settings
    addresses = read_tables(folder)["address"][1]
    assert {(a["city"], a["state_province"]) for a in addresses} == {("Riverbend", "ON")}


def test_without_a_city_setting_the_address_lacks_one(settings, tmp_path):
    """The rule the test above relies on can fail: HSDS requires a city."""
    folder = export_hsds(SAMPLE, replace(settings, city="", province=""), tmp_path / "hsds")
    assert set(tabular_errors(folder)) == {("address", "city", "required value empty"),
                                           ("address", "state_province", "required value empty")}


def test_ages_and_audience_are_the_services_ages_and_attributes(settings, tmp_path):
    folder = export_hsds(SAMPLE, settings, tmp_path / "hsds")
    services = json.loads((folder / "services.json").read_text(encoding="utf-8"))
    by_id = {_asset_id(s): s for s in services}

    def who(asset_id):
        service = by_id[asset_id]
        return (service.get("minimum_age"), service.get("maximum_age"),
                [a["taxonomy_term"]["code"] for a in service["attributes"]
                 if a["taxonomy_term"]["taxonomy"] == "assetmap audiences"])

    assert who("strong-and-steady") == (65, None, ["seniors"])
    assert who("youth-wellness-hub") == (12, 25, ["youth"])
    assert who("sainte-anne-memory-cafe") == (None, None, ["seniors", "caregivers"])
    assert who("riverside-park") == (None, None, [])
    seniors = next(a["taxonomy_term"] for a in by_id["strong-and-steady"]["attributes"]
                   if a["taxonomy_term"]["code"] == "seniors")
    assert seniors["name"] == "Seniors"


def test_the_validators_do_catch_mistakes(exported, tmp_path):
    """The two checks above are only worth something if they can fail."""
    service = json.loads((exported / "services.json").read_text(encoding="utf-8"))[0]
    broken = {**service, "status": "closed", "id": "not-a-uuid"}
    del broken["name"]
    found = {(where, message.split("'")[1] if "'" in message else message)
             for name, where, message in json_errors([broken])
             if name == "compiled/service.json"}
    assert found == {("", "name"), ("status", "closed"), ("id", "not-a-uuid")}
    copy = shutil.copytree(exported, tmp_path / "broken")
    services_csv = copy / "services.csv"
    text = services_csv.read_text(encoding="utf-8")
    services_csv.write_text(text.replace(",active,", ",closed,", 1).replace("id,", "idx,", 1),
                            encoding="utf-8")
    found = {(c, p) for t, c, p in tabular_errors(copy) if t == "service"}
    assert ("idx", "unknown column") in found
    assert ("id", "required column missing") in found
    assert ("status", "'closed' is not one of ['active', 'inactive', 'defunct', "
            "'temporarily closed']") in found


def test_declared_tables_are_the_specifications():
    spec = tabular()
    for name, (file_name, columns) in hsds_tables.TABLES.items():
        fields = spec[name]["properties"]
        assert file_name == spec[name]["path"], name
        assert [c for c in columns if c not in fields] == [], name
        deprecated = {c for c, f in fields.items() if "DEPRECATED" in f.get("description", "")}
        arrays = {c for c, f in fields.items() if f.get("type") == "array" or "$ref" in f}
        assert set(columns) == set(fields) - deprecated - arrays - {"taxonomy_detail"}, name


def test_datapackage_types_are_the_specifications(exported):
    spec = tabular()
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
