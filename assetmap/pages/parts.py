"""Pages that stay small: a list of more entries than a page should hold
(``Settings.page_size``) becomes an index of smaller pages, each with its count.

A category's or neighbourhood's index splits it by the other (``directory``); a list still too
long is cut into numbered parts, each named in words by the letters its entries' names begin
with ("A–F"). How a list is cut depends on how many entries it has, never on their names, so
every language has the same pages at the same addresses (mkdocs-static-i18n builds each page
from its one source in every language); only the letters in each part's name differ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from assetmap.language import Reader, Text
from assetmap.pages.views import Entry, Group, Link, MapView, Page


def N_(message: str) -> str:
    """Marks a label for the catalogue; it is translated where it is used."""
    return message


# The titles of the smaller pages, made of the names of a category and a neighbourhood
IN_PLACE = N_("%(category)s in %(place)s")
EVERYWHERE = N_("%(category)s for all neighbourhoods")
PART = N_("%(title)s, %(letters)s")
EVERY_ENTRY = N_("A to Z")

INDEX = "parts.md.j2"  # an index of smaller pages
PART_TEMPLATE = "part.md.j2"  # a smaller page that lists entries


@dataclass(frozen=True)
class Part:
    """A smaller page an index links to, and how many entries it lists."""

    link: Link
    count: int


def sorted_entries(entries) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.sort_key, e.id))


def initial(entry: Entry) -> str:
    """The letter an entry is listed under, from A to Z: '#' for a name that starts with
    another character."""
    first = entry.sort_key[0][:1].upper()
    return first if first.isalpha() else "#"


def by_letter(entries: list[Entry], reader: Reader) -> list[Group]:
    """``entries`` (in order) under a heading for each letter their names begin with."""
    letters: dict[str, list[Entry]] = {}
    for entry in entries:
        letters.setdefault(initial(entry), []).append(entry)
    return [Group(f"letter--{index}", Text(letter, reader.lang), entries=found)
            for index, (letter, found) in enumerate(letters.items(), start=1)]


def cut(entries: list[Entry], limit: int) -> list[list[Entry]]:
    """``entries`` in as few parts of at most ``limit`` as it takes, of even sizes."""
    parts = math.ceil(len(entries) / limit)
    size = math.ceil(len(entries) / parts)
    return [entries[start:start + size] for start in range(0, len(entries), size)]


def _start(entry: Entry, width: int | None) -> str:
    """The first ``width`` letters of an entry's name (all of it for None), as an index
    shows them."""
    if width == 1:
        return initial(entry)
    return entry.name.text[:width].strip()


def _span(entries: list[Entry], width: int | None) -> str:
    first, last = _start(entries[0], width), _start(entries[-1], width)
    return first if first == last else f"{first}–{last}"


def letters(parts: list[list[Entry]]) -> list[str]:
    """What each part holds, by the letters its first and last names begin with ('A–F',
    'S'), with as many letters as it takes to tell the parts apart ('Ra–Ri'); failing that, by
    those two names, and the part's number if need be: each part's link says where it goes."""
    for width in (1, 2, 3, None):
        names = [_span(part, width) for part in parts]
        if len(set(names)) == len(names):
            return names
    return [f"{name} ({number})" for number, name in enumerate(names, start=1)]


def title(reader: Reader, message: str, **names: Text) -> Text:
    """A title in ``reader``'s language made of names (a category's, a neighbourhood's)."""
    return Text(reader.gettext(message) % {key: name.text for key, name in names.items()},
                reader.lang)


def index_page(path: str, page_title: Text, parts: list[Part], context: dict) -> Page:
    """An index of smaller pages at ``path``; ``context``: what the template shows around its
    list (the trail of pages above, the count; a neighbourhood's, where its category's
    entries open to all neighbourhoods are: ``area_wide``)."""
    return Page(path, INDEX, page_title, {"parts": parts, "area_wide": [], **context})


def url_of(path: str) -> str:
    """'categories/food/north-end.md' -> 'categories/food/north-end/'."""
    return path.removesuffix(".md") + "/"


def list_pages(path: str, page_title: Text, entries: list[Entry], trail: list[Link],
               limit: int, reader: Reader, map_: MapView | None = None) -> list[Page]:
    """The pages that list ``entries`` (in order): one at ``path`` when they fit, else an
    index there of numbered parts beside it ('.../north-end/1.md'). ``trail``: the pages
    above, from the top, each page linking back to them; ``map_``: the map of the whole list,
    shown when it is on one page."""
    if len(entries) <= limit:
        return [_list_page(path, page_title, entries, trail, reader, map_)]
    here = Link(page_title, url_of(path))
    pages, parts = [], []
    cuts = cut(entries, limit)
    for number, (found, span) in enumerate(zip(cuts, letters(cuts)), start=1):
        name = title(reader, PART, title=page_title, letters=Text(span, reader.lang))
        part_path = f"{path.removesuffix('.md')}/{number}.md"
        pages.append(_list_page(part_path, name, found, [*trail, here], reader))
        parts.append(Part(Link(name, url_of(part_path)), len(found)))
    return [index_page(path, page_title, parts, {"trail": trail, "count": len(entries)}),
            *pages]


def _list_page(path: str, page_title: Text, entries: list[Entry], trail: list[Link],
               reader: Reader, map_: MapView | None = None) -> Page:
    return Page(path, PART_TEMPLATE, page_title,
                {"groups": by_letter(entries, reader), "trail": trail, "count": len(entries),
                 "overdue": sum(e.overdue for e in entries), "map": map_}, sheet=True)
