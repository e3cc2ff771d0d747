"""Whether the deploy workflow's cache (``.cache/assetmap/``, kept by ``actions/cache``) pays
for itself: what it saves a build against what it costs to restore and save.

    python benchmarks/deploy_cache.py            # the sample in data/, and 1,000 assets
    python benchmarks/deploy_cache.py 0 1000 5000 # 0: the sample

A workflow run starts from a fresh checkout: no site/, none of the pages the last build
generated into docs/; only what the cache restores. For each inventory, in a scratch copy of
the project: a cold build (no cache); then, from a fresh checkout each time (site/ and the
generated pages removed), the build with the cache restored and without it, unchanged and
after a one-row edit (as ``build_site.py --edit-one-row``). Prints each build's seconds, what
the cache saved, and the cache's size: on disk, and as the zstd tarball ``actions/cache``
uploads and downloads. Each build runs in a process of its own, as ``assetmap build`` does.
A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_site import build_in_a_process, edit_one_row, write_inventory  # noqa: E402

from assetmap.build.site import copy_project  # noqa: E402

GENERATED = ("index", "a-z", "map", "gaps", "open-data", "inventory-format", "find")
GENERATED_FOLDERS = ("a-z", "categories", "neighbourhoods", "assets", "entries")


def fresh_checkout(project: Path) -> None:
    """What a workflow run starts from: the project without site/ or the generated pages."""
    shutil.rmtree(project / "site", ignore_errors=True)
    docs = project / "docs"
    for name in GENERATED_FOLDERS:
        shutil.rmtree(docs / name, ignore_errors=True)
    for stem in GENERATED:
        for path in docs.glob(f"{stem}.*md"):
            path.unlink()
        (docs / f"{stem}.md").unlink(missing_ok=True)


def size_of(folder: Path) -> tuple[int, int]:
    """The folder's bytes on disk, and as a zstd tarball (what ``actions/cache`` moves)."""
    raw = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    with tempfile.TemporaryDirectory() as scratch:
        tarball = Path(scratch) / "cache.tzst"
        subprocess.run(["tar", "--zstd", "-cf", str(tarball), "-C", str(folder.parent),
                        folder.name], check=True)
        return raw, tarball.stat().st_size


def timed(config: Path) -> float:
    ok, seconds = build_in_a_process(config)
    if not ok:
        raise SystemExit(f"the build of {config} failed")
    return seconds


def measure(count: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"assetmap-cache-{count}-") as scratch:
        scratch = Path(scratch)
        data = ROOT / "data"
        if count:
            data = scratch / "inventory"
            write_inventory(data, count, dt.date.today(), ("en", "fr", "ar"))
        config = copy_project(scratch / "project", data)
        project = config.parent
        cache = project / ".cache" / "assetmap"
        kept = scratch / "kept-cache"
        result = {"assets": count or "sample", "cold": timed(config)}
        shutil.copytree(cache, kept)
        result["raw"], result["zstd"] = size_of(cache)
        for edit in (False, True):
            if edit:
                edit_one_row(project / "data")
            for restored in (True, False):
                fresh_checkout(project)
                shutil.rmtree(cache, ignore_errors=True)
                if restored:
                    shutil.copytree(kept, cache)
                result[(edit, restored)] = timed(config)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[0, 1000],
                        help="synthetic inventories of this many assets (0: the sample)")
    args = parser.parse_args()
    print("assets   cold | unchanged: cache  none  saved | one-row edit: cache  none  saved |"
          " cache on disk, as zstd")
    for count in args.sizes:
        r = measure(count)
        line = f"{r['assets']!s:>6} {r['cold']:6.1f} |"
        for edit in (False, True):
            with_cache, without = r[(edit, True)], r[(edit, False)]
            line += (f"       {with_cache:6.1f} {without:5.1f} {without - with_cache:6.1f} |")
        line += f" {r['raw'] / 1e6:7.1f} MB, {r['zstd'] / 1e6:6.1f} MB"
        print(line, flush=True)


if __name__ == "__main__":
    main()
