"""The Find page's "Sort by distance", "Age" and "For", in a real browser on the built sample
site: with a mocked position, results come nearest first, in the order the sample's
coordinates give, and no request carries the position; a neighbourhood works the same way;
the age and audience filters narrow the results as the sample says, and their counts add up."""

from __future__ import annotations

import csv
import datetime as dt
import math
from zoneinfo import ZoneInfo

import pytest
from opening_hours import OpeningHours

from assetmap.inventory.schema import parse_ages, split_multi

from .support.project import LANGS, PREFIX, SAMPLE, SETTINGS

# A position in Riverbend, by the river: digits that appear nowhere in the sample's data.
HERE = {"latitude": 45.046271, "longitude": -74.738163}
EARTH_KM = 6371.0088


def sample_rows() -> list[dict[str, str]]:
    with (SAMPLE / "assets.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The haversine distance, computed here independently of the page's script."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def nearest_first(rows: list[dict[str, str]], lat: float, lon: float) -> list[str]:
    """The ids of ``rows`` with coordinates, nearest first, then those without; entries at
    the same place stay in the order of ``rows``."""
    placed = [r for r in rows if r["latitude"]]
    placed.sort(key=lambda r: km(lat, lon, float(r["latitude"]), float(r["longitude"])))
    return [r["id"] for r in placed] + [r["id"] for r in rows if not r["latitude"]]


def distances(ids: list[str], lat: float, lon: float) -> list[float | None]:
    """How far each entry is (to the metre), None for one without coordinates: two entries
    at the same place may come in either order."""
    rows = {r["id"]: r for r in sample_rows()}
    return [round(km(lat, lon, float(rows[i]["latitude"]), float(rows[i]["longitude"])), 3)
            if rows[i]["latitude"] else None for i in ids]


@pytest.fixture
def located(browser):
    """A page whose browser has granted the site the position HERE, and every request it
    makes, recorded."""
    context = browser.new_context(geolocation=HERE, permissions=["geolocation"])
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(
        request.url + " " + (request.post_data or "") + " " + str(request.headers)))
    yield page, requests
    context.close()


def open_find(page, base: str, lang: str = "en", query: str = "") -> None:
    page.goto(f"{base}/{PREFIX[lang]}find/" + (f"?{query}" if query else ""))
    page.wait_for_function("""(query) => document.querySelector('[data-am-status]')
        .dataset.amQuery === query""", arg=query)


def sorted_by(page, action) -> None:
    """Do ``action`` (press the button, pick a place) and wait until the list is sorted."""
    page.evaluate("delete document.querySelector('[data-am-near]').dataset.amSorted")
    action()
    page.wait_for_selector("[data-am-near][data-am-sorted]", state="attached")


def all_results(page) -> list[str]:
    """Every result's id, in order, after showing them all."""
    while True:
        page.wait_for_function("""() => {
            const list = document.querySelector('[data-am-list]');
            return list.dataset.amShown !== undefined && !list.hasAttribute('aria-busy');
        }""")
        if not page.is_visible("[data-am-more]"):
            break
        before = int(page.get_attribute("[data-am-list]", "data-am-shown"))
        page.click("[data-am-more]")
        page.wait_for_function("""(n) => Number(document.querySelector('[data-am-list]')
            .dataset.amShown) > n""", arg=before)
    return page.eval_on_selector_all("[data-am-list] article",
                                     "all => all.map((a) => a.dataset.amId)")


def test_my_location_sorts_every_entry_nearest_first_and_is_never_sent(located, sample_url):
    page, requests = located
    open_find(page, sample_url)
    sorted_by(page, lambda: page.click("[data-am-near-me]"))
    rows = sample_rows()
    shown = all_results(page)
    here = (HERE["latitude"], HERE["longitude"])
    assert distances(shown, *here) == distances(nearest_first(rows, *here), *here)
    assert sorted(shown) == sorted(r["id"] for r in rows)
    status = page.inner_text("[data-am-near-status]")
    assert "from your location" in status and "no location given come last" in status
    first = page.locator("[data-am-list] article").first
    assert first.locator(".am-entry__distance").inner_text().endswith(" away")
    last = page.locator("[data-am-list] article").last
    assert last.locator(".am-entry__distance").inner_text() == "No location given"
    # The position is in the page only: no address, body or header of any request holds it
    assert requests and len(requests) > len(rows)
    digits = [f"{HERE[k]:.6f}"[:7] for k in HERE] + ["45.046", "74.738"]
    assert [r for r in requests for d in digits if d in r] == []
    assert "45.046" not in page.url and "74.738" not in page.url


