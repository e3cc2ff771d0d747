"""The link worker's list (My list): entries chosen on any page, shown on the list page in every
language, kept in the page's address and this browser only, shared and printed. In the system
Chromium, on the built sample site as it is published; no request may leave the site."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pdfplumber
import pytest

from assetmap.language import translations

from .support.inventory import read
from .support.my_list import (
    ADDED,
    COUNT,
    add,
    address_ids,
    decoded,
    names,
    open_list,
    outside,
    shown_ids,
    site_only,
)
from .support.printed import split_entries
from .support.project import PREFIX, ROOT, SAMPLE

# Three entries with a phone number and a name in French and Arabic, chosen on three kinds of
# page: a category's, the Find page's results and the Map page's list.
PARK, CHOIR, HOUSING = "riverside-park", "riverbend-community-choir", "housing-help-centre"
CHOSEN = [PARK, CHOIR, HOUSING]
NO_ARABIC_NAME = "chair-yoga"
SMALLEST_PT = 12 - 0.05  # PDF sizes are floats


def rows() -> dict[str, dict]:
    return {asset["id"]: asset for asset in read(SAMPLE).assets}


def said(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


@pytest.fixture
def context(browser, sample_url):
    """A browser window of its own, whose requests outside the site fail and are recorded
    (``context.requests``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.requests = site_only(context, sample_url)
    yield context
    assert outside(context.requests, sample_url) == []
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def choices(count: int) -> list[str]:
    """The first ``count`` entries of the sample that have a phone number."""
    return [row["id"] for row in rows().values() if row["phone"]][:count]


# --- choosing -------------------------------------------------------------------------------


@pytest.mark.browser
def test_three_entries_chosen_on_three_kinds_of_page_make_the_list_in_another_window(
        context, browser, sample_url):
    page = context.new_page()
    page.goto(f"{sample_url}/categories/nature/")
    assert page.inner_text(COUNT) == "0"
    add(page, PARK)
    assert page.inner_text(COUNT) == "1"
    assert page.inner_text(ADDED) == "Added: Riverside Park. 1 in your list"

    page.goto(f"{sample_url}/find/?q=choir")
    page.wait_for_selector(f"[data-am-list] [data-am-add='{CHOIR}']")
    add(page, CHOIR)
    assert page.inner_text(ADDED) == "Added: Riverbend Community Choir. 2 in your list"

    page.goto(f"{sample_url}/map/")
    add(page, HOUSING)
    assert page.inner_text(COUNT) == "3"
    assert page.inner_text(ADDED) == "Added: Housing Help Centre. 3 in your list"

    # The header's link leads to the list: the three entries, in the order chosen.
    page.click("[data-am-list-link]")
    assert shown_ids(page) == CHOSEN
    assert address_ids(page) == CHOSEN
    assert page.inner_text("[data-am-list-status]") == "3 entries in the list."

    # Its address, opened in a fresh browser (another device), shows the same list.
    other = browser.new_context()
    try:
        requests = site_only(other, sample_url)
        elsewhere = other.new_page()
        elsewhere.goto(page.url)
        assert shown_ids(elsewhere) == CHOSEN
        assert elsewhere.inner_text(COUNT) == "3"  # and this browser keeps it now
        elsewhere.goto(f"{sample_url}/list/")
        assert shown_ids(elsewhere) == CHOSEN
        assert outside(requests, sample_url) == []
    finally:
        other.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(PREFIX))
def test_the_button_is_a_toggle_the_keyboard_presses_and_the_count_is_said(page, sample_url,
                                                                           lang):
    page.goto(f"{sample_url}/{PREFIX[lang]}categories/nature/")
    button = page.locator(".am-add").first
    assert button.inner_text().strip() == said(lang, "Add to my list")
    assert button.evaluate("b => b.tagName") == "BUTTON"
    assert page.get_attribute(ADDED, "role") == "status"  # a polite live region
    name = page.locator(f"#{button.get_attribute('aria-describedby')}").inner_text()
    button.focus()
    page.keyboard.press("Space")
    assert button.get_attribute("aria-pressed") == "true"
    added = said(lang, "Added: {name}.").replace("{name}", name)
    assert page.inner_text(ADDED).startswith(added)
    assert "1" in page.inner_text(ADDED).removeprefix(added)
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "false"
    assert page.inner_text(ADDED).startswith(said(lang, "Removed: {name}.").replace(
        "{name}", name))
    assert page.inner_text(COUNT) == "0"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["neighbourhoods/riverside/", "a-z/", f"assets/{PARK}/",
                                  "find/?q=park"])
