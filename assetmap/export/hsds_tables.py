"""The HSDS 3.0 tables assetmap reads and writes, and how their rows nest into the JSON form.

The columns are those of the Open Referral Human Services Data Specification 3.0, in its
order, without the fields it marks as deprecated. The tests check these declarations against
the official schemas (``compiled/tabular.json``).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

from assetmap.inventory import cells

# table name -> (file name, columns); in the specification's order of tables.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "organization": ("organizations.csv", (
        "id", "name", "alternate_name", "description", "email", "website",
        "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id")),
    "service": ("services.csv", (
        "id", "organization_id", "program_id", "name", "alternate_name", "description", "url",
        "email", "status", "interpretation_services", "application_process",
        "fees_description", "accreditations", "eligibility_description", "minimum_age",
        "maximum_age", "assured_date", "assurer_email", "alert", "last_modified")),
    "attribute": ("attributes.csv", (
        "id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value")),
    "service_at_location": ("service_at_location.csv", (
        "id", "service_id", "location_id", "description")),
    "location": ("locations.csv", (
        "id", "location_type", "url", "organization_id", "name", "alternate_name",
        "description", "transportation", "latitude", "longitude", "external_identifier",
        "external_identifier_type")),
    "phone": ("phones.csv", (
        "id", "location_id", "service_id", "organization_id", "contact_id",
        "service_at_location_id", "number", "extension", "type", "description")),
    "contact": ("contacts.csv", (
        "id", "organization_id", "service_id", "service_at_location_id", "location_id", "name",
        "title", "department", "email")),
    "address": ("addresses.csv", (
        "id", "location_id", "attention", "address_1", "address_2", "city", "region",
        "state_province", "postal_code", "country", "address_type")),
    "schedule": ("schedules.csv", (
        "id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
        "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday",
        "byweekno", "bymonthday", "byyearday", "description", "opens_at", "closes_at",
        "schedule_link", "attending_type", "notes")),
    "service_area": ("service_areas.csv", (
        "id", "service_id", "name", "description", "extent", "extent_type", "uri")),
    "language": ("languages.csv", (
        "id", "service_id", "location_id", "phone_id", "name", "code", "note")),
    "accessibility": ("accessibility.csv", (
        "id", "location_id", "description", "details", "url")),
    "taxonomy_term": ("taxonomy_terms.csv", (
        "id", "code", "name", "description", "parent_id", "taxonomy", "language",
        "taxonomy_id", "term_uri")),
    "cost_option": ("cost_options.csv", (
        "id", "service_id", "valid_from", "valid_to", "option", "currency", "amount",
        "amount_description")),
    "taxonomy": ("taxonomies.csv", ("id", "name", "description", "uri", "version")),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "organization": ("id", "name", "description"),
    "service": ("id", "name", "status"),
    "location": ("id", "location_type"),
    "phone": ("id", "number"),
    "address": ("id", "address_1", "city", "state_province", "postal_code", "country",
                "address_type"),
    "taxonomy_term": ("id", "name", "description"),
    "taxonomy": ("id", "name", "description"),
}
KEEP_EMPTY = set(REQUIRED["address"])
NUMBERS = {"year_incorporated", "minimum_age", "maximum_age", "latitude", "longitude",
           "extension", "timezone", "count", "interval", "amount"}
DATES = {"assured_date", "valid_from", "valid_to", "dtstart", "until"}
TIMES = {"opens_at", "closes_at"}
URIS = {"website", "uri", "url", "term_uri", "schedule_link"}

Tables = dict[str, list[dict]]


def empty_tables() -> Tables:
    return {name: [] for name in TABLES}


# --- the nested JSON form ------------------------------------------------------------------


def _index(rows: list[dict], key: str) -> dict[str, list[dict]]:
    index: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row.get(key):
            index[str(row[key])].append(row)
    return index


def compact(value):
    """The value without empty strings, None or empty lists, at any depth; but an address's
    required parts stay, as '' when unknown, because the schema requires them."""
    if isinstance(value, dict):
        items = ((k, compact(v)) for k, v in value.items())
        return {k: v for k, v in items
                if v not in ("", None, [], {}) or (v == "" and k in KEEP_EMPTY)}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


class _Nester:
    """Joins the flat tables into the nested objects of the compiled 'service' schema."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.by_id = {name: {str(r["id"]): r for r in rows if r.get("id")}
                      for name, rows in tables.items()}
        self.children = {
            (table, key): _index(tables.get(table, []), key)
            for table, key in [
                ("phone", "service_id"), ("phone", "location_id"), ("schedule", "service_id"),
                ("language", "service_id"), ("language", "location_id"),
                ("contact", "service_id"), ("cost_option", "service_id"),
                ("service_area", "service_id"), ("service_at_location", "service_id"),
                ("address", "location_id"), ("accessibility", "location_id"),
                ("attribute", "link_id"), ("phone", "organization_id"),
            ]}

    def _kids(self, table: str, key: str, value: str) -> list[dict]:
        return [dict(r) for r in self.children[(table, key)].get(str(value), [])]

    def attributes(self, link_id: str) -> list[dict]:
        result = []
        for attribute in self._kids("attribute", "link_id", link_id):
            term = self.by_id.get("taxonomy_term", {}).get(str(attribute.get("taxonomy_term_id")))
            if term:
                term = dict(term)
                taxonomy = self.by_id.get("taxonomy", {}).get(str(term.get("taxonomy_id")))
                if taxonomy:
                    term["taxonomy_detail"] = dict(taxonomy)
                attribute["taxonomy_term"] = term
            result.append(attribute)
        return result

    def location(self, location_id: str) -> dict | None:
        row = self.by_id.get("location", {}).get(str(location_id))
        if row is None:
            return None
        return {**row,
                "addresses": self._kids("address", "location_id", location_id),
                "accessibility": self._kids("accessibility", "location_id", location_id),
                "phones": self._kids("phone", "location_id", location_id),
                "languages": self._kids("language", "location_id", location_id),
                "attributes": self.attributes(location_id)}

    def organization(self, organization_id: str) -> dict | None:
        row = self.by_id.get("organization", {}).get(str(organization_id))
        if row is None:
            return None
        return {**row, "phones": self._kids("phone", "organization_id", organization_id)}

    def service(self, row: dict) -> dict:
        sid = str(row["id"])
        at_locations = []
        for link in self._kids("service_at_location", "service_id", sid):
            link["location"] = self.location(link.get("location_id", ""))
            at_locations.append(link)
        return {**row,
                "organization": self.organization(row.get("organization_id", "")),
                "service_at_locations": at_locations,
                "phones": self._kids("phone", "service_id", sid),
                "schedules": self._kids("schedule", "service_id", sid),
                "languages": self._kids("language", "service_id", sid),
                "contacts": self._kids("contact", "service_id", sid),
                "cost_options": self._kids("cost_option", "service_id", sid),
                "service_areas": self._kids("service_area", "service_id", sid),
                "attributes": self.attributes(sid)}


