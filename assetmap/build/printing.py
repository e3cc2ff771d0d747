"""The printable sheets of a build, made beside MkDocs rather than after it.

A large inventory's sheets are made in a process of their own, started once the pages are
generated, while MkDocs and the theme render the pages in this one (on one core: MkDocs
renders a page after another). Each language's PDFs go into the cache of sheets
(``.cache/assetmap/pdf``); when that language's pages are built, the plugin waits for them
(by then they are usually made) and copies them beside the pages. The process makes the
languages in the order the plugin needs them: the default language, which static-i18n
finishes last, last.

The process is started afresh ("spawn"), as a new interpreter given the inventory: a copy of
this one ("fork") made after Typst ran here would inherit its threads' locks, held, and wait
forever. Starting it costs about a second (the interpreter, Typst and the fonts), more than a
small inventory's sheets take: below ``MIN_ASSETS`` entries, they are made here, when the
plugin asks for them. Either way the PDFs are the same files.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from assetmap.inventory.model import Inventory
from assetmap.render.pdf import cache_pdfs
from assetmap.render.sheets import render_sheets

MIN_ASSETS = 300  # from this many entries on, the sheets are made in a process of their own
NOTES = "mkdocs.plugins.assetmap"  # the logger whose messages a process hands back


@dataclass(frozen=True)
class Printed:
    """A language's sheets, made: where each goes in the site -> its PDF in the cache."""

    files: dict[str, Path]
    made: int  # how many were made anew, not found in the cache
    seconds: float
    process: int  # the process that made them
    peak_memory: int  # bytes: the largest that process has been so far
    notes: list[str] = field(default_factory=list)  # what making them logged, to log again


class _Notes(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_given: Inventory | None = None  # in a process of sheets: the inventory it was started with


def _receive(inventory: Inventory) -> None:
    global _given
    _given = inventory


def print_language(lang: str, today: dt.date, cache: Path,
                   inventory: Inventory | None = None) -> Printed:
    """Make the sheets of ``lang`` into ``cache``; ``inventory``: the one this process was
    given, when it is not."""
    inventory = inventory or _given
    assert inventory is not None
    start = time.perf_counter()
    notes = _Notes()
    logger = logging.getLogger(NOTES)
    level = logger.level
    logger.addHandler(notes)
    logger.setLevel(min(logger.getEffectiveLevel(), logging.INFO))
    try:
        files, made = cache_pdfs(render_sheets(inventory, lang, today), cache)
    finally:
        logger.removeHandler(notes)
        logger.setLevel(level)
    return Printed(files, made, time.perf_counter() - start, os.getpid(), _peak_memory(),
                   notes.messages)


def _peak_memory() -> int:
    """Bytes: the largest resident set of this process so far (Linux counts kilobytes)."""
    try:
        import resource
    except ImportError:  # not on every system
        return 0
    return 1024 * resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Printing:
    """The sheets of one build, in ``languages``, for the plugin to ask for by language."""

    def __init__(self, inventory: Inventory, languages: list[str], today: dt.date,
                 cache: Path) -> None:
        self.inventory, self.today, self.cache = inventory, today, cache
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[str, Future[Printed]] = {}
        if len(inventory.assets) < MIN_ASSETS or not languages:
            return
        self.pool = ProcessPoolExecutor(1, multiprocessing.get_context("spawn"),
                                        initializer=_receive, initargs=(inventory,))
        default = inventory.settings.default_language
        for lang in sorted(languages, key=lambda code: code == default):
            self.pending[lang] = self.pool.submit(print_language, lang, today, cache)

    @property
    def beside(self) -> bool:
        """Whether the sheets are made in a process of their own."""
        return self.pool is not None

    def sheets(self, lang: str) -> Printed:
        """The sheets of ``lang``: waited for, or made now. Raises ``PdfError`` as making
        them here would."""
        future = self.pending.pop(lang, None)
        if future is None:  # made here: what it logged is logged already
            made = print_language(lang, self.today, self.cache, self.inventory)
            return Printed(made.files, made.made, made.seconds, made.process, made.peak_memory)
        return future.result()

    def close(self) -> None:
        """Stop the process (sheets not asked for are not made)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.pending.clear()
