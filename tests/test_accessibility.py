"""Accessibility of the built sample site, in the system Chromium, on every page type in every
language (tests/support/pages_to_check.py lists them): axe-core; the checks axe cannot make
(keyboard, reflow, text spacing, zoom, language, headings, links, icons:
tests/support/a11y_checks.py); and the Nu HTML Checker (vnu) on every page of the site.

Each test asserts on a list of problems, so a failure names every element at fault.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page

from .support import a11y_checks as check
from .support.browser import axe_violations
from .support.pages_to_check import (
    DEFAULT_LANGUAGE,
    PAGES,
    PageType,
    pages_in_every_language,
    url,
)
from .support.project import ROOT

pytestmark = pytest.mark.browser

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10: 320 CSS pixels wide

MENU = ".md-sidebar--primary"  # the theme's menu: a drawer on a phone
MENU_BUTTON = ".md-header [for='__drawer']"

CASES = pages_in_every_language()
IDS = [f"{page.kind}-{lang}" for page, lang in CASES]


@dataclass
class Loaded:
    tab: Page
    page_type: PageType
    lang: str


@pytest.fixture(scope="module")
def windows(browser) -> Iterator[dict[str, BrowserContext]]:
    """One browser window (context) per screen size, shared by the module's tests."""
    made = {name: browser.new_context(viewport=size) for name, size in
            (("desktop", DESKTOP), ("phone", PHONE))}
    yield made
    for context in made.values():
        context.close()


def load(context: BrowserContext, sample_url: str, page_type: PageType, lang: str,
         still: bool = False) -> Page:
    """The page in a new tab, with the page-side checks loaded."""
    tab = context.new_page()
    response = tab.goto(url(sample_url, page_type, lang))
    assert response is not None
    assert response.status == (404 if page_type.kind == "404" else 200)
    if page_type.ready:
        tab.wait_for_selector(page_type.ready, state="attached")
    check.prepare(tab, still)
    return tab


@contextmanager
def fresh(context: BrowserContext, sample_url: str, page_type: PageType,
          lang: str) -> Iterator[Page]:
    """The page in a tab of its own, still (see check.NO_MOTION), for a test that moves the
    focus."""
    tab = load(context, sample_url, page_type, lang, still=True)
    try:
        yield tab
    finally:
        tab.close()


# The tests that only look at a page share one tab per page, language and screen size (pytest
# runs all the tests of one case before it loads the next); a test that changes the page
# (text spacing, text size, window size, menu) puts it back as it was.
@pytest.fixture(scope="module", params=CASES, ids=IDS)
def desktop(request, windows, sample_url) -> Iterator[Loaded]:
    page_type, lang = request.param
    tab = load(windows["desktop"], sample_url, page_type, lang)
    yield Loaded(tab, page_type, lang)
    tab.close()


@pytest.fixture(scope="module", params=CASES, ids=IDS)
def phone(request, windows, sample_url) -> Iterator[Loaded]:
    page_type, lang = request.param
    tab = load(windows["phone"], sample_url, page_type, lang)
    yield Loaded(tab, page_type, lang)
    tab.close()


def written_in(page_type: PageType, lang: str) -> str:
    """The language the page's content is in: a hand-written page with no translation in
    ``lang`` is shown in the default language."""
    if page_type.written_in:
        return page_type.written_in
    name = page_type.path.strip("/")
    if lang != DEFAULT_LANGUAGE and (ROOT / "docs" / f"{name}.md").is_file() and not (
            ROOT / "docs" / f"{name}.{lang}.md").is_file():
        return DEFAULT_LANGUAGE
    return lang


# --- axe-core -----------------------------------------------------------------------------


def test_axe_finds_nothing_on_a_wide_screen(desktop):
    assert axe_violations(desktop.tab) == []


def test_axe_finds_nothing_on_a_phone_with_the_menu_closed_and_open(phone):
    tab = phone.tab
    closed = axe_violations(tab)
    tab.locator(MENU_BUTTON).click()
    tab.evaluate("amCheck.settle()")
    try:
        assert tab.evaluate("document.getElementById('__drawer').checked")
        # Opening the menu changes the header and the menu; the rest is as checked above.
        opened = axe_violations(tab, include=[".md-header", MENU])
        assert (closed, opened) == ([], [])
    finally:
        tab.keyboard.press("Escape")


