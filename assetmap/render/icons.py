"""Material Design icons, inlined as SVG beside a text label and hidden from screen readers.

The icons come from the copy bundled with mkdocs-material (``material/templates/.icons``);
a category names one as ``material/pine-tree`` (``taxonomy.icon_file`` finds it).
"""

from __future__ import annotations

import functools
import logging

from markupsafe import Markup

from assetmap.inventory.taxonomy import icon_file

HIDDEN = '<svg class="am-icon" aria-hidden="true" focusable="false" '

log = logging.getLogger("mkdocs.plugins.assetmap")


@functools.cache
def inline_icon(name: str) -> Markup:
    """The icon ``name`` as inline SVG with aria-hidden, or nothing if there is no such icon."""
    if not name:
        return Markup("")
    path = icon_file(name)
    if path is None:
        log.warning(f"There is no icon '{name}' (check categories.yml): see "
                    "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/")
        return Markup("")
    svg = path.read_text(encoding="utf-8").strip()
    if not svg.startswith("<svg "):
        return Markup("")
    return Markup(HIDDEN + svg[len("<svg "):])
