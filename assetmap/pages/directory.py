"""Page models: which pages the site has, and what each one shows, in one language.

Nothing here writes markup: a page model is data (entries, groups, links: ``views``) that a
template in ``assetmap/render/templates/`` turns into a page. Every piece of text is a
``Text`` that knows its language, so a template can mark text that is not in the page's
language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from assetmap.contribute.forms import change_url
from assetmap.inventory.model import Asset, Inventory
from assetmap.inventory.schema import FIELDS_BY_NAME, NEIGHBOURHOOD_ALL
from assetmap.inventory.taxonomy import Term
from assetmap.language import Reader, Text
from assetmap.pages.entries import (
    FILTERS,
    MATCH_ALL,
    contact,
    make_entry,
    search_filters,
    term_description,
    term_link,
)
from assetmap.pages.maps import map_view, markers, on_map
from assetmap.pages.views import (
    A_TO_Z,
    ASSETS,
    CATEGORIES,
    ENTRIES,
    FIND,
    HOME,
    MAP,
    MAP_DATA,
    NEIGHBOURHOODS,
    Entry,
    FilterGroup,
    Group,
    Option,
    Page,
    sort_key,
    term_url,
)


def _sorted(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.sort_key, e.id))


def _once_per_page(groups: list[Group]) -> list[Group]:
    """Keep each entry in full in the first group that has it; list it in later ones."""
    seen: set[str] = set()
    for group in groups:
        group.also = [e for e in group.entries if e.id in seen]
        group.entries = [e for e in group.entries if e.id not in seen]
        seen.update(e.id for e in group.entries)
    return groups


def home_page(inventory: Inventory, entries: dict[str, Entry], reader: Reader) -> Page:
    taxonomy = inventory.taxonomy
    tiles = []
    for term in taxonomy.categories.values():
        count = sum(term.id in a.categories for a in inventory.assets)
        tiles.append({"link": term_link(reader, CATEGORIES, term), "icon": term.icon,
                      "description": term_description(reader, term), "count": count})
    places = [{"link": term_link(reader, NEIGHBOURHOODS, term),
               "count": sum(term.id in a.neighbourhoods for a in inventory.assets)}
              for term in taxonomy.neighbourhoods.values()]
    everywhere = sum(NEIGHBOURHOOD_ALL in a.neighbourhoods for a in inventory.assets)
    return Page(HOME, "home.md.j2", None,
                {"tiles": tiles, "places": places, "everywhere": everywhere,
                 "total": len(entries), "contact": contact(inventory.settings),
                 "map": map_view(inventory.assets, entries, inventory,
                                 not_on_map_url="map/#map--after")})


def _overdue(members: list[Asset], entries: dict[str, Entry]) -> int:
    """How many of ``members`` are past their review: their entries say "may be out of date"."""
    return sum(entries[a.id].overdue for a in members)


def _by_neighbourhood(assets: list[Asset], inventory: Inventory, entries: dict[str, Entry],
                      reader: Reader) -> list[Group]:
    """``assets``' entries grouped by neighbourhood in the taxonomy's order, A to Z in each,
    the area-wide ones last."""
    groups = []
    for place in inventory.taxonomy.neighbourhoods.values():
        found = _sorted(entries[a.id] for a in assets if place.id in a.neighbourhoods)
        if found:
            groups.append(Group(f"n--{place.id}", reader.text(place.label),
                                term_url(NEIGHBOURHOODS, place.id), entries=found))
    area_wide = _sorted(entries[a.id] for a in assets if NEIGHBOURHOOD_ALL in a.neighbourhoods)
    if area_wide:
        groups.append(Group(f"n--{NEIGHBOURHOOD_ALL}", Text("", reader.lang), entries=area_wide,
                            area_wide=True))
    return groups


def category_page(term: Term, inventory: Inventory, entries: dict[str, Entry],
                  reader: Reader) -> Page:
    """One category's entries, grouped by neighbourhood (area-wide last), A to Z in each."""
    members = [a for a in inventory.assets if term.id in a.categories]
    groups = _by_neighbourhood(members, inventory, entries, reader)
    return Page(f"{CATEGORIES}/{term.id}.md", "category.md.j2", reader.text(term.label),
                {"term": term, "description": term_description(reader, term), "icon": term.icon,
                 "groups": _once_per_page(groups), "count": len(members),
                 "map": map_view(members, entries, inventory, f"category:{term.id}"),
                 "overdue": _overdue(members, entries)})


def neighbourhood_page(term: Term, inventory: Inventory, entries: dict[str, Entry],
                       reader: Reader) -> Page:
    """One neighbourhood's entries, grouped by category, A to Z in each; then links to the
    area-wide entries."""
    members = [a for a in inventory.assets if term.id in a.neighbourhoods]
    groups = []
    for category in inventory.taxonomy.categories.values():
        found = _sorted(entries[a.id] for a in members if category.id in a.categories)
        if found:
            groups.append(Group(f"c--{category.id}", reader.text(category.label),
                                term_url(CATEGORIES, category.id), category.icon, found))
    area_wide = _sorted(entries[a.id] for a in inventory.assets
                        if NEIGHBOURHOOD_ALL in a.neighbourhoods)
    return Page(f"{NEIGHBOURHOODS}/{term.id}.md", "neighbourhood.md.j2",
                reader.text(term.label),
                {"term": term, "groups": _once_per_page(groups), "area_wide": area_wide,
                 "count": len(members), "overdue": _overdue(members, entries),
                 "map": map_view(members, entries, inventory, f"neighbourhood:{term.id}")})


