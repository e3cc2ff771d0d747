"""Printable sheets: the lean HTML of each category's and neighbourhood's sheet that
``assetmap/render/pdf.py`` turns into a PDF; a category or neighbourhood too large for one
page has a sheet for each smaller page that lists its entries ("Food help in North End"),
none for the index of those pages, a list of links that says nothing on paper.

A sheet's HTML is the page's own body (the same entries, rendered by the same templates, with
the print head of ``print_head``) in a small document with ``docs/stylesheets/print.css``: no
theme, no navigation, no search.
"""

from __future__ import annotations

import datetime as dt

from assetmap.config import Settings
from assetmap.inventory.model import Inventory
from assetmap.language import Reader
from assetmap.pages.directory import directory_pages
from assetmap.pages.entries import make_entry
from assetmap.pages.views import Page
from assetmap.render.pdf import Sheet
from assetmap.render.print_head import page_url, pdf_name, print_head, site_path
from assetmap.render.renderer import Renderer

STYLESHEET = "stylesheets/print.css"  # under docs/, in mkdocs.yml's extra_css: pages and PDFs
PDF_CACHE = ".cache/assetmap/pdf"  # beside mkdocs.yml (gitignored): PDFs of earlier builds


def sheet_pages(inventory: Inventory, lang: str, today: dt.date) -> list[Page]:
    """The pages that have a PDF, in ``lang``: every page that lists a category's or a
    neighbourhood's entries."""
    reader = Reader.of(lang, inventory.settings.default_language)
    entries = {a.id: make_entry(a, inventory, reader, today) for a in inventory.assets}
    return [page for page in directory_pages(inventory, entries, reader) if page.sheet]


def sheet_file(page: Page, settings: Settings, lang: str) -> str:
    """Where a page's PDF goes in the site, e.g. 'fr/categories/nature/nature-fr.pdf'."""
    return site_path(settings, lang, page_url(page) + pdf_name(page, lang))


def render_sheets(inventory: Inventory, lang: str, today: dt.date) -> dict[str, Sheet]:
    """Every sheet in ``lang``: its PDF's path under the site's folder -> its HTML, with its
    page's address online, against which its links are resolved."""
    settings = inventory.settings
    reader = Reader.of(lang, settings.default_language)
    renderer = Renderer(reader, {"languages": settings.languages})
    sheets = {}
    for page in sheet_pages(inventory, lang, today):
        head = print_head(page, settings, reader, today)
        sheets[sheet_file(page, settings, lang)] = Sheet(renderer.sheet(page, head),
                                                         head.address if head else "")
    return sheets
