"""The QR codes on printed pages and sheets scan back to their address, whatever the address:
the mask pattern is fixed rather than chosen per code (assetmap/render/print_head.py)."""

from __future__ import annotations

import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st

from assetmap.render.print_head import qr_code, qr_symbol

SLUG = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=80)
HOST = st.sampled_from(["example.github.io/assetmap", "riverbend.example.org",
                        "assets.health-region.example.ca/directory"])
LANG = st.sampled_from(["", "fr/", "ar/", "zh-hans/"])
FOLDER = st.sampled_from(["assets", "categories", "neighbourhoods"])


def scanned(address: str, scale: int = 4) -> list[str]:
    """Read the code for ``address`` back as a scanner would, from its modules drawn
    black on white at ``scale`` pixels a module (a grey image, one byte a pixel)."""
    rows = [bytes(0 if dark else 255 for dark in row for _ in range(scale))
            for row in qr_symbol(address).matrix_iter(border=4)]
    pixels = b"".join(row * scale for row in rows)
    image = memoryview(pixels).cast("B", shape=[len(rows) * scale, len(rows[0])])
    return [code.text for code in zxingcpp.read_barcodes(image)]


@settings(max_examples=150, deadline=None)
@given(HOST, LANG, FOLDER, SLUG)
def test_every_page_address_scans_back(host, lang, folder, slug):
    address = f"https://{host}/{lang}{folder}/{slug}/"
    assert scanned(address) == [address]


def test_the_svg_draws_the_same_code():
    """The inline SVG is the symbol that scans: same size, and hidden from screen readers
    (the address is printed beside it as text)."""
    address = "https://example.github.io/assetmap/fr/assets/walking-group/"
    svg = qr_code(address)
    width = qr_symbol(address).symbol_size(scale=1, border=4)[0]
    assert f'viewBox="0 0 {width} {width}"' in svg
    assert svg.startswith('<svg aria-hidden="true" focusable="false" ')

