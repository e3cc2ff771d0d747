"""Search: the Pagefind index built with the site, the header's search box and the Find page,
in a real browser on the built sample site (and on the fixture site for private fields)."""

from __future__ import annotations

import csv
import gzip
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from assetmap.build.search import SearchIndexError, index_site
from assetmap.inventory.schema import split_multi

from .support.browser import axe_violations, serve
from .support.project import LANGS, PREFIX, SAMPLE
from .support.site import PRIVATE

SAMPLE_CSV = SAMPLE / "assets.csv"

# Pagefind itself, on the page it is loaded in (it picks the index of the page's <html lang>),
# found beside the page's find.js, wherever the site is hosted.
PAGEFIND_URLS = """async (term) => {
  const script = document.querySelector('script[src*="javascripts/find.js"]').src;
  const pagefind = await import(new URL('../pagefind/pagefind.js', script).href);
  const found = await pagefind.search(term);
  return Promise.all(found.results.map((r) => r.data().then((d) => d.url)));
}"""
PAGEFIND_TEXTS = PAGEFIND_URLS.replace("d.url", "d.content")


def sample_assets() -> list[dict[str, str]]:
    with SAMPLE_CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


# --- the index ------------------------------------------------------------------------------


def test_one_index_per_language_of_the_asset_pages_only(sample_site):
    entry = json.loads((sample_site / "pagefind" / "pagefind-entry.json").read_text())
    pages = {lang: info["page_count"] for lang, info in entry["languages"].items()}
    assert pages == {lang: len(sample_assets()) for lang in LANGS}


def index_text(built: Path) -> str:
    """Everything in the search index, decompressed (Pagefind gzips its files)."""
    chunks = []
    for path in (built / "pagefind").rglob("*.pf_*"):
        chunks.append(gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace"))
    return "\n".join(chunks)


def test_private_fields_are_not_in_the_search_index(site):  # noqa: F811
    text = index_text(site).casefold()
    assert "amina k." in text  # a consented contact: the check reads the index's text
    assert [secret for secret in PRIVATE if secret.casefold() in text] == []
    assert "secret" not in text and "notconsented" not in text  # nor their words


def test_the_index_holds_the_screen_wording_not_the_shorter_one_for_paper(sample_site):
    assert any(a["how_to_join"] == "referral" for a in sample_assets())
    text = index_text(sample_site).casefold()
    assert "you need a referral from a professional" in text
    assert "referral needed" not in text


def lasting(bundle: Path) -> dict[str, bytes]:
    """An index's files that are the same whichever run made them: Pagefind writes its filter
    files (and so the meta files naming them) in another order each run."""
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*")
            if p.is_file() and p.parent.name != "filter" and p.suffix != ".pf_meta"
            and p.name != "pagefind-entry.json"}


def test_the_index_made_while_the_site_is_built_is_the_index_of_its_pages(sample_site,
                                                                          tmp_path):
    """The build indexes each language's entries from the pages it generated, before MkDocs
    writes them (``search.Indexing``): the index is the one Pagefind makes of the built
    site's pages, theme and all, in every language."""
    copy = tmp_path / "site"
    shutil.copytree(sample_site, copy, ignore=shutil.ignore_patterns("pagefind"))
    index_site(copy)
    built, again = lasting(sample_site / "pagefind"), lasting(copy / "pagefind")
    assert sorted(built) == sorted(again)
    assert [path for path in built if built[path] != again[path]] == []
    for bundle in (sample_site, copy):
        entry = json.loads((bundle / "pagefind" / "pagefind-entry.json").read_text())
        assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == \
            {lang: len(sample_assets()) for lang in LANGS}
    assert any(path.startswith("fragment/ar_") for path in built)


def test_a_missing_site_is_a_clear_error(tmp_path):
    with pytest.raises(SearchIndexError, match="no built site"):
        index_site(tmp_path / "nowhere")


# --- the Find page --------------------------------------------------------------------------


def open_find(page, base: str, lang: str, query: str = "") -> None:
    page.goto(f"{base}/{PREFIX[lang]}find/" + (f"?{query}" if query else ""))
    settle(page)


