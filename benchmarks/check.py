"""How long `assetmap check` takes (reading and validating every cell) for N assets.

    python benchmarks/check.py 1000 10000
    python benchmarks/check.py --format xlsx 10000

For each N: the build benchmark's deterministic inventory (English, French, one asset in
three in Arabic), as CSV or as an Excel workbook, then ``load`` (what `assetmap check` and
the build run) the best of ``--repeat`` times. Prints seconds and microseconds per asset. To
compare two versions of the code in one run, run it once from each checkout on the same
machine, one after the other. A benchmark, not a test.
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
from benchmarks.build_site import write_inventory  # noqa: E402


def as_workbook(folder: Path) -> None:
    """The inventory's CSV as an .xlsx beside it (the CSV removed)."""
    import csv

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    with (folder / "assets.csv").open(encoding="utf-8", newline="") as rows:
        for row in csv.reader(rows):
            sheet.append(row)
    workbook.save(folder / "assets.xlsx")
    (folder / "assets.csv").unlink()


def measure(count: int, fmt: str, repeat: int) -> float:
    settings = load_settings(ROOT / "mkdocs.yml")
    today = dt.date(2026, 11, 28)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "data"
        write_inventory(folder, count, today)
        if fmt == "xlsx":
            as_workbook(folder)
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            loaded = load(folder, settings, today=today)
            best = min(best, time.perf_counter() - start)
        assert not loaded.has_errors, [p.message for p in loaded.problems if p.is_error][:3]
        return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for count in args.sizes:
        seconds = measure(count, args.format, args.repeat)
        print(f"{count:>6} assets ({args.format}): {seconds:6.2f} s  "
              f"{seconds / count * 1e6:6.0f} µs/asset", flush=True)


if __name__ == "__main__":
    main()