def asset_page(entry: Entry, change_url: str) -> Page:
    """An asset's own page; ``change_url`` opens the "Report a change" form with the asset's
    id and name filled in ('' when the site has no repository)."""
    return Page(f"{ASSETS}/{entry.id}.md", "asset.md.j2", entry.name,
                {"entry": entry, "change_url": change_url})


def _initial(entry: Entry) -> str:
    first = entry.sort_key[0][:1].upper()
    return first if first.isalpha() else "#"


def a_to_z_page(entries: dict[str, Entry], reader: Reader) -> Page:
    letters: dict[str, list[Entry]] = {}
    for entry in _sorted(entries.values()):
        letters.setdefault(_initial(entry), []).append(entry)
    groups = [Group(f"letter--{index}", Text(letter, reader.lang), entries=found)
              for index, (letter, found) in enumerate(letters.items(), start=1)]
    return Page(A_TO_Z, "a-z.md.j2", None, {"groups": groups})


def map_page(inventory: Inventory, entries: dict[str, Entry], reader: Reader) -> Page:
    """The entries on the map in words, by neighbourhood (area-wide last), then the map."""
    placed = [a for a in inventory.assets if on_map(a)]
    groups = _by_neighbourhood(placed, inventory, entries, reader)
    return Page(MAP, "map.md.j2", None,
                {"groups": groups, "map": map_view(inventory.assets, entries, inventory)})


def map_data(inventory: Inventory, entries: dict[str, Entry], reader: Reader) -> Page:
    return Page(MAP_DATA, "map.json.j2", None, markers(inventory, entries, reader))


def _filter_groups(inventory: Inventory, reader: Reader) -> list[FilterGroup]:
    """Every filter with the values at least one asset has, in the order people know them:
    the taxonomy's, the schema's, languages by name."""
    present: dict[str, set[str]] = {key: set() for key in FILTERS}
    for asset in inventory.assets:
        for key, value in search_filters(asset):
            present[key].add(value)
    taxonomy = inventory.taxonomy
    named = {
        "category": [Option(t.id, reader.text(t.label)) for t in taxonomy.categories.values()],
        "neighbourhood": [Option(t.id, reader.text(t.label))
                          for t in taxonomy.neighbourhoods.values()] + [Option(NEIGHBOURHOOD_ALL)],
        "language": sorted((Option(code, reader.language_name(code))
                            for code in present["language"]),
                           key=lambda o: sort_key(o.label.text)),
        **{key: [Option(code) for code in FIELDS_BY_NAME[FILTERS[key]].codes]
           for key in ("cost", "join", "accepting", "access")},
    }
    return [FilterGroup(key, tuple(o for o in named[key] if o.value in present[key]),
                        key in MATCH_ALL, FILTERS[key]) for key in FILTERS if present[key]]


def find_page(inventory: Inventory, reader: Reader) -> Page:
    """Search and filters (a script and the Pagefind index do the work in the browser); without
    the script, links to the category and neighbourhood pages."""
    taxonomy = inventory.taxonomy
    return Page(FIND, "find.md.j2", None, {
        "groups": _filter_groups(inventory, reader),
        "categories": [term_link(reader, CATEGORIES, t) for t in taxonomy.categories.values()],
        "neighbourhoods": [term_link(reader, NEIGHBOURHOODS, t)
                           for t in taxonomy.neighbourhoods.values()],
        "plurals": plural_samples(reader)})


def plural_samples(reader: Reader) -> list[tuple[str, int]]:
    """A number for each plural category (CLDR's 'one', 'few'...) of the reader's language, so
    a page can carry a count's wording for each and a script pick one by category."""
    rule = reader.babel_locale.plural_form
    found: dict[str, int] = {}
    for number in range(0, 1000):
        found.setdefault(rule(number), number)
    return sorted(found.items())


def entry_fragment(entry: Entry) -> Page:
    """The entry alone, as the Find page shows it among its results: a small HTML file it
    fetches (``entries/<id>.html``), at the same depth as the Find page so links work in
    both."""
    return Page(f"{ENTRIES}/{entry.id}.html", "entry.html.j2", entry.name, {"entry": entry})


def site_pages(inventory: Inventory, lang: str, today: dt.date) -> list[Page]:
    """Every generated page of the site in ``lang``."""
    reader = Reader.of(lang, inventory.settings.default_language)
    entries = {a.id: make_entry(a, inventory, reader, today) for a in inventory.assets}
    taxonomy = inventory.taxonomy
    return [
        home_page(inventory, entries, reader),
        *(category_page(t, inventory, entries, reader) for t in taxonomy.categories.values()),
        *(neighbourhood_page(t, inventory, entries, reader)
          for t in taxonomy.neighbourhoods.values()),
        *(asset_page(entries[a.id], change_url(a, inventory.settings))
          for a in inventory.assets),
        a_to_z_page(entries, reader),
        map_page(inventory, entries, reader),
        map_data(inventory, entries, reader),
        find_page(inventory, reader),
        *(entry_fragment(e) for e in entries.values()),
    ]
