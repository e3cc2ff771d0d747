"""The options of the ``assetmap`` MkDocs plugin, declared as MkDocs declares its own: each one
typed, with its default and one line on what it does.

MkDocs validates them when it loads mkdocs.yml (a wrong type is an error; a misspelt name is
a warning, which ``--strict`` turns into an error), and the commands validate them the same
way when they read mkdocs.yml without building (``assetmap.config.load_settings``).

Until the plugin, they were under ``extra.assetmap``, where MkDocs checks nothing; they are
still read from there for one release (``with_extra``), with a notice naming each one to move.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping

import phonenumbers
from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

# The map's pictures (tiles): OpenStreetMap's public tile server, whose usage policy asks for
# this attribution, visible on the map: https://operations.osmfoundation.org/policies/tiles/
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                   "OpenStreetMap</a> contributors")


class PhoneRegion(c.Type):
    """A region phone numbers are written in, by its two-letter code ('CA')."""

    def __init__(self, **kwargs) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        if value not in phonenumbers.SUPPORTED_REGIONS:
            raise ValidationError(f"'{value}' is not a region code phone numbers know: write "
                                  "the country's two capital letters, e.g. 'CA' or 'FR'.")
        return value


class TimeZone(c.Type):
    """A time zone of the IANA database, e.g. America/Toronto."""

    def __init__(self, **kwargs) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValidationError(f"'{value}' is not a time zone: write it as the IANA time "
                                  "zone database names it, e.g. 'America/Toronto'.") from None
        return value


class Count(c.Type):
    """A whole number of ``minimum`` or more (one, unless told)."""

    def __init__(self, minimum: int = 1, **kwargs) -> None:
        super().__init__(int, **kwargs)
        self.minimum = minimum

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            raise ValidationError(f"Expected a whole number of {self.minimum} or more but "
                                  f"received: {value!r}")
        return value


# A page that lists fewer entries than this would split a directory into pages of a handful
MIN_PAGE_SIZE = 5


class AssetmapConfig(Config):
    """``plugins: - assetmap: {...}`` in mkdocs.yml."""

    data_dir = c.FilesystemObject(default="data")
    """The inventory: a folder (or one file), relative to mkdocs.yml; `assetmap build --data`."""
    phone_region = PhoneRegion(default="CA")
    """The region of phone numbers written without a country code, e.g. CA."""
    time_zone = TimeZone(default="America/Toronto")
    """The time zone of the opening hours, for "Open now" in the reader's browser."""
    review_months = Count(default=12)
    """Months after an asset's last check before it is due for a review."""
    description_max_words = Count(default=60)
    """The longest description, in words, before `assetmap check` warns."""
    contact_phone = c.Type(str, default="")
    """The phone number of the people who keep the directory (the contact block, the forms)."""
    contact_email = c.Type(str, default="")
    """Their email address (the contact block, the forms)."""
    city = c.Type(str, default="")
    """The town or city the entries are in, for the open data's addresses (HSDS requires
    one): an address written 'street, city, XX' names its own."""
    province = c.Type(str, default="")
    """Its province or state, e.g. ON, likewise."""
    map_tiles = c.Type(str, default=OSM_TILES)
    """The map's tile server: an address with {z}, {x} and {y} (OpenStreetMap's by default)."""
    map_attribution = c.Type(str, default=OSM_ATTRIBUTION)
    """The tile server's attribution, shown on the map (HTML)."""
    data_licence = c.Type(str, default="")
    """The licence of the open data downloads, e.g. CC BY 4.0."""
    data_licence_url = c.URL(default="")
    """The address of that licence's text."""
    pdf_sheets = c.Type(bool, default=True)
    """A printable PDF of every category and neighbourhood page (false: a faster build)."""
    page_size = Count(minimum=MIN_PAGE_SIZE, default=100)
    """The most entries a page lists: a larger category, neighbourhood or A to Z becomes an
    index of smaller pages."""


class OptionsError(Exception):
    """The options do not validate: one line per problem."""


def with_extra(given: Mapping, extra: object) -> tuple[dict, list[str]]:
    """The options ``given`` to the plugin, completed by the ones still under
    ``extra.assetmap`` (``extra``), which ``given`` overrides. Returns the options and the
    names of those read from ``extra.assetmap``, sorted."""
    if not isinstance(extra, Mapping):
        return dict(given), []
    # data_dir was never there: `assetmap build --data` set an internal `data`
    known = set(AssetmapConfig()) - {"data_dir"}
    moved = sorted(str(key) for key in extra if key in known)
    return {**{key: extra[key] for key in moved}, **given}, moved


def validated(options: Mapping, config_file_path: str | None = None,
              from_extra: set[str] | frozenset[str] = frozenset()
              ) -> tuple[AssetmapConfig, list[str]]:
    """``options`` checked and completed with the defaults, as MkDocs checks a plugin's
    (``from_extra``: the names whose value is under ``extra.assetmap``). Raises
    ``OptionsError``; returns the options and the warnings (names it does not know)."""
    config = AssetmapConfig(config_file_path=config_file_path)
    config.load_dict(dict(options))
    errors, warnings = config.validate()
    if errors:
        raise OptionsError("\n".join(f"{_where(key, from_extra)}: {error}"
                                     for key, error in errors))
    return config, [f"{_where(key, from_extra)}: {warning}" for key, warning in warnings]


def _where(key: str, from_extra: set[str] | frozenset[str]) -> str:
    return f"extra.assetmap.{key}" if key in from_extra else f"Plugin 'assetmap' option '{key}'"


def deprecation(moved: list[str]) -> str:
    """The notice for the settings read from ``extra.assetmap``, naming each one."""
    return ("the settings under `extra.assetmap` are deprecated and will be ignored in the "
            f"next release: move {', '.join(moved)} to the options of the assetmap plugin "
            "(`plugins: - assetmap: {...}` in mkdocs.yml, after `- i18n`).")
