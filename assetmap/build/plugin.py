"""MkDocs hooks (``hooks:`` in mkdocs.yml): make the pages from the inventory, then let MkDocs
and mkdocs-static-i18n build them like hand-written pages.

- on_config, before static-i18n: check the inventory and write its pages into docs/ (once per
  change of the data; static-i18n runs the build once per language), fill in the nav's
  ``categories/`` and ``neighbourhoods/`` entries. Errors in the inventory stop the build
  with the same table as ``assetmap check``.
- on_page_markdown / on_page_content: a generated page's body is HTML already
  (``assetmap_html: true`` in its front matter): it goes around Markdown.
- on_page_markdown: put the contact details where a hand-written page says
  ``<!-- assetmap:contact -->``; mark a generated page's title with its language in the nav
  when it is not in the page's language.
- on_page_content: a hand-written page not yet translated into the language being built is
  shown in the default language: its content and its title say which.
- on_post_page: give ``<html>`` the page's direction as well as its language; the 404 page
  too, and it stays in the default language. Drop the theme's ``autocomplete`` from its
  menu checkboxes, where HTML does not allow it.
- on_config / on_files: find the map library (Leaflet, from node_modules/, installed with
  ``npm ci`` when it is missing) and copy its files into the site (assetmap/build/vendor.py).
- on_post_build, once every language is built: copy the open data downloads (made with the
  pages) into the site's ``downloads/`` and index the site for search (Pagefind).
- on_post_build, in each language's build: a printable sheet (PDF) of every category and
  neighbourhood, beside its page (``assetmap/render/sheets.py``, ``assetmap/render/pdf.py``).
"""

from __future__ import annotations

import logging
import re
import time
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section

from assetmap.build.downloads import Staged, publish
from assetmap.build.generate import Generated, InventoryError, generate_once
from assetmap.build.search import SearchIndexError, index_site
from assetmap.build.vendor import VendorError, leaflet, site_files
from assetmap.config import Language, load_settings
from assetmap.language import Reader, translations
from assetmap.pages.entries import contact
from assetmap.pages.views import CATEGORIES, NEIGHBOURHOODS
from assetmap.render.pdf import PdfError, write_pdfs
from assetmap.render.renderer import render_fragment
from assetmap.render.sheets import PDF_CACHE, STYLESHEET, render_sheets

log = logging.getLogger("mkdocs.plugins.assetmap")

CONTACT = "<!-- assetmap:contact -->"
HTML_TAG = re.compile(r'<html lang="([^"]*)"')
HTML_BODY = "assetmap_html"  # front matter of generated pages: the body is HTML
LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def N_(message: str) -> str:
    """Marks a label for the catalogue; it is translated where it is shown."""
    return message


_html_bodies: dict[str, str] = {}  # source file -> the HTML body of a generated page
_downloads: dict[str, Staged] = {}  # site_dir -> the exports to copy into it
_generated: dict[str, Generated] = {}  # docs_dir -> what on_config made from the inventory
SECTIONS = {f"{CATEGORIES}/": N_("Categories"), f"{NEIGHBOURHOODS}/": N_("Neighbourhoods")}


def _current_language(config) -> str:
    plugin = config.plugins.get("i18n")
    lang = getattr(plugin, "current_language", None) or getattr(plugin, "default_language", None)
    return lang or "en"


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _data_dir(config) -> Path:
    return _root(config) / str((config.extra.get("assetmap") or {}).get("data") or "data")


