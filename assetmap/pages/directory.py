"""Page models: which pages the site has, and what each one shows, in one language.

Nothing here writes markup: a page model is data (entries, groups, links: ``views``) that a
template in ``assetmap/render/templates/`` turns into a page. Every piece of text is a
``Text`` that knows its language, so a template can mark text that is not in the page's
language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from babel.dates import format_time

from assetmap.contribute.forms import change_url
from assetmap.inventory.model import Asset, Inventory
from assetmap.inventory.schema import AGE_LIMIT, FIELDS_BY_NAME, NEIGHBOURHOOD_ALL
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
from assetmap.pages.maps import centres, map_view, markers, on_map
from assetmap.pages.parts import (
    EVERY_ENTRY,
    EVERYWHERE,
    IN_PLACE,
    PART,
    Part,
    by_letter,
    cut,
    index_page,
    letters,
    list_pages,
    sorted_entries,
    title,
    url_of,
)
from assetmap.pages.views import (
    A_TO_Z,
    ASSETS,
    CATEGORIES,
    ENTRIES,
    FIND,
    HOME,
    LETTERS,
    MAP,
    MAP_DATA,
    NEIGHBOURHOODS,
    Entry,
    FilterGroup,
    Group,
    Link,
    Option,
    Page,
    sort_key,
    term_url,
)


def _sorted(entries: Iterable[Entry]) -> list[Entry]:
    return sorted_entries(entries)


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
                                 not_on_map_url="map/#map--after",
                                 listed_here=len(entries) <= inventory.settings.page_size)})


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
                 "overdue": _overdue(members, entries)}, sheet=True)


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
                 "map": map_view(members, entries, inventory, f"neighbourhood:{term.id}")},
                sheet=True)


def _area_wide_url(category: Term, members: int, limit: int) -> str:
    """Where the area-wide entries of ``category`` (``members`` entries in all) are listed."""
    if members > limit:
        return f"{CATEGORIES}/{category.id}/{NEIGHBOURHOOD_ALL}/"
    return f"{term_url(CATEGORIES, category.id)}#n--{NEIGHBOURHOOD_ALL}"


def _listing(path: str, name: str, found: list, the_filter: str, inventory: Inventory,
             entries: dict[str, Entry], trail: list[Link], reader: Reader,
             limit: int) -> tuple[list[Page], Part]:
    """The pages of one category in one neighbourhood (``found``, its entries; ``the_filter``,
    its map's), split if need be, and the line of its index that leads there."""
    the_map = map_view(found, entries, inventory, the_filter)
    pages = list_pages(path, name, _sorted(entries[a.id] for a in found), trail, limit, reader,
                       the_map)
    return pages, Part(Link(name, url_of(path)), len(found))


def category_pages(term: Term, inventory: Inventory, entries: dict[str, Entry],
                   reader: Reader, limit: int) -> list[Page]:
    """The category's page; past ``limit`` entries, an index of its neighbourhoods (area-wide
    last), each a page of its own ('categories/food/north-end/'), split further if need be."""
    members = [a for a in inventory.assets if term.id in a.categories]
    if len(members) <= limit:
        return [category_page(term, inventory, entries, reader)]
    label = reader.text(term.label)
    trail = [Link(label, term_url(CATEGORIES, term.id))]
    places = [(p.id, title(reader, IN_PLACE, category=label, place=reader.text(p.label)))
              for p in inventory.taxonomy.neighbourhoods.values()]
    places.append((NEIGHBOURHOOD_ALL, title(reader, EVERYWHERE, category=label)))
    pages, parts = [], []
    for place, name in places:
        found = [a for a in members if place in a.neighbourhoods]
        if found:
            listed, part = _listing(f"{CATEGORIES}/{term.id}/{place}.md", name, found,
                                    f"category:{term.id} neighbourhood:{place}",
                                    inventory, entries, trail, reader, limit)
            pages += listed
            parts.append(part)
    index = index_page(f"{CATEGORIES}/{term.id}.md", label, parts, {
        "trail": [], "count": len(members), "term": term, "icon": term.icon,
        "description": term_description(reader, term)})
    return [index, *pages]


def neighbourhood_pages(term: Term, inventory: Inventory, entries: dict[str, Entry],
                        reader: Reader, limit: int) -> list[Page]:
    """The neighbourhood's page; past ``limit`` entries (its own and the area-wide ones it
    names), an index of its categories, each a page of its own
    ('neighbourhoods/north-end/food/'), split further if need be, and of where each category's
    area-wide entries are."""
    members = [a for a in inventory.assets if term.id in a.neighbourhoods]
    area_wide = [a for a in inventory.assets if NEIGHBOURHOOD_ALL in a.neighbourhoods]
    if len(members) + len(area_wide) <= limit:
        return [neighbourhood_page(term, inventory, entries, reader)]
    label = reader.text(term.label)
    trail = [Link(label, term_url(NEIGHBOURHOODS, term.id))]
    pages, parts, everywhere = [], [], []
    for category in inventory.taxonomy.categories.values():
        name = title(reader, IN_PLACE, category=reader.text(category.label), place=label)
        found = [a for a in members if category.id in a.categories]
        in_category = sum(category.id in a.categories for a in inventory.assets)
        if found:
            listed, part = _listing(f"{NEIGHBOURHOODS}/{term.id}/{category.id}.md", name,
                                    found, f"category:{category.id} neighbourhood:{term.id}",
                                    inventory, entries, trail, reader, limit)
            if in_category > limit:  # the category's own pages list the same: one sheet
                _share_sheets(listed, f"{NEIGHBOURHOODS}/{term.id}/{category.id}",
                              f"{CATEGORIES}/{category.id}/{term.id}")
            pages += listed
            parts.append(part)
        open_to_all = [a for a in area_wide if category.id in a.categories]
        if open_to_all:
            everywhere.append(Part(Link(
                title(reader, EVERYWHERE, category=reader.text(category.label)),
                _area_wide_url(category, in_category, limit)), len(open_to_all)))
    index = index_page(f"{NEIGHBOURHOODS}/{term.id}.md", label, parts, {
        "trail": [], "count": len(members), "neighbourhood": True, "area_wide": everywhere})
    return [index, *pages]


def _share_sheets(pages: list[Page], here: str, twin: str) -> None:
    """``pages`` (at ``here``, 'neighbourhoods/north-end/food', and below) list what the pages
    at ``twin`` ('categories/food/north-end') list, cut the same way (by count alone) and
    under the same titles: each prints with its twin's sheet."""
    for page in pages:
        if page.sheet:
            page.sheet_of = twin + page.path.removeprefix(here)


def directory_pages(inventory: Inventory, entries: dict[str, Entry],
                    reader: Reader) -> list[Page]:
    """Every category's and neighbourhood's pages: the ones that list their entries (each
    with a printable sheet: ``Page.sheet``) and the indexes of those too many for one page."""
    limit = inventory.settings.page_size
    taxonomy = inventory.taxonomy
    return [*(p for t in taxonomy.categories.values()
              for p in category_pages(t, inventory, entries, reader, limit)),
            *(p for t in taxonomy.neighbourhoods.values()
              for p in neighbourhood_pages(t, inventory, entries, reader, limit))]


def asset_page(entry: Entry, change_url: str) -> Page:
    """An asset's own page; ``change_url`` opens the "Report a change" form with the asset's
    id and name filled in ('' when the site has no repository)."""
    return Page(f"{ASSETS}/{entry.id}.md", "asset.md.j2", entry.name,
                {"entry": entry, "change_url": change_url})


def a_to_z_pages(entries: dict[str, Entry], reader: Reader, limit: int) -> list[Page]:
    """Every entry from A to Z: on one page, or, past ``limit``, an index of letter ranges
    ('a-z/1/', 'a-z/2/'...)."""
    found = _sorted(entries.values())
    if len(found) <= limit:
        return [Page(A_TO_Z, "a-z.md.j2", None, {"groups": by_letter(found, reader),
                                                   "trail": []})]
    everything = Text(reader.gettext(EVERY_ENTRY), reader.lang)
    trail = [Link(everything, url_of(A_TO_Z))]
    pages, parts = [], []
    cuts = cut(found, limit)
    for number, (part, span) in enumerate(zip(cuts, letters(cuts)), start=1):
        name = title(reader, PART, title=everything, letters=Text(span, reader.lang))
        pages.append(Page(f"{LETTERS}/{number}.md", "a-z.md.j2", name,
                          {"groups": by_letter(part, reader), "trail": trail}))
        parts.append(Part(Link(name, url_of(pages[-1].path)), len(part)))
    return [index_page(A_TO_Z, everything, parts, {"trail": [], "count": len(found),
                                                   "a_to_z": True}), *pages]


def map_page(inventory: Inventory, entries: dict[str, Entry], reader: Reader) -> Page:
    """The entries on the map in words, by neighbourhood (area-wide last), then the map; past
    ``page_size`` entries, how many each neighbourhood has on the map, linked to its page."""
    placed = [a for a in inventory.assets if on_map(a)]
    near = {"centres": centres(inventory, reader)}
    if len(entries) > inventory.settings.page_size:
        places = [Part(term_link(reader, NEIGHBOURHOODS, place),
                       sum(place.id in a.neighbourhoods for a in placed))
                  for place in inventory.taxonomy.neighbourhoods.values()]
        places.append(Part(Link(Text("", reader.lang), area_wide=True),
                           sum(NEIGHBOURHOOD_ALL in a.neighbourhoods for a in placed)))
        return Page(MAP, "map.md.j2", None, {
            "groups": [], "places": [p for p in places if p.count],
            "map": map_view(inventory.assets, entries, inventory, listed_here=False),
            **near})
    groups = _by_neighbourhood(placed, inventory, entries, reader)
    return Page(MAP, "map.md.j2", None,
                {"groups": groups, "places": [],
                 "map": map_view(inventory.assets, entries, inventory), **near})


def map_data(inventory: Inventory, entries: dict[str, Entry], reader: Reader) -> Page:
    return Page(MAP_DATA, "map.json.j2", None, markers(inventory, entries, reader))


def _filter_groups(inventory: Inventory, reader: Reader) -> list[FilterGroup]:
    """Every filter with the values at least one asset has, in the order people know them:
    the taxonomy's, the schema's, languages by name."""
    present: dict[str, set[str]] = {key: set() for key in FILTERS}
    for asset in inventory.assets:
        for key, value in search_filters(asset):
            present.get(key, set()).add(value)  # the age is typed, not ticked
    taxonomy = inventory.taxonomy
    named = {
        "category": [Option(t.id, reader.text(t.label)) for t in taxonomy.categories.values()],
        "neighbourhood": [Option(t.id, reader.text(t.label))
                          for t in taxonomy.neighbourhoods.values()] + [Option(NEIGHBOURHOOD_ALL)],
        "language": sorted((Option(code, reader.language_name(code))
                            for code in present["language"]),
                           key=lambda o: sort_key(o.label.text)),
        "audience": [Option(t.id, reader.text(t.label)) for t in taxonomy.audiences.values()],
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
        "plurals": plural_samples(reader),
        # "Open on…": the days, Monday first, and the zone the hours are in
        "week_days": [reader.babel_locale.days["format"]["wide"][i] for i in range(7)],
        "times_of_day": [(f"{hour:02d}:00", format_time(dt.time(hour), "short",
                                                         locale=reader.babel_locale))
                         for hour in range(24)],
        "time_zone": inventory.settings.time_zone,
        "hours": any(asset.opening_hours for asset in inventory.assets),
        "centres": centres(inventory, reader), "age_limit": AGE_LIMIT,
        "age_bands": " ".join(map(str, inventory.age_bands))})


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
    return [
        home_page(inventory, entries, reader),
        *directory_pages(inventory, entries, reader),
        *(asset_page(entries[a.id], change_url(a, inventory.settings))
          for a in inventory.assets),
        *a_to_z_pages(entries, reader, inventory.settings.page_size),
        map_page(inventory, entries, reader),
        map_data(inventory, entries, reader),
        find_page(inventory, reader),
        *(entry_fragment(e) for e in entries.values()),
    ]
