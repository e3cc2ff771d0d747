"""The theme's blocks that every entry's page of a language's build shares: its navigation,
footer, styles and settings. The entries' pages (``assetmap_shares_frame: true`` in their
front matter) are most of a site's pages and differ only in their title, their address,
their languages' links and their content; each of those blocks costs from a tenth of a
millisecond to several for every one of thousands of pages.

``overrides/main.html`` hands each such block to ``SharedBlocks``, with the theme's own
rendering of it (Jinja's ``super``, not yet called): it is rendered for the first entry's
page of a build and kept for the others. The key holds the page's way back to the site's
root, which the block's links are relative to. Every page is still the theme's own to the
byte (tests/test_theme_frame.py builds a site both ways).
"""

from __future__ import annotations

from collections.abc import Callable


class SharedBlocks:
    """The blocks kept in one language's build (the plugin makes one in each ``on_env``)."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], str] = {}

    def __call__(self, name: str, theirs: Callable[[], str], page, base_url: str) -> str:
        meta = getattr(page, "meta", None) or {}
        if not meta.get("assetmap_shares_frame"):
            return theirs()
        key = (name, base_url)
        if key not in self.kept:
            self.kept[key] = theirs()
        return self.kept[key]