@event_priority(100)  # before static-i18n (-100), which needs the pages to exist
def on_config(config):
    settings = load_settings(Path(config.config_file_path))
    try:
        result, fresh = generate_once(_data_dir(config), Path(config.docs_dir), settings,
                                      Path(config.config_file_path))
    except InventoryError as exc:
        raise PluginError(f"The site was not built: fix the inventory first.\n{exc}") from None
    if fresh:
        log.info(f"assetmap: {len(result.pages)} pages from the inventory "
                 f"({result.written} written, {result.removed} removed)")
        if result.warnings:
            log.info(f"assetmap: the inventory has {len(result.warnings)} warning(s); "
                     "`assetmap check` lists them")
    _generated[config.docs_dir] = result
    config.nav = _expand_nav(config.nav, result.sections)
    try:
        _vendor_files[config.config_file_path] = site_files(
            leaflet(Path(config.config_file_path).parent))
    except VendorError as exc:
        raise PluginError(f"The site was not built: {exc}") from None
    _downloads[config.site_dir] = result.downloads
    return config


_vendor_files: dict[str, dict[str, Path]] = {}  # mkdocs.yml -> site path -> file to copy


def on_files(files, config):
    """Copy the map library's files into the site, from node_modules/ (never committed)."""
    for uri, path in _vendor_files.get(config.config_file_path, {}).items():
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def _expand_nav(nav, sections: dict[str, list[str]]):
    """Replace a nav entry ``categories/`` by a section listing every category page."""
    if nav is None:
        return None
    expanded = []
    for item in nav:
        folder = item if isinstance(item, str) else None
        if isinstance(item, dict) and len(item) == 1:
            folder = next(iter(item.values()))
        if isinstance(folder, str) and folder in SECTIONS:
            expanded.append({SECTIONS[folder]: list(sections.get(folder, []))})
        else:
            expanded.append(item)
    return expanded


@event_priority(-110)  # after static-i18n, which builds the nav of the current language
def on_nav(nav, config, files):
    """Translate the titles of the sections made above into the current language."""
    gettext = translations(_current_language(config)).gettext
    for item in nav.items:
        if isinstance(item, Section) and item.title in SECTIONS.values():
            item.title = gettext(item.title)
    return nav


@event_priority(100)  # before static-i18n's pass over the Markdown: nothing left to read
def on_page_markdown(markdown, page, config, files):
    _mark_title_language(page)
    if page.meta.get(HTML_BODY) is True:
        _html_bodies[page.file.abs_src_path] = markdown
        return ""
    if CONTACT not in markdown:
        return markdown
    settings = load_settings(Path(config.config_file_path))
    lang = getattr(page.file, "locale", None) or _current_language(config)
    block = render_fragment("_contact.html.j2", Reader.of(lang, settings.default_language),
                            contact=contact(settings))
    return markdown.replace(CONTACT, f"\n\n{block}\n\n")


def on_page_content(html, page, config, files):
    """A generated page's body is already HTML: it skips Markdown, which is both faster and
    one less thing that could read inventory text as markup."""
    return _in_its_language(_html_bodies.pop(page.file.abs_src_path, html), page, config)


def _in_its_language(html: str, page, config) -> str:
    """static-i18n shows a page with no translation in the default language: mark its
    content, and its title (shown as HTML in the nav), with that language."""
    written = getattr(page.file, "locale", None)
    if not (isinstance(written, str) and LANG_CODE.match(written)) or \
            written == _current_language(config):
        return html
    attrs = f' lang="{written}" dir="{Language(written, "").dir}"'
    if page.title and not page.meta.get("title_lang"):
        # A title from the page's heading is HTML text already; one from its front matter not.
        title = escape(page.title) if "title" in page.meta else page.title
        page.title = f"<span{attrs}>{title}</span>"
    _mark_toc(page.toc, attrs)
    return f"<div{attrs}>\n{html}\n</div>"


def _mark_toc(items, attrs: str) -> None:
    """The page's headings, listed in the nav and the table of contents (as HTML)."""
    for item in items:
        item.title = f"<span{attrs}>{item.title}</span>"
        _mark_toc(item.children, attrs)