def nest(tables: Tables) -> list[dict]:
    """Every service as one object, with its organization, locations, phones, schedules,
    languages, contacts, costs, areas and attributes (each with its taxonomy term) inside."""
    nester = _Nester(tables)
    return [compact(nester.service(row)) for row in tables.get("service", []) if row.get("id")]


# --- CSV files and the data package --------------------------------------------------------


def cell(column: str, value) -> str:
    """One CSV cell: numbers as numbers, text neutralised for spreadsheets."""
    if value is None:
        return ""
    if column in NUMBERS:
        return str(value)
    return cells.neutralise(str(value))


def write_table(path: Path, table: str, rows: list[dict]) -> Path:
    columns = TABLES[table][1]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([cell(c, row.get(c)) for c in columns] for row in rows)
    return path


def _field(table: str, column: str) -> dict:
    field = {"name": column, "type": "string"}
    if column in NUMBERS:
        field["type"] = "number"
    elif column in DATES:
        field["type"] = "date"
    elif column in TIMES:
        field["type"] = "time"
    elif column == "last_modified":
        field["type"] = "datetime"
    elif column == "id" or column.endswith("_id"):
        field["format"] = "uuid"
    elif column in URIS and (table, column) != ("service_area", "uri"):  # a name, not a URL
        field["format"] = "uri"
    elif column in ("email", "assurer_email"):
        field["format"] = "email"
    if column in REQUIRED.get(table, ("id",)):
        field["constraints"] = {"required": True}
    return field


def datapackage(title: str) -> dict:
    return {
        "name": "hsds",
        "title": title,
        "profile": "tabular-data-package",
        "description": "Open Referral Human Services Data Specification (HSDS) 3.0 tables.",
        "resources": [{
            "name": table,
            "path": file_name,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": [_field(table, c) for c in columns], "primaryKey": "id"},
        } for table, (file_name, columns) in TABLES.items()],
    }


def write_json(path: Path, data) -> Path:
    """``data`` as JSON; a list one item to a line, which reads as well as indented JSON and
    is written by Python's JSON encoder in C (indented JSON is written in Python, a
    sixth of all the downloads' time)."""
    if isinstance(data, list):
        items = ",\n".join(json.dumps(item, ensure_ascii=False) for item in data)
        text = f"[\n{items}\n]" if data else "[]"
    else:
        text = json.dumps(data, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    return path
