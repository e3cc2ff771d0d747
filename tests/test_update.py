"""``assetmap build`` after a small change updates the site the last build made
(``assetmap/build/update.py``): the entries whose pages did not change are not built again,
and the site is the one a full build of the changed inventory makes, byte for byte (the
search index's filter files aside: Pagefind writes those in a different order each run).
Anything that changes the frame every entry's page shows (a page's title, an entry added or
removed, a hand-written page), a build that failed half-way, or a plain ``mkdocs build``
makes the next build a full one."""

from __future__ import annotations

import csv
import io
import json
import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from assetmap.build.search import Indexing, SearchIndexError
from assetmap.build.site import build_site, copy_project
from assetmap.build.update import MANIFEST, cache_folder

from .support.inventory import edit_row
from .support.project import SITE_DATA

UPDATING = "updating the site built last"


def project(folder: Path, sheets: bool = False) -> Path:
    config = copy_project(folder, SITE_DATA)
    if not sheets:
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("pdf_sheets: true", "pdf_sheets: false"), "utf-8")
    return folder


def assetmap_build(folder: Path, caplog) -> bool:
    """Build as ``assetmap build`` does; whether the build updated the site."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        assert build_site(folder / "mkdocs.yml")
    return any(UPDATING in record.getMessage() for record in caplog.records)


def first_asset(folder: Path) -> str:
    rows = csv.DictReader(io.StringIO((folder / "data" / "assets.csv").read_text("utf-8")))
    return next(rows)["id"]


def site_files(folder: Path) -> dict[str, bytes]:
    """The built site, by path; of the search index, what does not change from run to run."""
    site = folder / "site"
    files = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or relative.startswith("pagefind/filter/") or \
                relative.endswith(".pf_meta"):
            continue
        files[relative] = path.read_bytes()
    entry = json.loads(files.pop("pagefind/pagefind-entry.json"))
    files["pagefind/languages"] = json.dumps(
        {lang: info["page_count"] for lang, info in entry["languages"].items()},
        sort_keys=True).encode()
    return files


def same_sites(updated: Path, fresh: Path) -> None:
    mine, theirs = site_files(updated), site_files(fresh)
    assert sorted(mine) == sorted(theirs)
    assert [path for path in mine if mine[path] != theirs[path]] == []


def test_an_update_after_a_one_row_edit_is_the_site_a_full_build_makes(tmp_path, caplog):
    """Pages, fragments, printable sheets, downloads, search index and sitemap."""
    kept, fresh = project(tmp_path / "kept", True), project(tmp_path / "fresh", True)
    assert not assetmap_build(kept, caplog)
    asset = first_asset(kept)
    for folder in (kept, fresh):
        edit_row(folder / "data", asset, description="A description changed by one edit.")
    assert assetmap_build(kept, caplog)
    messages = [record.getMessage() for record in caplog.records]
    assert any("4 entries' pages as they are, 1 built again" in m for m in messages)
    # the description is in English only: only the English search index is made again, and
    # only the English sheets the entry is on
    assert any("made again for en" in m for m in messages)
    made = {m.split("'")[1]: int(m.split(", ")[1].split()[0]) for m in messages
            if "printable sheets (PDF) in" in m}
    assert made["fr"] == made["ar"] == 0 and made["en"] > 0
    assert "A description changed by one edit." in \
        (kept / "site" / "assets" / asset / "index.html").read_text(encoding="utf-8")
    assert not assetmap_build(fresh, caplog)
    same_sites(kept, fresh)


def test_an_update_with_nothing_changed_changes_nothing(tmp_path, caplog):
    kept = project(tmp_path / "kept")
    assetmap_build(kept, caplog)
    before = site_files(kept)
    assert assetmap_build(kept, caplog)
    assert any("5 entries' pages as they are, 0 built again" in r.getMessage()
               for r in caplog.records)
    assert site_files(kept) == before


def test_an_entry_added_or_removed_builds_the_whole_site(tmp_path, caplog):
    kept = project(tmp_path / "kept")
    assetmap_build(kept, caplog)
    path = kept / "data" / "assets.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    gone = rows[-1]["id"]
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows[:-1])
    path.write_text(out.getvalue(), encoding="utf-8")
    assert not assetmap_build(kept, caplog)
    assert not (kept / "site" / "assets" / gone).exists()
    assert not (kept / "site" / "fr" / "assets" / gone).exists()


def test_a_page_title_changed_builds_the_whole_site(tmp_path, caplog):
    """A category's name is in the menu of every page, the entries' too."""
    kept, fresh = project(tmp_path / "kept"), project(tmp_path / "fresh")
    assetmap_build(kept, caplog)
    for folder in (kept, fresh):
        path = folder / "data" / "categories.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("{en: Nature,", "{en: Nature and parks,", 1),
                        encoding="utf-8")
    assert not assetmap_build(kept, caplog)
    assert "Nature and parks" in \
        (kept / "site" / "assets" / first_asset(kept) / "index.html").read_text("utf-8")
    assetmap_build(fresh, caplog)
    same_sites(kept, fresh)


def test_categories_in_another_order_build_the_whole_site(tmp_path, caplog):
    """The menu lists the categories in the order categories.yml gives."""
    kept = project(tmp_path / "kept")
    assetmap_build(kept, caplog)
    path = kept / "data" / "categories.yml"
    text = path.read_text(encoding="utf-8")
    head, *items = text.split("\n- ")
    path.write_text("\n- ".join([head, *reversed(items)]) + "\n", encoding="utf-8")
    assert not assetmap_build(kept, caplog)


def test_a_hand_written_page_changed_builds_the_whole_site(tmp_path, caplog):
    kept = project(tmp_path / "kept")
    assetmap_build(kept, caplog)
    about = kept / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    assert not assetmap_build(kept, caplog)


def test_a_build_that_failed_half_way_is_followed_by_a_full_one(tmp_path, caplog,
                                                                  monkeypatch):
    kept = project(tmp_path / "kept")
    assetmap_build(kept, caplog)
    asset = first_asset(kept)
    edit_row(kept / "data", asset, description="First edit.")

    def fails(*args, **kwargs):
        raise SearchIndexError("Pagefind stopped.")

    with monkeypatch.context() as patched:
        patched.setattr(Indexing, "finish", fails)
        assert not build_site(kept / "mkdocs.yml")
    assert not (cache_folder(kept / "mkdocs.yml") / MANIFEST).exists()
    edit_row(kept / "data", asset, description="Second edit.")
    assert not assetmap_build(kept, caplog)
    assert assetmap_build(kept, caplog)  # and the one after may update again


def test_mkdocs_build_cleans_the_site_and_never_updates(tmp_path, caplog):
    kept = project(tmp_path / "kept")
    assetmap_build(kept, caplog)
    (kept / "site" / "left-over.txt").write_text("from before", encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build(load_config(str(kept / "mkdocs.yml"), strict=True))
    assert not any(UPDATING in record.getMessage() for record in caplog.records)
    assert not (kept / "site" / "left-over.txt").exists()
    assert (kept / "site" / "assets" / first_asset(kept) / "index.html").is_file()


def test_a_site_deleted_since_is_built_whole(tmp_path, caplog):
    kept = project(tmp_path / "kept")
    assetmap_build(kept, caplog)
    shutil.rmtree(kept / "site")
    assert not assetmap_build(kept, caplog)
    assert (kept / "site" / "assets" / first_asset(kept) / "index.html").is_file()


@pytest.mark.parametrize("where", ["site_dir", "settings"])
def test_a_build_elsewhere_or_otherwise_is_built_whole(tmp_path, caplog, where):
    kept = project(tmp_path / "kept")
    assetmap_build(kept, caplog)
    config = kept / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if where == "site_dir":
        config.write_text(text + "\nsite_dir: elsewhere\n", encoding="utf-8")
    else:
        config.write_text(text.replace("review_months: 12", "review_months: 6"), "utf-8")
    assert not assetmap_build(kept, caplog)


def test_a_site_in_a_folder_not_made_yet_is_built(tmp_path, caplog):
    kept = project(tmp_path / "kept")
    config = kept / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nsite_dir: out/new/site\n",
                      encoding="utf-8")
    assert not assetmap_build(kept, caplog)
    assert (kept / "out" / "new" / "site" / "pagefind" / "pagefind-entry.json").is_file()
    assert [p.name for p in (kept / "out" / "new").iterdir()] == ["site"]  # no scratch left
