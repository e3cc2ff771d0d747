"""How long the printable sheets (PDF) take: milliseconds per printed page, per language.

    python benchmarks/sheets.py                 # the sample in data/, en fr ar
    python benchmarks/sheets.py --assets 1000   # the build benchmark's synthetic inventory
    python benchmarks/sheets.py --threads 2     # as built by one thread, and by two

For each language: every category and neighbourhood sheet's data (``render_sheets``: the
page models and the words), then each sheet set in type by Typst (``render_pdf``), one after
the other, as a build does: in a new process each time (Typst remembers what it has laid out
before, so a sheet made twice in one process is faster the second time), with the fonts read
and the template read first, on a sheet of no entries. The best of ``--repeat`` such runs.
Prints the sheets, their Letter pages, the milliseconds per page (wall clock, and the CPU
time of the process: on a machine that other work shares, the CPU time is the steadier
figure), the PDFs' bytes. Then the same sheets as a build makes them (``cache_pdfs``): their
data, QR codes, Typst and files, by one thread and by ``--threads`` (by default as many as a
build uses where it waits for its sheets: one per core, at most four), each in a new process.
A benchmark, not a test.

The engine before Typst, WeasyPrint 70 (HTML and print.css), measured the same way on the
sample's sheets (this 2-core machine, shared): 517 ms a page in English, 1,060 in French,
1,111 in Arabic; 47, 51 and 48 pages; 1.31, 1.38 and 1.65 MB.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assetmap.config import load_settings  # noqa: E402
from assetmap.inventory.load import load  # noqa: E402
from assetmap.render.pdf import THREADS, cache_pdfs, render_pdf  # noqa: E402
from assetmap.render.print_head import qr_svg  # noqa: E402
from assetmap.render.sheets import each_sheet, render_sheets  # noqa: E402
from benchmarks.build_site import write_inventory  # noqa: E402


def pages_of(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def read_fonts(sheet) -> None:
    """Have Typst read the fonts and the template, once per process, on ``sheet`` with no
    entries: not counted in a sheet's time."""
    empty = copy.deepcopy(sheet)
    empty.data.update(groups=[], area_wide=[])
    render_pdf(empty)


def one_run(sheets: list) -> tuple[float, float, float, list[bytes]]:
    """Wall and CPU seconds to make every sheet here, one after the other, each for the first
    time in this process; the CPU seconds of their QR codes, made first (in a build, the
    pages made them already: a page and its sheet share theirs); the PDFs."""
    read_fonts(sheets[0])
    cpu = time.process_time()
    for sheet in sheets:
        qr_svg(sheet.data["head"]["address"])
    qr = time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    made = [render_pdf(sheet) for sheet in sheets]
    return time.perf_counter() - wall, time.process_time() - cpu, qr, made


def as_built(inventory, lang: str, today: dt.date, threads: int) -> tuple[float, float]:
    """Wall and CPU seconds to make every sheet of ``lang`` as a build does (``cache_pdfs``
    of ``each_sheet``, into an empty cache): their data, QR codes, Typst and files, by
    ``threads`` threads, the fonts read first."""
    read_fonts(next(each_sheet(inventory, lang, today))[1])
    with tempfile.TemporaryDirectory() as cache:
        wall, cpu = time.perf_counter(), time.process_time()
        cache_pdfs(each_sheet(inventory, lang, today), Path(cache), threads)
        return time.perf_counter() - wall, time.process_time() - cpu


def fresh(function, *args):
    """``function(*args)`` in a new process: Typst remembers what it has laid out before.
    Started afresh ("spawn"): a copy of this one ("fork") would inherit Typst's threads'
    locks, held, and wait forever."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as process:
        return process.submit(function, *args).result()


def measure(inventory, lang: str, today: dt.date, repeat: int, threads: int) -> str:
    start = time.perf_counter()
    sheets = list(render_sheets(inventory, lang, today).values())
    data_ms = 1000 * (time.perf_counter() - start)
    wall, cpu, qr, made = min((fresh(one_run, sheets) for _ in range(repeat)),
                              key=lambda r: r[1])
    pages = sum(pages_of(pdf) for pdf in made)
    line = (f"{lang:3} {len(sheets):5} sheets {pages:6} pages  data {data_ms:5.0f} ms  "
            f"QR codes {1000 * qr / len(sheets):4.1f} ms/sheet  "
            f"typst {1000 * wall / pages:5.1f} ms/page (CPU {1000 * cpu / pages:4.1f})  "
            f"{sum(map(len, made)) / 1e6:6.2f} MB")
    for count in sorted({1, threads}):
        wall, cpu = min((fresh(as_built, inventory, lang, today, count) for _ in range(repeat)),
                        key=lambda r: r[0])
        line += (f"\n      as built, {count} thread{'s' if count > 1 else ''}: "
                 f"{1000 * wall / pages:5.1f} ms/page (CPU {1000 * cpu / pages:4.1f})")
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--assets", type=int, help="a synthetic inventory of this many assets")
    parser.add_argument("--lang", nargs="+", default=["en", "fr", "ar"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, default=THREADS,
                        help="also as built by this many threads (default: as a build would)")
    args = parser.parse_args()
    today = dt.date.today()
    settings = load_settings(ROOT / "mkdocs.yml")
    with tempfile.TemporaryDirectory() as scratch:
        data = args.data
        if args.assets:
            data = Path(scratch, "data")
            write_inventory(data, args.assets, today)
        inventory = load(data, settings, today=today).inventory
    print(f"{len(inventory.assets)} assets; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}")
    for lang in args.lang:
        print(measure(inventory, lang, today, args.repeat, args.threads), flush=True)


if __name__ == "__main__":
    main()
