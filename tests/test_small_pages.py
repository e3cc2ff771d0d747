"""Pages that stay small: with ``page_size`` set low, the sample community's categories,
neighbourhoods and A to Z become indexes of smaller pages. No page lists more entries than the
limit, every entry is still reached from its category and its neighbourhood by following
links, and the printable sheets follow the same split. With the default limit the sample is
as it was (the golden files of tests/test_site_pages.py pin the pages' text).
"""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from assetmap.build.generate import localized, render_site
from assetmap.inventory.load import load
from assetmap.inventory.schema import NEIGHBOURHOOD_ALL
from assetmap.language import Reader
from assetmap.pages.directory import directory_pages, site_pages
from assetmap.pages.entries import make_entry
from assetmap.pages.parts import INDEX
from assetmap.render.print_head import page_url, pdf_name, print_head
from assetmap.render.sheets import SheetData, render_sheets, sheet_pages

from .support import a11y_checks as check
from .support.browser import axe_violations, serve
from .support.project import DEFAULT_LANG, LANGS, PREFIX, ROOT, SAMPLE, SETTINGS, TODAY
from .support.site import mkdocs_build

LIMIT = 5
ASSET = re.compile(r"assets/([^/]+)/")
AREA_WIDE_PAGES = re.compile(r"categories/[^/]+/all/(\d+/)?")


@pytest.fixture(scope="module")
def inventory(settings):
    loaded = load(SAMPLE, dataclasses.replace(settings, page_size=LIMIT), today=TODAY)
    assert not loaded.has_errors
    return loaded.inventory


@pytest.fixture(scope="module")
def rendered(inventory) -> dict[str, str]:
    return render_site(inventory, TODAY)


def site_url(path: str) -> str:
    """The URL of a generated page from its language's root: 'categories/food/' for
    'categories/food.md'; a file served as it is keeps its name."""
    return path.removesuffix("index.md").removesuffix(".md") + "/" if path.endswith(".md") \
        else path


def pages_in(rendered: dict[str, str], lang: str) -> dict[str, str]:
    """The pages of one language, by their URL from the language's root."""
    others = "|".join(code for code in LANGS if code != DEFAULT_LANG)
    default_paths = [p for p in rendered if not re.search(rf"\.({others})\.[a-z]+$", p)]
    return {site_url(p).removeprefix("/"): rendered[localized(p, lang, DEFAULT_LANG)]
            for p in default_paths}


def links(text: str, url: str) -> set[str]:
    """Where the page at ``url`` links to, as URLs from the same root, without anchors."""
    found = set()
    for href in re.findall(r'href="([^"]+)"', text):
        target = urlsplit(urljoin(f"https://site.test/{url}", html.unescape(href)))
        if target.netloc == "site.test":
            found.add(target.path.removeprefix("/"))
    return found


def listed(text: str, url: str) -> set[str]:
    """The ids of the entries a page lists: the asset pages it links to."""
    return {m.group(1) for target in links(text, url) if (m := ASSET.fullmatch(target))}


def reached(pages: dict[str, str], start: str, follow: Callable[[str], bool]) -> set[str]:
    """The entries listed on ``start`` and on every page reached from it by links that
    ``follow`` accepts."""
    seen, todo, entries = {start}, [start], set()
    while todo:
        url = todo.pop()
        entries |= listed(pages[url], url)
        for target in links(pages[url], url):
            if target in pages and target not in seen and follow(target):
                seen.add(target)
                todo.append(target)
    return entries


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_lists_more_entries_than_the_limit(rendered, lang):
    pages = pages_in(rendered, lang)
    too_long = {url: len(listed(text, url)) for url, text in pages.items()
                if len(listed(text, url)) > LIMIT}
    assert too_long == {}
    # and the sample was split every way there is
    split = [url for url in pages if url.count("/") >= 3]
    assert any(re.fullmatch(r"categories/[^/]+/[a-z-]+/\d+/", url) for url in split)
    assert any(re.fullmatch(r"neighbourhoods/[^/]+/[a-z-]+/\d+/", url) for url in split)
    assert "a-z/1/" in pages and "categories/material-support/north-end/" in pages


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_reached_from_its_category_and_its_neighbourhood(inventory, rendered,
                                                                      lang):
    pages = pages_in(rendered, lang)
    assets = inventory.assets
    area_wide = {a.id for a in assets if NEIGHBOURHOOD_ALL in a.neighbourhoods}
    for category in inventory.taxonomy.categories:
        home = f"categories/{category}/"
        assert reached(pages, home, lambda url, home=home: url.startswith(home)) == {
            a.id for a in assets if category in a.categories}, category
    for place in inventory.taxonomy.neighbourhoods:
        home = f"neighbourhoods/{place}/"
        own = reached(pages, home, lambda url, home=home: url.startswith(home))
        assert own == {a.id for a in assets if place in a.neighbourhoods}, place
        # the entries open to all neighbourhoods, through each category's page of them
        everywhere = reached(pages, home, lambda url, home=home: url.startswith(home)
                             or bool(AREA_WIDE_PAGES.fullmatch(url)))
        assert everywhere - own == area_wide, place


