"""The public model of an inventory: what the site, the search index and the exports see.

Private fields never enter this model: ``internal_notes`` is not copied, and ``contact_name``
is copied only when ``contact_consent`` is 'yes'. Everything downstream reads ``Asset`` only.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from dataclasses import dataclass, field

import phonenumbers

from assetmap.config import Settings
from assetmap.inventory import schema
from assetmap.inventory.cell_checks import parse_date, parse_phone
from assetmap.inventory.read import Record
from assetmap.inventory.taxonomy import Taxonomy
from assetmap.inventory.validate import months_between


@dataclass(frozen=True)
class Phone:
    text: str  # as people write it in this region, e.g. "(613) 555-0123 ext. 2"
    uri: str  # tel: address, e.g. "tel:+1-613-555-0123;ext=2"
    number: str = ""  # the text without its extension, e.g. "(613) 555-0123"
    extension: str = ""  # e.g. "2"


@dataclass(frozen=True)
class Asset:
    id: str
    name: dict[str, str]
    description: dict[str, str]
    categories: tuple[str, ...]
    neighbourhoods: tuple[str, ...]
    kind: str
    last_verified: dt.date
    who_for: dict[str, str] = field(default_factory=dict)
    min_age: int | None = None  # ages: '12-25' -> 12 and 25; '55+' -> 55 and None
    max_age: int | None = None
    audience: tuple[str, ...] = ()
    cost: str = ""
    cost_note: dict[str, str] = field(default_factory=dict)
    how_to_join: str = ""
    accepting: str = ""
    hours: dict[str, str] = field(default_factory=dict)
    address: str = ""
    postal_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    phone: Phone | None = None
    email: str = ""
    website: str = ""
    languages: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    verified_by: str = ""
    contact_name: str = ""
    opening_hours: str = ""  # OpenStreetMap's syntax, checked (``assetmap.inventory.hours``)
    source_file: str = ""
    source_row: int = 0

    @property
    def category(self) -> str:
        """The main category."""
        return self.categories[0]

    @property
    def ages(self) -> str:
        """The ages as the inventory writes them: '55+', '12-25'; '' for every age."""
        if self.min_age is None:
            return ""
        return f"{self.min_age}+" if self.max_age is None else f"{self.min_age}-{self.max_age}"

    @property
    def has_ages(self) -> bool:
        """Whether it names the ages it is for (without them, every age is welcome)."""
        return self.min_age is not None

    def welcomes_age(self, age: int) -> bool:
        """Whether a person of ``age`` is in its ages; with no ages named, everyone is."""
        if self.min_age is None:
            return True
        return self.min_age <= age and (self.max_age is None or age <= self.max_age)

    def overdue(self, today: dt.date, review_months: int) -> bool:
        return months_between(self.last_verified, today) >= review_months

    def text(self, name: str, lang: str, default_lang: str) -> tuple[str, str]:
        """The text of a translatable field in ``lang`` and the language it is really in."""
        values: dict[str, str] = getattr(self, name)
        if values.get(lang):
            return values[lang], lang
        return values.get(default_lang, ""), default_lang


@dataclass
class Inventory:
    assets: list[Asset]
    taxonomy: Taxonomy
    settings: Settings

    @functools.cached_property
    def age_bands(self) -> tuple[int, ...]:
        """The ages at which some entry's ages begin or end (0 first): between two of them,
        every age is welcome at the same entries. '12-25' and '55+' give (0, 12, 26, 55)."""
        edges = {0}
        for asset in self.assets:
            if asset.has_ages:
                edges.add(asset.min_age)
                if asset.max_age is not None and asset.max_age < schema.AGE_LIMIT:
                    edges.add(asset.max_age + 1)
        return tuple(sorted(edges))


def _translations(record: Record, name: str, settings: Settings) -> dict[str, str]:
    values = {settings.default_language: record.cells.get(name, "")}
    for lang in settings.language_codes:
        text = record.cells.get(f"{name}:{lang}", "")
        if text and lang != settings.default_language:
            values[lang] = text
    return {k: v for k, v in values.items() if v}


def make_phone(value: str, region: str) -> Phone | None:
    """A phone number as people dial it in ``region`` (national there, international from
    elsewhere, short numbers such as 211 as they are), or None when it is not one. The one
    place a number is formatted: pages, sheets, exports and the contact block all use it."""
    number = parse_phone(value, region) if value else None
    if number is None:
        return None
    if not phonenumbers.is_valid_number(number):
        digits = str(number.national_number)  # a short number such as 211
        return Phone(digits, f"tel:{digits}", digits)
    local = phonenumbers.region_code_for_number(number) == region
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if local
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    bare = copy.copy(number)
    bare.extension = None
    return Phone(phonenumbers.format_number(number, style),
                 phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966),
                 phonenumbers.format_number(bare, style), number.extension or "")


def _float(value: str) -> float | None:
    return float(value.replace(",", ".")) if value else None


def build_asset(record: Record, settings: Settings) -> Asset:
    """An Asset from a record that passed validation without errors."""
    cells = record.cells
    get = cells.get
    consent = get("contact_consent", "").lower() == "yes"
    ages = schema.parse_ages(get("ages", ""))
    return Asset(
        id=cells["id"],
        name=_translations(record, "name", settings),
        description=_translations(record, "description", settings),
        categories=tuple(schema.split_multi(cells["category"])),
        neighbourhoods=tuple(schema.split_multi(cells["neighbourhood"])),
        kind=cells["kind"].lower(),
        last_verified=parse_date(cells["last_verified"]),
        who_for=_translations(record, "who_for", settings),
        min_age=ages[0] if ages else None,
        max_age=ages[1] if ages else None,
        audience=tuple(schema.split_multi(get("audience", ""))),
        cost=get("cost", "").lower(),
        cost_note=_translations(record, "cost_note", settings),
        how_to_join=get("how_to_join", "").lower(),
        accepting=get("accepting", "").lower(),
        hours=_translations(record, "hours", settings),
        address=get("address", ""),
        postal_code=get("postal_code", ""),
        latitude=_float(get("latitude", "")),
        longitude=_float(get("longitude", "")),
        phone=make_phone(get("phone", ""), settings.phone_region),
        email=get("email", ""),
        website=get("website", ""),
        languages=tuple(schema.split_multi(get("languages", ""))),
        accessibility=tuple(v.lower() for v in schema.split_multi(get("accessibility", ""))),
        verified_by=get("verified_by", ""),
        contact_name=get("contact_name", "") if consent else "",
        opening_hours=get("opening_hours", "").strip(),
        source_file=str(record.file),
        source_row=record.row,
    )
