"""Generate the site's pages from the inventory into ``docs/``, once per change of the data.

The pages are real Markdown files (``x.md``, ``x.fr.md``, ``x.ar.md``) because
mkdocs-static-i18n only knows pages that exist under ``docs_dir``. They live in gitignored
places (see ``is_generated``) and carry a marker, so a hand-written page is never
overwritten and only pages this module wrote are ever deleted. A file is written only when
its content changes, so ``mkdocs serve`` does not rebuild in a loop. They are made one
language at a time, and their Markdown is then read back from docs/ when it is asked for
(``Written``): a large directory's pages are not all held in memory at once.

The open data exports are made at the same time, into a temporary folder
(``downloads.stage``), so the "Download the data" page can give their sizes; the plugin copies
them into the built site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from assetmap import language
from assetmap.build.cache import CACHE, PageCache, code_digest, keep_qr_codes, remember_qr_codes
from assetmap.build.downloads import Staged, Staging
from assetmap.config import Settings
from assetmap.inventory.load import load
from assetmap.inventory.model import Inventory
from assetmap.inventory.problems import Problem
from assetmap.inventory.report import as_table
from assetmap.language import Reader
from assetmap.pages.directory import site_pages
from assetmap.pages.gaps import GAPS, gap_page
from assetmap.pages.inventory_format import INVENTORY_FORMAT, inventory_format_page
from assetmap.pages.open_data import OPEN_DATA, Download, open_data_page
from assetmap.pages.views import (
    A_TO_Z,
    CATEGORIES,
    FIND,
    GENERATED_FOLDERS,
    HOME,
    MAP,
    NEIGHBOURHOODS,
)
from assetmap.render import renderer as render
from assetmap.render.parallel import Work, render_pages
from assetmap.render.print_head import print_head

TOP_LEVEL = (HOME, A_TO_Z, MAP, FIND, GAPS, OPEN_DATA, INVENTORY_FORMAT)


class InventoryError(Exception):
    """The inventory has errors: the message is the table ``assetmap check`` prints."""


class Written(Mapping[str, str]):
    """The pages of a build, by path under docs/: their Markdown is read from where they were
    written when asked for, not held (at 10,000 entries it is about a gigabyte)."""

    def __init__(self, docs_dir: Path, paths: list[str]) -> None:
        self.docs_dir = docs_dir
        self.paths = dict.fromkeys(paths)

    def __getitem__(self, path: str) -> str:
        if path not in self.paths:
            raise KeyError(path)
        return (self.docs_dir / path).read_text(encoding="utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


@dataclass
class Generated:
    pages: Mapping[str, str]  # path under docs/ -> Markdown (``Written``: read from there)
    sections: dict[str, list[str]]  # "categories/" -> its pages in the default language
    problems: list[Problem] = field(default_factory=list)
    written: int = 0
    removed: int = 0
    downloads: Staged = field(default_factory=Staged)  # the exports, for downloads/
    inventory: Inventory | None = None  # what the pages were made from, for the PDFs
    today: dt.date | None = None
    reused: frozenset[str] = frozenset()  # pages not rendered: docs/ had them as they are
    digests: dict[str, str | None] = field(default_factory=dict)  # page -> its model's digest

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def localized(path: str, lang: str, default: str) -> str:
    """'categories/nature.md' in French is 'categories/nature.fr.md' (static-i18n's suffix);
    so is 'entries/x.html', a file static-i18n copies into each language's folder."""
    if lang == default:
        return path
    stem, _, extension = path.rpartition(".")
    return f"{stem}.{lang}.{extension}"


def language_of(path: str, languages: Iterable[str], default: str) -> str:
    """The language of a generated file, by static-i18n's suffix: 'assets/x.fr.md' and
    'entries/x.fr.html' are in French, 'assets/x.md' in the default language."""
    stem = path.rpartition(".")[0]
    suffix = stem.rpartition(".")[2] if "." in stem.rpartition("/")[2] else ""
    return suffix if suffix in tuple(languages) and suffix != default else default


def unlocalized(path: str, languages: Iterable[str]) -> str:
    """``localized``'s inverse: 'assets/x.fr.md' -> 'assets/x.md', the page in every
    language."""
    stem, _, extension = path.rpartition(".")
    head, dot, suffix = stem.rpartition(".")
    return f"{head}.{extension}" if dot and "/" not in suffix and suffix in tuple(languages) \
        else path


def is_generated(relative: str) -> bool:
    """Whether ``relative`` (a path under docs/) is a place where generated pages go."""
    parts = PurePosixPath(relative).parts
    if not parts:
        return False
    if parts[0] in GENERATED_FOLDERS:
        return True
    name = parts[0]
    return len(parts) == 1 and name.endswith(".md") and name.split(".")[0] + ".md" in TOP_LEVEL


ALL, OPEN_DATA_ONLY, ALL_BUT_OPEN_DATA = "all", "open data", "all but open data"


def _models(inventory: Inventory, lang: str, today: dt.date, downloads: Sequence[Download],
            part: str) -> list:
    reader = Reader.of(lang, inventory.settings.default_language)
    open_data = [open_data_page(list(downloads), inventory.settings, reader)]
    if part == OPEN_DATA_ONLY:
        return open_data
    return [*site_pages(inventory, lang, today), gap_page(inventory, reader),
            *(open_data if part == ALL else ()), inventory_format_page(inventory, reader)]


def render_site(inventory: Inventory, today: dt.date,
                downloads: Sequence[Download] = (), cache: PageCache | None = None,
                jobs: int | None = None, languages: Sequence[str] = (),
                part: str = ALL) -> dict[str, str]:
    """Every generated page, in every language of the site (or in ``languages``): path
    under docs/ -> Markdown. ``downloads`` are the files the "Download the data" page lists;
    ``part``: every page, that page only, or every other. A page ``cache`` says is still
    what its model renders is read from docs/ instead of being rendered; the others are
    rendered by ``jobs`` processes (default: one per core)."""
    settings = inventory.settings
    default = settings.default_language
    site = {"languages": settings.languages}
    pages: dict[str, str | None] = {}
    work: dict[str, Work] = {}
    for lang in languages or settings.language_codes:
        reader = Reader.of(lang, default)
        for page in _models(inventory, lang, today, downloads, part):
            head = print_head(page, settings, reader, today)
            path = localized(page.path, lang, default)
            digest = cache.digest(path, lang, default, site, page, head) if cache else None
            pages[path] = cache.page(path, digest) if cache else None
            if pages[path] is None:
                work[path] = Work(lang, page, head)
    pages.update(zip(work, render_pages(list(work.values()), default, site, jobs)))
    return pages  # type: ignore[return-value]  # every page is text now


def _has_marker(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as text:
        return render.MARKER in text.read(400)


def write_pages(docs_dir: Path, pages: Mapping[str, str], remove: bool = True,
                as_they_are: Collection[str] = frozenset()) -> tuple[int, int]:
    """Write the pages that changed and (with ``remove``: ``pages`` are all there are)
    delete generated pages that are no longer made. ``as_they_are``: pages read from
    docs/ as they are there (``PageCache``), not compared again.

    Returns how many files were written and removed.
    """
    written = 0
    for relative, text in pages.items():
        if relative in as_they_are:
            continue
        path = docs_dir / relative
        if path.is_file():
            if path.read_text(encoding="utf-8") == text:
                continue
            if not _has_marker(path):
                raise InventoryError(f"{path} was not generated by assetmap: move it away, "
                                     "it is where a generated page goes.")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written += 1
    return written, remove_others(docs_dir, pages) if remove else 0


def remove_others(docs_dir: Path, pages: Iterable[str]) -> int:
    """Delete the generated pages in docs/ that are not ``pages``; returns how many."""
    removed = 0
    pages = set(pages)
    for path in _generated_files(docs_dir):
        relative = path.relative_to(docs_dir).as_posix()
        if relative not in pages and _has_marker(path):
            path.unlink()
            removed += 1
    return removed


def _generated_files(docs_dir: Path) -> list[Path]:
    found = [p for p in docs_dir.glob("*.md") if is_generated(p.name)]
    for folder in GENERATED_FOLDERS:
        found += (p for p in (docs_dir / folder).rglob("*")
                  if p.suffix in (".md", ".html", ".json"))
    return found


def generate(data_dir: Path, docs_dir: Path, settings: Settings,
             today: dt.date | None = None, cache_dir: Path | None = None) -> Generated:
    """Check the inventory in ``data_dir`` and write its pages into ``docs_dir``. With a
    ``cache_dir``, what the last build there made and still holds is not made again.

    Raises ``InventoryError`` with the problem table when the inventory has errors.
    """
    today = today or dt.date.today()
    loaded = load(data_dir, settings, today=today)
    if loaded.has_errors:
        raise InventoryError(as_table(loaded.problems))
    staging = Staging(loaded.inventory)  # while the pages are made; their page comes last
    # A page still as docs/ has it is not read: ``Written`` reads it when it is asked for
    cache = PageCache(cache_dir, docs_dir, code_digest(), read=False) if cache_dir else None
    qr_codes = remember_qr_codes(cache_dir) if cache_dir else 0
    paths: list[str] = []
    written = 0

    def write(pages: dict[str, str]) -> None:
        nonlocal written
        written += write_pages(docs_dir, pages, remove=False,
                               as_they_are=cache.reused if cache else frozenset())[0]
        paths.extend(pages)

    try:
        for lang in settings.language_codes:  # one language's pages in memory at a time
            write(render_site(loaded.inventory, today, (), cache, languages=[lang],
                              part=ALL_BUT_OPEN_DATA))
    except BaseException:
        staging.cancel()
        raise
    staged = staging.done()
    write(render_site(loaded.inventory, today, staged.files, cache, part=OPEN_DATA_ONLY))
    removed = remove_others(docs_dir, paths)
    if cache_dir and cache:
        cache.keep()
        keep_qr_codes(cache_dir, qr_codes)
    taxonomy = loaded.inventory.taxonomy
    sections = {f"{CATEGORIES}/": [f"{CATEGORIES}/{t}.md" for t in taxonomy.categories],
                f"{NEIGHBOURHOODS}/": [f"{NEIGHBOURHOODS}/{t}.md" for t in taxonomy.neighbourhoods]}
    return Generated(Written(docs_dir, paths), sections, loaded.problems, written, removed,
                     staged, loaded.inventory, today, frozenset(cache.reused if cache else ()),
                     {path: cache.digests.get(path) for path in paths} if cache else {})


# --- once per change ----------------------------------------------------------------------

_cache: dict[Path, tuple[tuple, Generated]] = {}
_code: tuple = ()


def _fingerprint(*roots: Path) -> tuple:
    stamps = []
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            stat = path.stat()
            stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def generate_once(data_dir: Path, docs_dir: Path, settings: Settings, config_file: Path,
                  today: dt.date | None = None) -> tuple[Generated, bool]:
    """``generate``, unless nothing it depends on changed since the last call for
    ``docs_dir`` in this process (static-i18n builds once per language; ``mkdocs serve``
    rebuilds on every change). Returns the result and whether it was generated anew."""
    global _code
    code = _fingerprint(render.TEMPLATES, language.LOCALES)
    if code != _code:
        render.forget()
        language.forget()
        _code = code
    today = today or dt.date.today()
    key = (_fingerprint(data_dir, config_file), settings, today, code)
    cached = _cache.get(docs_dir)
    if cached and cached[0] == key and all((docs_dir / p).is_file() for p in cached[1].pages):
        return cached[1], False
    result = generate(data_dir, docs_dir, settings, today, config_file.parent / CACHE)
    _cache[docs_dir] = (key, result)
    return result, True
