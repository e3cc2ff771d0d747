"""A build after a one-row edit renders only the pages the row is on: the others are read back
from docs/, where the last build left them (``assetmap/build/cache.py``). What it makes is what
a build without a cache makes, byte for byte; a page touched since is rendered again."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from assetmap.build.generate import generate, render_site
from assetmap.inventory.load import load

from .support.project import SITE_DATA, TODAY


def inventory_copy(folder: Path) -> Path:
    folder.mkdir()
    for name in ("assets.csv", "categories.yml", "neighbourhoods.yml"):
        shutil.copy(SITE_DATA / name, folder / name)
    return folder


def edit_row(data: Path, asset: str, **values: str) -> None:
    path = data / "assets.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if row["id"] == asset:
            row.update(values)
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_a_one_row_edit_renders_only_the_pages_it_changes(tmp_path, settings):
    data, docs, cache = inventory_copy(tmp_path / "data"), tmp_path / "docs", tmp_path / "cache"
    first = generate(data, docs, settings, TODAY, cache)
    assert first.reused == frozenset()
    asset = next(csv.DictReader(io.StringIO((data / "assets.csv").read_text("utf-8"))))["id"]
    edit_row(data, asset, description="A description changed by one edit.")

    second = generate(data, docs, settings, TODAY, cache)
    changed = {path for path, text in second.pages.items() if first.pages.get(path) != text}
    assert f"assets/{asset}.md" in changed
    rendered = set(second.pages) - second.reused
    assert changed <= rendered
    # Besides: pages that hold the whole directory's entries, not all of what they show
    assert {Path(path).name.split(".")[0] for path in rendered - changed} \
        <= {"index", "a-z", "map", "find"}
    assert len(rendered) < len(second.pages) / 4
    loaded = load(data, settings, today=TODAY)
    assert second.pages == render_site(loaded.inventory, TODAY, second.downloads.files)


def test_a_page_touched_since_the_last_build_is_rendered_again(tmp_path, settings):
    data, docs, cache = inventory_copy(tmp_path / "data"), tmp_path / "docs", tmp_path / "cache"
    first = generate(data, docs, settings, TODAY, cache)
    (docs / "a-z.md").write_text(first.pages["a-z.md"] + "\nAn edit by hand.\n",
                                 encoding="utf-8")
    second = generate(data, docs, settings, TODAY, cache)
    assert "a-z.md" not in second.reused
    assert (docs / "a-z.md").read_text(encoding="utf-8") == first.pages["a-z.md"]
    assert second.reused == set(first.pages) - {"a-z.md"}
