"""What page models are made of: links, entries, groups of entries, maps, the Find page's
filters, and the page itself, with the site's generated folders. Plain data: the page models
(``assetmap.pages``) fill them in, the templates (``assetmap.render``) show them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from assetmap.inventory.model import Phone
from assetmap.language import Text
from assetmap.pages.hours import Week

HOME, A_TO_Z, MAP, FIND = "index.md", "a-z.md", "map.md", "find.md"
CATEGORIES, NEIGHBOURHOODS, ASSETS = "categories", "neighbourhoods", "assets"
MAP_DATA = f"{ASSETS}/map.json"  # the markers, fetched when a reader asks for the map
# (or to sort by distance)
ENTRIES = "entries"  # each entry alone, as the Find page shows it among its results
LETTERS = "a-z"  # the parts of an A to Z too long for one page
GENERATED_FOLDERS = (CATEGORIES, NEIGHBOURHOODS, ASSETS, ENTRIES, LETTERS)
# The smaller pages of a list too long for one page (pages/parts.py), as gitignore patterns
# under docs/: their index links to them; the nav, which every page carries, does not.
SMALLER_PAGES = (f"/{CATEGORIES}/*/", f"/{NEIGHBOURHOODS}/*/", f"/{LETTERS}/")


@dataclass(frozen=True)
class Link:
    label: Text
    url: str = ""  # from the site root, e.g. "neighbourhoods/old-mill/"
    area_wide: bool = False  # stands for every neighbourhood: the template names it


@dataclass(frozen=True)
class Entry:
    """One asset as a reader sees it, the same on every page that lists it."""

    id: str
    url: str
    name: Text
    kind: str
    informal: bool
    description: Text
    who_for: Text
    ages: Text | None  # in words: '55 and over'; None when every age is welcome
    audience: tuple[Text, ...]  # who it is meant for, in words
    cost: str
    cost_note: Text
    how_to_join: str
    accepting: str
    hours: Text
    address: str
    postal_code: str
    neighbourhoods: tuple[Link, ...]
    categories: tuple[Link, ...]
    phone: Phone | None
    email: str
    website: str
    website_text: str
    languages: tuple[Text, ...]
    accessibility: tuple[str, ...]
    last_checked: str
    last_checked_short: str  # on paper
    last_checked_iso: str
    overdue: bool
    contact_name: str
    sort_key: tuple[str, str]
    # What the Find page filters on: (filter, value) pairs of ids and codes, never free text.
    search_filters: tuple[tuple[str, str], ...] = ()
    # The hours in OpenStreetMap's syntax, which the reader's browser reads for "Open now",
    # and the table of the week they make (None when there is none: "Hours: see details")
    opening_hours: str = ""
    week: Week | None = None
    time_zone: str = ""  # the site's, the hours' (IANA)


@dataclass
class Group:
    """Entries under one heading, e.g. one neighbourhood on a category page.

    An entry is shown in full once per page, in the first group it belongs to; later groups
    list it in ``also``, linked to the full entry above.
    """

    id: str  # the heading's HTML id; it has a "--", which asset ids never have
    label: Text
    url: str = ""
    icon: str = ""
    entries: list[Entry] = field(default_factory=list)
    area_wide: bool = False  # the group of area-wide entries: the template names it
    also: list[Entry] = field(default_factory=list)


@dataclass
class Page:
    path: str  # the source file in the default language, e.g. "categories/nature.md"
    template: str
    title: Text | None  # None when the template gives the title (a label, not data)
    context: dict
    sheet: bool = False  # it lists a category's or neighbourhood's entries: it has a PDF
    # The page whose PDF this one's is, when both list the same entries with the same words
    # (a neighbourhood's "Food in North End" and the category's): only that one is printed
    sheet_of: str = ""

    @property
    def root(self) -> str:
        """The relative path from this page's URL back to the site root."""
        if not self.path.endswith(".md"):  # a file served as it is, e.g. entries/x.html
            return "../" * self.path.count("/")
        depth = self.path.count("/") + (0 if self.path.endswith("index.md") else 1)
        return "../" * depth


@dataclass(frozen=True)
class MapView:
    """The map below a page's lists."""

    # "" for every entry, "category:ID" or "neighbourhood:ID", or both separated by a space
    filter: str
    count: int  # entries on the map
    tiles: str  # the tile server's URL template, from mkdocs.yml
    attribution: str  # HTML, from mkdocs.yml: the tile server's terms ask for it
    tile_host: str  # the server a reader's browser will ask for tiles, named on the page
    not_on_map: list[Entry] = field(default_factory=list)
    # Where the entries not on the map are listed, when not under this map: the home page
    # links to the Map page's list rather than naming every entry of the directory.
    not_on_map_url: str = ""
    # The page names every entry of its map in words; false for a directory too large for
    # one page (``Settings.page_size``), whose entries each neighbourhood's pages list.
    listed_here: bool = True


@dataclass(frozen=True)
class Option:
    """One box to tick on the Find page: a value of a filter and, for ids of the taxonomy and
    languages, its name (the template names the codes of fixed lists, such as costs)."""

    value: str
    label: Text | None = None


@dataclass(frozen=True)
class FilterGroup:
    key: str  # one of FILTERS
    options: tuple[Option, ...]
    match_all: bool = False
    field: str = ""  # the inventory column it filters on, whose label is its legend


@dataclass(frozen=True)
class Centre:
    """A place the Find page can sort by distance from: a neighbourhood and its centre."""

    id: str
    label: Text
    latitude: float
    longitude: float


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order that ignores case and accents (É sorts with E)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(c))
    return plain.casefold().strip(), text


def term_url(folder: str, term_id: str) -> str:
    return f"{folder}/{term_id}/"


def asset_url(asset_id: str) -> str:
    """An asset's page, from the site's root: 'assets/walking-group/'."""
    return term_url(ASSETS, asset_id)