def settle(page, query: str | None = None) -> None:
    """Wait until the results shown are those of ``query`` (default: the address's search)."""
    page.wait_for_function("""(query) => {
        const status = document.querySelector('[data-am-status]');
        return status.dataset.amQuery === (query ?? location.search.slice(1));
    }""", arg=query)


def open_filters(page) -> None:
    page.click("[data-am-narrow] > summary")
    page.wait_for_function("""() => document.querySelector('[data-am-narrow]').dataset.amCounted
        === document.querySelector('[data-am-status]').dataset.amQuery""")


def tick(page, key: str, value: str) -> None:
    page.check(f"[data-am-filter='{key}'] input[value='{value}']")
    page.wait_for_function(
        "q => location.search.includes(q)", arg=f"{key}={value}")
    settle(page)
    page.wait_for_function("""() => document.querySelector('[data-am-narrow]').dataset.amCounted
        === document.querySelector('[data-am-status]').dataset.amQuery""")


def counts(page, key: str) -> dict[str, int]:
    """The count beside each box of one filter."""
    return page.evaluate("""(key) => Object.fromEntries([...document.querySelectorAll(
        `[data-am-filter='${key}'] input`)].map((box) => [box.value, Number(document
        .querySelector(`label[for='${box.id}'] [data-am-count]`).textContent
        .replace(/[^0-9]/g, ''))]))""", key)


def status_number(page) -> int:
    text = page.inner_text("[data-am-status]")
    numbers = re.findall(r"\d[\d,]*", text)
    return int(numbers[0].replace(",", "")) if numbers else 0


def shown(page) -> int:
    """How many results the list shows, once every entry it was asked for is in it (the page
    sets data-am-shown then, and takes aria-busy off the list)."""
    page.wait_for_function("""() => {
        const list = document.querySelector('[data-am-list]');
        return list.dataset.amShown !== undefined && !list.hasAttribute('aria-busy');
    }""")
    return int(page.get_attribute("[data-am-list]", "data-am-shown"))


def result_ids(page) -> list[str]:
    """Every result's asset id, after showing them all."""
    while page.is_visible("[data-am-more]"):
        before = shown(page)
        page.click("[data-am-more]")
        page.wait_for_function("""(n) => Number(document.querySelector('[data-am-list]')
            .dataset.amShown) > n""", arg=before)
    shown(page)
    return page.eval_on_selector_all(
        "[data-am-list] article", "all => all.map((a) => a.getAttribute('aria-labelledby'))")


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_a_french_query_returns_only_french_pages(page, sample_url):
    with_phone = sum("555" in a["phone"] for a in sample_assets())
    base = urlsplit(sample_url).path  # the site's path on the server: /assetmap
    for lang in LANGS:  # phone numbers are the same in every language's pages
        open_find(page, sample_url, lang)
        urls = page.evaluate(PAGEFIND_URLS, "555")
        assert len(urls) == with_phone
        assert {re.sub(r"assets/.*", "", u) for u in urls} == {f"{base}/{PREFIX[lang]}"}
    open_find(page, sample_url, "fr", "q=jardin")
    links = page.eval_on_selector_all("[data-am-list] article h3 a", "all => all.map(a => a.href)")
    assert links and all(urlsplit(link).path.startswith(f"{base}/fr/assets/") for link in links)
    assert "Jardin communautaire" in page.inner_text("[data-am-list]")


@pytest.mark.browser
def test_filters_narrow_the_results_and_their_counts_add_up(page, sample_url):
    assets = sample_assets()
    open_find(page, sample_url, "en")
    open_filters(page)
    costs = counts(page, "cost")
    assert costs == {c: sum(a["cost"] == c for a in assets) for c in costs}
    assert sum(costs.values()) == sum(bool(a["cost"]) for a in assets)

    tick(page, "cost", "free")
    assert status_number(page) == costs["free"] == len(result_ids(page))
    assert counts(page, "cost") == costs  # the other costs count as alternatives to it
    tick(page, "cost", "low-cost")
    assert status_number(page) == costs["free"] + costs["low-cost"]

    nature = counts(page, "category")["nature"]
    tick(page, "category", "nature")
    found = set(result_ids(page))
    assert len(found) == nature == status_number(page)
    assert found == {a["id"] for a in assets if a["cost"] in ("free", "low-cost")
                     and "nature" in split_multi(a["category"])}