def anchored_links(text: str, url: str) -> set[tuple[str, str]]:
    """(URL, anchor) of each link of the page at ``url`` to a page of the same site."""
    found = set()
    for href in re.findall(r'href="([^"]+)"', text):
        target = urlsplit(urljoin(f"https://site.test/{url}", html.unescape(href)))
        if target.netloc == "site.test":
            found.add((target.path.removeprefix("/"), target.fragment))
    return found


# 30: Downtown is split, not the Health category, whose entries open to all neighbourhoods
# Downtown's index links to on the category's own page
@pytest.mark.parametrize("page_size", [LIMIT, 30])
def test_every_link_between_generated_pages_leads_somewhere(settings, page_size):
    inventory = load(SAMPLE, dataclasses.replace(settings, page_size=page_size),
                     today=TODAY).inventory
    pages = pages_in(render_site(inventory, TODAY), "fr")
    generated = ("categories/", "neighbourhoods/", "assets/", "a-z/", "entries/")
    broken = sorted((url, target, anchor) for url, text in pages.items()
                    for target, anchor in anchored_links(text, url)
                    if target.startswith(generated) and not target.endswith((".pdf", ".json"))
                    and (target not in pages
                         or anchor and f'id="{anchor}"' not in pages[target]))
    assert broken == []
    if page_size == 30:
        assert "neighbourhoods/downtown/health/" in pages
        assert "categories/health/all/" not in pages
        assert ("categories/health/", "n--all") in anchored_links(
            pages["neighbourhoods/downtown/"], "neighbourhoods/downtown/")


def test_smaller_pages_link_back_up_in_their_language(rendered):
    part = rendered[localized("categories/material-support/north-end.md", "ar", DEFAULT_LANG)]
    assert 'aria-label="الصفحات التي تتضمن هذه الصفحة"' in part
    assert 'href="../../../categories/material-support/">الطعام والسكن والمساعدة العملية</a>' \
        in part
    assert "الطعام والسكن والمساعدة العملية في الحي الشمالي" in part
    index = rendered[localized("categories/material-support.md", "fr", DEFAULT_LANG)]
    assert ('<a href="../../categories/material-support/north-end/">Nourriture, logement et '
            "aide pratique dans le quartier Secteur Nord</a> (6)") in index


def test_with_the_default_limit_the_sample_has_no_smaller_pages(settings):
    inventory = load(SAMPLE, settings, today=TODAY).inventory
    pages = site_pages(inventory, DEFAULT_LANG, TODAY)
    assert [p.path for p in pages if p.template == INDEX or p.path.count("/") > 1
            or p.path.startswith("a-z/")] == []


def pdf_links(text: str, url: str) -> set[str]:
    return {target for target in links(text, url) if target.endswith(".pdf")}


def test_sheets_follow_the_split(inventory, rendered):
    sheets = sheet_pages(inventory, DEFAULT_LANG, TODAY)
    pages = pages_in(rendered, DEFAULT_LANG)
    printed = {page_url(p): page_url(p) + pdf_name(p, DEFAULT_LANG) for p in sheets}
    # every page that lists a category's or neighbourhood's entries, and no index, links to
    # a sheet: its own, or that of a page that lists the same entries
    lists_entries = {url for url, text in pages.items()
                     if url.startswith(("categories/", "neighbourhoods/")) and listed(text, url)}
    assert set(printed) <= lists_entries
    for url in lists_entries:
        [pdf] = pdf_links(pages[url], url)
        twin = pdf.rpartition("/")[0] + "/"
        assert printed.get(twin) == pdf, url
        assert listed(pages[twin], twin) == listed(pages[url], url)
    assert all(p.template != INDEX for p in sheets)
    assert "categories/material-support/downtown/" in printed
    assert "categories/material-support/north-end/1/" in printed  # 6: in two parts
    names = [pdf_name(p, "fr") for p in sheets]
    assert len(set(names)) == len(names)
    assert "material-support-north-end-1-fr.pdf" in names
    assert 'href="material-support-downtown-en.pdf"' in \
        pages["categories/material-support/downtown/"]
    assert "material-support-en.pdf" not in pages["categories/material-support/"]
    arabic = render_sheets(inventory, "ar", TODAY)
    assert len(arabic) == len(sheets)
    sheet = arabic["ar/categories/material-support/downtown/material-support-downtown-ar.pdf"]
    assert (sheet.data["lang"], sheet.data["dir"]) == ("ar", "rtl")


