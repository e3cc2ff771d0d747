"""Printable sheets (data, from ``assetmap/render/sheets.py``) into PDF files, with Typst.

Typst (the ``typst`` package: the typesetter itself, compiled in, no system library) sets the
template ``typst/sheet.typ`` with a sheet's data in a few milliseconds a page. Each PDF is
PDF/UA-1: tagged (headings, lists, paragraphs, reading order), with its language (``/Lang``)
and its title, and its text is real text: it can be copied, searched and read aloud. The
letters are DejaVu Sans Condensed, which has Arabic; Typst finds it among the system's
fonts.

Each PDF is kept in a cache folder under the name of a digest of what it is made from: the
sheet's data without the day (so a new day alone does not make every sheet again), the
template and Typst's version. A sheet whose data has not changed since an earlier build is
copied, not made again, and so says the day it was made ("Printed on ..."): its details are
still those of the day's pages, as they have not changed since.

Sheets are made by as many threads as the process has cores (``THREADS``, at most four):
Typst lets go of Python's lock while it sets a sheet, so two threads make sheets at twice the
speed of one on two cores, sharing the fonts. Each thread has its own compiler. For a large
inventory the build makes them in a process of its own, beside MkDocs
(``assetmap/build/printing.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import typst

from assetmap.render.print_head import qr_svg

TEMPLATE = Path(__file__).resolve().parent / "typst" / "sheet.typ"
FONT = "DejaVu Sans"  # as the template names it: Latin, Greek, Cyrillic and Arabic letters
# The faces the template sets, narrow (DejaVu Sans Condensed): (style, weight)
FACES = {("normal", 400), ("normal", 700), ("italic", 400)}
STANDARDS = ["ua-1"]
KEEP_DAYS = 30  # a cached PDF no build has used for this long is deleted
# Threads that make sheets: the cores this process may run on, at most four (each holds a
# sheet being set in memory)
THREADS = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
              else os.cpu_count() or 1)

log = logging.getLogger("mkdocs.plugins.assetmap")
K = TypeVar("K")  # what a sheet is known by: where its PDF goes
T = TypeVar("T")
R = TypeVar("R")


class PdfError(Exception):
    """The PDFs could not be made: the message says why and what to do."""


@dataclass(frozen=True)
class Sheet:
    data: dict  # what the sheet shows but the day (see sheets.py): JSON-able
    printed: str  # the line that says when it was made, e.g. "Printed on 3 May 2026."
    day: dt.date  # the day it is made


@functools.cache
def _fonts() -> typst.Fonts:
    """The fonts, found once per process, for every thread's compiler."""
    fonts = typst.Fonts(include_system_fonts=True, include_embedded_fonts=True)
    faces = {(f.style, f.weight) for f in fonts.fonts()
             if f.family == FONT and round(f.stretch, 3) == 0.875}
    if not FACES.issubset(faces):
        raise PdfError(f"The printable sheets need the font {FONT} Condensed, which has Arabic "
                       "letters: install it (Debian and Ubuntu: apt-get install "
                       "fonts-dejavu-core fonts-dejavu-extra).")
    return fonts


_local = threading.local()