# --- keyboard -----------------------------------------------------------------------------


@pytest.mark.parametrize(("page_type", "lang"), CASES, ids=IDS)
def test_keyboard_reaches_everything_visibly_in_order(windows, sample_url, page_type, lang):
    with fresh(windows["desktop"], sample_url, page_type, lang) as tab:
        assert check.keyboard_problems(tab, check.direction(lang) == "rtl") == []
        # The skip link leads past the header and the menu: the next Tab goes to the first
        # link or control of the content (or, on a page that has none, out of the page).
        first = tab.evaluate("amCheck.start()")[0]
        tab.focus(".md-skip")
        expected = tab.evaluate("amCheck.afterSkipTarget()")
        tab.keyboard.press("Enter")
        tab.keyboard.press("Tab")
        reached = tab.evaluate("amCheck.describe(document.activeElement)")
        if expected == "body":  # out of the page, or round to its start
            assert reached in ("body", first)
        else:
            assert reached == expected
            assert tab.evaluate("!!document.activeElement.closest('.md-content')")


@pytest.mark.parametrize(("page_type", "lang"), CASES, ids=IDS)
def test_keyboard_on_a_phone_with_the_menu_closed(windows, sample_url, page_type, lang):
    with fresh(windows["phone"], sample_url, page_type, lang) as tab:
        assert check.keyboard_problems(tab, check.direction(lang) == "rtl") == []


@pytest.mark.parametrize("key", ["n", ".", "p", ","])
def test_the_themes_one_key_shortcuts_are_off(windows, sample_url, key):
    """WCAG 2.1.4: the theme goes to the next page on "n" or "." and to the previous one on
    "p" or ",", which fire when someone using speech input says a word."""
    category = next(page for page in PAGES if page.kind == "category")  # has both
    with fresh(windows["desktop"], sample_url, category, DEFAULT_LANGUAGE) as tab:
        assert tab.locator("link[rel=next]").count() and tab.locator("link[rel=prev]").count()
        # The theme leaves the page by setting its location, in the key's handler: the
        # page's navigate event records that at once (and stops it), with no time to wait.
        tab.evaluate("""() => { window.amLeftFor = [];
            navigation.addEventListener('navigate', (event) => {
                amLeftFor.push(event.destination.url);
                event.preventDefault();
            }); }""")
        tab.keyboard.press(key)
        assert tab.evaluate("amLeftFor") == []


def state(tab, selector: str) -> str | None:
    return tab.locator(selector).first.get_attribute("aria-expanded")


@pytest.mark.parametrize(("page_type", "lang"), CASES, ids=IDS)
def test_keyboard_opens_walks_and_closes_the_menu_on_a_phone(windows, sample_url, page_type,
                                                             lang):
    with fresh(windows["phone"], sample_url, page_type, lang) as tab:
        tab.evaluate("amCheck.start()")
        tab.keyboard.press("Tab")
        tab.keyboard.press("Tab")  # past the skip link: the menu button
        assert tab.evaluate(f"amCheck.inside({MENU_BUTTON!r})"), tab.evaluate(
            "amCheck.describe(document.activeElement)")
        assert state(tab, MENU_BUTTON) == "false"
        assert tab.locator(MENU_BUTTON).get_attribute("aria-label")

        # Enter opens the menu and puts the focus in it; Tab goes through it, every stop in
        # sight; Tab out of it closes it.
        tab.keyboard.press("Enter")
        assert state(tab, MENU_BUTTON) == "true"
        assert tab.evaluate(f"amCheck.inside({MENU!r})")
        expected = tab.evaluate(f"amCheck.tabStops({MENU!r})")
        stops = [tab.evaluate("amCheck.focused(false)")]
        while len(stops) <= len(expected):
            tab.keyboard.press("Tab")
            if not tab.evaluate(f"amCheck.inside({MENU!r})"):
                break
            stops.append(tab.evaluate("amCheck.focused(false)"))
        assert [s["name"] for s in stops] == expected[expected.index(stops[0]["name"]):]
        assert [(s["name"], p) for s in stops for p in s["problems"]] == []
        assert state(tab, MENU_BUTTON) == "false"

        # Escape closes it and gives the focus back to the menu button.
        tab.focus(MENU_BUTTON)
        tab.keyboard.press("Enter")
        tab.keyboard.press("Escape")
        assert state(tab, MENU_BUTTON) == "false"
        assert tab.evaluate(f"amCheck.inside({MENU_BUTTON!r})")

        # A section of the menu opens and closes from the keyboard, and the focus follows.
        tab.keyboard.press("Enter")
        section = f"{MENU} button.md-nav__link[aria-expanded]"
        if tab.locator(section).count():
            if tab.locator(f"{section}[aria-expanded='true']").count():
                tab.keyboard.press("Enter")  # the focus is on this page's open section: close
            tab.locator(section).first.focus()
            tab.keyboard.press("Enter")
            assert state(tab, section) == "true"
            opened = tab.evaluate("amCheck.focused(false)")
            assert opened["problems"] == [] and "md-nav__title" in opened["name"]
            tab.keyboard.press("Enter")
            assert state(tab, section) == "false"
            closed = tab.evaluate("amCheck.focused(false)")
            assert closed["problems"] == [] and "md-nav__link" in closed["name"]