def test_every_entry_a_page_shows_has_its_button(page, sample_url, path):
    page.goto(f"{sample_url}/{path}")
    if path.startswith("find/"):
        page.wait_for_selector("[data-am-list] article")
    entries = page.eval_on_selector_all("[data-am-id]", "els => els.map(e => "
                                        "[e.dataset.amId, !!e.querySelector(':scope > .am-add')])")
    assert entries and [e for e in entries if not e[1]] == []


@pytest.mark.browser
def test_the_smaller_pages_of_a_long_list_have_the_button_too(browser, tmp_path_factory):
    """A site whose pages list at most 5 entries: a category's smaller pages."""
    from .support.browser import serve
    from .support.site import mkdocs_build

    site = mkdocs_build(SAMPLE, tmp_path_factory.mktemp("small-pages"), pdf_sheets=False,
                        page_size=5)
    part = next(p.parent for p in sorted((site / "categories").glob("*/*/index.html")))
    with serve(site) as base:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"{base}/{part.relative_to(site).as_posix()}/")
            ids = page.eval_on_selector_all("article[data-am-id]", "els => els.map(e => "
                                            "e.dataset.amId)")
            assert ids
            add(page, ids[0])
            assert page.inner_text(COUNT) == "1"
        finally:
            context.close()


@pytest.mark.browser
def test_without_javascript_there_is_no_button_and_the_list_page_says_why(tab_without_script,
                                                                          sample_url):
    tab = tab_without_script
    tab.goto(f"{sample_url}/categories/nature/")
    assert tab.locator(".am-add").count() == 0
    assert not tab.locator("[data-am-list-link]").is_visible()
    tab.goto(f"{sample_url}/list/?ids={PARK}")
    assert not tab.locator("[data-am-my-list]").is_visible()
    assert tab.locator(".am-my-list__noscript").is_visible()


# --- the list page --------------------------------------------------------------------------


@pytest.mark.browser
def test_switching_language_shows_the_same_entries_in_that_language(page, sample_url):
    chosen = [*CHOSEN, NO_ARABIC_NAME]
    assert open_list(page, sample_url, "en", f"ids={','.join(chosen)}") == chosen
    # The language menu leads to the same list in French
    french = page.get_attribute(".md-select__link[hreflang='fr']", "href")
    assert address_ids(page) == chosen and f"ids={','.join(chosen)}" in french
    page.goto(french)
    assert shown_ids(page) == chosen
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert names(page) == [(rows()[i]["name:fr"], "fr") for i in chosen]
    assert page.inner_text("[data-am-list-status]") == "4 ressources dans la liste."
    # Arabic, from this browser's storage alone
    open_list(page, sample_url, "ar")
    assert shown_ids(page) == chosen
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar", "rtl"]
    expected = [(rows()[i]["name:ar"], "ar") for i in CHOSEN]
    assert names(page) == [*expected, (rows()[NO_ARABIC_NAME]["name"], "en")]  # marked
    assert page.get_attribute(ADDED, "role") == "status"
    remove = page.locator(".am-remove").first
    assert remove.inner_text() == said("ar", "Remove from my list")


@pytest.mark.browser
def test_an_entry_is_removed_and_the_list_cleared(page, sample_url):
    open_list(page, sample_url, "en", f"ids={','.join(CHOSEN)}")
    page.click(f"article[data-am-id='{CHOIR}'] .am-remove")
    assert shown_ids(page) == [PARK, HOUSING]
    assert address_ids(page) == [PARK, HOUSING]
    assert page.inner_text(ADDED) == "Removed: Riverbend Community Choir. 2 in your list"
    assert page.inner_text(COUNT) == "2"
    # The focus goes to the next entry's button
    assert page.evaluate("document.activeElement.closest('article').dataset.amId") == HOUSING

    page.click("[data-am-list-clear]")
    assert shown_ids(page) == []
    assert address_ids(page) == []
    empty = said("en", "The list is empty. Add entries to it with the “Add to my list” button "
                       "under their name, on any page that lists them.")
    assert page.inner_text("[data-am-list-status]") == empty
    assert page.inner_text(COUNT) == "0"
    assert open_list(page, sample_url, "en") == []  # and it stays empty


