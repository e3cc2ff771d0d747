"""The built site: `mkdocs build --strict` on a copy of the project with the small inventory in
tests/fixtures/site/ (built once per session), and once on the sample community in data/."""

from __future__ import annotations

import csv
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .support.html import Element, Page, within
from .support.project import DEFAULT_LANG, LANGS, PREFIX, SAMPLE, TRANSLATED
from .support.site import PRIVATE, fixture_assets, page, taxonomy

# --- every page, in every language --------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_for_every_category_neighbourhood_and_asset(site, lang):
    paths = ["", "a-z", "about", "contribute", "accessibility", "inventory-format"]
    paths += [f"categories/{c['id']}" for c in taxonomy("categories.yml")]
    paths += [f"neighbourhoods/{n['id']}" for n in taxonomy("neighbourhoods.yml")]
    paths += [f"assets/{a['id']}" for a in fixture_assets()]
    missing = [p for p in paths if not (site / PREFIX[lang] / p / "index.html").is_file()]
    assert missing == []


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def language_of(site: Path, path: Path) -> str:
    first = path.relative_to(site).parts[0]
    return next((lang for lang in TRANSLATED if PREFIX[lang] == f"{first}/"), DEFAULT_LANG)


def test_every_page_has_the_language_and_direction_of_its_folder(site):
    wrong = []
    for path in html_pages(site):
        lang = language_of(site, path)
        html = Page(path.read_text(encoding="utf-8")).find("html")[0]
        if (html.attrs.get("lang"), html.attrs.get("dir")) != (lang, LANGS[lang]):
            wrong.append((str(path.relative_to(site)), html.attrs))
    assert wrong == []


def english_only_texts() -> dict[str, set[str]]:
    """Per language, the fixture's texts that exist only in English."""
    found: dict[str, set[str]] = {lang: set() for lang in TRANSLATED}
    for asset in fixture_assets():
        for column in ("name", "description", "who_for", "cost_note", "hours"):
            for lang in found:
                if asset.get(column) and not asset.get(f"{column}:{lang}"):
                    found[lang].update(" ".join(line.split())
                                       for line in asset[column].splitlines() if line.strip())
    for name, key in (("categories.yml", "label"), ("neighbourhoods.yml", "name")):
        for term in taxonomy(name):
            for lang in found:
                if lang not in term[key]:
                    found[lang].add(term[key][DEFAULT_LANG])
    return found


@pytest.mark.parametrize("lang", TRANSLATED)
def test_untranslated_text_is_marked_as_english(site, lang):
    english = english_only_texts()[lang]
    seen, wrong = set(), []
    for path in html_pages(site / PREFIX[lang]):
        for text, text_lang, text_dir, element in Page(path.read_text(encoding="utf-8")).texts:
            if text in english and element is not None and not _in_page_title(element):
                seen.add(text)
                default_dir = LANGS[DEFAULT_LANG]
                if text_lang != DEFAULT_LANG or (LANGS[lang] != default_dir
                                                 and text_dir != default_dir):
                    wrong.append((str(path.relative_to(site)), text, text_lang, text_dir))
    assert wrong == []
    assert seen  # the check did look at something


def _in_page_title(element: Element) -> bool:
    """<title> and the theme's header show the title as plain text: they cannot mark it."""
    while element is not None:
        if element.tag == "title" or "md-header__topic" in element.attrs.get("class", ""):
            return True
        element = element.parent
    return False


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_switcher_leads_to_the_same_page(site, lang):
    for path in ("categories/nature", "neighbourhoods/riverside", "assets/riverside-walk",
                 "a-z", "about"):
        here = site / PREFIX[lang] / path / "index.html"
        links = {e.attrs["hreflang"]: e.attrs["href"] for e in Page(
            here.read_text(encoding="utf-8")).find("a") if "md-select__link" in e.attrs.get(
                "class", "")}
        assert set(links) == set(LANGS)
        for other, href in links.items():
            target = Path(posixpath.normpath(posixpath.join(
                str(here.parent.relative_to(site)), href)))
            assert target == Path(PREFIX[other] + path), (lang, other, href)


# --- what the inventory cannot do ---------------------------------------------------------

