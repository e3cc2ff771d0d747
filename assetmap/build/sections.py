"""The nav's two sections made from the inventory: mkdocs.yml says ``categories/`` and
``neighbourhoods/``; the plugin lists the pages of each there (``expand``) and names the
sections in the language being built (``translate``)."""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.structure.nav import Navigation, Section

from assetmap.pages.views import CATEGORIES, NEIGHBOURHOODS


def N_(message: str) -> str:
    """Marks a label for the catalogue; it is translated where it is shown."""
    return message


SECTIONS = {f"{CATEGORIES}/": N_("Categories"), f"{NEIGHBOURHOODS}/": N_("Neighbourhoods")}


def expand(nav, sections: dict[str, list[str]]):
    """Replace a nav entry ``categories/`` by a section listing every category page."""
    if nav is None:
        return None
    expanded = []
    for item in nav:
        folder = item if isinstance(item, str) else None
        if isinstance(item, dict) and len(item) == 1:
            folder = next(iter(item.values()))
        if isinstance(folder, str) and folder in SECTIONS:
            expanded.append({SECTIONS[folder]: list(sections.get(folder, []))})
        else:
            expanded.append(item)
    return expanded


def translate(nav: Navigation, gettext: Callable[[str], str]) -> Navigation:
    """The sections' titles in the language being built."""
    for item in nav.items:
        if isinstance(item, Section) and item.title in SECTIONS.values():
            item.title = gettext(item.title)
    return nav