def _compiler() -> typst.Compiler:
    """This thread's compiler: the template read once. A compiler sets one sheet at a time."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = _local.compiler = typst.Compiler(TEMPLATE, root=TEMPLATE.parent,
                                                    font_paths=_fonts())
    return compiler


def render_pdf(sheet: Sheet, breakable: bool = False) -> bytes:
    """One sheet as a PDF/UA-1 document. ``breakable``: let an entry run on to the next page
    (never on a sheet: for a test that the page-break check can fail)."""
    address = sheet.data["head"]["address"]
    # What the data leaves out: the day, and the QR code, which the address makes
    extra = {"printed": sheet.printed, "qr": qr_svg(address) if address else ""}
    inputs = {"sheet": json.dumps({**sheet.data, **extra}, ensure_ascii=False)}
    if breakable:
        inputs["breakable"] = "true"
    made = dt.datetime.combine(sheet.day, dt.time(), dt.timezone.utc)
    try:
        try:
            return _compiler().compile(sys_inputs=inputs, pdf_standards=STANDARDS,
                                       timestamp=made)
        except typst.TypstError as exc:
            if not exc.message.startswith("PDF/UA"):
                raise
            # A character no font here has (an emoji, say) is drawn as a box, which PDF/UA
            # does not allow: the sheet is still made, tagged, without claiming PDF/UA.
            log.info(f"assetmap: {sheet.data['title']}: {exc.message}; its PDF is tagged but "
                     "not PDF/UA-1")
            return _compiler().compile(sys_inputs=inputs, timestamp=made)
    except typst.TypstError as exc:
        raise PdfError(f"A printable sheet could not be made ({sheet.data['title']}): "
                       f"{exc.message}") from None
    except BaseException as exc:  # a bug in Typst: a Rust panic, which is no Exception
        if type(exc).__name__ != "PanicException":
            raise
        raise PdfError(f"Typst stopped on the printable sheet {sheet.data['title']}: {exc}. "
                       "This is a bug in Typst, not in the inventory: building with pdf_sheets: "
                       "false leaves the sheets out until it is fixed.") from None


@functools.cache
def _engine() -> str:
    return f"typst {typst.__version__}\0{TEMPLATE.read_text(encoding='utf-8')}"


def digest(sheet: Sheet) -> str:
    """What a sheet's PDF is made from, but the day: its name in the cache."""
    data = json.dumps(sheet.data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(f"{_engine()}\0{data}".encode()).hexdigest()


def cache_pdfs(sheets: Mapping[K, Sheet] | Iterable[tuple[K, Sheet]], cache: Path,
               threads: int = THREADS) -> tuple[dict[K, Path], int]:
    """Make the PDF of each sheet (by its key; given one after the other, or all at once)
    not in ``cache`` (the folder of PDFs made before) into it, by ``threads`` threads.
    Returns each sheet's PDF in the cache, by the sheet's key, and how many were made anew."""
    cache.mkdir(parents=True, exist_ok=True)
    cached: dict[K, Path] = {}
    wanted: set[Path] = set()  # the PDFs to make (not their sheets: a few in memory)

    def to_make() -> Iterator[tuple[Path, Sheet]]:
        for key, sheet in sheets.items() if isinstance(sheets, Mapping) else sheets:
            target = cached[key] = cache / f"{digest(sheet)}.pdf"
            if target in wanted:
                continue  # the same sheet twice: made once
            if target.is_file():
                os.utime(target)  # used today: kept
            else:
                wanted.add(target)
                yield target, sheet

    for _ in in_threads(lambda job: _write(job[0], render_pdf(job[1])), to_make(), threads):
        pass
    _prune(cache)
    return cached, len(wanted)


def in_threads(work: Callable[[T], R], items: Iterable[T], threads: int) -> Iterator[R]:
    """``work`` done on each of ``items`` by ``threads`` threads, its results in the order of
    the items. The items are taken a few ahead of the threads: one at a time when they are
    made one at a time. An error stops the work and is raised."""
    if threads <= 1:
        yield from map(work, items)
        return
    with ThreadPoolExecutor(threads, thread_name_prefix="assetmap-sheets") as pool:
        running: list[Future[R]] = []
        try:
            for item in items:
                running.append(pool.submit(work, item))
                if len(running) >= 2 * threads:
                    yield running.pop(0).result()
            for future in running:
                yield future.result()
        finally:
            for future in running:
                future.cancel()


def copy_pdfs(cached: dict[Path, Path]) -> None:
    """Copy each PDF made (the value, in the cache) to where it goes (the key)."""
    for path, source in cached.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)


def write_pdfs(sheets: dict[Path, Sheet], cache: Path) -> int:
    """Write each sheet as a PDF at its path; returns how many had to be made anew.

    ``cache``: the folder of PDFs made before.
    """
    cached, made = cache_pdfs(sheets, cache)
    copy_pdfs(cached)
    return made


def _write(path: Path, pdf: bytes) -> None:
    """Write whole or not at all: another build may read the cache at the same time."""
    partial = path.with_suffix(f".{os.getpid()}-{threading.get_native_id()}.part")
    partial.write_bytes(pdf)
    partial.replace(path)


def _prune(cache: Path) -> None:
    too_old = time.time() - KEEP_DAYS * 86400
    for path in cache.glob("*.pdf"):
        if path.stat().st_mtime < too_old:
            path.unlink(missing_ok=True)
