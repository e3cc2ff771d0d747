"""The entries' pages share the theme's navigation, footer, styles and settings, rendered once
per language (``overrides/main.html``, ``assetmap/build/frame.py``): every page is still the
one the theme would have made on its own, to the byte."""

from __future__ import annotations

from pathlib import Path

from .support.project import SITE_DATA
from .support.site import mkdocs_build

SHARED = "{#- The entries' pages (assetmap_shares_frame"  # where main.html's shared blocks start


def without_shared_blocks(project: Path) -> None:
    """The copy's theme overrides without the shared blocks: each page renders its own."""
    main = project / "overrides" / "main.html"
    text = main.read_text(encoding="utf-8")
    main.write_text(text[:text.index(SHARED)], encoding="utf-8")


def test_every_page_is_the_themes_own(site, tmp_path):
    alone = mkdocs_build(SITE_DATA, tmp_path / "project", prepare=without_shared_blocks)
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    entries = [p for p in pages if "assets" in p.parts]
    assert len(entries) >= 6  # the fixture's entries, in each language: sharing was used
    assert sorted(p.relative_to(alone) for p in alone.rglob("*.html")) == pages
    assert [p for p in pages if (site / p).read_bytes() != (alone / p).read_bytes()] == []