def test_distances_are_written_in_the_pages_language(located, sample_url):
    page, _requests = located
    open_find(page, sample_url, "ar", "q=library")
    sorted_by(page, lambda: page.click("[data-am-near-me]"))
    rows = {r["id"]: r for r in sample_rows()}
    ids = all_results(page)
    assert ids and all(rows[i]["latitude"] for i in ids[:1])
    shown = page.locator("[data-am-list] article .am-entry__distance").first.inner_text()
    row = rows[ids[0]]
    distance = km(HERE["latitude"], HERE["longitude"], float(row["latitude"]),
                  float(row["longitude"]))
    expected = page.evaluate("""(km) => km < 1
        ? new Intl.NumberFormat('ar', {style: 'unit', unit: 'meter',
            numberingSystem: 'latn'}).format(Math.round(km * 100) * 10)
        : new Intl.NumberFormat('ar', {style: 'unit', unit: 'kilometer',
            maximumFractionDigits: 1, numberingSystem: 'latn'}).format(km)""", distance)
    assert expected in shown and "away" not in shown


def test_a_search_is_sorted_too_and_unsorting_restores_its_order(located, sample_url):
    page, _requests = located
    open_find(page, sample_url, query="q=food")
    relevance = all_results(page)
    sorted_by(page, lambda: page.click("[data-am-near-me]"))
    rows = [r for r in sample_rows() if r["id"] in relevance]
    here = (HERE["latitude"], HERE["longitude"])
    shown = all_results(page)
    assert distances(shown, *here) == distances(nearest_first(rows, *here), *here)
    assert sorted(shown) == sorted(relevance) and shown != relevance
    sorted_by(page, lambda: page.select_option("[data-am-near-from]", ""))
    assert all_results(page) == relevance
    assert page.locator(".am-entry__distance").count() == 0


def test_a_neighbourhood_sorts_from_the_middle_of_its_entries(tab, sample_url):
    open_find(tab, sample_url, "fr")
    rows = sample_rows()
    placed = [r for r in rows if r["latitude"] and "old-mill" in split_multi(r["neighbourhood"])]
    lat = sum(float(r["latitude"]) for r in placed) / len(placed)
    lon = sum(float(r["longitude"]) for r in placed) / len(placed)
    sorted_by(tab, lambda: tab.select_option("[data-am-near-from]", "old-mill"))
    shown = all_results(tab)
    assert distances(shown, lat, lon) == distances(nearest_first(rows, lat, lon), lat, lon)
    assert sorted(shown) == sorted(r["id"] for r in rows)
    assert "Vieux-Moulin" in tab.inner_text("[data-am-near-status]")


def test_a_refused_location_says_so_and_leaves_the_neighbourhoods(browser, sample_url):
    context = browser.new_context()  # no permission granted: the browser refuses
    page = context.new_page()
    try:
        open_find(page, sample_url)
        page.click("[data-am-near-me]")
        page.wait_for_function("""() => document.querySelector('[data-am-near-status]')
            .textContent.includes('not shared')""")
        assert page.is_enabled("[data-am-near-from]")
        assert page.locator(".am-entry__distance").count() == 0
    finally:
        context.close()


# --- who it is for -------------------------------------------------------------------------


def welcomes(row: dict[str, str], age: int) -> bool:
    ages = parse_ages(row["ages"]) if row["ages"] else None
    return ages is None or (ages[0] <= age and (ages[1] is None or age <= ages[1]))


