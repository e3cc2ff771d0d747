"""Whether the deploy workflow's cache (kept by ``actions/cache``) pays for itself: what it
saves a build against what it costs to restore and save. It keeps ``.cache/assetmap/``, and
the site and the generated pages' folders in docs/ (``KEPT``): with them a build after a small
change updates the site the last run built (``assetmap/build/update.py``).

    python benchmarks/deploy_cache.py            # the sample in data/, and 1,000 assets
    python benchmarks/deploy_cache.py 0 1000 5000 # 0: the sample

A workflow run starts from a fresh checkout: no site/, none of the pages the last build
generated into docs/; only what the cache restores. For each inventory, in a scratch copy of
the project: a cold build (no cache); then, from a fresh checkout each time (site/ and the
generated pages removed), the build with the whole cache restored, with ``.cache/assetmap/``
alone (what the workflow kept before), and with none, unchanged and after a one-row edit
(as ``build_site.py --edit-one-row``). Prints each build's seconds and the caches' sizes: on
disk, and as the zstd tarball ``actions/cache`` uploads and downloads. Each build runs in a
process of its own, as ``assetmap build`` does. A benchmark, not a test.
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
# What the workflow keeps, under the project (deploy.yml's ``path``)
KEPT = (".cache/assetmap", "site", *(f"docs/{name}" for name in GENERATED_FOLDERS))


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


def size_of(root: Path, paths: tuple[str, ...]) -> tuple[int, int]:
    """The folders' bytes on disk, and as a zstd tarball (what ``actions/cache`` moves); a
    folder the build did not make is left out, as ``actions/cache`` leaves it."""
    paths = tuple(path for path in paths if (root / path).exists())
    raw = sum(p.stat().st_size for path in paths for p in (root / path).rglob("*")
              if p.is_file())
    with tempfile.TemporaryDirectory() as scratch:
        tarball = Path(scratch) / "cache.tzst"
        subprocess.run(["tar", "--zstd", "-cf", str(tarball), "-C", str(root), *paths],
                       check=True)
        return raw, tarball.stat().st_size


def restore(kept: Path, project: Path, paths: tuple[str, ...]) -> None:
    """Copy ``paths`` from ``kept`` to ``project``, times and all, as a tarball keeps them."""
    for path in paths:
        if (kept / path).exists():
            shutil.copytree(kept / path, project / path, dirs_exist_ok=True)


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
        kept = scratch / "kept-cache"
        result = {"assets": count or "sample", "cold": timed(config)}
        restore(project, kept, KEPT)
        result["raw"], result["zstd"] = size_of(project, KEPT)
        result["raw cache"], result["zstd cache"] = size_of(project, KEPT[:1])
        for edit in (False, True):
            if edit:
                edit_one_row(project / "data")
            for restored in (KEPT, KEPT[:1], ()):
                fresh_checkout(project)
                shutil.rmtree(project / KEPT[0], ignore_errors=True)
                restore(kept, project, restored)
                result[(edit, len(restored))] = timed(config)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[0, 1000],
                        help="synthetic inventories of this many assets (0: the sample)")
    args = parser.parse_args()
    print("assets   cold | unchanged: all  .cache  none | one-row edit: all  .cache  none |"
          " all, on disk and zstd | .cache alone")
    whole, alone = len(KEPT), 1
    for count in args.sizes:
        r = measure(count)
        line = f"{r['assets']!s:>6} {r['cold']:6.1f} |"
        for edit in (False, True):
            line += (f"  {r[(edit, whole)]:12.1f} {r[(edit, alone)]:6.1f} "
                     f"{r[(edit, 0)]:5.1f} |")
        line += (f" {r['raw'] / 1e6:6.1f} MB, {r['zstd'] / 1e6:5.1f} MB |"
                 f" {r['raw cache'] / 1e6:6.1f} MB, {r['zstd cache'] / 1e6:5.1f} MB")
        print(line, flush=True)


if __name__ == "__main__":
    main()
