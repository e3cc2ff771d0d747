"""Index the site for search, with Pagefind (https://pagefind.app).

Pagefind reads HTML pages and writes ``site/pagefind/``: one index per language (it reads
``<html lang>``), cut into small chunks so a browser loads only what a search needs. It
reads the entries' pages only (``PAGES``) and indexes what they mark with
``data-pagefind-body`` (the entry, not the theme's nav and footer), which shows public fields
only; the filters are the ids and codes the pages mark with ``data-pagefind-filter``.

The plugin (``assetmap/build/plugin.py``) has each language's entries indexed while MkDocs
builds the site (``Indexing``), in ``assetmap build``, ``mkdocs build`` and ``mkdocs serve``;
``index_site`` indexes a built site in one run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from assetmap.config import Language
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


def _start(site_dir: Path, glob: str, output: Path, beside: bool = False
           ) -> tuple[subprocess.Popen, Path]:
    """Start the Pagefind binary that the ``pagefind[bin]`` package installs (its Python API
    stops the binary as soon as it answers, which can leave the last files unwritten).

    ``beside`` a whole build, it runs at a lower priority (``nice``, where the system has
    it): it takes the cores MkDocs and the sheets' process leave idle, not theirs."""
    nice = shutil.which("nice") if beside else None
    try:
        return subprocess.Popen([*([nice, "-n", "10"] if nice else []), _pagefind(),
                                 "--site", str(site_dir), "--output-path",
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


def index_site(site_dir: Path) -> SearchIndex:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind/``, whole, in one run."""
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"{site_dir}: no built site to index.")
    bundle = site_dir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)  # an index from before: its files go
    _run(site_dir, PAGES, bundle)
    return read_index(bundle)


@dataclass(frozen=True)
class Body:
    """An entry's body, as the page generated for it has it (``html``, read when asked)."""

    entry: str  # its id
    html: Callable[[], str]
    as_before: bool = False  # unchanged since the last build: its page is written already


class Indexing:
    """The search index of a site being built, made while MkDocs builds it: Pagefind indexes
    each language's entries (``start``, from the pages generated, before MkDocs writes them)
    in processes of its own; ``finish`` waits and puts the languages' indexes together in
    ``site_dir/pagefind/``. Built from the pages MkDocs writes, the index is the same
    (``tests/test_search.py``).

    Pagefind keeps each language's index in files of its own (``pagefind.fr_<hash>.pf_meta``,
    ``index/fr_*``, ``fragment/fr_*``, ``filter/fr_*``, ``wasm.fr.pagefind``) and lists them in
    ``pagefind-entry.json``: the languages' runs make the files one run over the whole site
    makes. With ``again`` (an update of the site, ``update.py``), only those languages are
    indexed, and their files replace theirs in the index the last build left. When a run's
    index is not one language's, or the index there is another Pagefind's, the built site is
    indexed again, whole, in one run.
    """

    def __init__(self, site_dir: Path, pages_dir: Path,
                 again: Collection[str] | None = None) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.pages_dir = Path(pages_dir)  # the pages Pagefind reads, kept from build to build
        self.again = None if again is None else frozenset(again)
        self.site_dir.parent.mkdir(parents=True, exist_ok=True)  # the site is made there
        self.scratch = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-", dir=self.site_dir.parent))
        self.runs: dict[str, tuple[subprocess.Popen, Path]] = {}
        self._thread: threading.Thread | None = None
        self._failed: list[Exception] = []

    def start(self, languages: Iterable[tuple[str, str, Iterable[Body]]],
              directory_urls: bool = True) -> None:
        """Index the entries' pages in each language (language, its folder in the site: ''
        or 'fr/', and its entries' ``Body``), while this process goes on: a thread writes
        the pages Pagefind reads and starts a Pagefind for each language.

        A page is written as Pagefind reads it, where it is in the site: ``<html lang>`` and
        the entry's body, the one part of the page it indexes (``data-pagefind-body``); not
        the theme's frame around it, whose navigation is most of a page's bytes. The pages
        stay in ``pages_dir`` for the next build, which writes only those that changed."""
        work = [(lang, folder, bodies) for lang, folder, bodies in languages
                if self.again is None or lang in self.again]
        self._thread = threading.Thread(target=self._index, args=(work, directory_urls),
                                        daemon=True)
        self._thread.start()

    def _index(self, work: list, directory_urls: bool) -> None:
        try:
            for lang, folder, bodies in work:
                glob = f"{folder}{ASSETS}/*/index.html" if directory_urls else \
                    f"{folder}{ASSETS}/*.html"
                if _keep_pages(self.pages_dir, folder, lang, bodies, directory_urls):
                    self.runs[lang] = _start(self.pages_dir, glob, self.scratch / lang,
                                             beside=self.again is None)
        except (OSError, SearchIndexError) as exc:
            self._failed.append(exc)

    def finish(self) -> SearchIndex:
        """Wait for the languages' runs and put their indexes in the site's."""
        try:
            if self._thread is not None:
                self._thread.join()
            failed = list(self._failed)
            for run in self.runs.values():  # every run waited for, before saying what failed
                try:
                    _finish(run)
                except SearchIndexError as exc:
                    failed.append(exc)
            if failed:
                raise failed[0]
            bundle = self.site_dir / BUNDLE
            if self.again is None:
                if self._new_bundle(bundle):
                    return read_index(bundle)
            elif _merge(bundle, {lang: self.scratch / lang for lang in self.runs}):
                return replace(read_index(bundle), again=sorted(self.again))
            return index_site(self.site_dir)
        finally:
            self.cancel()

    def _new_bundle(self, bundle: Path) -> bool:
        """The languages' indexes as one, in place of ``bundle``."""
        if not self.runs:
            return False
        first = self.scratch / next(iter(self.runs))
        whole = self.scratch / BUNDLE
        whole.mkdir()
        entry = _entry(first)
        own = {path for key in entry.get("languages", {})
               for path in _language_files(first, key)}
        for path in list(first.rglob("*")):  # what every language's index shares
            if path.is_file() and path.name != ENTRY and path not in own:
                target = whole / path.relative_to(first)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
        base = {**entry, "languages": {}}
        (whole / ENTRY).write_text(json.dumps(base), encoding="utf-8")
        if not _merge(whole, {lang: self.scratch / lang for lang in self.runs}):
            return False
        shutil.rmtree(bundle, ignore_errors=True)
        os.replace(whole, bundle)
        return True

    def cancel(self) -> None:
        if self._thread is not None:
            self._thread.join()
        for run, _ in self.runs.values():
            if run.poll() is None:
                run.kill()
                run.communicate()
        self.runs = {}
        shutil.rmtree(self.scratch, ignore_errors=True)


def _keep_pages(pages_dir: Path, folder: str, lang: str, bodies: Iterable[Body],
                directory_urls: bool) -> bool:
    """Write the entries' pages in ``lang`` as Pagefind reads them into ``pages_dir``, those
    that changed since the last build; delete those of entries no longer there. Returns
    whether there is any."""
    pages = pages_dir / folder / ASSETS
    direction = Language(lang, "").dir
    kept = set()
    for body in bodies:
        path = pages / body.entry / "index.html" if directory_urls else \
            pages / f"{body.entry}.html"
        kept.add(path)
        if body.as_before and path.is_file():
            continue
        text = (f'<!doctype html>\n<html lang="{lang}" dir="{direction}">\n'
                '<head><meta charset="utf-8"><title></title></head>\n'
                f"<body>\n{body.html()}\n</body>\n</html>\n")
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except (OSError, UnicodeDecodeError):
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for path in pages.glob("*/index.html" if directory_urls else "*.html"):
        if path not in kept:
            path.unlink()
    return bool(kept)


def _merge(bundle: Path, outputs: Mapping[str, Path]) -> bool:
    """Put each language's index (language -> the folder its run wrote) into ``bundle``, in
    place of that language's; False, with nothing changed, when one cannot go in."""
    entry = _entry(bundle)
    made: dict[str, tuple[Path, dict]] = {}
    for lang, output in outputs.items():
        new = _entry(output)
        keys = list(new.get("languages", {}))
        if not entry or new.get("version") != entry.get("version") or keys != [lang.lower()]:
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
