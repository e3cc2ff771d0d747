"""An asset as a reader sees it (an ``Entry``), the same on every page that lists it, in one
language; and what the Find page filters it on.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from assetmap.config import Settings
from assetmap.inventory.model import Asset, Inventory, make_phone
from assetmap.inventory.schema import AGE_LIMIT, NEIGHBOURHOOD_ALL, ages_words
from assetmap.inventory.taxonomy import Term
from assetmap.language import Reader, Text
from assetmap.pages.hours import make_week
from assetmap.pages.views import (
    CATEGORIES,
    NEIGHBOURHOODS,
    Entry,
    Link,
    asset_url,
    sort_key,
    term_url,
)


def term_link(reader: Reader, folder: str, term: Term) -> Link:
    return Link(reader.text(term.label), term_url(folder, term.id))


def term_description(reader: Reader, term: Term) -> Text:
    return reader.text(term.description) if term.description else Text("", reader.lang)


def _field(reader: Reader, asset: Asset, name: str) -> Text:
    text, real_lang = asset.text(name, reader.lang, reader.default)
    return reader.foreign(text, real_lang)


def _website(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "", ""
    return url, (parts.netloc + parts.path).rstrip("/")


def make_entry(asset: Asset, inventory: Inventory, reader: Reader, today: dt.date) -> Entry:
    taxonomy = inventory.taxonomy
    everywhere = Link(Text("", reader.lang), area_wide=True)
    website, website_text = _website(asset.website)
    name = _field(reader, asset, "name")
    return Entry(
        id=asset.id,
        url=asset_url(asset.id),
        name=name,
        kind=asset.kind,
        informal=asset.kind == "informal",
        description=_field(reader, asset, "description"),
        who_for=_field(reader, asset, "who_for"),
        ages=Text(ages_words(asset.min_age, asset.max_age, reader.gettext), reader.lang)
        if asset.has_ages else None,
        audience=tuple(reader.text(taxonomy.audiences[code].label) for code in asset.audience
                       if code in taxonomy.audiences),
        cost=asset.cost,
        cost_note=_field(reader, asset, "cost_note"),
        how_to_join=asset.how_to_join,
        accepting=asset.accepting,
        hours=_field(reader, asset, "hours"),
        address=asset.address,
        postal_code=asset.postal_code,
        neighbourhoods=tuple(
            everywhere if n == NEIGHBOURHOOD_ALL
            else term_link(reader, NEIGHBOURHOODS, taxonomy.neighbourhoods[n])
            for n in asset.neighbourhoods),
        categories=tuple(term_link(reader, CATEGORIES, taxonomy.categories[c])
                         for c in asset.categories),
        phone=asset.phone,
        email=asset.email,
        website=website,
        website_text=website_text,
        languages=tuple(reader.language_name(code) for code in asset.languages),
        accessibility=asset.accessibility,
        last_checked=reader.date(asset.last_verified),
        last_checked_short=reader.short_date(asset.last_verified),
        last_checked_iso=asset.last_verified.isoformat(),
        overdue=asset.overdue(today, inventory.settings.review_months),
        contact_name=asset.contact_name,
        sort_key=sort_key(name.text),
        search_filters=search_filters(asset, inventory.age_bands),
        opening_hours=asset.opening_hours,
        week=make_week(asset.opening_hours, reader),
        time_zone=inventory.settings.time_zone,
    )


# The Find page's filters: the key Pagefind stores each under, in the order the page shows
# them, and the inventory column each filters on. Accessibility features add up ("has all of
# these"); the others are alternatives.
FILTERS: dict[str, str] = {
    "category": "category", "neighbourhood": "neighbourhood", "audience": "audience",
    "language": "languages",
    "cost": "cost", "join": "how_to_join", "accepting": "accepting", "access": "accessibility"}


MATCH_ALL = ("access",)
# The Find page's "Age" filter: an entry is filed under each band of ages it is for (a band
# is named by its first age, ``Inventory.age_bands``), or under 'any' when it names no ages:
# it welcomes every age, so it matches whatever age is typed. The page finds the band of the
# age typed.
AGE_FILTER, EVERY_AGE = "age", "any"


def age_filters(asset: Asset, bands: tuple[int, ...]) -> tuple[tuple[str, str], ...]:
    if not asset.has_ages:
        return ((AGE_FILTER, EVERY_AGE),)
    high = AGE_LIMIT if asset.max_age is None else asset.max_age
    return tuple((AGE_FILTER, str(band)) for band in bands if asset.min_age <= band <= high)


def search_filters(asset: Asset, bands: tuple[int, ...] = (0,)) -> tuple[tuple[str, str], ...]:
    """The asset's ids and codes under each of ``FILTERS``, and its bands of ``bands``."""
    values = {
        "category": asset.categories, "neighbourhood": asset.neighbourhoods,
        "language": asset.languages, "cost": (asset.cost,), "join": (asset.how_to_join,),
        "accepting": (asset.accepting,), "access": asset.accessibility,
        "audience": asset.audience,
    }
    found = tuple((key, value) for key in FILTERS for value in values[key] if value)
    return found + age_filters(asset, bands)


def contact(settings: Settings) -> dict:
    """How to reach the people who keep the directory, from ``extra.assetmap``."""
    return {"phone": make_phone(settings.contact_phone, settings.phone_region),
            "email": settings.contact_email}
