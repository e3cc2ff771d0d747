"""Site settings, read from the one place they live: ``mkdocs.yml``.

The site's languages are the ``languages`` of the ``i18n`` plugin; the rest of assetmap's
settings sit under ``extra.assetmap``. Without a ``mkdocs.yml`` the defaults below apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from assetmap.inventory.problems import UsageError


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


# The map's pictures (tiles): OpenStreetMap's public tile server, whose usage policy asks for
# this attribution, visible on the map: https://operations.osmfoundation.org/policies/tiles/
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                   "OpenStreetMap</a> contributors")


@dataclass(frozen=True)
class Settings:
    languages: tuple[Language, ...] = (Language("en", "English", default=True),)
    phone_region: str = "CA"
    review_months: int = 12
    description_max_words: int = 60
    site_name: str = ""
    site_url: str = ""
    repo_url: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    map_tiles: str = OSM_TILES
    map_attribution: str = OSM_ATTRIBUTION

    data_licence: str = ""  # the licence of the open data downloads, e.g. "CC BY 4.0"
    data_licence_url: str = ""
    pdf_sheets: bool = True  # a PDF of each category and neighbourhood page
    root: Path = field(default_factory=Path.cwd)

    @property
    def default_language(self) -> str:
        return next((lang.code for lang in self.languages if lang.default), self.languages[0].code)

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing tags such as ``!ENV`` or ``!!python/name``."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *a: None)


def load_settings(config_file: Path | None = None) -> Settings:
    """Settings from ``config_file`` (default: ./mkdocs.yml when it exists)."""
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
    extra = (raw.get("extra") or {}).get("assetmap") or {}
    return Settings(
        languages=_languages(raw) or Settings.languages,
        phone_region=str(extra.get("phone_region", "CA")),
        review_months=int(extra.get("review_months", 12)),
        description_max_words=int(extra.get("description_max_words", 60)),
        site_name=str(raw.get("site_name") or ""),
        site_url=str(raw.get("site_url") or ""),
        repo_url=str(raw.get("repo_url") or ""),
        contact_phone=str(extra.get("contact_phone", "")),
        contact_email=str(extra.get("contact_email", "")),
        map_tiles=str(extra.get("map_tiles") or OSM_TILES),
        map_attribution=str(extra.get("map_attribution") or OSM_ATTRIBUTION),

        data_licence=str(extra.get("data_licence", "")),
        data_licence_url=str(extra.get("data_licence_url", "")),
        pdf_sheets=extra.get("pdf_sheets", True) is not False,
        root=config_file.resolve().parent,
    )


def _languages(raw: dict) -> tuple[Language, ...]:
    for plugin in raw.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            langs = (plugin["i18n"] or {}).get("languages") or []
            return tuple(
                Language(str(item["locale"]), str(item.get("name", item["locale"])),
                         bool(item.get("default", False)))
                for item in langs
                if item.get("locale") and item.get("locale") != "null"
            )
    return ()
