"""The open data downloads, rebuilt with the site: every file is there once, holds public
fields only and the HSDS files validate; the "Download the data" page links to each one with
its format and size, in every language."""

from __future__ import annotations

import csv
import json
import posixpath
import zipfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from assetmap import language
from assetmap.build import plugin
from assetmap.build.downloads import Staging
from assetmap.export import hsds_tables
from assetmap.inventory.load import load

from .support.hsds import json_errors, tabular_errors
from .support.html import within
from .support.project import LANGS, PREFIX, SITE_DATA, TODAY
from .support.site import PRIVATE, fixture_assets, page

# The files the page offers, and a word of the format each one says it is in.
OFFERED = {"assetmap.csv": "CSV", "assetmap.xlsx": "XLSX", "assetmap.geojson": "GeoJSON",
           "hsds.zip": "ZIP", "hsds/services.json": "JSON", "hsds/datapackage.json": "JSON"}


def downloads(site: Path) -> list[str]:
    folder = site / "downloads"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_the_build_writes_every_download_once(site):
    tables = {f"hsds/{name}" for name, _ in hsds_tables.TABLES.values()}
    assert set(downloads(site)) == set(OFFERED) | tables
    assert not [p for p in site.rglob("downloads") if p.parent != site]  # not per language


def contents(path: Path):
    """(name, bytes) of a file, or of every member of a zip (an .xlsx is one too)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                yield f"{path.name}!{member}", archive.read(member)
    else:
        yield path.name, path.read_bytes()


def test_no_private_field_reaches_a_download(site):
    files = [p for p in (site / "downloads").rglob("*") if p.is_file()]
    read = [(name, data) for path in files for name, data in contents(path)]
    leaks = [(name, secret) for name, data in read for secret in PRIVATE
             if secret.encode() in data]
    assert leaks == []
    # the check looks inside the zips: a public name is found in each kind of file
    public = {name.split("!")[0] for name, data in read if b"Riverside walking group" in data}
    assert {"assetmap.csv", "assetmap.xlsx", "hsds.zip", "services.json"} <= public


def test_the_downloads_hold_the_inventory(site):
    ids = [a["id"] for a in fixture_assets()]
    with (site / "downloads" / "assetmap.csv").open(encoding="utf-8-sig") as f:
        assert [row["id"] for row in csv.DictReader(f)] == ids
    book = load_workbook(site / "downloads" / "assetmap.xlsx", read_only=False)
    assert all(sheet.freeze_panes == "A2" and sheet.auto_filter.ref for sheet in book)
    services = json.loads((site / "downloads" / "hsds" / "services.json").read_text("utf-8"))
    assert len(services) == len(ids)
    geojson = json.loads((site / "downloads" / "assetmap.geojson").read_text("utf-8"))
    assert geojson["type"] == "FeatureCollection"
    with zipfile.ZipFile(site / "downloads" / "hsds.zip") as archive:
        zipped = {posixpath.basename(n) for n in archive.namelist()}
    assert zipped == {p.removeprefix("hsds/") for p in downloads(site) if p.startswith("hsds/")}


def test_the_sample_community_publishes_valid_hsds(sample_site):
    """The HSDS files as the site publishes them validate against the official schemas."""
    folder = sample_site / "downloads" / "hsds"
    services = json.loads((folder / "services.json").read_text(encoding="utf-8"))
    assert json_errors(services) == []
    assert tabular_errors(folder) == []  # addresses take the city and province settings


# --- the "Download the data" page ---------------------------------------------------------


def size_in_english(size: int) -> str:
    return f"{size} byte" if size < 1000 else f"{round(size / 1000, 1):g} kB"


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_links_every_file_with_its_format_and_size(site, lang):
    view = page(site, lang, "open-data")
    here = site / PREFIX[lang] / "open-data"
    offered = {}
    for link in (a for a in view.find("a") if "download" in a.attrs):
        target = (here / unquote(link.attrs["href"])).resolve()
        assert target.is_file(), link.attrs["href"]
        item = link.parent
        text = " ".join(t for t, _, _, e in view.texts if within(e, item))
        offered[target.relative_to(site / "downloads").as_posix()] = (text, item)
    assert sorted(offered) == sorted(OFFERED)
    for name, (text, item) in offered.items():
        assert OFFERED[name] in text, name
        assert [e for e in view.elements if e.tag == "p" and e.parent is item], name
        if lang == "en":
            assert size_in_english((site / "downloads" / name).stat().st_size) in text, name


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_states_the_licence_and_what_is_left_out(site, lang, settings):
    view = page(site, lang, "open-data")
    text = view.visible_text()
    gettext = language.translations(lang).gettext
    left_out = gettext("The files hold what these pages show, and nothing more. The private "
                       "notes of the people who keep the directory are never in them, and "
                       "neither is the name of a contact person who has not agreed to be "
                       "published.")
    assert " ".join(left_out.split()) in text
    assert settings.data_licence and settings.data_licence in text
    assert settings.data_licence_url in [a.attrs.get("href") for a in view.find("a")]


# --- once per build -------------------------------------------------------------------------


def test_the_plugin_copies_the_downloads_once_all_languages_are_built(tmp_path, settings,
                                                                       monkeypatch):
    """static-i18n builds each other language from inside the default language's build (it
    says it is ``building`` then): the downloads are copied once, after the last one."""
    staged = Staging(load(SITE_DATA, settings, today=TODAY).inventory).done()
    site_dir = tmp_path / "site"
    i18n = SimpleNamespace(default_language="en", current_language="fr", building=True)
    config = SimpleNamespace(plugins={"i18n": i18n}, site_dir=str(site_dir),
                             docs_dir=str(tmp_path / "docs"))
    indexed = []
    monkeypatch.setattr(plugin, "index_site", lambda site: indexed.append(site) or
                        SimpleNamespace(pages={}, total=0, again=None))
    assetmap = plugin.AssetmapPlugin()
    assetmap.generated = SimpleNamespace(downloads=staged, inventory=None)  # no sheets
    assetmap.on_post_build(config)
    assert not (site_dir / "downloads").exists() and indexed == []
    i18n.building = False
    assetmap.on_post_build(config)
    assert indexed == [site_dir]
    copied = {p.relative_to(site_dir / "downloads").as_posix(): p.read_bytes()
              for p in (site_dir / "downloads").rglob("*") if p.is_file()}
    assert set(OFFERED) <= set(copied)
    assert copied["assetmap.csv"] == (staged.folder / "assetmap.csv").read_bytes()
    assert {f.path: f.size for f in staged.files} == {
        name: len(copied[name]) for name in OFFERED}
