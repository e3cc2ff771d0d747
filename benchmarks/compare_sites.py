"""Compare two built sites, file by file: what one has and the other lacks, and what differs.

    python benchmarks/compare_sites.py BEFORE/site AFTER/site

For a change that should not change what readers get (a refactoring). Pagefind's hash-named
chunks (and its entry file, which names them) are left out, and a workbook is compared part by
part without its creation time (``docProps/core.xml``); every other file should be the same
bytes. Prints the differences; exits 1 when there is any. A tool, not a test.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

HASHED = re.compile(r"^pagefind/(fragment|index|filter)/|^pagefind/pagefind.*\.pf_meta$|"
                    r"^pagefind/pagefind-entry\.json$")
STAMPED = {"docProps/core.xml"}  # a workbook's creation time


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*")
            if p.is_file() and not HASHED.search(p.relative_to(root).as_posix())}


def same(one: Path, other: Path) -> bool:
    if one.read_bytes() == other.read_bytes():
        return True
    if one.suffix != ".xlsx":
        return False
    with zipfile.ZipFile(one) as a, zipfile.ZipFile(other) as b:
        if a.namelist() != b.namelist():
            return False
        return all(a.read(n) == b.read(n) for n in a.namelist() if n not in STAMPED)


def compare(before: Path, after: Path) -> list[str]:
    old, new = files(before), files(after)
    lines = [f"only in {before}: {name}" for name in sorted(old.keys() - new.keys())]
    lines += [f"only in {after}: {name}" for name in sorted(new.keys() - old.keys())]
    lines += [f"differs: {name}" for name in sorted(old.keys() & new.keys())
              if not same(old[name], new[name])]
    return lines


def main() -> None:
    before, after = (Path(arg) for arg in sys.argv[1:3])
    differences = compare(before, after)
    print("\n".join(differences) or f"The same: {len(files(before))} files.")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
