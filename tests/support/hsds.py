"""The official HSDS 3.0 schemas, kept in tests/fixtures/hsds-3.0/ (CC BY-SA 4.0, see its
README), and the checks of an export against them, offline: the JSON form with jsonschema
against the compiled service schemas and the per-object schemas; the CSV tables against the
specification's tabular description (``compiled/tabular.json``)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from assetmap.export.hsds import write_hsds
from assetmap.inventory.load import load

from .project import FIXTURES, INVENTORY, TODAY

SCHEMAS = FIXTURES / "hsds-3.0"
FULL = FIXTURES / "hsds" / "full"  # an inventory with every field the export maps
INVENTORIES = {"fixture": INVENTORY / "good.csv", "full": FULL}
JSON_SCHEMAS = ["compiled/service_with_definitions.json", "compiled/service.json",
                "service.json"]


def export_hsds(source: Path, settings, folder: Path) -> Path:
    """The HSDS export of the inventory ``source`` (which must check without errors)."""
    loaded = load(source, settings, today=TODAY)
    assert not loaded.has_errors, loaded.problems
    write_hsds(loaded.inventory, folder)
    return folder


def _format_checker() -> FormatChecker:
    checker = FormatChecker()
    checker.checks("uri")(lambda value: bool(urlsplit(value).scheme and urlsplit(value).netloc))
    return checker


def service_validators(schemas: Path = SCHEMAS) -> dict[str, Draft202012Validator]:
    """One validator per service schema; the per-object schemas refer to each other by file
    name ("phone.json"), so every file is registered under its name."""
    registry = Registry().with_resources(
        (path.name, Resource(json.loads(path.read_text(encoding="utf-8")), DRAFT202012))
        for path in schemas.glob("*.json"))
    return {name: Draft202012Validator(json.loads((schemas / name).read_text(encoding="utf-8")),
                                       registry=registry, format_checker=_format_checker())
            for name in JSON_SCHEMAS}


def json_errors(services: list[dict], schemas: Path = SCHEMAS) -> list[tuple[str, str, str]]:
    """(schema, where, message) for every way the services break a service schema."""
    return [(name, "/".join(map(str, error.absolute_path)), error.message)
            for name, validator in service_validators(schemas).items()
            for service in services for error in validator.iter_errors(service)]


def tabular(schemas: Path = SCHEMAS) -> dict[str, dict]:
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


def tabular_errors(folder: Path, schemas: Path = SCHEMAS) -> list[tuple[str, str, str]]:
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
