"""A build after a one-row edit renders only the pages the row is on: the others are read back
from docs/, where the last build left them (``assetmap/build/cache.py``). What it makes is what
a build without a cache makes, byte for byte; a page touched since is rendered again."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from assetmap.build import rendered
from assetmap.build.generate import generate, render_site
from assetmap.build.site import copy_project, move_aside
from assetmap.inventory.load import load

from .support.inventory import edit_row
from .support.project import SITE_DATA, TODAY


def inventory_copy(folder: Path) -> Path:
    folder.mkdir()
    for name in ("assets.csv", "categories.yml", "neighbourhoods.yml"):
        shutil.copy(SITE_DATA / name, folder / name)
    return folder


def test_a_one_row_edit_renders_only_the_pages_it_changes(tmp_path, settings):
    data, docs, cache = inventory_copy(tmp_path / "data"), tmp_path / "docs", tmp_path / "cache"
    first = generate(data, docs, settings, TODAY, cache)
    assert first.reused == frozenset()
    before = dict(first.pages)  # as written in docs/, where the next build writes
    asset = next(csv.DictReader(io.StringIO((data / "assets.csv").read_text("utf-8"))))["id"]
    edit_row(data, asset, description="A description changed by one edit.")

    second = generate(data, docs, settings, TODAY, cache)
    changed = {path for path, text in second.pages.items() if before.get(path) != text}
    assert f"assets/{asset}.md" in changed
    rendered = set(second.pages) - second.reused
    assert changed <= rendered
    # Besides: pages that hold the whole directory's entries, not all of what they show, and
    # the downloads' page, whose files' sizes (in bytes in its model) changed with the row
    assert {Path(path).name.split(".")[0] for path in rendered - changed} \
        <= {"index", "a-z", "map", "find", "open-data"}
    assert len(rendered) < len(second.pages) / 4
    loaded = load(data, settings, today=TODAY)
    assert second.pages == render_site(loaded.inventory, TODAY, second.downloads.files)


def test_a_build_with_nothing_changed_leaves_every_page_as_it_was(tmp_path, settings):
    """Pages still as docs/ has them are not read when they are generated again (``Written``
    reads them when asked): none is written over, the last one made (the downloads' page,
    made once the exports are written) included."""
    data, docs, cache = inventory_copy(tmp_path / "data"), tmp_path / "docs", tmp_path / "cache"
    first = dict(generate(data, docs, settings, TODAY, cache).pages)
    second = generate(data, docs, settings, TODAY, cache)
    assert second.written == 0
    assert {"open-data.md", "open-data.fr.md"} <= second.reused
    assert [path for path in first if second.pages[path] != first[path]] == []


def test_a_page_touched_since_the_last_build_is_rendered_again(tmp_path, settings):
    data, docs, cache = inventory_copy(tmp_path / "data"), tmp_path / "docs", tmp_path / "cache"
    first = generate(data, docs, settings, TODAY, cache)
    a_to_z = first.pages["a-z.md"]
    (docs / "a-z.md").write_text(a_to_z + "\nAn edit by hand.\n", encoding="utf-8")
    second = generate(data, docs, settings, TODAY, cache)
    assert "a-z.md" not in second.reused
    assert (docs / "a-z.md").read_text(encoding="utf-8") == a_to_z
    assert second.reused == set(first.pages) - {"a-z.md"}


# --- the theme's pages -----------------------------------------------------------------------


def built(project: Path) -> tuple[dict[str, bytes], int]:
    """Build the project as ``assetmap build`` does: its HTML files, by path, and how many
    pages were not rendered but taken from an earlier build."""
    config = load_config(str(project / "mkdocs.yml"), strict=True)
    build(config)
    site = project / "site"
    pages = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}
    return pages, config.plugins["assetmap"].rendered.reused


def test_pages_the_theme_rendered_before_are_the_pages_it_would_render(tmp_path):
    """A build after a one-row edit, with what the build before kept, makes the same HTML as
    a build of the edited inventory with nothing kept."""
    for name in ("kept", "fresh"):
        config = copy_project(tmp_path / name, SITE_DATA)
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("pdf_sheets: true", "pdf_sheets: false"),
                          encoding="utf-8")
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    built(kept)
    asset = next(csv.DictReader(io.StringIO((kept / "data" / "assets.csv").read_text(
        "utf-8"))))["id"]
    for project in (kept, fresh):
        edit_row(project / "data", asset, description="A description changed by one edit.")
    again, reused = built(kept)
    assert reused > len(again) / 2
    assert again == built(fresh)[0]


def test_the_last_site_is_moved_aside_and_deleted_while_the_next_is_built(tmp_path):
    """As MkDocs does before a build, all but hidden files go; at once, not file by file."""
    site = tmp_path / "site"
    (site / "assets" / "a").mkdir(parents=True)
    (site / "assets" / "a" / "index.html").write_text("old", encoding="utf-8")
    (site / "index.html").write_text("old", encoding="utf-8")
    (site / ".git").write_text("kept", encoding="utf-8")
    remover = move_aside(site)
    assert sorted(p.name for p in site.iterdir()) == [".git"]
    remover.join()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert move_aside(tmp_path / "never-built") is None


def test_going_through_the_wrapper_changes_no_page(tmp_path, monkeypatch):
    """Every page goes through a template that includes its own: the same HTML as the
    theme's template alone makes."""
    for name in ("wrapped", "plain"):
        config = copy_project(tmp_path / name, SITE_DATA)
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("pdf_sheets: true", "pdf_sheets: false"),
                          encoding="utf-8")
    wrapped, _ = built(tmp_path / "wrapped")
    monkeypatch.setattr(rendered, "wrap", lambda page: None)
    monkeypatch.setattr(rendered, "install", lambda env: None)
    plain, _ = built(tmp_path / "plain")
    assert wrapped == plain
