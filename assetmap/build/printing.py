"""The printable sheets of a build, made beside MkDocs rather than after it.

A large inventory's sheets are made in a process of their own, started once the pages are
generated, while MkDocs and the theme render the pages in this one (on one core: MkDocs
renders a page after another). Each language's PDFs go into the cache of sheets
(``.cache/assetmap/pdf``); when that language's pages are built, the plugin waits for them
(by then they are usually made) and copies them beside the pages. The process makes the
languages in the order the plugin needs them: the default language, which static-i18n
finishes last, last.

The process is a new interpreter running this module (``python -m assetmap.build.printing``),
given the job on its standard input: not a copy of this one ("fork"), which after Typst ran
here would inherit its threads' locks, held, and wait forever; nor multiprocessing's "spawn",
which first runs the script that started the build again (a script without a
``__main__`` guard would build again, or stop, and leave the build waiting). It says each
language it has made on a line of its standard output and leaves what it made in a file; if
it stops, the build says so with what it printed last, instead of waiting.

Starting it costs about a second (the interpreter, Typst and the fonts), more than a small
inventory's sheets take: below ``MIN_ASSETS`` entries, or when an update of the site makes
fewer than ``MIN_SHEETS`` sheets again (those of the pages that changed), they are made here,
when the plugin asks for them. Either way the PDFs are the same files.

Made here, while MkDocs waits for them, the sheets are set by a thread per core
(``pdf.THREADS``); in their own process, beside MkDocs, which renders on one core, by a thread
per core it leaves (``SIDE_THREADS``: one on two cores). More threads there would only take
the core MkDocs renders on.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from assetmap.inventory.model import Inventory
from assetmap.render.pdf import THREADS, PdfError, cache_pdfs
from assetmap.render.sheets import each_sheet

MIN_ASSETS = 300  # from this many entries on, the sheets are made in a process of their own
MIN_SHEETS = 60  # unless an update makes fewer sheets than this
COMMAND = [sys.executable, "-m", "assetmap.build.printing"]  # that process
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # where it finds this assetmap
NOTES = "mkdocs.plugins.assetmap"  # the logger whose messages a process hands back
SIDE_THREADS = max(1, THREADS - 1)  # threads of that process: the cores MkDocs leaves it


@dataclass(frozen=True)
class Printed:
    """A language's sheets, made: where each goes in the site -> its PDF in the cache."""

    files: dict[str, Path]
    made: int  # how many were made anew, not found in the cache
    seconds: float
    cpu_seconds: float  # the processor time it took, on every core
    process: int  # the process that made them
    peak_memory: int  # bytes: the largest that process has been so far
    notes: list[str] = field(default_factory=list)  # what making them logged, to log again


@dataclass(frozen=True)
class _Job:
    inventory: Inventory
    languages: list[str]
    today: dt.date
    cache: Path
    results: Path  # the folder where each language's ``Printed`` is left
    only: dict[str, frozenset[str]] | None = None