@pytest.mark.browser
def test_accessibility_features_add_up(page, sample_url):
    assets = sample_assets()
    open_find(page, sample_url, "en", "access=wheelchair&access=near-transit")
    expected = {a["id"] for a in assets
                if {"wheelchair", "near-transit"} <= set(split_multi(a["accessibility"]))}
    assert set(result_ids(page)) == expected
    wheelchair_only = {a["id"] for a in assets if "wheelchair" in split_multi(a["accessibility"])}
    assert 0 < len(expected) < len(wheelchair_only)


@pytest.mark.browser
def test_a_shared_link_restores_the_same_results(page, browser, sample_url):
    open_find(page, sample_url, "fr")
    page.fill("#find--q", "aide")
    page.press("#find--q", "Enter")
    settle(page, "q=aide")
    open_filters(page)
    tick(page, "cost", "free")
    link, ids = page.url, result_ids(page)
    assert ids and "q=aide" in link and "cost=free" in link

    other = browser.new_context().new_page()
    other.goto(link)
    settle(other)
    assert other.input_value("#find--q") == "aide"
    assert other.is_checked("[data-am-filter='cost'] input[value='free']")
    assert other.eval_on_selector("[data-am-narrow]", "d => d.open")
    assert result_ids(other) == ids
    other.context.close()


# --- searches that overlap: the answers held back and let go in the order the test wants,
# with Playwright routing; the test waits for what the page says, never for a time ------------


class Held:
    """The requests for ``pattern`` (those ``hold`` picks) held back until ``release``."""

    def __init__(self, page, pattern: str, hold=lambda url: True):
        self.routes, self.holding, self.hold = [], True, hold
        page.route(pattern, self._route)

    def _route(self, route):
        if self.holding and self.hold(route.request.url):
            self.routes.append(route)
        else:
            route.continue_()

    def release(self) -> None:
        self.holding = False
        routes, self.routes = self.routes, []
        for route in routes:
            route.continue_()


def asset_id(url: str) -> str:
    return re.search(r"/(?:assets|entries)/([^/.]+)", url).group(1)


def pagefind_ids(page, term: str) -> list[str]:
    """The ids of Pagefind's results for ``term``, in its order."""
    return [asset_id(url) for url in page.evaluate(PAGEFIND_URLS, term)]


@pytest.mark.browser
def test_a_newer_search_is_never_mixed_with_an_older_ones_results(page, sample_url):
    """"Show more" is pressed while the next search is on its way: the entries of the older
    search that arrive after the newer one's list has begun are left out of it."""
    open_find(page, sample_url, "en", "q=group")
    older = pagefind_ids(page, "group")
    assert len(older) > 10  # "Show more" is there
    index = Held(page, "**/pagefind/index/**")
    entries = Held(page, "**/entries/**")
    # "walk" is in a part of the index not loaded yet: the search waits for it
    with page.expect_request("**/pagefind/index/**"):
        page.fill("#find--q", "walk")
    page.press("#find--q", "Enter")
    page.click("[data-am-more]")  # the older search's second page, whose entries are held
    index.release()
    page.wait_for_function("""() => document.querySelector('[data-am-list]').dataset.amQuery
        === 'q=walk'""")  # the newer search's list has begun
    entries.release()  # the older page's entries arrive now
    settle(page, "q=walk")
    newer = pagefind_ids(page, "walk")
    assert newer and result_ids(page) == newer  # no entry of "group" left, none twice
    assert status_number(page) == len(newer)


