"""Index the built site for search, with Pagefind (https://pagefind.app).

Pagefind reads the built HTML and writes ``site/pagefind/``: one index per language (it reads
``<html lang>``), cut into small chunks so a browser loads only what a search needs. It
reads the asset pages only (``PAGES``) and indexes what they mark with
``data-pagefind-body`` (the entry, not the theme's nav and footer), which shows public fields
only; the filters are the ids and codes the pages mark with ``data-pagefind-filter``.

This runs once the site is built in every language: ``assetmap build`` and ``mkdocs build``
or ``mkdocs serve`` call it from the plugin in ``assetmap/build/plugin.py``.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from assetmap.pages.views import ASSETS

BUNDLE = "pagefind"  # the folder under the site, as the browser loads it
# The pages it reads: the entries' own, in every language (the only ones with a
# ``data-pagefind-body``); the site's other pages, and the entries' fragments the map and
# Find load, would be read only to be left out
PAGES = f"**/{ASSETS}/*/index.html"


class SearchIndexError(Exception):
    """Pagefind could not index the site: the message says why."""


@dataclass
class SearchIndex:
    folder: Path
    pages: dict[str, int] = field(default_factory=dict)  # language -> pages indexed

    @property
    def total(self) -> int:
        return sum(self.pages.values())


def index_site(site_dir: Path) -> SearchIndex:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind/``.

    Runs the Pagefind binary that the ``pagefind[bin]`` package installs (its Python API
    stops the binary as soon as it answers, which can leave the last files unwritten).
    """
    from pagefind.service import get_executable

    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"{site_dir}: no built site to index.")
    executable = get_executable()
    if executable is None:
        raise SearchIndexError("The Pagefind binary is missing: pip install 'pagefind[bin]'.")
    try:
        run = subprocess.run([str(executable), "--site", str(site_dir), "--output-subdir",
                              BUNDLE, "--glob", PAGES, "--quiet"],
                             capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from None
    if run.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {site_dir}:\n"
                               f"{(run.stderr or run.stdout).strip()[-2000:]}")
    return read_index(site_dir / BUNDLE)


def read_index(folder: Path) -> SearchIndex:
    """What an index holds, from its ``pagefind-entry.json``."""
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SearchIndexError(f"{folder} holds no search index: {exc}") from None
    return SearchIndex(folder, {lang: int(info.get("page_count", 0))
                                for lang, info in entry.get("languages", {}).items()})
