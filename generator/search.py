"""Index the built site for search, with Pagefind (https://pagefind.app).

Pagefind reads the built HTML and writes ``site/pagefind/``: one index per language (it reads
``<html lang>``), cut into small chunks so a browser loads only what a search needs. It
indexes only what the asset pages mark with ``data-pagefind-body`` (the entry, not the
theme's nav and footer), which shows public fields only; the filters are the ids and codes
the pages mark with ``data-pagefind-filter``.

This runs once the site is built in every language: ``assetmap build`` and ``mkdocs build``
or ``mkdocs serve`` call it from the hooks in ``generator/mkdocs_hooks.py``.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path

BUNDLE = "pagefind"  # the folder under the site, as the browser loads it


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
    """Index the built site in ``site_dir`` into ``site_dir/pagefind/``."""
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"{site_dir}: no built site to index.")
    try:
        asyncio.run(_index(site_dir))
    except Exception as exc:  # no binary, or the indexer's own error: say it, with the site
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {exc}") from None
    return read_index(site_dir / BUNDLE)


async def _index(site_dir: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(site_dir / BUNDLE))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site_dir))


def read_index(folder: Path) -> SearchIndex:
    """What an index holds, from its ``pagefind-entry.json``."""
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SearchIndexError(f"{folder} holds no search index: {exc}") from None
    return SearchIndex(folder, {lang: int(info.get("page_count", 0))
                                for lang, info in entry.get("languages", {}).items()})