@pytest.mark.browser
def test_an_entry_no_longer_on_the_map_is_said_not_dropped_silently(page, sample_url,
                                                                    context):
    query = f"ids={PARK},no-longer-here,..%2F..%2F404,{HOUSING}"
    assert open_list(page, sample_url, "en", query) == [PARK, HOUSING]
    assert page.inner_text("[data-am-list-missing]") == "2 entries are no longer on the map."
    assert address_ids(page) == [PARK, HOUSING]
    fetched = [u for u in context.requests if "/entries/" in u]
    assert sorted(urlsplit(u).path.rsplit("/", 1)[1] for u in fetched) == sorted(
        f"{i}.html" for i in (PARK, "no-longer-here", HOUSING))  # a path is never fetched
    open_list(page, sample_url, "en", f"ids={PARK},gone")
    assert page.inner_text("[data-am-list-missing]") == "1 entry is no longer on the map."


@pytest.mark.browser
def test_the_page_says_where_the_list_is_kept(page, sample_url):
    for lang in PREFIX:
        open_list(page, sample_url, lang, f"ids={PARK}")
        assert page.inner_text(".am-my-list__privacy") == said(lang, (
            "The list is kept only in this page's address and in this browser: there is no "
            "account, and nothing about it is sent to us or to anyone else."))


# --- sharing --------------------------------------------------------------------------------


def phones_shown(page) -> dict[str, str]:
    """Each shown entry's phone number, as the page writes it."""
    return dict(page.eval_on_selector_all("[data-am-list-entries] > article", """articles =>
        articles.map(a => [a.dataset.amId, a.querySelector("a[href^='tel:']")?.textContent])"""))


def message(href: str, scheme: str) -> str:
    """The body of a mailto: or sms: link."""
    parts = urlsplit(href)
    assert parts.scheme == scheme
    return parse_qs(parts.query)["body"][0]


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(PREFIX))
def test_email_and_text_message_carry_the_names_phones_and_link(page, sample_url, lang):
    open_list(page, sample_url, lang, f"ids={','.join(CHOSEN)}")
    name = "name" if lang == "en" else f"name:{lang}"
    phones = phones_shown(page)
    for selector, scheme in (("[data-am-list-email]", "mailto"), ("[data-am-list-sms]", "sms")):
        body = message(page.get_attribute(selector, "href"), scheme)
        for asset in CHOSEN:
            assert rows()[asset][name] in body and phones[asset] in body
        assert body.rstrip().endswith(page.url)
    subject = parse_qs(urlsplit(page.get_attribute("[data-am-list-email]", "href")).query)
    assert subject["subject"] == [page.get_attribute("[data-am-my-list]", "data-subject")]
    assert page.input_value("[data-am-list-url]") == page.url


