"""Driving the reader's list (My list) in the browser, on the served sample site: a browser
window that lets no request leave the site and records every one; adding an entry as a reader
does; the list page once it has shown its entries; reading a QR code from a picture."""

from __future__ import annotations

import io

from .project import PREFIX

ADDED = "[data-am-list-said]"  # the header's live region: what a press of a button did
COUNT = "[data-am-list-count]"  # the header's count


def site_only(context, base: str) -> list[str]:
    """Make every request of ``context`` outside the site at ``base`` fail; returns the list
    every request's address is recorded in, those that failed too."""
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.route(lambda url: not url.startswith(base + "/"), lambda route: route.abort())
    return requests


def outside(requests: list[str], base: str) -> list[str]:
    return [url for url in requests if not url.startswith(base + "/")]


def add(page, asset_id: str) -> None:
    """Press the entry's "Add to my list" and wait until it says it is in the list."""
    button = page.locator(f"[data-am-add='{asset_id}']")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    page.wait_for_selector(f"[data-am-add='{asset_id}'][aria-pressed='true']")


def open_list(page, base: str, lang: str, query: str = "") -> list[str]:
    """The list page in ``lang`` (``query``: e.g. "ids=a,b"); returns the ids of the entries
    it shows, in order, once it has shown them all."""
    page.goto(f"{base}/{PREFIX[lang]}list/" + (f"?{query}" if query else ""))
    return shown_ids(page)


def shown_ids(page) -> list[str]:
    page.wait_for_selector("[data-am-my-list][data-am-shown]", state="attached")
    return page.eval_on_selector_all("[data-am-list-entries] > article",
                                     "articles => articles.map(a => a.dataset.amId)")


def address_ids(page) -> list[str]:
    """The ids the page's address holds (list/?ids=a,b)."""
    return [i for i in page.evaluate(
        "new URLSearchParams(location.search).get('ids') || ''").split(",") if i]


def names(page) -> list[tuple[str, str]]:
    """Each shown entry's name and the language it is marked with (the page's when none)."""
    return [tuple(name) for name in page.eval_on_selector_all(
        "[data-am-list-entries] .am-entry__name", """names => names.map(n => [
            n.querySelector('a').textContent.trim(),
            (n.querySelector('[lang]') || document.documentElement).lang])""")]


def decoded(png: bytes) -> list[str]:
    """The texts of the QR codes in a picture, as a phone's scanner reads them."""
    import zxingcpp
    from PIL import Image

    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
