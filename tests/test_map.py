"""The map: below the lists, loaded only on request, the same entries as the lists, accessible,
and still useful when the tiles cannot load.

What each page's map should show is worked out here from data/assets.csv with the csv module,
independently of assetmap's code. The browser tests block every request that leaves localhost
(the tiles, above all) and record them.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from assetmap.build import vendor
from assetmap.build.generate import localized, render_site
from assetmap.inventory.load import load

from .support.html import Page, within
from .support.project import (
    DEFAULT_LANG,
    LANGS,
    PREFIX,
    ROOT,
    SAMPLE,
    SETTINGS,
    SITE_DATA,
    TODAY,
)
from .support.site import PRIVATE

SAMPLE_CSV = SAMPLE / "assets.csv"
MAP_DATA = "assets/map.json"
# Pages with a map, and which entries each one lists: (path, kind, term).
MAP_PAGES = [("", "", ""), ("map/", "", ""), ("categories/nature/", "category", "nature"),
             ("categories/health/", "category", "health"),
             ("neighbourhoods/old-mill/", "neighbourhood", "old-mill"),
             ("neighbourhoods/downtown/", "neighbourhood", "downtown")]
ERROR = {"en": "The map could not load.", "fr": "La carte n'a pas pu se charger.",
         "ar": "تعذّر تحميل الخريطة."}
SHOW = {"en": "Show map", "fr": "Afficher la carte", "ar": "عرض الخريطة"}


def _values(cell: str) -> set[str]:
    return {v.strip() for v in re.split(r"[;,]", cell or "") if v.strip()}


def sample_rows() -> list[dict[str, str]]:
    with SAMPLE_CSV.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def listed(kind: str, term: str) -> list[dict[str, str]]:
    """The sample's entries a page lists: all of them, a category's or a neighbourhood's."""
    column = {"category": "category", "neighbourhood": "neighbourhood"}.get(kind)
    return [r for r in sample_rows() if column is None or term in _values(r[column])]


def placed(rows) -> set[str]:
    return {r["id"] for r in rows if r["latitude"].strip() and r["longitude"].strip()}


def unplaced(rows) -> set[str]:
    return {r["id"] for r in rows} - placed(rows)


def tile_host() -> str:
    return urlsplit(SETTINGS.map_tiles).hostname


def test_the_sample_has_entries_on_and_off_the_map():
    rows = sample_rows()
    assert len(placed(rows)) > len(rows) / 2 and unplaced(rows)


# --- the marker data ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_pages(settings):
    loaded = load(SAMPLE, settings, today=TODAY)
    assert not loaded.has_errors
    return render_site(loaded.inventory, TODAY)


@pytest.mark.parametrize("lang", LANGS)
def test_the_markers_are_exactly_the_entries_with_coordinates(sample_pages, lang):
    data = json.loads(sample_pages[localized(MAP_DATA, lang, DEFAULT_LANG)])
    rows = {r["id"]: r for r in sample_rows()}
    assert {a["id"] for a in data["assets"]} == placed(rows.values())
    for asset in data["assets"]:
        row = rows[asset["id"]]
        assert (asset["lat"], asset["lon"]) == (float(row["latitude"]), float(row["longitude"]))
        assert asset["categories"] == [c.strip() for c in re.split("[;,]", row["category"])]
        assert asset["category"] in data["categories"]
        assert asset["url"] == f"assets/{asset['id']}/"
        assert asset["name"]["text"] == (row.get(f"name:{lang}") or row["name"])