@pytest.mark.browser
def test_the_link_is_copied(browser, sample_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        open_list(page, sample_url, "en", f"ids={PARK},{CHOIR}")
        page.click("[data-am-list-copy]")
        page.wait_for_selector("[data-am-list-copied]:not(:empty)")
        assert page.evaluate("navigator.clipboard.readText()") == page.url
    finally:
        context.close()


@pytest.mark.browser
def test_the_share_sheet_gets_the_list_where_the_browser_has_one(page, sample_url):
    """Headless Chromium has no share sheet: the button stays hidden. A browser with one
    (navigator.share, stood in for here) is handed the names and the address."""
    open_list(page, sample_url, "en", f"ids={PARK}")
    assert not page.locator("[data-am-list-share]").is_visible()
    page.add_init_script("navigator.share = async (data) => { window.amShared = data; };")
    open_list(page, sample_url, "en", f"ids={PARK},{CHOIR}")
    page.click("[data-am-list-share]")
    page.wait_for_function("() => window.amShared !== undefined")
    shared = page.evaluate("window.amShared")
    assert shared["url"] == page.url
    assert "Riverside Park" in shared["text"] and "Riverbend Community Choir" in shared["text"]


@pytest.mark.browser
def test_the_qr_code_on_screen_opens_the_list(page, sample_url):
    open_list(page, sample_url, "en", f"ids={','.join(CHOSEN)}")
    code = page.locator(".am-my-list__code .am-qr")
    assert decoded(code.screenshot()) == [page.url]
    page.click(f"article[data-am-id='{PARK}'] .am-remove")
    page.wait_for_function("() => !location.search.includes('riverside-park')")
    assert decoded(code.screenshot()) == [page.url]  # the code follows the list


# --- printing -------------------------------------------------------------------------------


# The texts of the site's menus, search and buttons, and of the list page's sharing tools,
# less those that the printed content says too ("My list", a neighbourhood's name).
CHROME = """() => {
    const chrome = [...document.querySelectorAll(
        '.md-header, .md-sidebar, .md-footer, .am-my-list button, .am-my-list__share')];
    const content = document.querySelector('.md-content').cloneNode(true);
    content.querySelectorAll('button, .am-my-list__share').forEach((e) => e.remove());
    return chrome.flatMap((e) => e.innerText.split('\\n')).map((t) => t.trim())
        .filter((t) => t.length > 2 && !content.textContent.includes(t));
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(PREFIX))
def test_the_list_prints_as_a_handout(page, sample_url, lang):
    chosen = choices(24)  # more than a page holds
    open_list(page, sample_url, lang, f"ids={','.join(chosen)}")
    page.fill("#list--note", "Call on Tuesday.\nAsk for Marie.")
    printed_on = page.locator(".am-my-list .am-printed time")  # print.js dates it
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", printed_on.get_attribute("datetime"))
    phones = phones_shown(page)
    chrome = page.evaluate(CHROME)
    page.emulate_media(media="print")
    data = page.pdf(format="Letter", tagged=True)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
        sizes = {round(c["size"], 2) for p in pdf.pages for c in p.chars}
        assert len(pdf.pages) > 1 and split_entries(pdf, len(chosen)) == []
    assert sizes and min(sizes) >= SMALLEST_PT, sorted(sizes)
    assert len(chrome) > 5 and [t for t in chrome if t in text] == []
    assert "Call on Tuesday. Ask for Marie." in text
    assert [a for a in chosen if not phones[a] or phones[a] not in text] == []
    short = page.url.split("://", 1)[1]
    assert short in re.sub(r"\s", "", text) or short in text
    if lang != "ar":  # right-to-left text comes back from a PDF reversed
        site_name = page.inner_text(".am-print-head__site")
        printed = said(lang, "Printed on %(date)s.").split("%")[0].strip()
        assert site_name in text and printed in text
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        picture = document[0].render(scale=3).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    assert decoded(buffer.getvalue()) == [page.url]


# --- the built site -------------------------------------------------------------------------


def test_every_page_links_to_the_list_in_its_language(sample_site):
    for lang, folder in PREFIX.items():
        for path in ("", "categories/nature/", f"assets/{PARK}/", "about/"):
            html = (sample_site / folder / path / "index.html").read_text(encoding="utf-8")
            href = re.search(r'class="[^"]*am-list-link[^"]*" href="([^"]*)"', html)
            assert href, (lang, path)
            target = (sample_site / folder / path / href.group(1)).resolve()
            assert target == (sample_site / folder / "list").resolve()
            assert f'data-add="{said(lang, "Add to my list")}"' in html
        assert (sample_site / folder / "list" / "index.html").is_file()


def test_the_site_ships_qrcode_generator_from_node_modules_not_from_the_repository(
        sample_site):
    package = ROOT / "node_modules" / "qrcode-generator" / "dist" / "qrcode.mjs"
    shipped = sample_site / "vendor" / "qrcode-generator" / "qrcode.mjs"
    assert shipped.read_bytes() == package.read_bytes()
    assert "MIT license" in shipped.read_text(encoding="utf-8")[:1000]  # its notice
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    assert not [p for p in tracked if Path(p).name == "qrcode.mjs"]
