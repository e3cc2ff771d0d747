"""Page models for the map: what a page's map shows, and the markers it fetches on request.

A page carries no marker data, only which of its entries the map shows (a filter such as
``category:nature``), how many that is, and, in words, the entries it cannot show. The
markers of every entry with coordinates are one JSON file per language (``assets/map.json``),
fetched with the map library and the tiles only when a reader presses "Show map": a reader
who never opens the map downloads none of it. The JSON holds public fields only: each entry's
id, name, page, coordinates, main category, and the categories and neighbourhoods a page's
filter needs; each category's label and icon.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from assetmap.inventory.model import Asset, Inventory
from assetmap.inventory.taxonomy import Term
from assetmap.language import Reader, Text
from assetmap.pages.views import Centre, Entry, MapView


def on_map(asset: Asset) -> bool:
    return asset.latitude is not None and asset.longitude is not None


def tile_host(url: str) -> str:
    """'https://{s}.tile.example.org/{z}/{x}/{y}.png' -> 'tile.example.org'."""
    return urlsplit(url.replace("{s}.", "")).hostname or url


def map_view(assets: Iterable[Asset], entries: dict[str, Entry], inventory: Inventory,
             filter_: str = "", not_on_map_url: str = "", listed_here: bool = True) -> MapView:
    """The map of ``assets``, the entries a page lists; ``filter_`` picks the same ones out
    of the markers in the browser. Unless ``listed_here``, the page names none of them in
    words, not even those the map cannot show."""
    settings = inventory.settings
    assets = list(assets)
    missing = sorted((entries[a.id] for a in assets if not on_map(a)),
                     key=lambda e: (e.sort_key, e.id)) if listed_here else []
    return MapView(filter_, sum(on_map(a) for a in assets), settings.map_tiles,
                   settings.map_attribution, tile_host(settings.map_tiles), missing,
                   not_on_map_url, listed_here)


def _text(text: Text) -> dict[str, str]:
    """Text as JSON, with its language and direction when they are not the page's."""
    found = {"text": text.text}
    if text.fallback:
        found["lang"] = text.lang
        if text.dir:
            found["dir"] = text.dir
    return found


def _category(term: Term, reader: Reader) -> dict:
    return {"label": _text(reader.text(term.label)), "icon": term.icon}


def centres(inventory: Inventory, reader: Reader) -> list[Centre]:
    """Each neighbourhood with entries on the map and its centre: the middle (the mean
    latitude and longitude) of those entries. neighbourhoods.yml need not say where a
    neighbourhood is; one without an entry on the map has no centre and is left out."""
    found = []
    for term in inventory.taxonomy.neighbourhoods.values():
        placed = [a for a in inventory.assets if on_map(a) and term.id in a.neighbourhoods]
        if placed:
            found.append(Centre(term.id, reader.text(term.label),
                                round(sum(a.latitude for a in placed) / len(placed), 5),
                                round(sum(a.longitude for a in placed) / len(placed), 5)))
    return found


def markers(inventory: Inventory, entries: dict[str, Entry], reader: Reader) -> dict:
    """Every entry with coordinates, A to Z, and the categories they show, for the JSON."""
    placed = sorted((a for a in inventory.assets if on_map(a)),
                    key=lambda a: (entries[a.id].sort_key, a.id))
    used = {a.category for a in placed}
    categories = {term.id: _category(term, reader)
                  for term in inventory.taxonomy.categories.values() if term.id in used}
    return {
        "categories": categories,
        "assets": [{"id": a.id, "name": _text(entries[a.id].name), "url": entries[a.id].url,
                    "lat": a.latitude, "lon": a.longitude, "category": a.category,
                    "categories": list(a.categories), "neighbourhoods": list(a.neighbourhoods)}
                   for a in placed],
    }
