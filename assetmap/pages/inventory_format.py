"""The "Inventory format" page: every column of the inventory, made from the schema.

For each column of ``assetmap.inventory.schema.FIELDS``: its name as written in the header, its
name in words, what it holds, whether it is required, whether it takes translations, the
values it allows with their words in the page's language (the taxonomy's ids for categories
and neighbourhoods) or the kind of value, its longest length and an example; and which columns
are never published. Nothing here is written twice: the page says what ``assetmap check``
accepts because both read the same declaration.
"""

from __future__ import annotations

from dataclasses import dataclass

from assetmap.inventory import schema
from assetmap.inventory.model import Inventory
from assetmap.inventory.taxonomy import Term
from assetmap.language import Reader, Text
from assetmap.pages.views import Page

INVENTORY_FORMAT = "inventory-format.md"
# Values people type, whose length matters; the others are numbers, dates or codes.
TYPED = (schema.TEXT, schema.SLUG, schema.PHONE, schema.EMAIL, schema.URL)
CONSENTED = "yes"  # the value of a consent column that lets a private column be published


@dataclass(frozen=True)
class Value:
    """One value a column allows: the code written in the cell and its words, on the site and
    on paper (``short``, when it differs)."""

    code: str
    label: Text
    short: Text | None = None


@dataclass(frozen=True)
class Column:
    name: str  # as written in the header
    label: str  # its name in words, in the page's language
    description: str
    kind: str  # the kind of value, in words
    required: bool
    public: bool
    consent: str  # the column whose 'yes' publishes a private column, or ''
    multiple: bool
    lines: bool
    translations: tuple[str, ...]  # its translation columns, e.g. 'description:fr'
    values: tuple[Value, ...]
    max_length: int | None  # for what people type; None for numbers, dates and codes
    example: str

    @property
    def anchor(self) -> str:
        return f"column--{self.name.replace('_', '-')}"


def _choice(choice: schema.Choice, reader: Reader) -> Value:
    short = Text(reader.gettext(choice.short), reader.lang) if choice.short else None
    return Value(choice.code, Text(reader.gettext(choice.label), reader.lang), short)


def _values(fld: schema.Field, inventory: Inventory, reader: Reader) -> tuple[Value, ...]:
    terms: dict[str, Term] = {schema.CATEGORIES: inventory.taxonomy.categories,
                              schema.NEIGHBOURHOODS: inventory.taxonomy.neighbourhoods,
                              schema.AUDIENCE: inventory.taxonomy.audiences,
                              }.get(fld.kind, {})
    return (*(Value(t.id, reader.text(t.label)) for t in terms.values()),
            *(_choice(c, reader) for c in fld.choices))


def column(fld: schema.Field, inventory: Inventory, reader: Reader) -> Column:
    others = [c for c in inventory.settings.language_codes if c != reader.default]
    return Column(
        name=fld.name, label=reader.gettext(fld.label),
        description=reader.gettext(fld.description), kind=reader.gettext(
            schema.KIND_LABELS[fld.kind]),
        required=fld.required, public=fld.public, consent=fld.consent,
        multiple=fld.multiple, lines=fld.lines,
        translations=tuple(f"{fld.name}{schema.TRANSLATION_SEPARATOR}{lang}" for lang in others)
        if fld.translatable else (),
        values=_values(fld, inventory, reader),
        max_length=fld.max_length if fld.kind in TYPED else None,
        example=fld.example)


def inventory_format_page(inventory: Inventory, reader: Reader) -> Page:
    columns = [column(f, inventory, reader) for f in schema.FIELDS]
    others = [c for c in inventory.settings.language_codes if c != reader.default]
    translated = next((c for c in columns if c.translations), None)
    return Page(INVENTORY_FORMAT, "inventory-format.md.j2", None, {
        "columns": columns,
        "private": [c for c in columns if not c.public],
        "consented": CONSENTED,
        "several": schema.FIELDS_BY_NAME["category"].example,
        "translation": (translated.translations[0], reader.language_name(others[0]))
        if translated and others else None,
        "default_language": reader.language_name(reader.default),
    })