def _mark_title_language(page) -> None:
    """A generated page whose title fell back to another language says so in its front
    matter (``title_lang``): the nav, which shows the title as HTML, then marks it too."""
    lang, direction = page.meta.get("title_lang"), page.meta.get("title_dir")
    if not (isinstance(lang, str) and LANG_CODE.match(lang) and page.meta.get("title")):
        return
    attrs = f' lang="{lang}"' + (f' dir="{direction}"' if direction in ("ltr", "rtl") else "")
    page.title = f"<span{attrs}>{page.meta['title']}</span>"  # the title is escaped already


def on_post_page(output, page, config):
    return _valid_toggles(_with_direction(output))


def _write_sheets(config, lang: str) -> None:
    """The printable sheets (PDF) of the language just built, beside its pages."""
    result = _generated.get(config.docs_dir)
    if result is None or result.inventory is None or not result.inventory.settings.pdf_sheets:
        return
    stylesheet = Path(config.docs_dir) / STYLESHEET
    if not stylesheet.is_file():
        raise PluginError(f"{stylesheet} is missing: the printable sheets need it.")
    start = time.perf_counter()
    sheets = render_sheets(result.inventory, lang, result.today)
    try:
        made = write_pdfs({Path(config.site_dir, path): sheet for path, sheet in sheets.items()},
                          stylesheet, _root(config) / PDF_CACHE)
    except PdfError as exc:
        raise PluginError(str(exc)) from None
    log.info(f"assetmap: {len(sheets)} printable sheets (PDF) in '{lang}', {made} made anew, "
             f"in {time.perf_counter() - start:.1f} s")


_not_found: dict[str, str] = {}  # site_dir -> the 404 page in the default language


def on_post_template(output, template_name, config):
    """Every language's build writes the one 404.html at the site's root: keep the default
    language's (static-i18n builds it first)."""
    if template_name != "404.html":
        return output
    plugin = config.plugins.get("i18n")
    default = getattr(plugin, "default_language", None)
    if default is None or _current_language(config) == default:
        _not_found[config.site_dir] = _valid_toggles(_with_direction(output))
    return _not_found.get(config.site_dir, _valid_toggles(_with_direction(output)))


TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def _valid_toggles(output: str) -> str:
    """The theme's hidden menu checkboxes carry ``autocomplete="off"``, which HTML allows on
    text fields only (docs/javascripts/assetmap.js closes the menu when a page is shown
    again from the history instead)."""
    return TOGGLE_AUTOCOMPLETE.sub(r"\1", output)


def _with_direction(output: str) -> str:
    """``<html lang="ar">`` becomes ``<html lang="ar" dir="rtl">``."""
    match = HTML_TAG.search(output)
    if match is None or ' dir="' in output[match.end(): output.find(">", match.end())]:
        return output
    direction = Language(match.group(1), "").dir
    return f'{output[: match.end()]} dir="{direction}"{output[match.end():]}'


@event_priority(-200)  # after static-i18n's, which builds the other languages from its own
def on_post_build(config):
    """Index the whole site for search once every language is built: static-i18n builds the
    default language, then from its on_post_build each other language in turn (this hook
    runs for each of those nested builds too, while it says it is ``building``). The open
    data downloads are copied into the site then too, once per build. Each language's build
    (the default language's last) also makes its printable sheets."""
    i18n = config.plugins.get("i18n")
    building = getattr(i18n, "building", False)
    default = getattr(i18n, "default_language", None) or _current_language(config)
    _write_sheets(config, _current_language(config) if building else default)
    if building:
        return
    staged = _downloads.get(config.site_dir)
    if staged is not None:
        files = publish(staged, Path(config.site_dir))
        log.debug(f"assetmap: {len(files)} open data files in {config.site_dir}")
    try:
        index = index_site(Path(config.site_dir))
    except SearchIndexError as exc:
        raise PluginError(f"The search index was not built.\n{exc}") from None
    languages = ", ".join(f"{lang} {count}" for lang, count in sorted(index.pages.items()))
    log.info(f"assetmap: search index of {index.total} pages ({languages})")