@pytest.fixture
def placed_fixture(tmp_path, settings) -> dict:
    """The site fixture, whose entries carry markup and private fields, with coordinates."""
    folder = tmp_path / "placed"
    shutil.copytree(SITE_DATA, folder)
    with (folder / "assets.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows):
        row["latitude"], row["longitude"] = f"45.0{number}", f"-74.7{number}"
    with (folder / "assets.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    loaded = load(folder, settings, today=TODAY)
    assert not loaded.has_errors, loaded.problems
    return render_site(loaded.inventory, TODAY)


@pytest.mark.parametrize("lang", LANGS)
def test_the_markers_carry_public_fields_only_and_markup_as_text(placed_fixture, lang):
    text = placed_fixture[localized(MAP_DATA, lang, DEFAULT_LANG)]
    assert not [secret for secret in PRIVATE if secret in text]
    assert "<" not in text  # not even "</": the JSON cannot end a script or start a tag
    data = json.loads(text)
    assert {key for asset in data["assets"] for key in asset} == {
        "id", "name", "url", "lat", "lon", "category", "categories", "neighbourhoods"}
    names = {a["id"]: a["name"]["text"] for a in data["assets"]}
    assert names["injection-test"] == "<script>alert(1)</script> Choir"


# --- the pages ------------------------------------------------------------------------------


def map_section(site: Path, lang: str, path: str) -> tuple[Page, str]:
    source = (site / PREFIX[lang] / path / "index.html").read_text(encoding="utf-8")
    return Page(source), source


def _links_under_the_map(view: Page) -> list[tuple[str, str]]:
    after = next(e for e in view.elements if e.attrs.get("id") == "map--after")
    return [(e.attrs["href"], "".join(e.text)) for e in view.find("a") if within(e, after)]


@pytest.mark.parametrize(("path", "kind", "term"), MAP_PAGES[1:])
def test_entries_without_coordinates_are_listed_under_the_map(sample_site, path, kind, term):
    view, _ = map_section(sample_site, "en", path)
    shown = {href.rstrip("/").rsplit("/", 1)[-1] for href, _ in _links_under_the_map(view)}
    assert shown == unplaced(listed(kind, term))


def test_the_home_page_counts_them_and_links_to_the_list_on_the_map_page(sample_site):
    view, _ = map_section(sample_site, "en", "")
    [(href, text)] = _links_under_the_map(view)
    assert href == "map/#map--after"
    assert text.startswith(f"{len(unplaced(sample_rows()))} entries have no place on the map")


def test_a_page_with_nothing_to_put_on_a_map_has_no_map(settings):
    loaded = load(SITE_DATA, settings, today=TODAY)  # no coordinates at all
    pages = render_site(loaded.inventory, TODAY)
    for path in ("index.md", "categories/nature.fr.md", "neighbourhoods/riverside.ar.md"):
        assert "am-map" not in pages[path] and "map.js" not in pages[path]
    assert "Nothing on this page has a place on the map." in pages["map.md"]
    assert "map.js" not in pages["map.md"]
    assert json.loads(pages[MAP_DATA])["assets"] == []


@pytest.mark.parametrize(("path", "kind", "term"), MAP_PAGES)
def test_the_lists_come_first_and_the_map_after_them(sample_site, path, kind, term):
    _, source = map_section(sample_site, "en", path)
    section = source.index('class="am-map"')
    assert section > max(source.rfind('class="am-entry'), source.rfind('class="am-group"'),
                         source.rfind('class="am-tiles"'))
    assert source.count('class="am-map"') == 1
    assert "vendor/leaflet" not in source and "map.json" not in source  # nothing preloads


def test_the_site_ships_leaflet_from_node_modules_not_from_the_repository(sample_site):
    package = ROOT / "node_modules" / "leaflet"
    assert json.loads((ROOT / "package.json").read_text())["dependencies"]["leaflet"]
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert not lock["packages"]["node_modules/leaflet"].get("dev")
    for name in ("leaflet.js", "leaflet.css"):
        shipped = sample_site / "vendor" / "leaflet" / name
        assert shipped.read_bytes() == (package / "dist" / name).read_bytes()
    assert (sample_site / "vendor" / "leaflet" / "LICENSE").is_file()
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    assert not [p for p in tracked if "leaflet" in Path(p).name.lower()]


def test_a_missing_npm_is_a_clear_message(tmp_path, monkeypatch):
    (tmp_path / "package-lock.json").write_text("{}")
    monkeypatch.setattr(vendor.shutil, "which", lambda name: None)
    with pytest.raises(vendor.VendorError, match=r"npm is not installed.*npm ci --ignore-scripts"):
        vendor.install(tmp_path)


def test_the_deploy_workflow_installs_leaflet_before_the_build():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    npm = next(i for i, run in enumerate(runs) if "npm ci" in run)
    build = next(i for i, run in enumerate(runs) if "assetmap build" in run)
    assert npm < build and "--omit=dev" in runs[npm]


# --- in the browser -------------------------------------------------------------------------


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def open_page(context, base: str, lang: str, path: str, block: str = ""):
    """A page with every request outside localhost (and any matching ``block``) failing; the
    requests made are recorded in ``page.requests``."""
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.route(lambda url: not url.startswith(base) or (block and block in url),
               lambda route: route.abort())
    page.goto(f"{base}/{PREFIX[lang]}{path}")
    page.locator(".am-map__toggle").wait_for()  # map.js has set the section up
    return page


def show_map(page, lang: str = "en"):
    """Press "Show map"; return when the markers are there and the tiles have failed."""
    page.get_by_role("button", name=SHOW[lang]).click()
    page.locator(".am-map__marker").first.wait_for()
    page.locator(".am-map__status:not(:empty)").wait_for()


def marker_ids(page) -> list[str]:
    return page.eval_on_selector_all(".am-map__marker", "els => els.map(e => e.dataset.asset)")


def map_requests(page) -> list[str]:
    """What the map asks for: tiles, the map library, the markers."""
    return [url for url in page.requests if urlsplit(url).hostname == tile_host()
            or "vendor/leaflet/" in url or MAP_DATA in url]


@pytest.mark.browser
@pytest.mark.parametrize(("path", "kind", "term"), MAP_PAGES[:3])
def test_no_tile_is_asked_for_before_show_map(context, sample_url, path, kind, term):
    page = open_page(context, sample_url, "en", path)
    page.wait_for_load_state("networkidle")
    assert map_requests(page) == []
    show_map(page)
    assert [u for u in page.requests if urlsplit(u).hostname == tile_host()]
    assert any("vendor/leaflet/leaflet.js" in u for u in page.requests)
    assert any(MAP_DATA in u for u in page.requests)


@pytest.mark.browser
@pytest.mark.parametrize(("path", "kind", "term"), MAP_PAGES)
def test_the_markers_are_the_entries_with_coordinates(context, sample_url, path, kind, term):
    page = open_page(context, sample_url, "en", path)
    show_map(page)
    ids = marker_ids(page)
    assert len(ids) == len(set(ids))
    assert set(ids) == placed(listed(kind, term))


@pytest.mark.browser
def test_every_marker_is_reachable_by_keyboard_and_tells_what_it_is(context, sample_url):
    page = open_page(context, sample_url, "en", "categories/nature/")
    show_map(page)
    page.locator(".am-map__canvas").focus()
    reached = []
    for _ in range(200):
        page.keyboard.press("Tab")
        asset = page.evaluate("document.activeElement.dataset.asset || ''")
        if not asset:
            break
        reached.append(asset)
    assert set(reached) == placed(listed("category", "nature")) and len(reached) == len(
        set(reached))
    marker = page.locator(f'.am-map__marker[data-asset="{reached[0]}"]')
    assert marker.get_attribute("role") == "button"
    name = page.evaluate("id => document.querySelector(`[data-asset='${id}']`).textContent",
                         reached[0])
    assert "Nature and the outdoors" in name
    rows = {r["id"]: r for r in sample_rows()}
    assert rows[reached[0]]["name"] in name
    marker.focus()
    outline = marker.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline not in ("", "none")  # focus is visible
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup a")
    link.wait_for()
    assert link.evaluate("e => e === document.activeElement")
    assert link.get_attribute("href").endswith(f"assets/{reached[0]}/")
    assert "Nature and the outdoors" in page.locator(".leaflet-popup").inner_text()
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert marker.evaluate("e => e === document.activeElement")
    page.keyboard.press(" ")  # Space opens it too, as for any button
    page.locator(".leaflet-popup a").wait_for()


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "path"), [*((lang, "") for lang in LANGS), *(
    (lang, "map/") for lang, direction in LANGS.items() if direction == "rtl")])
