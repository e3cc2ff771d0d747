"""Printable sheets (HTML, from ``assetmap/render/sheets.py``) into PDF files, with WeasyPrint.

WeasyPrint is pure Python on top of Pango, which Debian, Ubuntu and GitHub's runners have: the
same PDFs are made here and in the deploy job. Each PDF is tagged (headings, lists, reading
order), carries its language (``/Lang``, from ``<html lang>``) and its title, and its text is
real text: it can be copied, searched and read aloud.

Sheets are made in parallel, one process per core. Each PDF is kept in a cache folder under
the name of a digest of what it is made from (its HTML, the stylesheet, WeasyPrint's version):
a sheet that has not changed since an earlier build is copied, not made again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

KEEP_DAYS = 30  # a cached PDF no build has used for this long is deleted


class PdfError(Exception):
    """The PDFs could not be made: the message says why and what to do."""


@dataclass(frozen=True)
class Sheet:
    html: str
    base_url: str  # the sheet's page online: its relative links lead there


_renderer: dict[str, object] = {}  # per process: the parsed stylesheet and font configuration


def _weasyprint():
    try:
        import weasyprint
    except OSError as exc:  # Pango is missing
        raise PdfError(f"WeasyPrint, which makes the printable sheets, cannot start: {exc}. "
                       "Install Pango (Debian and Ubuntu: apt-get install libpango-1.0-0 "
                       "libpangoft2-1.0-0) and a font with Arabic letters (fonts-dejavu-core)."
                       ) from None
    return weasyprint


def render_pdf(sheet: Sheet, stylesheet: str) -> bytes:
    """One sheet as a tagged PDF; ``stylesheet`` is the print stylesheet's text."""
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    if _renderer.get("source") != stylesheet:
        fonts = FontConfiguration()
        _renderer.update(source=stylesheet, fonts=fonts,
                         css=weasyprint.CSS(string=stylesheet, font_config=fonts))
    document = weasyprint.HTML(string=sheet.html, base_url=sheet.base_url or None)
    return document.write_pdf(stylesheets=[_renderer["css"]], font_config=_renderer["fonts"],
                              pdf_tags=True)


def _digest(sheet: Sheet, stylesheet: str) -> str:
    parts = (_weasyprint().__version__, sheet.html, sheet.base_url, stylesheet)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def write_pdfs(sheets: dict[Path, Sheet], stylesheet: Path, cache: Path,
               jobs: int | None = None) -> int:
    """Write each sheet as a PDF at its path; returns how many had to be made anew.

    ``cache``: the folder of PDFs made before; ``jobs``: how many processes make PDFs
    (default: one per core).
    """
    css = stylesheet.read_text(encoding="utf-8")
    cached = {path: cache / f"{_digest(sheet, css)}.pdf" for path, sheet in sheets.items()}
    todo = sorted({cached[p]: p for p in sheets if not cached[p].is_file()}.values(),
                  key=lambda p: -len(sheets[p].html))  # the longest first: even shares
    cache.mkdir(parents=True, exist_ok=True)
    jobs = min(jobs or os.cpu_count() or 1, len(todo))
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            made = pool.map(render_pdf, [sheets[p] for p in todo], [css] * len(todo))
            for path, pdf in zip(todo, made):
                _write(cached[path], pdf)
    else:
        for path in todo:
            _write(cached[path], render_pdf(sheets[path], css))
    for path, source in cached.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        os.utime(source)  # used today: kept
    _prune(cache)
    return len(todo)


def _write(path: Path, pdf: bytes) -> None:
    """Write whole or not at all: another build may read the cache at the same time."""
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(pdf)
    partial.replace(path)


def _prune(cache: Path) -> None:
    too_old = time.time() - KEEP_DAYS * 86400
    for path in cache.glob("*.pdf"):
        if path.stat().st_mtime < too_old:
            path.unlink(missing_ok=True)
