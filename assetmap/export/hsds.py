"""The inventory as Open Referral HSDS 3.0: CSV tables with a datapackage.json, and the JSON
form (``services.json``: every service with its organization, locations, phones... inside).

How our fields become HSDS (what is lossy, and why, is in the comments beside each):

- Each asset is one ``service``. HSDS needs an ``organization`` for every service and the
  inventory does not say who runs an asset, so each asset is also its own organization (for an
  informal group that is exactly right: the group is the organization; its ``legal_status`` is
  'Informal group').
- Every id is a UUID derived (uuid5) from the site's address, the object's type and the
  asset's id, so an export made tomorrow has the same ids as today's.
- The texts are in the site's default language: HSDS has no place for translations (the CSV
  and Excel exports carry them).
- Categories, neighbourhoods and the coded fields HSDS has no column for (our id, kind, cost,
  how_to_join, accepting, verified_by) are ``attribute``s pointing at terms of three
  taxonomies: 'assetmap categories', 'assetmap neighbourhoods' and 'assetmap fields' (an
  attribute's ``value`` holds the field's value). People-facing words go in the HSDS columns
  too: ``application_process``, ``fees_description``, ``service_areas``.
- Opening hours the same every week (``opening_hours``) are ``schedules``: one weekly row
  (``byday``, ``opens_at``, ``closes_at``, local times) per span of the week. The syntax itself,
  with its time zone, is in the first row's ``notes`` (``SYNTAX_NOTE``), which says what the
  rows cannot (seasons, the month's second Tuesday, public holidays): the import reads it
  back. The free-text ``hours`` are the first row's ``description``.
- Who a service is for: ``ages`` are the service's ``minimum_age`` and ``maximum_age``;
  each ``audience`` is an attribute pointing at a term of 'assetmap audiences' (the words of
  audiences.yml); ``eligibility_description`` is ``who_for``, or when the inventory has none,
  the ages and audience in words.
- HSDS requires a city and a province in every address: they are the site's ``city`` and
  ``province`` settings, unless the address is written 'street, city, XX'.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from pathlib import Path

from babel import Locale

from assetmap.config import Settings
from assetmap.export import hsds_tables, records
from assetmap.export.hsds_tables import Tables
from assetmap.inventory import hours, schema
from assetmap.inventory.model import Asset, Inventory
from assetmap.inventory.taxonomy import Term
from assetmap.language import gettext
from assetmap.pages.views import asset_url

# The first schedule's notes: the opening_hours syntax, which the import reads back
SYNTAX_NOTE = "OpenStreetMap opening_hours ({zone}): {value}"

TAXONOMIES = {
    "categories": ("assetmap categories", "The categories of this community asset map.",
                   "category"),
    "neighbourhoods": ("assetmap neighbourhoods", "The neighbourhoods of this community asset "
                       "map; 'all' means area-wide or online.", "neighbourhood"),
    "audiences": ("assetmap audiences", "Who the services of this community asset map are "
                  "meant for.", "audience"),
    "fields": ("assetmap fields", "Inventory fields that HSDS has no column for; the "
               "attribute's value is the field's value.", "inventory_field"),
}
CODED_FIELDS = ("id", "kind", "cost", "how_to_join", "accepting", "verified_by")
ALL_AREA = schema.NEIGHBOURHOOD_ALL
INFORMAL = "Informal group"  # HSDS's legal_status, not our words for the code
_ENGLISH = Locale("en")
ZIP_DATE = (2000, 1, 1, 0, 0, 0)
PROVINCE_CODE = re.compile(r"^[A-Z]{2,3}$")


class Ids:
    """Stable UUIDs: the same site, object type and key always give the same id."""

    def __init__(self, settings: Settings) -> None:
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, settings.site_url or "urn:assetmap")

    def __call__(self, kind: str, *key: str) -> str:
        return str(uuid.uuid5(self.namespace, ":".join((kind, *key))))


def label(field: str, code: str, lang: str) -> str:
    """The words for ``code`` of the column ``field`` in ``lang``, as the site shows them."""
    return gettext(lang, schema.choice(field, code).label)


def area_wide_name(lang: str) -> str:
    """'All neighbourhoods (area-wide or online)': the service area of an area-wide asset."""
    return f"{label('neighbourhood', ALL_AREA, lang)} ({gettext(lang, schema.AREA_WIDE.help)})"


ALL_AREA_NAME = area_wide_name("en")


def join_text(how_to_join: str, accepting: str, lang: str = "en") -> str:
    """The people-facing 'how to start' text: how to join, then whether there is room."""
    return " ".join(label(field, code, lang) for field, code in (
        ("how_to_join", how_to_join), ("accepting", accepting)) if code)


def split_address(text: str) -> tuple[str, str, str]:
    """'45 Mill Road, Riverbend, ON' -> ('45 Mill Road', 'Riverbend', 'ON').

    The inventory keeps an address in one cell, as people write it; HSDS splits it. Only the
    unmistakable shape 'street, city, XX' (a 2-3 letter province or state code last) is
    split; anything else goes whole into address_1 with city and province left empty rather
    than guessed. Joining the parts with ', ' gives the text back.
    """
    parts = [part.strip() for part in text.split(",")]
    if len(parts) >= 3 and PROVINCE_CODE.match(parts[-1]) and all(parts):
        return ", ".join(parts[:-2]), parts[-2], parts[-1]
    return text, "", ""


def language_name(code: str) -> str:
    base = code.replace("_", "-").split("-")[0].lower()
    return _ENGLISH.languages.get(base, code)


class _Builder:
    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory
        self.settings = inventory.settings
        self.lang = inventory.settings.default_language
        self.ids = Ids(inventory.settings)
        self.tables: Tables = hsds_tables.empty_tables()
        self.terms: dict[tuple[str, str], str] = {}

    def add(self, table: str, **row) -> dict:
        self.tables[table].append(row)
        return row

    def text(self, values: dict[str, str]) -> str:
        return values.get(self.lang) or next(iter(values.values()), "")

    # --- taxonomies ---------------------------------------------------------------------

    def taxonomy(self, key: str, terms: list[tuple[str, str, str]]) -> None:
        name, description, _link_type = TAXONOMIES[key]
        taxonomy_id = self.ids("taxonomy", key)
        self.add("taxonomy", id=taxonomy_id, name=name, description=description)
        for code, term_name, term_description in terms:
            term_id = self.ids("taxonomy_term", key, code)
            self.terms[(key, code)] = term_id
            self.add("taxonomy_term", id=term_id, code=code, name=term_name,
                     description=term_description or term_name, taxonomy=name,
                     language=self.lang, taxonomy_id=taxonomy_id)

    def taxonomies(self) -> None:
        taxonomy = self.inventory.taxonomy
        self.taxonomy("categories", [(t.id, self.text(t.label), self.text(t.description))
                                     for t in taxonomy.categories.values()])
        areas = [(t.id, self.text(t.label), "") for t in taxonomy.neighbourhoods.values()]
        self.taxonomy("neighbourhoods", [*areas, (ALL_AREA, area_wide_name(self.lang), "")])
        self.taxonomy("audiences", [(t.id, self.text(t.label), "")
                                    for t in taxonomy.audiences.values()])
        self.taxonomy("fields", [(f, f, gettext(self.lang, schema.FIELDS_BY_NAME[f].description))
                                 for f in CODED_FIELDS])

    def attribute(self, asset: Asset, service_id: str, key: str, code: str,
                  value: str = "") -> None:
        if (key, code) not in self.terms:  # a value that is not in the taxonomy files
            return
        self.add("attribute", id=self.ids("attribute", asset.id, key, code), link_id=service_id,
                 taxonomy_term_id=self.terms[(key, code)], link_type=TAXONOMIES[key][2],
                 link_entity="service", value=value or None)

    # --- one asset ----------------------------------------------------------------------

    def organization(self, asset: Asset) -> str:
        site = self.settings.site_url
        organization_id = self.ids("organization", asset.id)
        self.add("organization", id=organization_id, name=self.text(asset.name),
                 description=self.text(asset.description), email=asset.email or None,
                 website=asset.website or None,
                 legal_status=INFORMAL if asset.kind == "informal" else None,
                 uri=(site.rstrip("/") + "/" + asset_url(asset.id)) if site else None)
        return organization_id

    def service(self, asset: Asset, organization_id: str) -> str:
        service_id = self.ids("service", asset.id)
        cost = label("cost", asset.cost, self.lang) if asset.cost else ""
        fees = self.text(asset.cost_note) or cost
        self.add("service", id=service_id, organization_id=organization_id,
                 name=self.text(asset.name), description=self.text(asset.description),
                 url=asset.website or None, email=asset.email or None,
                 # Every asset in the inventory is running; 'accepting: no' is about room
                 # for new people, not about the service being closed, so it goes in
                 # application_process (and an attribute), never in status.
                 status="active",
                 application_process=join_text(asset.how_to_join, asset.accepting,
                                               self.lang) or None,
                 fees_description=fees or None,
                 eligibility_description=self.text(asset.who_for) or self.who(asset) or None,
                 minimum_age=asset.min_age, maximum_age=asset.max_age,
                 assured_date=asset.last_verified.isoformat())
        return service_id

    def who(self, asset: Asset) -> str:
        """'Ages 55 and over. For: Seniors, Caregivers.': the ages and audience in words."""
        parts = []
        if asset.has_ages:
            words = schema.ages_words(asset.min_age, asset.max_age,
                                      lambda message: gettext(self.lang, message))
            parts.append(f"{gettext(self.lang, schema.FIELDS_BY_NAME['ages'].label)}: {words}.")
        audiences = self.inventory.taxonomy.audiences
        names = [self.text(audiences[code].label) for code in asset.audience if code in audiences]
        if names:
            parts.append(f"{gettext(self.lang, schema.FIELDS_BY_NAME['audience'].label)}: "
                         f"{', '.join(names)}.")
        return " ".join(parts)

    def location(self, asset: Asset, organization_id: str, service_id: str) -> None:
        has_coordinates = asset.latitude is not None and asset.longitude is not None
        if not (asset.address or asset.postal_code or has_coordinates or asset.accessibility):
            return
        location_id = self.ids("location", asset.id)
        self.add("location", id=location_id, location_type="physical",
                 organization_id=organization_id, name=self.text(asset.name),
                 latitude=asset.latitude, longitude=asset.longitude)
        self.add("service_at_location", id=self.ids("service_at_location", asset.id),
                 service_id=service_id, location_id=location_id)
        if asset.address or asset.postal_code:
            street, city, province = split_address(asset.address)
            city, province = city or self.settings.city, province or self.settings.province
            # HSDS requires every part; a part neither the address nor the settings give stays
            # an empty string. The country is the one whose phone numbers the site uses.
            self.add("address", id=self.ids("address", asset.id), location_id=location_id,
                     address_1=street, city=city, state_province=province,
                     postal_code=asset.postal_code, country=self.settings.phone_region,
                     address_type="physical")
        for feature in asset.accessibility:
            self.add("accessibility", id=self.ids("accessibility", asset.id, feature),
                     location_id=location_id,
                     description=label("accessibility", feature, self.lang))

    def details(self, asset: Asset, service_id: str) -> None:
        if asset.phone:
            number, extension = records.phone_parts(asset.phone)
            self.add("phone", id=self.ids("phone", asset.id), service_id=service_id,
                     number=number, extension=extension, type="voice")
        if asset.hours or asset.opening_hours:
            self.schedules(asset, service_id)
        for code in asset.languages:
            self.add("language", id=self.ids("language", asset.id, code), service_id=service_id,
                     name=language_name(code), code=code)
        if asset.contact_name:  # only ever present when the person agreed to be published
            self.add("contact", id=self.ids("contact", asset.id), service_id=service_id,
                     name=asset.contact_name)
        if asset.cost:
            self.add("cost_option", id=self.ids("cost_option", asset.id), service_id=service_id,
                     option=label("cost", asset.cost, self.lang),
                     amount=0 if asset.cost == "free" else None)
        for area in asset.neighbourhoods:
            self.add("service_area", id=self.ids("service_area", asset.id, area),
                     service_id=service_id, name=self.area_name(area))

    def schedules(self, asset: Asset, service_id: str) -> None:
        first = {"description": self.text(asset.hours) if asset.hours else "",
                 "notes": SYNTAX_NOTE.format(zone=self.settings.time_zone,
                                             value=asset.opening_hours)
                 if asset.opening_hours else ""}
        times = hours.weekly(asset.opening_hours) if asset.opening_hours else None
        if not times:
            self.add("schedule", id=self.ids("schedule", asset.id), service_id=service_id,
                     **first)
            return
        for number, time in enumerate(times):
            more = (str(number),) if number else ()  # the first keeps the id it always had
            self.add("schedule", id=self.ids("schedule", asset.id, *more),
                     service_id=service_id, freq="WEEKLY", wkst="MO",
                     byday=",".join(hours.ICAL_DAYS[day] for day in time.days),
                     opens_at=time.opens, closes_at=time.closes,
                     **(first if number == 0 else {}))

    def area_name(self, area: str) -> str:
        term: Term | None = self.inventory.taxonomy.neighbourhoods.get(area)
        return self.text(term.label) if term else area_wide_name(self.lang)

    def attributes(self, asset: Asset, service_id: str) -> None:
        for category in asset.categories:
            self.attribute(asset, service_id, "categories", category)
        for area in asset.neighbourhoods:
            self.attribute(asset, service_id, "neighbourhoods", area)
        for code in asset.audience:
            self.attribute(asset, service_id, "audiences", code)
        for name in CODED_FIELDS:
            value = getattr(asset, name)
            if value:
                self.attribute(asset, service_id, "fields", name, value)

    def asset(self, asset: Asset) -> None:
        organization_id = self.organization(asset)
        service_id = self.service(asset, organization_id)
        self.location(asset, organization_id, service_id)
        self.details(asset, service_id)
        self.attributes(asset, service_id)


def build_tables(inventory: Inventory) -> Tables:
    """The HSDS tables of an inventory, as rows of typed values (None for empty)."""
    builder = _Builder(inventory)
    builder.taxonomies()
    for asset in inventory.assets:
        builder.asset(asset)
    return builder.tables


def _zip(folder: Path, files: list[Path], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            info = zipfile.ZipInfo(f"{folder.name}/{file.name}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, file.read_bytes())
    return path


def write_hsds(inventory: Inventory, folder: Path, zip_path: Path | None = None) -> list[Path]:
    """Write the CSV tables, datapackage.json and services.json into ``folder``; with
    ``zip_path``, also one zip of them all. Returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = build_tables(inventory)
    written = [hsds_tables.write_table(folder / file_name, table, tables[table])
               for table, (file_name, _columns) in hsds_tables.TABLES.items()]
    title = "Community asset map (HSDS 3.0)"
    written.append(hsds_tables.write_json(folder / "datapackage.json",
                                          hsds_tables.datapackage(title)))
    written.append(hsds_tables.write_json(folder / "services.json", hsds_tables.nest(tables)))
    if zip_path is not None:
        written.append(_zip(folder, list(written), zip_path))
    return written