INJECTION_PAGES = ["assets/injection-test", "categories/belonging", "neighbourhoods/riverside",
                   "a-z"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", INJECTION_PAGES)
def test_markup_in_the_inventory_stays_text(site, lang, path):
    view = page(site, lang, path)
    assert not [s for s in view.find("script") if "alert" in "".join(s.text)]
    assert not [e for e in view.elements if any(k.startswith("on") for k in e.attrs)]
    assert not [a for a in view.find("a") if a.attrs.get("href", "").strip().lower().startswith(
        "javascript:")]
    assert not view.find("iframe") and not view.find("img")
    assert not [e for e in view.find("strong") + view.find("em") + view.find("b")
                if "".join(e.text).strip() in ("bold", "em", "b")]
    assert not [e for e in view.elements if e.tag in ("h1", "h2", "h3", "h4")
                and "heading" in "".join(e.text)]
    assert not [e for e in view.elements if "evil" in e.attrs.get("class", "")]
    text = view.visible_text()
    assert "<script>alert(1)</script> Choir" in text
    if path != "a-z":
        assert "**bold** _em_ # heading" in text


def test_injected_text_is_shown_literally_on_the_asset_page(site):
    text = page(site, "en", "assets/injection-test").visible_text()
    for literal in ("<img src=x onerror=alert(1)> [link](javascript:alert(1))",
                    "**bold** _em_ # heading <b>b</b> {: .evil} `code` &amp; \\*",
                    "<iframe src=javascript:alert(1)></iframe>", "# not a heading",
                    "[x](javascript:alert(1)) Street", "<script>alert(2)</script>"):
        assert literal in text


def test_private_fields_appear_nowhere_in_the_site(site):
    leaks = [(str(p.relative_to(site)), secret) for p in site.rglob("*") if p.is_file()
             for secret in PRIVATE if secret.encode() in p.read_bytes()]
    assert leaks == []
    assert "Amina K." in page(site, "en", "assets/riverside-walk").visible_text()  # consented


@pytest.mark.parametrize("lang", LANGS)
def test_asset_pages_link_to_the_change_form_filled_in(site, lang):
    """"Suggest a correction" opens the "Report a change" issue form with the asset's id and
    name filled in, and the contribute page offers the ways without a GitHub account."""
    from urllib.parse import parse_qs

    view = page(site, lang, "assets/injection-test")
    hrefs = [e.attrs["href"] for e in view.find("a") if "am-correction" in (
        e.parent.attrs.get("class", "") if e.parent else "")]
    form = [urlsplit(h) for h in hrefs if h.startswith("https://github.com/")]
    assert len(form) == 1 and form[0].path == "/riverbend-health/assetmap/issues/new"
    query = parse_qs(form[0].query)
    assert query["template"] == ["report-change.yml"]
    assert query["asset_id"] == ["injection-test"]
    name = next(r["name"] for r in fixture_assets() if r["id"] == "injection-test")
    assert query["title"] == [f"Change: {name}"]
    assert any(h.endswith("contribute/") for h in hrefs)


# --- links, icons, nav --------------------------------------------------------------------


def test_every_link_between_pages_leads_somewhere(site):
    broken = []
    for path in html_pages(site):
        for element in Page(path.read_text(encoding="utf-8")).elements:
            href = element.attrs.get("href") if element.tag in ("a", "link") else None
            if not href or urlsplit(href).scheme or href.startswith(("#", "/", "//")):
                continue
            target = (path.parent / unquote(urlsplit(href).path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((str(path.relative_to(site)), href))
    assert broken == []


def test_ids_are_unique_on_every_page(site):
    duplicated = []
    for path in html_pages(site):
        ids = [e.attrs["id"] for e in Page(path.read_text(encoding="utf-8")).elements
               if "id" in e.attrs]
        duplicated += [(str(path.relative_to(site)), i) for i in set(ids) if ids.count(i) > 1]
    assert duplicated == []


def test_an_entry_is_shown_in_full_once_per_page(site):
    view = page(site, "en", "categories/nature")  # the walk is in Riverside and Old Mill
    articles = [e for e in view.find("article") if e.attrs.get("aria-labelledby") ==
                "riverside-walk"]
    assert len(articles) == 1
    assert [a.attrs["href"] for a in view.find("a")].count("#riverside-walk") == 1


def test_icons_are_hidden_and_beside_a_label(site):
    for lang in LANGS:
        for path in ("", "categories/nature", "neighbourhoods/riverside"):
            view = page(site, lang, path)
            icons = [e for e in view.find("svg") if "am-icon" in e.attrs.get("class", "")]
            assert icons, path
            for icon in icons:
                assert icon.attrs.get("aria-hidden") == "true"
                label = [t for t, _, _, e in view.texts if within(e, icon.parent)]
                assert label, (lang, path)


def test_asset_pages_are_not_in_the_nav(site):
    source = (site / "index.html").read_text(encoding="utf-8")
    nav = source[source.index('md-nav--primary'):source.index('md-nav--secondary')
                 if 'md-nav--secondary' in source else None]
    assert "assets/" not in re.sub(r'href="[^"]*assets/(stylesheets|javascripts)', "", nav)
    assert "categories/nature/" in nav and "neighbourhoods/riverside/" in nav


@pytest.mark.parametrize(("lang", "title"), [("fr", "Quartiers"), ("ar", "الأحياء")])
def test_nav_sections_are_translated(site, lang, title):
    assert title in (site / PREFIX[lang] / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_contact_details_are_links_on_the_accessibility_statement(site, lang):
    links = [a.attrs["href"] for a in page(site, lang, "accessibility").find("a")]
    assert "tel:+1-613-555-0100" in links and "mailto:assetmap@example.org" in links


# --- the sample community ----------------------------------------------------------------


def test_the_sample_community_builds(sample_site):
    data, site = SAMPLE, sample_site  # built once per session: it makes many PDFs
    with (data / "assets.csv").open(encoding="utf-8") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    missing = [(lang, i) for lang in LANGS for i in ids
               if not (site / PREFIX[lang] / "assets" / i / "index.html").is_file()]
    assert ids and missing == []


def test_the_menu_names_every_page_on_every_page(site):
    """The menu carries every page's title, on every page the build wrote, however late:
    a page done with (its HTML let go once written) keeps its title, never "None"."""
    for path in site.rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        assert "md-nav__link" in text, path
        assert ">None<" not in re.sub(r"\s+", "", text), path


@pytest.mark.parametrize("lang", LANGS)
def test_each_entry_has_its_own_file_in_each_language(site, lang):
    """What Find and My list fetch: entries/<id>.html, in the language's folder, as
    generated (the plugin copies them; static-i18n does not see them)."""
    docs = site.parent / "docs" / "entries"
    suffix = "" if lang == DEFAULT_LANG else f".{lang}"
    made = {p.name for p in (site / PREFIX[lang] / "entries").glob("*.html")}
    assert made == {f"{a['id']}.html" for a in fixture_assets()}
    for asset in fixture_assets():
        source = docs / f"{asset['id']}{suffix}.html"
        built = site / PREFIX[lang] / "entries" / f"{asset['id']}.html"
        assert built.read_bytes() == source.read_bytes()
        assert f'<html lang="{lang}"' in built.read_text(encoding="utf-8")
