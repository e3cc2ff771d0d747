"""The gap map on the built site: every count is computed from the inventory's CSV (not
with assetmap's code) and compared with what the page says."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel import Locale

from assetmap import language

from .support.inventory import ALL, Inventory
from .support.project import LANGS, PREFIX

SITE_LANGUAGES = list(LANGS)


def shown(n: int) -> str:
    return str(n) if n else "none"


# --- the tables of a page, as text ----------------------------------------------------------


@dataclass
class Table:
    id: str = ""
    rows: list[list[tuple[str, str, str]]] = field(default_factory=list)  # (tag, scope, text)

    def texts(self) -> list[list[str]]:
        return [[text for _, _, text in row] for row in self.rows]


class Tables(HTMLParser):
    """Every table of a page: the id of the heading in its caption, and its cells."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._cell: list[str] | None = None
        self._cell_attrs: tuple[str, str] = ("", "")
        self._in_caption = False
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append(Table())
        elif tag == "caption":
            self._in_caption = True
        elif tag == "h2" and self._in_caption:
            self.tables[-1].id = attrs.get("id", "")
        elif tag == "tr":
            self.tables[-1].rows.append([])
        elif tag in ("th", "td"):
            self._cell = []
            self._cell_attrs = (tag, attrs.get("scope") or "")

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            self.tables[-1].rows[-1].append((*self._cell_attrs, text))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def gap_tables(site: Path, lang: str = "en") -> dict[str, Table]:
    source = (site / PREFIX[lang] / "gaps" / "index.html").read_text(encoding="utf-8")
    return {t.id: t for t in Tables(source).tables}


# --- what the tables should say, from the CSV ------------------------------------------------


def category_table(inv: Inventory, assets: list[dict], totals_label: str) -> list[list[str]]:
    places = [*inv.places, ALL]
    header = ["Category", *(n["name"]["en"] for n in inv.neighbourhoods), "All neighbourhoods",
              "Total"]
    rows = [header]
    for category in inv.categories:
        members = [a for a in assets if category["id"] in a["category"]]
        rows.append([category["label"]["en"],
                     *(shown(sum(p in a["neighbourhood"] for a in members)) for p in places),
                     shown(len(members))])
    rows.append([totals_label, *(shown(sum(p in a["neighbourhood"] for a in assets))
                                 for p in places), shown(len(assets))])
    return rows


def language_order(inv: Inventory) -> list[str]:
    listed = {code for a in inv.assets for code in a["languages"]}
    count = {code: sum(code in a["languages"] for a in inv.assets) for code in listed}
    others = sorted(listed - set(SITE_LANGUAGES),
                    key=lambda c: (-count[c], language_name(c).casefold()))
    return [*SITE_LANGUAGES, *others]


def language_name(code: str) -> str:
    return Locale("en").languages[code.replace("-", "_")]


def language_table(inv: Inventory) -> list[list[str]]:
    codes = language_order(inv)
    rows = [["Neighbourhood", *(language_name(c) for c in codes), "Total"]]
    labels = [*(n["name"]["en"] for n in inv.neighbourhoods), "All neighbourhoods"]
    for place, label in zip([*inv.places, ALL], labels):
        here = [a for a in inv.assets if place in a["neighbourhood"]]
        rows.append([label, *(shown(sum(c in a["languages"] for a in here)) for c in codes),
                     shown(len(here))])
    rows.append(["Total", *(shown(sum(c in a["languages"] for a in inv.assets)) for c in codes),
                 shown(len(inv.assets))])
    return rows


def test_the_category_table_counts_the_inventory(built):
    site, inv = built
    table = gap_tables(site)["gaps--categories"]
    assert table.texts() == category_table(inv, inv.assets, "All entries")


def test_the_free_table_counts_the_free_entries(built):
    site, inv = built
    free = [a for a in inv.assets if a["cost"] == "free"]
    assert gap_tables(site)["gaps--free"].texts() == category_table(inv, free, "All free entries")