def open_filters(page) -> None:
    """Open "Narrow the results" (a search in the address opens it already)."""
    if not page.evaluate("document.querySelector('[data-am-narrow]').open"):
        page.click("[data-am-narrow] > summary")
    counted(page)


def counted(page) -> None:
    page.wait_for_function("""() => document.querySelector('[data-am-narrow]').dataset.amCounted
        === document.querySelector('[data-am-status]').dataset.amQuery""")


def counts(page, key: str) -> dict[str, int]:
    return page.evaluate("""(key) => Object.fromEntries([...document.querySelectorAll(
        `[data-am-filter='${key}'] input[type=checkbox]`)].map((box) => [box.value,
        Number(document.querySelector(`label[for='${box.id}'] [data-am-count]`).textContent
        .replace(/[^0-9]/g, ''))]))""", key)


@pytest.mark.parametrize("age", [4, 16, 30, 70])
def test_an_age_shows_the_entries_for_it_and_those_for_every_age(tab, sample_url, age):
    open_find(tab, sample_url, query=f"age={age}")
    rows = sample_rows()
    expected = {r["id"] for r in rows if welcomes(r, age)}
    assert set(all_results(tab)) == expected
    assert {r["id"] for r in rows if not r["ages"]} < expected < {r["id"] for r in rows}


def test_typing_an_age_narrows_the_list(tab, sample_url):
    open_find(tab, sample_url)
    open_filters(tab)
    tab.fill("#find--age", "13")
    tab.press("#find--age", "Enter")
    tab.wait_for_function("""() => document.querySelector('[data-am-status]')
        .dataset.amQuery === 'age=13'""")
    assert set(all_results(tab)) == {r["id"] for r in sample_rows() if welcomes(r, 13)}


def test_each_audience_box_counts_what_ticking_it_shows_and_the_counts_add_up(tab, sample_url):
    open_find(tab, sample_url, query="age=70")
    open_filters(tab)
    rows = [r for r in sample_rows() if welcomes(r, 70)]
    found = counts(tab, "audience")
    by_code = {code: {r["id"] for r in rows if code in split_multi(r["audience"])}
               for code in found}
    assert found == {code: len(ids) for code, ids in by_code.items()}
    youth = [r for r in sample_rows() if "youth" in split_multi(r["audience"])]
    assert found["seniors"] > 0 and found["youth"] < len(youth)  # the age narrows them too
    tab.check("[data-am-filter='audience'] input[value='seniors']")
    tab.wait_for_function("""() => document.querySelector('[data-am-status]')
        .dataset.amQuery === 'audience=seniors&age=70'""")
    assert set(all_results(tab)) == by_code["seniors"]
    counted(tab)
    tab.check("[data-am-filter='audience'] input[value='caregivers']")
    tab.wait_for_function("""() => document.querySelector('[data-am-status]')
        .dataset.amQuery === 'audience=seniors&audience=caregivers&age=70'""")
    both = set(all_results(tab))
    assert both == by_code["seniors"] | by_code["caregivers"]
    overlap = by_code["seniors"] & by_code["caregivers"]
    assert len(both) == found["seniors"] + found["caregivers"] - len(overlap)


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_entries_say_their_ages_and_audience_in_words(tab, sample_url, lang):
    tab.goto(f"{sample_url}/{PREFIX[lang]}assets/youth-wellness-hub/")
    facts = tab.inner_text("article .am-facts")
    words = {"en": ("12 to 25", "Youth"), "fr": ("12 à 25", "Jeunes"),
             "ar": ("12 إلى 25", "الشباب")}[lang]
    assert all(word in facts for word in words), facts