def test_axe_passes_with_the_map_shown(context, sample_url, lang, path):
    from .support.browser import axe_violations

    page = open_page(context, sample_url, lang, path)
    show_map(page, lang)
    page.locator(".am-map__marker").first.focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup a").wait_for()
    # Leaflet fades the popup in: its text is pale until then, and axe would say so
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    assert page.evaluate("document.documentElement.dir") == LANGS[lang]
    assert page.locator(".am-map__popup").get_attribute("dir") == page.evaluate(
        "document.documentElement.dir")
    assert axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_the_page_says_so_when_the_tiles_cannot_load(context, sample_url, lang):
    page = open_page(context, sample_url, lang, "categories/health/")
    show_map(page, lang)
    status = page.locator(".am-map__status")
    assert ERROR[lang] in status.inner_text() and status.get_attribute("role") == "status"
    assert set(marker_ids(page)) == placed(listed("category", "health"))  # still useful
    assert page.locator("article.am-entry").count() == len(listed("category", "health"))


@pytest.mark.browser
def test_the_page_says_so_when_the_map_library_cannot_load(context, sample_url):
    page = open_page(context, sample_url, "en", "", block="vendor/leaflet/leaflet.js")
    page.get_by_role("button", name=SHOW["en"]).click()
    page.locator(".am-map__status:not(:empty)").wait_for()
    assert ERROR["en"] in page.locator(".am-map__status").inner_text()
    assert page.locator(".am-tile").count() > 0


@pytest.mark.browser
def test_without_javascript_the_lists_are_all_there_and_no_button_shows(tab_without_script,
                                                                         sample_url):
    page = tab_without_script
    page.goto(f"{sample_url}/categories/nature/")
    assert not page.get_by_role("button", name=SHOW["en"]).is_visible()
    links = page.eval_on_selector_all("article.am-entry h3 a", "els => els.length")
    assert links == len(listed("category", "nature"))


@pytest.mark.browser
def test_the_choice_is_remembered_on_this_device_and_easy_to_undo(context, sample_url):
    page = open_page(context, sample_url, "en", "")
    toggle = page.locator(".am-map__toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    page.get_by_label("Always show the map on this device").check()
    assert page.evaluate("localStorage.getItem('assetmap-map')") == "always"
    page.reload()
    page.locator(".am-map__marker").first.wait_for()  # shown without asking
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()  # "Hide map"
    assert page.locator(".am-map__marker").count() == 0
    assert toggle.inner_text() == SHOW["en"]
    page.get_by_label("Always show the map on this device").uncheck()
    assert page.evaluate("localStorage.getItem('assetmap-map')") is None
    page.requests.clear()
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator(".am-map__view").is_hidden()
    assert map_requests(page) == []
