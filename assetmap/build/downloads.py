"""The open data downloads of a build: every export written into a temporary folder while
the pages are generated (the "Download the data" page, made last, gives their sizes), then
copied into the built site's ``downloads/`` once every language is built."""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
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


_inventory: Inventory | None = None  # what the process writing the exports starts with


def _write_staged(folder: Path) -> None:
    assert _inventory is not None
    write_exports(_inventory, folder)


class Staging:
    """The exports of ``inventory`` being written into a new temporary folder, in a process
    of their own (made by ``fork``: it starts with the inventory in memory) while the pages
    are made; here and now where ``fork`` is not offered. ``done`` waits for them."""

    def __init__(self, inventory: Inventory) -> None:
        global _inventory
        self.holder = tempfile.TemporaryDirectory(prefix="assetmap-downloads-")
        self.folder = Path(self.holder.name) / DOWNLOADS  # the usual permissions, unlike holder
        self._pool: ProcessPoolExecutor | None = None
        self._writing: Future | None = None
        if "fork" in multiprocessing.get_all_start_methods():
            _inventory = inventory
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self._writing = self._pool.submit(_write_staged, self.folder)
            _inventory = None
        else:
            write_exports(inventory, self.folder)

    def done(self) -> Staged:
        """The exports, once written (an error writing them is raised here)."""
        if self._pool is not None and self._writing is not None:
            try:
                self._writing.result()
            finally:
                self._pool.shutdown()
                self._pool = None
        files = [Download(kind, path, fmt, media, (self.folder / path).stat().st_size)
                 for kind, path, fmt, media in FILES if (self.folder / path).is_file()]
        return Staged(files, self.folder, self.holder)

    def cancel(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self.holder.cleanup()


def publish(staged: Staged, site_dir: Path) -> list[Path]:
    """Copy the staged exports into ``site_dir/downloads``; returns the files copied."""
    if staged.folder is None:
        return []
    target = Path(site_dir) / DOWNLOADS
    shutil.copytree(staged.folder, target, dirs_exist_ok=True)
    return sorted(p for p in target.rglob("*") if p.is_file())