def test_the_language_table_counts_the_languages_spoken(built):
    site, inv = built
    assert gap_tables(site)["gaps--languages"].texts() == language_table(inv)


def test_an_entry_in_two_places_counts_in_each_and_area_wide_has_its_own_column(site):
    """The fixture's walk is in Riverside and Old Mill, and in Nature and Belonging; the
    helpline is open to all neighbourhoods."""
    rows = {row[0]: row[1:] for row in gap_tables(site)["gaps--categories"].texts()}
    assert rows["Category"] == ["Old Mill", "Riverside", "All neighbourhoods", "Total"]
    assert rows["Belonging"] == ["2", "2", "1", "4"]  # 2 + 2 + 1 > 4: the walk twice
    assert rows["Health"] == ["none", "none", "1", "1"]  # the helpline is not in each place


@pytest.mark.parametrize("lang", LANGS)
def test_the_tables_have_captions_and_row_and_column_headers(site, lang):
    tables = gap_tables(site, lang)
    assert sorted(tables) == ["gaps--categories", "gaps--free", "gaps--languages"]
    for table in tables.values():
        head, *body = table.rows
        assert all((tag, scope) == ("th", "col") for tag, scope, _ in head)
        for row in body:
            assert (row[0][0], row[0][1]) == ("th", "row")
            assert all(tag == "td" for tag, _, _ in row[1:])
        empty = [text for row in body for tag, _, text in row if tag == "td" and not text]
        assert empty == []  # every cell says something, a gap in words
    none = language.translations(lang).gettext("none")
    gaps = [t for table in tables.values() for row in table.rows for _, _, t in row if t == none]
    assert gaps


# --- the summary ----------------------------------------------------------------------------


class Items(HTMLParser):
    """The items of the summary list: each one's text and the links in it."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, list[str]]] = []
        self._depth = 0  # inside the summary section
        self._list = 0
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "am-gaps__summary" in (attrs.get("class") or ""):
            self._depth = 1
        elif self._depth and tag == "ul":
            self._list += 1
        elif self._depth and tag == "li" and self._list == 1:
            self.items.append(("", []))
        elif self._depth and tag == "a" and self.items:
            self.items[-1][1].append(attrs["href"].strip("./").removesuffix("/"))

    def handle_endtag(self, tag):
        if tag == "ul" and self._depth:
            self._list -= 1
        elif tag == "section":
            self._depth = 0

    def handle_data(self, data):
        if self._depth and self.items:
            text, links = self.items[-1]
            self.items[-1] = (" ".join((text + data).split()), links)


def test_the_summary_names_the_largest_gaps(built):
    site, inv = built
    source = (site / "gaps" / "index.html").read_text(encoding="utf-8")
    items = Items(source).items
    local = {p: [a for a in inv.assets if p in a["neighbourhood"]] for p in inv.places}

    gaps = {f"categories/{c['id']}": [f"neighbourhoods/{p}" for p in inv.places
                                      if not any(c["id"] in a["category"] for a in local[p])]
            for c in inv.categories}
    gaps = {c: places for c, places in gaps.items() if places}
    shown_gaps = {links[0]: links[1:] for _, links in items if links[0].startswith("categories/")}
    if len(gaps) <= 3:
        assert shown_gaps == gaps
    else:
        most = sorted(map(len, gaps.values()), reverse=True)[:3]
        assert sorted(map(len, shown_gaps.values()), reverse=True) == most

    fewest = min(len(found) for found in local.values())
    assert [(text.partition(":")[0], links) for text, links in items
            if text.startswith("Fewest")] == [
        (f"Fewest entries ({fewest})", [f"neighbourhoods/{p}" for p in inv.places
                                        if len(local[p]) == fewest])]

    for code in SITE_LANGUAGES:
        missing = [f"neighbourhoods/{p}" for p in inv.places
                   if not any(code in a["languages"] for a in local[p])]
        said = [links for text, links in items if text.startswith(f"{language_name(code)}:")]
        assert said == ([missing] if missing else [])
