"""The generated pages, before MkDocs sees them: golden files, escaping, languages, writing.

Golden files in tests/golden/ pin the Markdown of each page type in each language for the
small inventory in tests/fixtures/site/. After an intended change, regenerate them with
UPDATE_GOLDEN=1 pytest tests/test_site_pages.py and review the diff.
"""

from __future__ import annotations

import html
import importlib.util
import os
from pathlib import Path

import markdown
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from assetmap import language
from assetmap.build import generate
from assetmap.build import sections as nav_sections
from assetmap.build.generate import (
    InventoryError,
    is_generated,
    localized,
    render_site,
    write_pages,
)
from assetmap.build.plugin import AssetmapPlugin
from assetmap.build.site import build_site
from assetmap.inventory.load import load
from assetmap.inventory.report import as_table
from assetmap.pages.views import sort_key
from assetmap.render import renderer as render
from assetmap.render.renderer import escape

from .support.project import FIXTURES, INVENTORY, ROOT, TODAY

SITE_DATA = FIXTURES / "site"
GOLDEN = Path(__file__).resolve().parent / "golden"
LANGS = ("en", "fr", "ar")
PAGES = {
    "home": "index.md",
    "category": "categories/nature.md",
    "neighbourhood": "neighbourhoods/riverside.md",
    "asset": "assets/riverside-walk.md",
    "a-z": "a-z.md",
    "map": "map.md",
    "find": "find.md",
    "entry": "entries/riverside-walk.html",
    "inventory-format": "inventory-format.md",
}


@pytest.fixture(scope="module")
def loaded(settings):
    result = load(SITE_DATA, settings, today=TODAY)
    assert not result.has_errors, result.problems
    return result


@pytest.fixture(scope="module")
def pages(loaded):
    return render_site(loaded.inventory, TODAY)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", PAGES)
def test_golden(pages, kind, lang):
    text = pages[localized(PAGES[kind], lang, "en")]
    golden = GOLDEN / f"{kind}.{lang}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert text == golden.read_text(encoding="utf-8"), f"regenerate with UPDATE_GOLDEN=1: {golden}"


def test_a_page_for_everything_in_every_language(loaded, pages):
    taxonomy = loaded.inventory.taxonomy
    for lang in LANGS:
        expected = {localized(p, lang, "en") for p in (
            ["index.md", "a-z.md"]
            + [f"categories/{t}.md" for t in taxonomy.categories]
            + [f"neighbourhoods/{t}.md" for t in taxonomy.neighbourhoods]
            + [f"assets/{a.id}.md" for a in loaded.inventory.assets])}
        assert expected <= set(pages)
    assert all(is_generated(path) for path in pages)


# --- escaping ---------------------------------------------------------------------------

NASTY = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[link](javascript:alert(1))",
    "**bold** _em_ # heading",
    "`code` {: .evil} \\*not\\* ![i](x.png) <http://example.org> &amp; ~~s~~ | a | b |",
    'quote " and \' apostrophe',
    "two\n\n# lines",
]


@pytest.mark.parametrize("text", NASTY)
def test_escaped_text_is_shown_as_it_is_by_markdown(text):
    for source in (f"<p>{escape(text)}</p>", f"Before <span>{escape(text)}</span> after"):
        out = markdown.markdown(source, extensions=["attr_list", "md_in_html", "toc"])
        assert "<script" not in out and "<img" not in out and "<strong" not in out
        assert "<em>" not in out and "<a " not in out and "<h1" not in out
        assert "<code" not in out and "class=\"evil\"" not in out
        shown = html.unescape(out.replace("<p>", "").replace("</p>", "").replace(
            "<span>", "").replace("</span>", ""))
        assert " ".join(text.split()) in " ".join(shown.split())


def test_escape_keeps_markup_it_made():
    assert escape(render.inline_icon("material/pine-tree")).startswith("<svg class=\"am-icon\"")


def test_titles_are_escaped_in_the_front_matter(pages):
    head = pages["assets/injection-test.md"].split("---")[1]
    assert 'title: "&lt;script&gt;alert(1)&lt;/script&gt; Choir"' in head


# --- languages --------------------------------------------------------------------------


def test_untranslated_text_is_marked_english_with_a_note(pages):
    fr = pages["assets/riverside-walk.fr.md"]
    assert ('<span lang="en">Adults of any fitness level.</span> '
            '<small class="am-untranslated">(pas encore traduit)</small>') in fr
    ar = pages["assets/riverside-walk.ar.md"]
    assert '<span lang="en" dir="ltr">Adults of any fitness level.</span>' in ar
    assert '<span lang="en" dir="ltr">Riverside</span>' in ar  # no Arabic name in the taxonomy
    assert 'lang="' not in pages["assets/riverside-walk.md"]  # nothing is foreign in English


def test_languages_spoken_are_named_in_the_page_language(pages):
    assert "<li>chinois simplifié</li>" in pages["assets/riverside-walk.fr.md"]
    assert "<li>langue des signes américaine</li>" in pages["assets/riverside-walk.fr.md"]
    # Babel has no Arabic name for ASL: the English name, marked as English
    assert '<li><span lang="en" dir="ltr">American Sign Language</span></li>' in \
        pages["assets/riverside-walk.ar.md"]


def test_dates_are_written_in_the_page_language(pages):
    assert "October 1, 2026" in pages["assets/riverside-walk.md"]
    assert "1 octobre 2026" in pages["assets/riverside-walk.fr.md"]
    assert "1 أكتوبر 2026" in pages["assets/riverside-walk.ar.md"]