@pytest.mark.parametrize("lang", LANGS)
def test_a_neighbourhood_prints_with_its_categorys_sheet_when_they_list_the_same(inventory,
                                                                                 lang):
    """'Food in North End' is a page of the category and one of the neighbourhood when both
    are split: one sheet, the same on paper but for where it says it is online."""
    reader = Reader.of(lang, DEFAULT_LANG)
    entries = {a.id: make_entry(a, inventory, reader, TODAY) for a in inventory.assets}
    pages = {p.path: p for p in directory_pages(inventory, entries, reader)}
    sharing = [p for p in pages.values() if p.sheet_of]
    assert "neighbourhoods/north-end/material-support/1.md" in {p.path for p in sharing}
    data = SheetData(reader, inventory.settings)
    for page in sharing:
        twin = pages[page.sheet_of]
        assert page.path.startswith("neighbourhoods/") and twin.path.startswith("categories/")
        assert twin.sheet and not twin.sheet_of
        mine, theirs = (data.sheet(p, print_head(p, inventory.settings, reader, TODAY))
                        for p in (page, twin))
        assert mine.pop("head") != theirs.pop("head")  # where each is online
        assert mine == theirs


@pytest.fixture(scope="module")
def split_site(tmp_path_factory) -> Path:
    """The sample split into pages of ``LIMIT`` entries, built with `mkdocs build --strict`."""
    return mkdocs_build(SAMPLE, tmp_path_factory.mktemp("split-project"), pdf_sheets=False,
                        page_size=LIMIT)


def test_a_split_site_builds_in_strict_mode_with_the_parts_out_of_the_nav(split_site):
    site = split_site
    for lang in LANGS:
        part = site / PREFIX[lang] / "categories/material-support/north-end/index.html"
        assert f'<html lang="{lang}" dir="{LANGS[lang]}"' in part.read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="categories/material-support/"' in home
    assert "categories/material-support/north-end/" not in home
    assert (site / "a-z/1/index.html").is_file()


# One of each kind of index and smaller page
SPLIT_PAGES = ["categories/material-support/", "categories/material-support/downtown/",
               "categories/material-support/north-end/",
               "categories/material-support/north-end/1/", "categories/material-support/all/",
               "neighbourhoods/north-end/", "neighbourhoods/north-end/material-support/1/",
               "a-z/", "a-z/3/", "map/"]


@pytest.mark.browser
def test_the_smaller_pages_are_accessible(split_site, tab):
    """axe-core and the checks axe cannot make, as tests/test_accessibility.py makes them on
    the sample's pages, on each kind of page a split makes, in every language."""
    problems = {}
    with serve(split_site, urlsplit(SETTINGS.site_url).path) as base:
        for lang in LANGS:
            for path in SPLIT_PAGES:
                tab.goto(f"{base}/{PREFIX[lang]}{path}")
                check.prepare(tab)
                found = [*axe_violations(tab), *check.heading_problems(tab),
                         *check.link_problems(tab), *check.language_problems(tab, lang, lang)]
                if found:
                    problems[f"{PREFIX[lang]}{path}"] = found
    assert problems == {}


def test_the_smaller_pages_are_valid_html(split_site):
    java = shutil.which("java")
    vnu = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    assert java and vnu.is_file(), "tests/run.sh installs Java and runs npm ci"
    pages = [split_site / PREFIX[lang] / path / "index.html"
             for lang in LANGS for path in SPLIT_PAGES]
    run = subprocess.run([java, "-jar", str(vnu), "--errors-only", *map(str, pages)],
                         capture_output=True, text=True, timeout=600)
    assert (run.returncode, run.stderr) == (0, "")


@pytest.mark.browser
def test_the_map_of_a_smaller_page_shows_its_entries_only(split_site, inventory, browser):
    """The map's filter names the category and the neighbourhood (docs/javascripts/map.js)."""
    expected = {a.id for a in inventory.assets if a.latitude is not None
                and "material-support" in a.categories and "downtown" in a.neighbourhoods}
    context = browser.new_context()
    try:
        with serve(split_site, urlsplit(SETTINGS.site_url).path) as base:
            page = context.new_page()
            page.route(lambda url: not url.startswith(base), lambda route: route.abort())
            page.goto(f"{base}/categories/material-support/downtown/")
            page.locator(".am-map__toggle").click()
            page.locator(".am-map__marker").first.wait_for()
            shown = page.eval_on_selector_all(".am-map__marker",
                                              "els => els.map(e => e.dataset.asset)")
    finally:
        context.close()
    assert expected and sorted(shown) == sorted(expected)