class _Notes(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def print_language(inventory: Inventory, lang: str, today: dt.date, cache: Path,
                   only: Collection[str] | None = None, threads: int = THREADS) -> Printed:
    """Make the sheets of ``lang`` (of the pages at ``only``) into ``cache``, by ``threads``
    threads, noting what that logs."""
    start, cpu = time.perf_counter(), time.process_time()
    notes = _Notes()
    logger = logging.getLogger(NOTES)
    level = logger.level
    logger.addHandler(notes)
    logger.setLevel(min(logger.getEffectiveLevel(), logging.INFO))
    try:
        files, made = cache_pdfs(each_sheet(inventory, lang, today, only), cache, threads)
    finally:
        logger.removeHandler(notes)
        logger.setLevel(level)
    return Printed(files, made, time.perf_counter() - start, time.process_time() - cpu,
                   os.getpid(), _peak_memory(), notes.messages)


def _peak_memory() -> int:
    """Bytes: the largest resident set of this process so far. Linux's ``VmHWM``: its
    ``ru_maxrss`` keeps, across ``exec``, the size of the process this one was forked from
    (the build), which would count the build's memory as this one's. 0 where neither is
    known."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return 1024 * int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # not on every system
        return 0
    return 1024 * resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Printing:
    """The sheets of one build, in ``languages``, for the plugin to ask for by language."""

    def __init__(self, inventory: Inventory, languages: list[str], today: dt.date,
                 cache: Path, only: dict[str, frozenset[str]] | None = None) -> None:
        """``only``: by language, the pages whose sheets are to be made (an update of the
        site, ``update.py``); the sheets of the others are in the site as they are."""
        self.inventory, self.today, self.cache, self.only = inventory, today, cache, only
        self.process: subprocess.Popen | None = None
        self.ready: set[str] = set()  # the languages the process has said it made
        few = only is not None and sum(map(len, only.values())) < MIN_SHEETS
        if len(inventory.assets) < MIN_ASSETS or not languages or few:
            return
        self._folder = tempfile.TemporaryDirectory(prefix="assetmap-sheets-")
        self._errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - as long as it runs
        default = inventory.settings.default_language
        job = _Job(inventory, sorted(languages, key=lambda code: code == default), today,
                   cache, Path(self._folder.name), only)
        path = os.pathsep.join(p for p in (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH"))
                               if p)
        self.process = subprocess.Popen(COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self._errors, env={**os.environ,
                                                                  "PYTHONPATH": path})
        assert self.process.stdin is not None
        try:
            pickle.dump(job, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.process.stdin.close()
        except BrokenPipeError:  # it stopped at once: ``sheets`` says why
            pass

    @property
    def beside(self) -> bool:
        """Whether the sheets are made in a process of their own."""
        return self.process is not None

    def sheets(self, lang: str) -> Printed:
        """The sheets of ``lang``: waited for, or made now. Raises ``PdfError`` as making
        them here would, and when the process stopped before it made them."""
        if self.process is None:
            made = print_language(self.inventory, lang, self.today, self.cache,
                                  None if self.only is None else self.only.get(lang, ()))
            # made here: what it logged is logged already
            return Printed(made.files, made.made, made.seconds, made.cpu_seconds, made.process,
                           made.peak_memory)
        assert self.process.stdout is not None
        while lang not in self.ready:
            line = self.process.stdout.readline().decode("utf-8", "replace").strip()
            if not line:
                raise PdfError(self._stopped())
            self.ready.add(line)
        with (Path(self._folder.name) / f"{lang}.pickle").open("rb") as result:
            printed = pickle.load(result)
        if isinstance(printed, PdfError):
            raise printed
        return printed

    def _stopped(self) -> str:
        assert self.process is not None
        code = self.process.wait()
        self._errors.seek(0)
        said = self._errors.read().decode("utf-8", "replace").strip().splitlines()[-12:]
        return (f"The process that makes the printable sheets stopped (exit code {code}) "
                "before it made them all. It said:\n" + "\n".join(said or ["(nothing)"]))

    def close(self) -> None:
        """Stop the process (sheets not asked for are not made)."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            for pipe in (self.process.stdout, self._errors):
                if pipe is not None:
                    pipe.close()
            self._folder.cleanup()
            self.process = None


def _main() -> None:
    """The process of sheets: the job on standard input, each language's name on standard
    output once its ``Printed`` (or the ``PdfError`` that stopped it) is in its file."""
    job: _Job = pickle.load(sys.stdin.buffer)
    for lang in job.languages:
        try:
            printed: Printed | PdfError = print_language(
                job.inventory, lang, job.today, job.cache,
                None if job.only is None else job.only.get(lang, frozenset()), SIDE_THREADS)
        except PdfError as exc:
            printed = exc
        partial = job.results / f"{lang}.part"
        with partial.open("wb") as out:
            pickle.dump(printed, out, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(job.results / f"{lang}.pickle")
        sys.stdout.write(f"{lang}\n")
        sys.stdout.flush()
        if isinstance(printed, PdfError):
            return


if __name__ == "__main__":  # run as a module: what it pickles is this module's, by its name
    from assetmap.build.printing import _main as main

    main()
