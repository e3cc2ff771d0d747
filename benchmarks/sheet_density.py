"""How many entries fit on a page of the printable sheets (PDF) of the sample in data/.

    python benchmarks/sheet_density.py [--lang en] [--data data]

For each category (and with --all, each neighbourhood) sheet: its entries shown in full, its
Letter pages and the entries per page; then the average over the category sheets (all their
entries over all their pages) and the smallest. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assetmap.config import load_settings  # noqa: E402
from assetmap.inventory.load import load  # noqa: E402
from assetmap.render.pdf import write_pdfs  # noqa: E402
from assetmap.render.sheets import PDF_CACHE, render_sheets  # noqa: E402


def pages_of(pdf: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--all", action="store_true", help="neighbourhood sheets too")
    args = parser.parse_args()
    settings = load_settings(ROOT / "mkdocs.yml")
    loaded = load(args.data, settings)
    sheets = render_sheets(loaded.inventory, args.lang, dt.date.today())
    if not args.all:
        sheets = {p: s for p, s in sheets.items() if "categories/" in p}
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        paths = {Path(scratch, p): s for p, s in sheets.items()}
        write_pdfs(paths, Path(scratch, PDF_CACHE))
        seconds = time.perf_counter() - start
        rows = []
        for path, sheet in paths.items():
            entries = sum(len(group["entries"]) for group in sheet.data["groups"])
            pages = pages_of(path)
            rows.append((path.relative_to(scratch).as_posix(), entries, pages,
                         path.stat().st_size))
    for name, entries, pages, size in rows:
        print(f"{name:55} {entries:4} entries {pages:3} pages {entries / pages:5.2f}/page "
              f"{size:8} bytes")
    categories = [r for r in rows if "categories/" in r[0]]
    total_entries = sum(r[1] for r in categories)
    total_pages = sum(r[2] for r in categories)
    print(f"category sheets: {total_entries} entries on {total_pages} pages: "
          f"{total_entries / total_pages:.2f} per page on average, smallest "
          f"{min(r[1] / r[2] for r in categories):.2f}; made in {seconds:.2f} s")


if __name__ == "__main__":
    main()
