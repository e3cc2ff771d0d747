"""The gap map's page model: how many entries each neighbourhood has in each category, in each
language, and for free, and a short list of the largest gaps, for mapping workshops.

How entries are counted (the page says so too):

- An entry counts once in **each** of its categories, neighbourhoods and languages: an entry
  in two categories is in two rows. So the numbers in a row or a column can add up to more
  than its total, which counts every entry once.
- An entry open to all neighbourhoods (``all``: area-wide, online or by phone) is counted in a
  column of its own (a row, in the languages table), never in each neighbourhood: a workshop
  looks for what is missing *locally*, and would not see a gap that area-wide entries hid.
  The summary names them beside a gap, so nobody forgets them.
- A zero is a gap; the template says "none" in text, not only in colour.

Every count is made here; the template only prints them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assetmap.inventory.model import Asset, Inventory
from assetmap.inventory.schema import NEIGHBOURHOOD_ALL
from assetmap.language import Reader, Text
from assetmap.pages.views import CATEGORIES, NEIGHBOURHOODS, Link, Page, sort_key, term_url

GAPS = "gaps.md"
CATEGORY_GAPS_SHOWN = 3  # the summary names the categories missing from most neighbourhoods


@dataclass(frozen=True)
class Row:
    header: Link
    cells: tuple[int, ...]  # one per column
    total: int  # entries in this row, each counted once


@dataclass(frozen=True)
class Table:
    """Rows by columns, each cell the number of entries in both, with totals that count each
    entry once. ``id`` ("categories", "languages", "free") tells the template its labels."""

    id: str
    columns: tuple[Link, ...]
    rows: tuple[Row, ...]
    totals: Row  # every entry of the table, per column


@dataclass(frozen=True)
class Axis:
    """The rows or the columns of a table: their keys and labels, and an entry's keys."""

    keys: tuple[str, ...]
    links: tuple[Link, ...]
    keys_of: Callable[[Asset], Iterable[str]]


@dataclass(frozen=True)
class CategoryGap:
    category: Link
    places: tuple[Link, ...]  # the neighbourhoods with no entry of this category
    area_wide: int  # entries of this category open to all neighbourhoods


@dataclass(frozen=True)
class LanguageGap:
    language: Text
    places: tuple[Link, ...]  # the neighbourhoods with no entry that speaks it


@dataclass(frozen=True)
class Summary:
    fewest: tuple[Link, ...]  # the neighbourhoods with the fewest entries
    fewest_count: int
    category_gaps: tuple[CategoryGap, ...]
    no_free_at_all: tuple[Link, ...]  # categories with no free entry anywhere
    no_free_places: tuple[Link, ...]  # neighbourhoods with no free entry
    language_gaps: tuple[LanguageGap, ...]  # the site's languages


def count(assets: Iterable[Asset], rows: Axis, columns: Axis) -> tuple[
        dict[tuple[str, str], int], dict[str, int], dict[str, int]]:
    """Cells ((row, column) -> entries in both), row totals and column totals, each entry
    counted once per cell and once per total, in one pass over the entries."""
    cells = {(r, c): 0 for r in rows.keys for c in columns.keys}
    row_totals = dict.fromkeys(rows.keys, 0)
    column_totals = dict.fromkeys(columns.keys, 0)
    for asset in assets:
        in_rows = [r for r in dict.fromkeys(rows.keys_of(asset)) if r in row_totals]
        in_columns = [c for c in dict.fromkeys(columns.keys_of(asset)) if c in column_totals]
        for r in in_rows:
            row_totals[r] += 1
            for c in in_columns:
                cells[(r, c)] += 1
        for c in in_columns:
            column_totals[c] += 1
    return cells, row_totals, column_totals


