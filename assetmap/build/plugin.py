"""The MkDocs plugin (``plugins: - assetmap`` in mkdocs.yml, after ``- i18n``): make the pages
from the inventory, then let MkDocs and mkdocs-static-i18n build them like hand-written pages.

- on_config, before static-i18n: the site's ``Settings``, once, from the plugin's options
  (``assetmap/build/config.py``); check the inventory and write its pages into docs/ (once
  per change of the data; static-i18n runs the build once per language), fill in the nav's
  ``categories/`` and ``neighbourhoods/`` entries (the smaller pages of a long list are
  ``not_in_nav``: their index links to them). Errors in the inventory stop the build
  with the same table as ``assetmap check``.
- on_page_markdown / on_page_content: a generated page's body is HTML already
  (``assetmap_html: true`` in its front matter): it goes around Markdown.
- on_page_markdown: put the contact details where a hand-written page says
  ``<!-- assetmap:contact -->``; mark a generated page's title with its language in the nav
  when it is not in the page's language. The list page's body, and the header's link to
  the list on every page (on_env), come from ``assetmap/build/my_list.py``.
- on_page_content: a hand-written page not yet translated into the language being built is
  shown in the default language: its content and its title say which.
- on_post_page: give ``<html>`` the page's direction as well as its language; the 404 page
  too, and it stays in the default language. Drop the theme's ``autocomplete`` from its
  menu checkboxes, where HTML does not allow it (``assetmap/build/html.py``).
- on_config / on_files: find the browser libraries (Leaflet, qrcode-generator: from
  node_modules/, installed with ``npm ci`` when one is missing) and copy their files into the
  site (assetmap/build/vendor.py).
- on_config, then on_post_build once every language is built: the entries are indexed for
  search (Pagefind, ``assetmap/build/search.py``) while MkDocs builds, and the index goes
  into the site at the end, with the open data downloads (made with the pages).
- on_config, then on_post_build in each language's build: a printable sheet (PDF) of every
  category and neighbourhood, beside its page (``assetmap/render/sheets.py``,
  ``assetmap/render/pdf.py``); a large inventory's are made in a process of their own while
  MkDocs renders the pages (``assetmap/build/printing.py``).
- on_env / on_page_context / on_post_page: a page whose whole template context is what an
  earlier build rendered is not rendered again (``assetmap/build/rendered.py``); the theme's
  navigation, footer and styles, the same on every entry's page, are rendered once per
  language (``overrides/main.html``).
- on_config / on_files / on_post_build, in ``assetmap build`` after a small change: the site
  the last build made is updated, the entries whose pages did not change left out of the
  build, the search index made again for the languages whose entries changed
  (``assetmap/build/update.py``).
- on_config / on_serve, in ``mkdocs serve``: one language is built, and the pages the build
  writes into docs/ do not ask for another rebuild (``assetmap/build/preview.py``).

What one event leaves for another is on the plugin, which MkDocs makes anew for each build
(and static-i18n keeps for the languages it builds from the first one's); the one thing kept
across builds in a process is the generated pages, by ``generate_once``, for ``mkdocs serve``.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.config import config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from assetmap.build import rendered, sections, update
from assetmap.build.cache import CACHE, code_digest
from assetmap.build.config import AssetmapConfig, OptionsError, deprecation, validated, with_extra
from assetmap.build.downloads import publish
from assetmap.build.fragments import copy_fragments, without_fragments
from assetmap.build.frame import SharedBlocks
from assetmap.build.generate import Generated, InventoryError, generate_once
from assetmap.build.html import finish, in_its_language, mark_title_language
from assetmap.build.my_list import HeaderLink, page_body
from assetmap.build.preview import (
    HandWritten,
    PreviewError,
    choose_preview,
    is_serving,
    watch_hand_written,
)
from assetmap.build.printing import Printing
from assetmap.build.search import Indexing, SearchIndexError, index_site
from assetmap.build.vendor import VendorError, libraries, site_files
from assetmap.config import Settings, languages, make_settings
from assetmap.language import Reader, site_folder, translations
from assetmap.pages.entries import contact
from assetmap.pages.views import SMALLER_PAGES
from assetmap.render.pdf import PdfError, copy_pdfs
from assetmap.render.renderer import render_fragment
from assetmap.render.sheets import PDF_CACHE

log = logging.getLogger("mkdocs.plugins.assetmap")

CONTACT = "<!-- assetmap:contact -->"
HTML_BODY = "assetmap_html"  # front matter of generated pages: the body is HTML


def _current_language(config) -> str:
    plugin = config.plugins.get("i18n")
    lang = getattr(plugin, "current_language", None) or getattr(plugin, "default_language", None)
    return lang or "en"


class AssetmapPlugin(BasePlugin[AssetmapConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.settings: Settings | None = None  # made once, by the first language's on_config
        self.generated: Generated | None = None  # what on_config made from the inventory
        self.html_bodies: dict[str, str] = {}  # source file -> the HTML body of a generated page
        self.vendor_files: dict[str, Path] = {}  # site path -> a browser library's file
        self.not_found: str | None = None  # the 404 page, in the default language
        self.given: frozenset[str] = frozenset()  # the options mkdocs.yml gives
        self.preview: str | None = None  # in mkdocs serve, the one language built
        self.watcher: HandWritten | None = None  # in mkdocs serve, its watch of docs/
        self.rendered: rendered.RenderedPages | None = None  # pages the theme rendered before
        self.digest: rendered.Digest | None = None
        self.page_digests: dict[int, tuple[str, bool]] = {}  # page -> (its digest, rendered?)
        self.printing: Printing | None = None  # the sheets of the pages generated
        self.site_kept = False  # set by build_site: MkDocs leaves site/ to the plugin
        self.update: update.Update | None = None  # what this build leaves as it is in site/
        self.frame: str | None = None  # what every entry's page is made of but its body
        self.indexing: Indexing | None = None  # the search index, made as languages are built

    def load_config(self, options, config_file_path=None):
        """MkDocs validates the options; which ones mkdocs.yml gives is noted too, for the
        settings still under ``extra.assetmap``, which give the others."""
        self.given = frozenset(options or ())
        return super().load_config(options, config_file_path)

    def site_settings(self, config) -> Settings:
        """The site's ``Settings`` from these options and mkdocs.yml's, as
        ``assetmap.config.load_settings`` makes them for the commands. Settings still under
        ``extra.assetmap`` are read too, for one release, with a notice."""
        given = {key: self.config[key] for key in self.given}
        options, moved = with_extra(given, config.extra.get("assetmap"))
        if moved:
            # Info, as MkDocs logs deprecations: a warning would stop every --strict build
            log.info(f"assetmap: {deprecation(moved)}")
            try:
                self.config, _ = validated({**self.config, **options}, config.config_file_path,
                                           from_extra=set(moved) - self.given)
            except OptionsError as exc:
                raise PluginError(str(exc)) from None
        i18n = getattr(config.plugins.get("i18n"), "config", {})
        return make_settings(self.config, languages(i18n.get("languages") or []),
                             config.site_name, config.site_url, config.repo_url,
                             Path(config.config_file_path).resolve().parent)

    @event_priority(100)  # before static-i18n (-100), which needs the pages to exist
    def on_config(self, config):
        if self.settings is None:
            self.settings = self.site_settings(config)
            try:  # in mkdocs serve, static-i18n builds one language (preview.py)
                self.preview = choose_preview(config, self.settings)
            except PreviewError as exc:
                raise PluginError(str(exc)) from None
        try:
            result, fresh = generate_once(Path(self.config.data_dir), Path(config.docs_dir),
                                          self.settings, Path(config.config_file_path))
        except InventoryError as exc:
            raise PluginError(f"The site was not built: fix the inventory first.\n{exc}") \
                from None
        if fresh:
            log.info(f"assetmap: {len(result.pages)} pages from the inventory "
                     f"({len(result.pages) - len(result.reused)} rendered, {result.written} "
                     f"written, {result.removed} removed)")
            if result.warnings:
                log.info(f"assetmap: the inventory has {len(result.warnings)} warning(s); "
                         "`assetmap check` lists them")
        if self.generated is None and self.preview is None and not is_serving(config):
            self.update, self.frame = update.plan_build(config, self.settings, result,
                                                        self.site_kept)
        if self.printing is None or self.generated is not result:
            self._start_printing(config, result)
        if self.generated is None:
            self._start_indexing(config, result)
        self.generated = result
        config.nav = sections.expand(config.nav, result.sections)
        smaller = config_options.PathSpec().validate("\n".join(SMALLER_PAGES))
        config.not_in_nav = config.not_in_nav + smaller if config.not_in_nav else smaller
        if not self.vendor_files:
            try:
                self.vendor_files = site_files(libraries(Path(config.config_file_path).parent))
            except VendorError as exc:
                raise PluginError(f"The site was not built: {exc}") from None
        return config

    def _start_indexing(self, config, result: Generated) -> None:
        """Have the entries indexed for search while MkDocs builds (``search.Indexing``):
        those of the languages built, or in an update those of the languages that changed."""
        default, codes = self.settings.default_language, self.settings.language_codes
        self.indexing = Indexing(Path(config.site_dir), update.cache_folder(
            config.config_file_path) / "search", self.update.languages if self.update else None)
        bodies = functools.partial(update.entry_bodies, result.pages, update=self.update)
        self.indexing.start([(lang, site_folder(lang, default), bodies(lang, codes, default))
                             for lang in ([self.preview] if self.preview else codes)],
                            config.use_directory_urls)

    def _start_printing(self, config, result: Generated) -> None:
        """Have the sheets of the languages this build builds made (``Printing``)."""
        self._stop_printing()
        if result.inventory is None or result.today is None or \
                not result.inventory.settings.pdf_sheets:
            return
        root = Path(config.config_file_path).resolve().parent
        languages = [self.preview] if self.preview else \
            list(result.inventory.settings.language_codes)
        only = None if self.update is None else \
            update.changed_pages(self.update, self.settings.language_codes,
                                 self.settings.default_language)
        self.printing = Printing(result.inventory, languages, result.today, root / PDF_CACHE,
                                 only)

    def _stop_printing(self) -> None:
        if self.printing is not None:
            self.printing.close()
            self.printing = None

    def on_build_error(self, error):
        self._stop_printing()
        if self.indexing is not None:
            self.indexing.cancel()
            self.indexing = None

    def on_serve(self, server, config, builder):
        """Rebuild for a change of the hand-written pages in docs/, not for the pages the
        build writes there (one rebuild per edit of the data)."""
        self.watcher = watch_hand_written(server, config.docs_dir)
        if self.watcher is None:
            log.debug("assetmap: the server's watch of docs/ is kept as it is")
        return server

    def on_files(self, files, config):
        """Copy the browser libraries into the site, from node_modules/ (never committed).
        The entries' own files are copied by the plugin, not by MkDocs (``fragments.py``)."""
        for uri, path in self.vendor_files.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        files = without_fragments(files)
        return update.without(files, self.update.left_out) if self.update else files

    @event_priority(-110)  # after static-i18n, which builds the nav of the current language
    def on_nav(self, nav, config, files):
        """Translate the titles of the sections made in on_config into the current language."""
        return sections.translate(nav, translations(_current_language(config)).gettext)

    @event_priority(100)  # before static-i18n's pass over the Markdown: nothing left to read
    def on_page_markdown(self, markdown, page, config, files):
        mark_title_language(page)
        if page.meta.get(HTML_BODY) is True:
            self.html_bodies[page.file.abs_src_path] = markdown
            return ""
        lang = getattr(page.file, "locale", None) or _current_language(config)
        if self.settings is not None:  # the list page's body (assetmap/build/my_list.py)
            reader = Reader.of(lang, self.settings.default_language)
            markdown = page_body(markdown, reader, config.site_name)
        if CONTACT not in markdown or self.settings is None:
            return markdown
        block = render_fragment("_contact.html.j2",
                                Reader.of(lang, self.settings.default_language),
                                contact=contact(self.settings))
        return markdown.replace(CONTACT, f"\n\n{block}\n\n")

    def on_page_content(self, html, page, config, files):
        """A generated page's body is already HTML: it skips Markdown, which is both faster
        and one less thing that could read inventory text as markup."""
        html = self.html_bodies.pop(page.file.abs_src_path, html)
        rendered.wrap(page)
        return in_its_language(html, page, _current_language(config))

    def on_env(self, env, config, files):
        """Pages the theme rendered in an earlier build are not rendered again
        (``assetmap/build/rendered.py``). The theme's blocks that every entry's page of this
        language's build shares are rendered once (``assetmap/build/frame.py``)."""
        env.globals["assetmap_block"] = SharedBlocks()
        if self.settings is not None:  # the header's link to the list (overrides/partials)
            env.globals["assetmap_list_link"] = HeaderLink(
                Reader.of(_current_language(config), self.settings.default_language))
        rendered.install(env)
        root = Path(config.config_file_path).resolve().parent
        # The theme's templates, compiled once and kept (by their source's checksum): each
        # language's build compiles them anew otherwise
        (root / CACHE / "jinja").mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(root / CACHE / "jinja"))
        if self.rendered is None:
            self.rendered = rendered.RenderedPages(root / CACHE / "html")
            self.digest = rendered.Digest(rendered.theme_digest(config, code_digest()))
        if self.digest is not None:
            lang = _current_language(config)
            self.digest.new_build(lang, self.update.files.get(lang) if self.update else None)
        return env

    @event_priority(-1000)  # the last: the context as the template will have it
    def on_page_context(self, context, page, config, nav):
        if self.rendered is None or self.digest is None:
            return context
        digest = self.digest.of(context)
        before = self.rendered.get(digest)
        self.page_digests[id(page)] = (digest, before is None)
        if before is not None:
            context[rendered.CACHED] = before
        return context

    def on_post_page(self, output, page, config):
        digest, fresh = self.page_digests.pop(id(page), (None, False))
        if digest is None or fresh:
            output = finish(output)
        if digest is not None and fresh and self.rendered is not None:
            self.rendered.put(digest, output)
        if page is not None and page.meta.get(HTML_BODY) is True:
            # Written now, and read by nothing else: while static-i18n builds the next
            # language, the pages of this one do not hold their HTML (MkDocs keeps them).
            # Its Markdown stays: MkDocs has no title for a page without (the menu's).
            page.content = None
        return output

    def on_post_template(self, output, template_name, config):
        """Every language's build writes the one 404.html at the site's root: keep the
        default language's (static-i18n builds it first)."""
        if template_name != "404.html":
            return output
        default = getattr(config.plugins.get("i18n"), "default_language", None)
        if default is None or _current_language(config) == default:
            self.not_found = finish(output)
        return self.not_found or finish(output)

    @event_priority(-200)  # after static-i18n's, which builds the other languages from its own
    def on_post_build(self, config):
        """Finish the search index once every language is built: static-i18n builds the
        default language, then from its on_post_build each other language in turn (this
        event comes for each of those nested builds too, while it says it is ``building``).
        The open data downloads are copied into the site then too, once per build. Each
        language's build (the default language's last) also makes its printable sheets."""
        i18n = config.plugins.get("i18n")
        building = getattr(i18n, "building", False)
        default = getattr(i18n, "default_language", None) or _current_language(config)
        first = self.preview or default  # the language built first, whose event comes last
        built = _current_language(config) if building else first
        self._write_sheets(config, built)
        self._write_fragments(config, built)
        if building:
            return
        self._stop_printing()
        if self.rendered is not None:
            log.info(f"assetmap: {self.rendered.reused} of {len(self.rendered.used)} pages as "
                     "the theme rendered them in an earlier build")
            if self.preview is None and self.update is None:  # every page was built: what
                self.rendered.forget_unused()                   # none used can go
        if self.generated is not None:
            files = publish(self.generated.downloads, Path(config.site_dir))
            log.debug(f"assetmap: {len(files)} open data files in {config.site_dir}")
        site_dir = Path(config.site_dir)
        try:
            index = self.indexing.finish() if self.indexing else index_site(site_dir)
        except SearchIndexError as exc:
            raise PluginError(f"The search index was not built.\n{exc}") from None
        finally:
            self.indexing = None
        languages = ", ".join(f"{lang} {count}" for lang, count in sorted(index.pages.items()))
        again = "" if index.again is None else \
            f", made again for {', '.join(index.again)}" if index.again else ", as it was"
        log.info(f"assetmap: search index of {index.total} pages ({languages}){again}")
        if self.update is not None:
            self.update.restore_sitemaps(site_dir)
        if self.frame is not None and self.generated is not None and self.digest is not None:
            files = self.update.files if self.update is not None else self.digest.files
            update.write_manifest(config, self.settings, self.frame, self.generated.digests,
                                  files)

    def _write_fragments(self, config, lang: str) -> None:
        """The entries' own files in the language just built, where static-i18n would have
        put them."""
        if self.generated is None or self.settings is None:
            return
        paths = self.update.changed if self.update is not None else self.generated.pages
        copied = copy_fragments(paths, Path(config.docs_dir),
                                Path(config.site_dir), lang, self.settings.language_codes,
                                self.settings.default_language)
        log.debug(f"assetmap: {copied} entries' files in '{lang}'")

    def _write_sheets(self, config, lang: str) -> None:
        """The printable sheets (PDF) of the language just built, beside its pages."""
        if self.printing is None:
            return
        try:
            printed = self.printing.sheets(lang)
        except PdfError as exc:
            self._stop_printing()
            raise PluginError(str(exc)) from None
        copy_pdfs({Path(config.site_dir, path): pdf for path, pdf in printed.files.items()})
        for note in printed.notes:
            log.info(note)
        where = " in a process of their own" if self.printing.beside else ""
        log.info(f"assetmap: {len(printed.files)} printable sheets (PDF) in '{lang}', "
                 f"{printed.made} made anew, in {printed.seconds:.2f} s{where}")


def on_config(config):
    """For a mkdocs.yml from before the plugin, which ran this file as a hooks file: say
    what to change instead of building a site without its pages."""
    raise PluginError("assetmap is a MkDocs plugin now: in mkdocs.yml, remove "
                      "`hooks: - assetmap/build/plugin.py` and list `- assetmap` under "
                      "`plugins:`, after `- i18n` (its settings can move from `extra.assetmap` "
                      "to its options). Then run `pip install -e .` once to register it.")
