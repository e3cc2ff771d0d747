"""The largest generated pages of a synthetic inventory of N assets, gzipped, without building.

    python benchmarks/page_sizes.py 10000
    python benchmarks/page_sizes.py --page-size 50 10000

Renders the Markdown of every page that lists entries (home, categories, neighbourhoods, A to
Z, map, and their parts) in each language, from the same synthetic inventory as
``build_site.py``, and prints the largest ones, raw and gzipped. The body of a generated page
is its HTML: the theme adds its frame (head, header, navigation, footer) around it, the same
on every page. ``--frame`` takes that frame from a page of a built site (any generated page
of the sample, in the language that makes the largest pages) and puts each body in it, for
the size of the whole HTML page. Asset pages and the Find page's fragments list one entry
each and are left out. A benchmark, not a test.

    python benchmarks/page_sizes.py --frame site/ar/categories/nature/index.html 10000
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gzip
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assetmap.config import load_settings  # noqa: E402
from assetmap.inventory.load import load  # noqa: E402
from assetmap.language import Reader  # noqa: E402
from assetmap.pages.directory import site_pages  # noqa: E402
from assetmap.render.print_head import print_head  # noqa: E402
from assetmap.render.renderer import Renderer  # noqa: E402
from benchmarks.build_site import write_inventory  # noqa: E402

ONE_ENTRY = ("asset.md.j2", "entry.html.j2", "map.json.j2")
CONTENT = '<article class="md-content__inner md-typeset">'  # the theme's, around the body


def in_frame(markdown: str, frame: str) -> str:
    """A generated page's body (its Markdown after the front matter, HTML that MkDocs passes
    as it is) in place of the body of ``frame``, a built page."""
    body = markdown.split("\n---\n", 1)[1]
    start = frame.index(CONTENT) + len(CONTENT)
    return frame[:start] + body + frame[frame.rindex("</article>"):]


def page_sizes(count: int, page_size: int | None,
               frame: str = "") -> list[tuple[int, int, str]]:
    """(gzipped bytes, bytes, path) of every listing page, largest first; in ``frame``, the
    HTML of a built page, when given."""
    settings = load_settings(ROOT / "mkdocs.yml")
    if page_size is not None:  # noqa
        settings = dataclasses.replace(settings, page_size=page_size)
    today = dt.date.today()
    with tempfile.TemporaryDirectory(prefix="assetmap-sizes-") as scratch:
        write_inventory(Path(scratch), count, today)
        loaded = load(Path(scratch), settings, today=today)
    sizes = []
    for lang in settings.language_codes:
        reader = Reader.of(lang, settings.default_language)
        renderer = Renderer(reader, {"languages": settings.languages})
        for page in site_pages(loaded.inventory, lang, today):
            if page.template in ONE_ENTRY:
                continue
            text = renderer.page(page, print_head(page, settings, reader, today))
            text = (in_frame(text, frame) if frame else text).encode()
            sizes.append((len(gzip.compress(text)), len(text), f"{lang}: {page.path}"))
    return sorted(sizes, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10000],
                        help="numbers of assets (default: 10000)")
    parser.add_argument("--page-size", type=int, default=None,
                        help="the most entries a page lists (default: mkdocs.yml's)")
    parser.add_argument("--top", type=int, default=5, help="how many pages to show")
    parser.add_argument("--frame", type=Path, help="a built page: measure whole HTML pages")
    args = parser.parse_args()
    frame = args.frame.read_text(encoding="utf-8") if args.frame else ""
    for count in args.sizes:
        sizes = page_sizes(count, args.page_size, frame)
        print(f"{count} assets: {len(sizes)} listing pages")
        for zipped, raw, path in sizes[:args.top]:
            print(f"  {zipped / 1e3:8.1f} kB gzipped  {raw / 1e3:9.1f} kB  {path}")


if __name__ == "__main__":
    main()