def _table(table_id: str, assets: list[Asset], rows: Axis, columns: Axis,
           totals_label: Link) -> Table:
    cells, row_totals, column_totals = count(assets, rows, columns)
    made = tuple(Row(link, tuple(cells[(r, c)] for c in columns.keys), row_totals[r])
                 for r, link in zip(rows.keys, rows.links))
    totals = Row(totals_label, tuple(column_totals[c] for c in columns.keys), len(assets))
    return Table(table_id, columns.links, made, totals)


def _languages(inventory: Inventory, reader: Reader) -> Axis:
    """The site's languages first, in the site's order, then every other language an entry
    lists, the most listed first."""
    site = list(inventory.settings.language_codes)
    listed: dict[str, int] = {}
    for asset in inventory.assets:
        for code in set(asset.languages):
            listed[code] = listed.get(code, 0) + 1
    names = {code: reader.language_name(code) for code in [*site, *listed]}
    others = sorted((c for c in listed if c not in site),
                    key=lambda c: (-listed[c], sort_key(names[c].text)))
    codes = (*site, *others)
    return Axis(codes, tuple(Link(names[c]) for c in codes), lambda a: a.languages)


def gap_tables(inventory: Inventory, reader: Reader) -> tuple[Table, ...]:
    """Categories by neighbourhoods; neighbourhoods by languages (languages across, so the
    table stays short enough to print with the others); free entries as the first."""
    taxonomy = inventory.taxonomy
    places = Axis(
        (*taxonomy.neighbourhoods, NEIGHBOURHOOD_ALL),
        (*(Link(reader.text(t.label), term_url(NEIGHBOURHOODS, t.id))
           for t in taxonomy.neighbourhoods.values()),
         Link(Text("", reader.lang), area_wide=True)),
        lambda a: a.neighbourhoods)
    categories = Axis(
        tuple(taxonomy.categories),
        tuple(Link(reader.text(t.label), term_url(CATEGORIES, t.id))
              for t in taxonomy.categories.values()),
        lambda a: a.categories)
    totals = Link(Text("", reader.lang))  # the template names the totals row
    assets = inventory.assets
    free = [a for a in assets if a.cost == "free"]
    return (
        _table("categories", assets, categories, places, totals),
        _table("languages", assets, places, _languages(inventory, reader), totals),
        _table("free", free, categories, places, totals),
    )


def summarise(tables: tuple[Table, ...], site_languages: int) -> Summary:
    """The largest gaps, from the tables: what the summary at the top of the page says."""
    by_category, by_language, free = tables
    local = [i for i, c in enumerate(by_category.columns) if not c.area_wide]
    area_wide = [i for i, c in enumerate(by_category.columns) if c.area_wide]
    places = [by_category.columns[i] for i in local]
    per_place = [by_category.totals.cells[i] for i in local]
    fewest_count = min(per_place, default=0)
    gaps = [CategoryGap(row.header, tuple(by_category.columns[i] for i in local
                                          if row.cells[i] == 0),
                        sum(row.cells[i] for i in area_wide)) for row in by_category.rows]
    gaps = sorted((g for g in gaps if g.places), key=lambda g: -len(g.places))
    place_rows = [row for row in by_language.rows if not row.header.area_wide]
    return Summary(
        fewest=tuple(p for p, n in zip(places, per_place) if n == fewest_count),
        fewest_count=fewest_count,
        category_gaps=tuple(gaps[:CATEGORY_GAPS_SHOWN]),
        no_free_at_all=tuple(row.header for row in free.rows if row.total == 0),
        no_free_places=tuple(by_category.columns[i] for i in local
                             if free.totals.cells[i] == 0),
        language_gaps=tuple(
            LanguageGap(language.label, gap)
            for index, language in enumerate(by_language.columns[:site_languages])
            if (gap := tuple(row.header for row in place_rows if row.cells[index] == 0))),
    )


def gap_page(inventory: Inventory, reader: Reader) -> Page:
    tables = gap_tables(inventory, reader)
    summary = summarise(tables, len(inventory.settings.language_codes))
    return Page(GAPS, "gaps.md.j2", None,
                {"tables": tables, "summary": summary, "total": len(inventory.assets)})
