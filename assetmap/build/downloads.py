"""The open data downloads of a build: every export written into a temporary folder when
the pages are generated (the "Download the data" page gives their sizes), then copied into
the built site's ``downloads/`` once every language is built."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from assetmap.export import write_exports
from assetmap.inventory.model import Inventory
from assetmap.pages.open_data import DOWNLOADS, FILES, Download


@dataclass
class Staged:
    """The exports of one inventory, waiting in a temporary folder to be published."""

    files: list[Download] = field(default_factory=list)
    folder: Path | None = None
    _keep: tempfile.TemporaryDirectory | None = field(default=None, repr=False)


def stage(inventory: Inventory) -> Staged:
    """Write every export into a new temporary folder (removed when ``Staged`` goes)."""
    holder = tempfile.TemporaryDirectory(prefix="assetmap-downloads-")
    folder = Path(holder.name) / DOWNLOADS  # made with the usual permissions, unlike holder
    write_exports(inventory, folder)
    files = [Download(kind, path, fmt, media, (folder / path).stat().st_size)
             for kind, path, fmt, media in FILES if (folder / path).is_file()]
    return Staged(files, folder, holder)


def publish(staged: Staged, site_dir: Path) -> list[Path]:
    """Copy the staged exports into ``site_dir/downloads``; returns the files copied."""
    if staged.folder is None:
        return []
    target = Path(site_dir) / DOWNLOADS
    shutil.copytree(staged.folder, target, dirs_exist_ok=True)
    return sorted(p for p in target.rglob("*") if p.is_file())
