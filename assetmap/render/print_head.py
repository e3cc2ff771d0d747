"""What a printed category, neighbourhood or asset page says about itself: where its live
version is (its address, short and as a QR code), the date, and its PDF; and where a page of
a language sits in the built site.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import PurePosixPath

import segno
from markupsafe import Markup

from assetmap.config import Settings
from assetmap.language import Reader, site_folder
from assetmap.pages.views import ASSETS, CATEGORIES, NEIGHBOURHOODS, Page

# the pages that print with a header and a QR code; those that list entries have a PDF too
PRINTABLE = (CATEGORIES, NEIGHBOURHOODS, ASSETS)
QR_HIDDEN = '<svg aria-hidden="true" focusable="false" '


@dataclass(frozen=True)
class PrintHead:
    """What the top of a printed page says besides its title."""

    site_name: str
    address: str  # the page's own address online, e.g. https://example.org/categories/nature/
    short_address: str  # the same to type by hand: example.org/categories/nature
    date: str  # the day the details were published, in the page's language
    date_iso: str
    pdf: str  # the page's PDF, relative to the page, or "" when it has none


def page_url(page: Page) -> str:
    """'categories/nature.md' -> 'categories/nature/' (MkDocs' directory URLs)."""
    path = PurePosixPath(page.path)
    if path.name == "index.md":
        return "" if str(path.parent) == "." else f"{path.parent}/"
    return f"{path.with_suffix('')}/"


def site_path(settings: Settings, lang: str, url: str) -> str:
    """Where the page at ``url`` in ``lang`` is in the built site: languages other than the
    default live under their code, as mkdocs-static-i18n builds them."""
    return site_folder(lang, settings.default_language) + url


def online_address(settings: Settings, lang: str, url: str) -> str:
    """The address of the page at ``url`` in ``lang`` on the published site ('' without a
    ``site_url``)."""
    if not settings.site_url:
        return ""
    return f"{settings.site_url.rstrip('/')}/{site_path(settings, lang, url)}"


def short_address(address: str) -> str:
    """'https://example.org/fr/categories/nature/' -> 'example.org/fr/categories/nature'."""
    return address.split("://", 1)[-1].rstrip("/")


def pdf_name(page: Page, lang: str) -> str:
    """The file name of a page's PDF, named after the page and the pages it is part of, e.g.
    'nature-fr.pdf', 'food-north-end-fr.pdf'; '' for a page without one (``Page.sheet``).
    A page that shares another's sheet (``Page.sheet_of``) has that one's."""
    if not page.sheet:
        return ""
    path = page.sheet_of or page.path
    return "-".join(PurePosixPath(path).with_suffix("").parts[1:]) + f"-{lang}.pdf"


def pdf_link(page: Page, lang: str) -> str:
    """A page's PDF, relative to the page: beside it, or beside the page whose sheet it
    shares (``Page.sheet_of``); '' for a page without one."""
    name = pdf_name(page, lang)
    if not page.sheet_of or not name:
        return name
    return page.root + page_url(Page(page.sheet_of, page.template, None, {})) + name


def print_head(page: Page, settings: Settings, reader: Reader,
               today: dt.date) -> PrintHead | None:
    """The print header of ``page``, or None for a page that does not have one."""
    if PurePosixPath(page.path).parts[0] not in PRINTABLE:
        return None
    address = online_address(settings, reader.lang, page_url(page))
    pdf = pdf_link(page, reader.lang) if settings.pdf_sheets else ""
    return PrintHead(settings.site_name, address, short_address(address), reader.date(today),
                     today.isoformat(), pdf)


QR_MASK = 2  # see qr_symbol


@functools.lru_cache(maxsize=1024)
def qr_symbol(address: str) -> segno.QRCode:
    """``address`` as a QR code (error correction M: a creased or smudged sheet still
    scans), made once for a page and its sheet. Its mask pattern is fixed: choosing the
    best of the eight, as segno does by default, took four fifths of the time, some 10 ms a
    page, one page in each language for every entry; any mask scans, and 2 is the one segno
    picks for most of the site's addresses (tests/test_qr_codes.py reads codes back)."""
    return segno.make(address, error="m", micro=False, mask=QR_MASK)


# Address -> its QR code in the pages' inline SVG, made once: making one takes longer than
# rendering its page. Kept between builds by assetmap/build/generate.py (keyed on QR_STYLE
# and segno's version).
_qr_codes: dict[str, str] = {}
QR_STYLE = f"segno {segno.__version__}, error m, mask {QR_MASK}, scale 1, border 4, am-qr"


def qr_code(address: str) -> Markup:
    """``address`` as a QR code in inline SVG, hidden from screen readers (the address is
    printed beside it as text)."""
    if address not in _qr_codes:
        svg = qr_symbol(address).svg_inline(
            scale=1, border=4, omitsize=True, svgclass="am-qr", lineclass=None)
        _qr_codes[address] = QR_HIDDEN + svg[len("<svg "):]
    return Markup(_qr_codes[address])


def qr_codes() -> dict[str, str]:
    """Every QR code made (or remembered) in this process, by address: to keep, or to
    remember more."""
    return _qr_codes


def qr_svg(address: str) -> str:
    """``address`` as a QR code: an SVG document, for a PDF sheet."""
    return qr_symbol(address).svg_inline(scale=1, border=4, omitsize=True, svgclass=None,
                                         lineclass=None)
