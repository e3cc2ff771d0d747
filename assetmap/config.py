"""Site settings, read from the one place they live: ``mkdocs.yml``.

The site's languages are the ``languages`` of the ``i18n`` plugin; the rest of assetmap's
settings are the options of the ``assetmap`` plugin, declared in ``assetmap/build/config.py``.
The build and the commands make ``Settings`` the same way (``make_settings``): the plugin from
the options MkDocs validated, the commands, which do not build, from the same options read
from mkdocs.yml and validated the same way (``load_settings``). Without a ``mkdocs.yml`` the
defaults below apply.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from assetmap.build.config import (
    OSM_ATTRIBUTION,
    OSM_TILES,
    AssetmapConfig,
    OptionsError,
    deprecation,
    validated,
    with_extra,
)
from assetmap.inventory.problems import UsageError

log = logging.getLogger("assetmap")


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    default: bool = False

    @property
    def dir(self) -> str:
        try:
            order = Locale.parse(self.code.replace("-", "_")).character_order
        except (ValueError, UnknownLocaleError):
            return "ltr"
        return "rtl" if order == "right-to-left" else "ltr"


@dataclass(frozen=True)
class Settings:
    languages: tuple[Language, ...] = (Language("en", "English", default=True),)
    phone_region: str = "CA"
    time_zone: str = "America/Toronto"  # of the opening hours (IANA), for "Open now"
    review_months: int = 12
    description_max_words: int = 60
    site_name: str = ""
    site_url: str = ""
    repo_url: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    city: str = ""  # the town of the entries' addresses, and its province (the open data)
    province: str = ""
    map_tiles: str = OSM_TILES
    map_attribution: str = OSM_ATTRIBUTION

    data_licence: str = ""  # the licence of the open data downloads, e.g. "CC BY 4.0"
    data_licence_url: str = ""
    pdf_sheets: bool = True  # a PDF of each category and neighbourhood page
    page_size: int = 100  # the most entries a page lists; more make an index of smaller pages
    root: Path = field(default_factory=Path.cwd)

    @property
    def default_language(self) -> str:
        return next((lang.code for lang in self.languages if lang.default), self.languages[0].code)

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)


def make_settings(options: Mapping[str, Any], languages: tuple[Language, ...], site_name: str,
                  site_url: str, repo_url: str, root: Path) -> Settings:
    """The one way to ``Settings``, for the build and the commands alike: ``options`` are the
    assetmap plugin's, validated (``AssetmapConfig``); the site's languages, name, address
    (with its final slash, as MkDocs has it) and repository come from mkdocs.yml."""
    return Settings(
        languages=languages or Settings.languages,
        phone_region=options["phone_region"],
        time_zone=options["time_zone"],
        review_months=options["review_months"],
        description_max_words=options["description_max_words"],
        site_name=site_name or "",
        site_url=site_url or "",
        repo_url=repo_url or "",
        contact_phone=options["contact_phone"],
        contact_email=options["contact_email"],
        city=options["city"],
        province=options["province"],
        map_tiles=options["map_tiles"] or OSM_TILES,
        map_attribution=options["map_attribution"] or OSM_ATTRIBUTION,

        data_licence=options["data_licence"],
        data_licence_url=options["data_licence_url"],
        pdf_sheets=options["pdf_sheets"],
        page_size=options["page_size"],
        root=root,
    )


def languages(items: Iterable[Mapping[str, Any]]) -> tuple[Language, ...]:
    """The site's languages, from the ``languages`` of the i18n plugin: as mkdocs.yml writes
    them, or as the plugin validated them (the build)."""
    return tuple(
        Language(str(item["locale"]), str(item.get("name") or item["locale"]),
                 bool(item.get("default") or False))
        for item in items
        if isinstance(item, Mapping) and item.get("locale") and item.get("locale") != "null"
    )


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing tags such as ``!ENV`` or ``!!python/name``."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *a: None)


def load_settings(config_file: Path | None = None) -> Settings:
    """Settings from ``config_file`` (default: ./mkdocs.yml when it exists), without building:
    the same as the build's (``make_settings``)."""
    if config_file is None:
        config_file = Path("mkdocs.yml")
        if not config_file.is_file():
            return Settings()
    if not config_file.is_file():
        raise UsageError(f"{config_file}: no such configuration file.")
    try:
        raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError(f"{config_file}: cannot be read as YAML ({exc}).") from None
    if not isinstance(raw, dict):
        raise UsageError(f"{config_file}: not a MkDocs configuration (no `name: value` lines).")
    i18n = _plugin(raw, "i18n", config_file)
    return make_settings(plugin_options(raw, config_file), languages(i18n.get("languages") or []),
                         **_site(raw, config_file), root=config_file.resolve().parent)


# mkdocs.yml's own settings that Settings take, validated as MkDocs validates them
SITE = {"site_name": c.Type(str), "site_url": c.Optional(c.URL(is_dir=True)),
        "repo_url": c.Optional(c.URL())}


def _site(raw: Mapping[str, Any], config_file: Path) -> dict[str, str]:
    site = {}
    for name, option in SITE.items():
        try:
            site[name] = option.validate(raw.get(name)) or ""
        except ValidationError as exc:
            raise UsageError(f"{config_file}: {name}: {exc}") from None
    return site


_told: set[str] = set()  # what the commands said about mkdocs.yml: each thing once


def plugin_options(raw: Mapping[str, Any], config_file: Path) -> AssetmapConfig:
    """The assetmap plugin's options in mkdocs.yml (``raw``), validated as MkDocs validates
    them, with those still under ``extra.assetmap`` (and a notice saying where they go)."""
    extra = raw.get("extra")
    # MkDocs takes `enabled` for any plugin that has no option of that name
    given = {k: v for k, v in _plugin(raw, "assetmap", config_file).items() if k != "enabled"}
    options, moved = with_extra(given, extra.get("assetmap") if isinstance(extra, dict) else None)
    try:
        config, warnings = validated(options, str(config_file), from_extra=set(moved) - set(given))
    except OptionsError as exc:
        raise UsageError(f"{config_file}: {exc}") from None
    for message in [*warnings, *([deprecation(moved)] if moved else [])]:
        if f"{config_file}: {message}" not in _told:
            _told.add(f"{config_file}: {message}")
            log.warning(f"{config_file}: {message}")
    return config


def _plugin(raw: Mapping[str, Any], name: str, config_file: Path) -> dict:
    """The options of plugin ``name`` in mkdocs.yml, as a list or a mapping of plugins."""
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = [next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None)
                   for p in plugins]
    else:
        entries = []
    for plugin, options in entries:
        if plugin == name:
            if options is not None and not isinstance(options, dict):
                raise UsageError(f"{config_file}: the options of the {name} plugin are not "
                                 "`name: value` lines.")
            return dict(options or {})
    return {}