@pytest.mark.browser
def test_show_more_keeps_the_results_in_order_whatever_arrives_first(page, sample_url):
    """"Show more" is pressed while the first page's entries are on their way, and the second
    page's arrive first: they still go after the first page's."""
    open_find(page, sample_url, "en")
    ids = pagefind_ids(page, "group")
    assert len(ids) > 10
    first_page = Held(page, "**/entries/**", hold=lambda url: asset_id(url) in ids[:10])
    page.fill("#find--q", "group")
    page.press("#find--q", "Enter")
    page.click("[data-am-more]")  # shown with the results, before their entries are in
    page.wait_for_function("""(n) => performance.getEntriesByType('resource').filter(
        (e) => e.name.includes('/entries/')).length >= n""", arg=len(ids[10:20]))
    first_page.release()  # the first page's entries arrive after the second page's
    settle(page, "q=group")
    assert result_ids(page) == ids


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_the_header_search_opens_results_in_the_page_language(page, sample_url, lang):
    asset = next(a for a in sample_assets() if a.get(f"name:{lang}" if lang != "en" else "name"))
    word = max((asset[f"name:{lang}"] if lang != "en" else asset["name"]).split(), key=len)
    page.goto(f"{sample_url}/{PREFIX[lang]}")
    page.fill("#am-header-search", word)
    page.press("#am-header-search", "Enter")
    page.wait_for_url(re.compile(rf"/{PREFIX[lang]}find/\?q="))
    settle(page)
    assert page.input_value("#find--q") == word
    assert asset["id"] in result_ids(page)
    links = page.eval_on_selector_all("[data-am-list] article h3 a", "all => all.map(a => a.href)")
    base = urlsplit(sample_url).path
    assert all(urlsplit(link).path.startswith(f"{base}/{PREFIX[lang]}assets/") for link in links)
    assert page.evaluate("document.documentElement.lang") == lang


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_the_find_page_passes_axe(page, sample_url, lang):
    open_find(page, sample_url, lang, "cost=free")
    open_filters(page)
    assert page.locator("[data-am-list] article").count() > 0
    assert axe_violations(page) == []


@pytest.mark.browser
def test_the_result_count_is_announced_politely(page, sample_url):
    open_find(page, sample_url, "en")
    status = page.locator("[data-am-status]")
    assert status.get_attribute("aria-live") == "polite"
    page.fill("#find--q", "garden")
    settle(page, "q=garden")
    assert re.fullmatch(r"\d+ entr(y|ies) found", status.inner_text())


@pytest.mark.browser
def test_the_keyboard_goes_through_the_find_page_and_out(page, sample_url):
    open_find(page, sample_url, "en", "q=garden")
    page.focus("#find--q")
    seen = []
    for _ in range(120):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => { const e = document.activeElement;
            return e.closest('[data-am-find]') ? 'find:' + (e.id || e.textContent.trim())
                 : e.closest('footer') ? 'footer' : e.tagName; }"""))
        if seen[-1] in ("footer", "BODY"):  # the footer's links, or the page's end (the
            break                             # footer has none): the browser's own controls
    assert "find:" + "Narrow the results" in seen  # the filters' disclosure
    assert any(s.startswith("find:") and "garden" in s.lower() for s in seen)  # a result
    assert seen[-2].startswith("find:")  # the search is the last thing on the page
    assert seen[-1] in ("footer", "BODY")  # and on, out of the search: no trap


@pytest.mark.browser
def test_without_javascript_the_page_says_so_and_links_to_the_lists(tab_without_script,
                                                                     sample_url):
    page = tab_without_script
    page.goto(f"{sample_url}/fr/find/")
    assert page.is_hidden("[data-am-find]")
    assert "JavaScript" in page.inner_text("main")
    hrefs = page.eval_on_selector_all("main a", "all => all.map(a => a.getAttribute('href'))")
    assert "../categories/nature/" in hrefs and "../neighbourhoods/riverside/" in hrefs


@pytest.mark.browser
def test_private_fields_cannot_be_found(browser, site):  # noqa: F811
    with serve(site) as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}/find/")
        assert len(page.evaluate(PAGEFIND_URLS, "Amina")) == 1  # consented: published
        for secret in PRIVATE:  # Pagefind answers a word it lacks with its longest prefix
            texts = page.evaluate(PAGEFIND_TEXTS, secret)
            assert [t for t in texts if any(s.casefold() in t.casefold() for s in PRIVATE)] == []
        context.close()