def test_an_entry_is_filed_under_the_bands_of_ages_it_welcomes(settings):
    from assetmap.inventory.load import load
    from assetmap.pages.entries import age_filters

    inventory = load(SAMPLE, settings).inventory
    bands = inventory.age_bands
    assert bands[0] == 0 and {12, 26, 55, 65} <= set(bands)  # 12-25 ends before 26
    by_id = {a.id: a for a in inventory.assets}
    for asset_id, age, welcome in [("youth-wellness-hub", 25, True),
                                   ("youth-wellness-hub", 26, False),
                                   ("strong-and-steady", 64, False),
                                   ("strong-and-steady", 120, True),
                                   ("riverside-park", 3, True)]:
        asset = by_id[asset_id]
        band = str(max(b for b in bands if b <= age))
        filed = {value for _key, value in age_filters(asset, bands)}
        assert (band in filed or "any" in filed) == welcome == asset.welcomes_age(age)


# --- the Map page ---------------------------------------------------------------------------


def test_the_map_page_lists_the_nearest_entries_and_never_sends_the_position(located,
                                                                             sample_url):
    page, requests = located
    page.goto(f"{sample_url}/map/")
    page.wait_for_selector("[data-am-near][data-am-sorted='no']", state="attached")
    assert page.is_hidden("[data-am-nearest]")
    sorted_by(page, lambda: page.click("[data-am-near-me]"))
    shown = page.eval_on_selector_all("[data-am-nearest] li", "all => all.map((li) => "
                                      "[li.dataset.amId, li.querySelector('a').href])")
    here = (HERE["latitude"], HERE["longitude"])
    nearest = nearest_first([r for r in sample_rows() if r["latitude"]], *here)[:20]
    assert distances([i for i, _url in shown], *here) == distances(nearest, *here)
    assert all(url.endswith(f"/assets/{i}/") for i, url in shown)
    assert page.locator("[data-am-nearest] li .am-entry__distance").count() == len(shown)
    digits = [f"{HERE[k]:.6f}"[:7] for k in HERE] + ["45.046", "74.738"]
    assert [r for r in requests for d in digits if d in r] == []


def test_the_map_page_sorts_from_a_neighbourhood_named_in_its_address(tab, sample_url):
    tab.goto(f"{sample_url}/ar/map/?near=downtown")
    tab.wait_for_selector("[data-am-near][data-am-sorted='yes']", state="attached")
    assert tab.input_value("[data-am-near-from]") == "downtown"
    assert tab.locator("[data-am-nearest] li").count() == 20
    assert "وسط المدينة" in tab.inner_text("[data-am-near-status]")


def test_open_now_from_a_neighbourhood_sorts_the_open_then_those_without_hours(tab, sample_url):
    """Both at once: the entries open now first, nearest first; then, under "Hours not
    listed", the entries without hours, nearest first. What is open is worked out by
    opening-hours-py, the parser `assetmap check` uses."""
    zone = ZoneInfo(SETTINGS.time_zone)
    moment = dt.datetime(2026, 12, 2, 10, 0, tzinfo=zone)  # a Wednesday, 10:00
    tab.clock.set_fixed_time(moment)
    open_find(tab, sample_url, query="open=now&near=old-mill")
    rows = sample_rows()
    placed = [r for r in rows if r["latitude"] and "old-mill" in split_multi(r["neighbourhood"])]
    lat = sum(float(r["latitude"]) for r in placed) / len(placed)
    lon = sum(float(r["longitude"]) for r in placed) / len(placed)
    shown = all_results(tab)
    first_unlisted = tab.eval_on_selector(
        "[data-am-unlisted]", "h => h.nextElementSibling.dataset.amId")
    split = shown.index(first_unlisted)
    opened, unlisted = shown[:split], shown[split:]
    expected_open = [r for r in rows if r["opening_hours"] and OpeningHours(
        r["opening_hours"], timezone=zone, auto_country=False, auto_timezone=False
    ).is_open(moment)]
    without_hours = [r for r in rows if not r["opening_hours"]]
    assert expected_open and without_hours
    assert sorted(opened) == sorted(r["id"] for r in expected_open)
    assert sorted(unlisted) == sorted(r["id"] for r in without_hours)
    for group, expected in ((opened, expected_open), (unlisted, without_hours)):
        assert distances(group, lat, lon) == distances(nearest_first(expected, lat, lon),
                                                       lat, lon)