# --- reflow, text spacing, zoom -----------------------------------------------------------


def test_reflows_at_320_pixels_without_scrolling_sideways_or_cutting_text(phone):
    phone.tab.set_viewport_size(NARROW)
    try:
        phone.tab.evaluate("amCheck.settle()")
        assert check.reflow_problems(phone.tab) == []
    finally:
        phone.tab.set_viewport_size(PHONE)


def test_text_spacing_cuts_off_no_text(desktop):
    assert check.text_spacing_problems(desktop.tab) == []


def test_text_at_200_percent_grows_and_nothing_overlaps(desktop):
    assert check.zoom_problems(desktop.tab) == []


# --- structure, language, links, icons ----------------------------------------------------


def test_one_h1_and_headings_in_order(desktop):
    assert check.heading_problems(desktop.tab) == []


def test_language_and_direction_of_the_page_and_its_parts(desktop):
    page_lang = desktop.page_type.written_in or desktop.lang
    content_lang = written_in(desktop.page_type, desktop.lang)
    assert check.language_problems(desktop.tab, page_lang, content_lang) == []
    # Each language's name in the language menu is in that language.
    names = desktop.tab.eval_on_selector_all(
        ".md-select__link", "links => links.map(a => [a.hreflang, a.lang])")
    assert names and [(hreflang, lang) for hreflang, lang in names if lang != hreflang] == []


def test_links_make_sense_out_of_context(desktop):
    assert check.link_problems(desktop.tab) == []


def test_icons_are_hidden_or_named(desktop):
    """What Chromium gives assistive technology for every picture: nothing, or a name."""
    assert check.unnamed_pictures(desktop.tab) == []


# --- valid HTML ---------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def html_check(sample_site, tmp_path_factory) -> Iterator[dict]:
    """The Nu HTML Checker on every page of the site, in one run started with the module's
    first test: it works (in Java) while the browser tests run. Its report is written to a
    file, which test_every_page_is_valid_html reads."""
    java = shutil.which("java")
    if not java or not VNU.is_file():
        yield {"missing": "Java" if not java else str(VNU)}
        return
    pages = sorted(sample_site.rglob("*.html"))
    report = tmp_path_factory.mktemp("vnu") / "report.json"
    with report.open("w", encoding="utf-8") as out:
        run = subprocess.Popen([java, "-jar", str(VNU), "--format", "json",
                                *map(str, pages)], stdout=subprocess.DEVNULL, stderr=out)
        try:
            yield {"run": run, "report": report, "pages": pages, "site": sample_site}
        finally:
            if run.poll() is None:
                run.kill()
            run.wait()


def test_every_page_is_valid_html(html_check):
    """Errors fail; warnings are advice (e.g. an <article> without a heading)."""
    assert "missing" not in html_check, (
        f"{html_check.get('missing')} is missing: tests/run.sh installs Java and runs npm ci")
    html_check["run"].wait(timeout=600)
    messages = json.loads(html_check["report"].read_text(encoding="utf-8"))["messages"]
    site = str(html_check["site"])
    errors = sorted({(unquote(urlsplit(m.get("url", "")).path).removeprefix(site),
                      m["message"]) for m in messages
                     if m["type"] != "info" or m.get("subType") == "fatal"})
    assert len(html_check["pages"]) > 100
    assert errors == [], f"{len(errors)} errors"
