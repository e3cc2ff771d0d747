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
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from assetmap.pages.views import ASSETS

BUNDLE = "pagefind"  # the folder under the site, as the browser loads it
# The pages it reads: the entries' own, in every language (the only ones with a
# ``data-pagefind-body``); the site's other pages, and the entries' fragments the map and
# Find load, would be read only to be left out
PAGES = f"**/{ASSETS}/*/index.html"
ENTRY = "pagefind-entry.json"


class SearchIndexError(Exception):
    """Pagefind could not index the site: the message says why."""


@dataclass
class SearchIndex:
    folder: Path
    pages: dict[str, int] = field(default_factory=dict)  # language -> pages indexed
    again: list[str] | None = None  # the languages indexed again; None: all of them

    @property
    def total(self) -> int:
        return sum(self.pages.values())


def _pagefind() -> str:
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        raise SearchIndexError("The Pagefind binary is missing: pip install 'pagefind[bin]'.")
    return str(executable)


def _start(site_dir: Path, glob: str, output: Path) -> tuple[subprocess.Popen, Path]:
    """Start the Pagefind binary that the ``pagefind[bin]`` package installs (its Python API
    stops the binary as soon as it answers, which can leave the last files unwritten)."""
    try:
        return subprocess.Popen([_pagefind(), "--site", str(site_dir), "--output-path",
                                 str(output), "--glob", glob, "--quiet"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True), site_dir
    except OSError as exc:
        raise SearchIndexError(f"Pagefind could not run: {exc}") from None


def _finish(started: tuple[subprocess.Popen, Path]) -> None:
    run, site_dir = started
    stdout, stderr = run.communicate()
    if run.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {site_dir}:\n"
                               f"{(stderr or stdout).strip()[-2000:]}")


def _run(site_dir: Path, glob: str, output: Path) -> None:
    _finish(_start(site_dir, glob, output))


def index_site(site_dir: Path, again: Mapping[str, str] | None = None) -> SearchIndex:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind/``.

    ``again``: only the pages of these languages (language -> its folder in the site, ''
    for the default language's) are indexed again, into the index already there: Pagefind
    keeps each language's index in files of its own (``pagefind.fr_<hash>.pf_meta``,
    ``index/fr_*``, ``fragment/fr_*``, ``filter/fr_*``, ``wasm.fr.pagefind``), which are
    replaced, and lists them in ``pagefind-entry.json``. When the index there is not one
    this Pagefind made, or a language's pages do not make one index of that language, the
    whole site is indexed again.
    """
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"{site_dir}: no built site to index.")
    bundle = site_dir / BUNDLE
    if again is not None and (bundle / ENTRY).is_file():
        with tempfile.TemporaryDirectory(prefix="pagefind-", dir=site_dir.parent) as scratch:
            if _index_again(site_dir, bundle, again, Path(scratch)):
                return replace(read_index(bundle), again=sorted(again))
    shutil.rmtree(bundle, ignore_errors=True)  # an index from before: its files go
    _run(site_dir, PAGES, bundle)
    return read_index(bundle)


def _index_again(site_dir: Path, bundle: Path, again: Mapping[str, str],
                 scratch: Path) -> bool:
    """Index ``again``'s languages into ``bundle``; False, with nothing changed, when the
    result cannot go into it."""
    entry = _entry(bundle)
    made: dict[str, tuple[Path, dict]] = {}
    runs = {lang: _start(site_dir, f"{folder}{ASSETS}/*/index.html", scratch / lang)
            for lang, folder in again.items()}  # side by side: each is mostly one core's
    failed = []
    for run in runs.values():  # every run waited for, before saying what failed
        try:
            _finish(run)
        except SearchIndexError as exc:
            failed.append(exc)
    if failed:
        raise failed[0]
    for lang in again:
        output = scratch / lang
        new = _entry(output)
        keys = list(new.get("languages", {}))
        if new.get("version") != entry.get("version") or keys != [lang.lower()]:
            return False
        made[keys[0]] = (output, new["languages"][keys[0]])
    for key, (output, info) in made.items():
        for old in _language_files(bundle, key):
            old.unlink()
        for new_file in _language_files(output, key):  # moved: the scratch is beside
            target = bundle / new_file.relative_to(output)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(new_file, target)
        entry.setdefault("languages", {})[key] = info
    partial = bundle / f"{ENTRY}.{os.getpid()}.tmp"
    partial.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                       encoding="utf-8")
    partial.replace(bundle / ENTRY)
    return True


def _language_files(bundle: Path, key: str) -> list[Path]:
    """A language's files in a Pagefind bundle (its key: 'fr')."""
    found = [*bundle.glob(f"pagefind.{key}_*.pf_meta"), bundle / f"wasm.{key}.pagefind"]
    for folder in ("index", "fragment", "filter"):
        found += (bundle / folder).glob(f"{key}_*")
    return [path for path in found if path.is_file()]


def _entry(folder: Path) -> dict:
    try:
        entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return entry if isinstance(entry, dict) else {}


def read_index(folder: Path) -> SearchIndex:
    """What an index holds, from its ``pagefind-entry.json``."""
    try:
        entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SearchIndexError(f"{folder} holds no search index: {exc}") from None
    return SearchIndex(folder, {lang: int(info.get("page_count", 0))
                                for lang, info in entry.get("languages", {}).items()})
