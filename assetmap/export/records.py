"""The exported columns and one asset's values, derived from the schema and the public model.

A column is exported when the schema marks it public, or when the public model carries it:
``contact_name`` is private in the schema but ``Asset`` holds it only when its person agreed to
be published. ``internal_notes`` is neither, so no export can ever see it. Every export reads
``Asset`` only, never the rows as read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from assetmap.config import Settings
from assetmap.inventory import schema
from assetmap.inventory.model import Asset, Phone

_CARRIED = {f.name for f in dataclasses.fields(Asset)}
EXPORTED: tuple[schema.Field, ...] = tuple(
    f for f in schema.FIELDS if f.public or f.name in _CARRIED)
NUMERIC = set(schema.NUMBERS)


def columns(settings: Settings) -> list[str]:
    """The inventory's columns as exported, each translation right after its column."""
    names: list[str] = []
    others = [c for c in settings.language_codes if c != settings.default_language]
    for fld in EXPORTED:
        names.append(fld.name)
        if fld.translatable:
            names.extend(f"{fld.name}:{lang}" for lang in others)
    return names


def value(asset: Asset, column: str, settings: Settings):
    """The value of ``column`` for ``asset``: text, a list for several values, a float for a
    coordinate, a date for ``last_verified``; '' or None when empty."""
    name, lang = schema.split_column(column)
    fld = schema.FIELDS_BY_NAME[name]
    if fld.translatable:
        return getattr(asset, name).get(lang or settings.default_language, "")
    if name == "category":
        return list(asset.categories)
    if name == "neighbourhood":
        return list(asset.neighbourhoods)
    if name == "phone":
        return asset.phone.text if asset.phone else ""
    if name == "contact_consent":  # the model holds a name only when its person agreed
        return "yes" if asset.contact_name else ""
    raw = getattr(asset, name)
    return list(raw) if isinstance(raw, tuple) else raw


def record(asset: Asset, settings: Settings) -> dict[str, object]:
    return {column: value(asset, column, settings) for column in columns(settings)}


def as_text(value) -> str:
    """A value as one cell of text: lists joined with '; ', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def phone_parts(phone: Phone) -> tuple[str, int | None]:
    """The number as people dial it, and its extension as a number (HSDS keeps it apart);
    an extension that is not a plain number (or starts with 0) stays in the text."""
    if phone.extension.isdigit() and not phone.extension.startswith("0"):
        return phone.number, int(phone.extension)
    return phone.text, None