def test_a_to_z_ignores_accents_and_case():
    names = ["zebra", "Écoute", "apple", "Eagle"]
    assert sorted(names, key=sort_key) == ["apple", "Eagle", "Écoute", "zebra"]


def _catalogue_ids(path: Path) -> set[str]:
    with path.open("rb") as po:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(po) if m.id}


def _source_ids() -> set[str]:
    method_map = [("assetmap/build/plugin.py", "python"),
                  ("assetmap/inventory/schema.py", "python"),
                  ("assetmap/pages/hours.py", "python"),
                  ("assetmap/pages/parts.py", "python"),
                  ("assetmap/render/sheets.py", "python"),
                  ("assetmap/render/templates/**.j2", "jinja2")]
    options = {"assetmap/render/templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
    found = extract_from_dir(ROOT, method_map, options, keywords={"_": None, "N_": None,
                                                                   "gettext": None,
                                                                   "ngettext": (1, 2)})
    return {m[2] if isinstance(m[2], str) else m[2][0] for m in found}


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_label_is_translated(lang):
    source = _source_ids()
    path = language.catalogue_path(lang)
    assert _catalogue_ids(path) == source, "run pybabel extract and update (assetmap/locales)"
    with path.open("rb") as po:
        untranslated = [m.id for m in read_po(po) if m.id and (
            not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)]
    assert untranslated == []
    assert _catalogue_ids(language.LOCALES / "messages.pot") == source


# --- writing into docs/ -----------------------------------------------------------------


def test_pages_are_written_only_when_they_change_and_stale_ones_go(tmp_path):
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "about.md").write_text("# About\n")
    first = {"index.md": f"---\n# {render.MARKER}\n---\nhello\n",
             "assets/a.md": f"---\n# {render.MARKER}\n---\na\n"}
    assert write_pages(docs, first) == (2, 0)
    stamp = (docs / "index.md").stat().st_mtime_ns
    assert write_pages(docs, first) == (0, 0)
    assert (docs / "index.md").stat().st_mtime_ns == stamp
    assert write_pages(docs, {"index.md": first["index.md"]}) == (0, 1)
    assert not (docs / "assets" / "a.md").exists()
    assert (docs / "about.md").exists()


def test_a_hand_written_page_is_never_overwritten(tmp_path):
    (tmp_path / "index.md").write_text("# My own home page\n")
    with pytest.raises(InventoryError, match="not generated by assetmap"):
        write_pages(tmp_path, {"index.md": f"# {render.MARKER}\n"})
    assert (tmp_path / "index.md").read_text() == "# My own home page\n"


def test_an_inventory_with_errors_gives_the_check_table(tmp_path, settings):
    bad = INVENTORY / "bad-unknown-category.csv"
    with pytest.raises(InventoryError) as failure:
        generate.generate(bad, tmp_path, settings, TODAY)
    assert str(failure.value) == as_table(load(bad, settings, today=TODAY).problems)
    assert "'natur' is not a category id in categories.yml" in " ".join(
        str(failure.value).split())
    assert not list(tmp_path.iterdir())


def test_generation_happens_once_per_change(tmp_path, settings):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("assets.csv", "categories.yml", "neighbourhoods.yml"):
        (data / name).write_bytes((SITE_DATA / name).read_bytes())
    docs, config = tmp_path / "docs", ROOT / "mkdocs.yml"
    _, fresh = generate.generate_once(data, docs, settings, config, TODAY)
    assert fresh
    _, fresh = generate.generate_once(data, docs, settings, config, TODAY)
    assert not fresh
    csv = data / "assets.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Choir", "Chorus"), encoding="utf-8")
    result, fresh = generate.generate_once(data, docs, settings, config, TODAY)
    assert fresh and 0 < result.written < len(result.pages)  # only the pages that show it


# --- the plugin and the build -------------------------------------------------------------


def test_the_nav_lists_each_category_and_neighbourhood():
    nav = ["index.md", "categories/", {"Places": "neighbourhoods/"}, "about.md"]
    sections = {"categories/": ["categories/a.md"], "neighbourhoods/": ["neighbourhoods/b.md"]}
    assert nav_sections.expand(nav, sections) == [
        "index.md", {"Categories": ["categories/a.md"]},
        {"Neighbourhoods": ["neighbourhoods/b.md"]}, "about.md"]


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_html_gets_the_direction_of_its_language(lang, direction):
    page = f'<!doctype html>\n<html lang="{lang}" class="no-js">\n<body dir="{direction}">'
    output = AssetmapPlugin().on_post_page(page, None, None)
    assert f'<html lang="{lang}" dir="{direction}" class="no-js">' in output


def test_build_site_reports_a_missing_config_without_a_traceback(tmp_path, capsys):
    assert build_site(tmp_path / "nope.yml") is False
    assert "no such configuration file" in capsys.readouterr().err


def test_build_site_stops_on_inventory_errors(tmp_path, capsys):
    from assetmap.build.site import copy_project

    config = copy_project(tmp_path / "project", SITE_DATA)
    (tmp_path / "project" / "data" / "assets.csv").write_text(
        "id,name,category,neighbourhood,kind,description,last_verified\n"
        "x,X,natur,old-mill,formal,A thing.,2026-01-01\n", encoding="utf-8")
    assert build_site(config) is False
    err = capsys.readouterr().err
    assert "'natur' is not a category id in categories.yml" in err
    assert "Traceback" not in err


def test_the_benchmark_inventory_is_valid(tmp_path, settings):
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "build_site.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.write_inventory(tmp_path, 30, TODAY)
    result = load(tmp_path, settings, today=TODAY)
    assert [p for p in result.problems if p.is_error] == []
    assert len(result.inventory.assets) == 30
