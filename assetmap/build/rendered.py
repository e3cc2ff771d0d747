"""Pages the theme rendered in an earlier build, kept in ``.cache/assetmap/html/`` by a digest
of everything the theme's template was given: a page whose digest was rendered before is
not rendered again. After a one-row edit, most pages of a large directory are the same down
to the last byte, and the theme (which renders the whole nav into every page) is what a build
spends most on.

The digest is of the template's whole context as the page's template receives it (its page,
nav, configuration and everything plugins added), made into plain data (``plain``), with the
theme's and assetmap's code; objects this does not know are taken by their ``repr``, which
only ever makes a digest change. MkDocs picks a page's template before the plugins see its
context, so every page goes through ``WRAPPER``: it includes the page's own template, unless
the plugin gave it the HTML rendered before. Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader
from markupsafe import Markup
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

WRAPPER = "assetmap/page.html"
CACHED = "assetmap_cached"  # in the context: the page's HTML, rendered before
_WRAPPER_SOURCE = ("{% if " + CACHED + " is defined %}{{ " + CACHED + " }}"
                   "{% else %}{% include page.meta.template or 'main.html' %}{% endif %}")


class _Meta(dict):
    """A page's meta as its front matter gave it, to the theme and everyone else; but MkDocs,
    which asks it for ``get("template")`` to choose the page's template, is told ``WRAPPER``
    (a page's meta is what the theme tests to show some parts: it must not change)."""

    def get(self, key, default=None):
        return WRAPPER if key == "template" else super().get(key, default)
THEMES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "jinja2")


def install(env) -> None:
    """Make ``WRAPPER`` one of the theme's templates."""
    env.loader = ChoiceLoader([DictLoader({WRAPPER: _WRAPPER_SOURCE}), env.loader])


def wrap(page: Page) -> None:
    """Have MkDocs render ``page`` through ``WRAPPER``, which renders its own template."""
    if not isinstance(page.meta, _Meta):
        page.meta = _Meta(page.meta)


def theme_digest(config, code: str) -> str:
    """What pages depend on besides their context: the theme's templates (its folders'
    files: the overrides; the theme's own by its version) and assetmap's code."""
    digest = hashlib.sha256(code.encode())
    for name in THEMES:
        with contextlib.suppress(PackageNotFoundError):
            digest.update(f"{name} {version(name)}\n".encode())
    custom = config.theme.custom_dir
    for path in sorted(Path(custom).rglob("*")) if custom else ():
        if path.is_file():
            digest.update(str(path.relative_to(custom)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _link(item) -> list | None:
    return None if item is None else [getattr(item, "title", None), getattr(item, "url", None)]


def _page(page: Page, plain) -> dict:
    return {
        "title": page.title, "url": page.url, "canonical_url": page.canonical_url,
        "abs_url": page.abs_url, "edit_url": page.edit_url, "content": page.content,
        "toc": plain(page.toc), "meta": plain(page.meta), "active": page.active,
        "is_homepage": page.is_homepage, "previous": _link(page.previous_page),
        "next": _link(page.next_page), "ancestors": [_link(a) for a in page.ancestors],
        "file": plain(page.file), "parent": _link(page.parent),
    }


def _file(file: File) -> list:
    alternates = getattr(file, "alternates", None) or {}
    return [file.src_uri, file.dest_uri, file.url, getattr(file, "locale", None),
            {lang: alt.url for lang, alt in alternates.items()}]


# What the context holds that is the same for every page of a language's build: made plain
# once per build. (The configuration's ``extra`` is not: static-i18n sets the language
# switcher's links in it for each page.)
PER_BUILD = frozenset({"i18n_config", "i18n_alternates", "i18n_build_languages",
                       "i18n_current_language_config", "i18n_current_language"})


class Digest:
    """Plain data from a page's context, for a digest. Big objects shared by every page of a
    build (its configuration, files, the languages' pages) are made plain once per build."""

    def __init__(self, salt: str) -> None:
        self.salt = salt
        self._shared: dict[tuple, tuple[object, str]] = {}
        self._per_build: dict[str, str] = {}
        self.language: str | None = None
        self.fixed: str | None = None
        self.files: dict[str, str] = {}  # language -> the digest of its build's files

    def new_build(self, language: str | None = None, files: str | None = None) -> None:
        """A language's build starts (``on_env``): what was the same for every page of the
        last one may differ. ``files``: the digest of the build's files, when the build
        leaves some out but its pages are to be as those of the build that had them all
        (``update.py``)."""
        self._per_build = {}
        self.language, self.fixed = language, files

    def _once(self, key: str, value) -> str:
        if key not in self._per_build:
            text = json.dumps(self.plain(value), sort_keys=True, default=repr,
                              ensure_ascii=False)
            self._per_build[key] = hashlib.sha256(text.encode()).hexdigest()
        return self._per_build[key]

    def of(self, context: Mapping) -> str:
        data = {}
        for key, value in context.items():
            if key == "config":
                rest = {k: v for k, v in value.items() if k != "extra"}
                data[key] = [self._once(key, rest), self.plain(value.get("extra"))]
            elif key == "pages" and value:  # the build's files, in a new list for each page
                data[key] = self.shared(list(value), of_build=True)
            elif key in PER_BUILD:
                data[key] = self._once(key, value)
            elif key == "nav":  # the same for every page but for which items are active
                data[key] = [self._once(key, value), [_link(value_)
                             for value_ in getattr(context.get("page"), "ancestors", ())]]
            else:
                data[key] = self.plain(value)
        text = json.dumps([self.salt, data], sort_keys=True, default=repr, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def shared(self, files: list[File], of_build: bool = False) -> str:
        """The digest of a build's list of files, made once: MkDocs gives every page the
        same files, in a new list each time."""
        if of_build and self.fixed is not None:
            return self.fixed
        key = (len(files), id(files[0]), id(files[-1]))
        if key not in self._shared:
            text = json.dumps([_file(f) for f in files], sort_keys=True, default=repr)
            self._shared[key] = (files, hashlib.sha256(text.encode()).hexdigest())
        if of_build and self.language is not None:
            self.files[self.language] = self._shared[key][1]
        return self._shared[key][1]

    def plain(self, value, depth: int = 0):  # noqa: PLR0911 - one case per kind of value
        if depth > 12 or isinstance(value, (str, int, float, bool, type(None))):
            return value if depth <= 12 else repr(value)
        if isinstance(value, Page):
            return _page(value, lambda v: self.plain(v, depth + 1))
        if isinstance(value, File):
            return _file(value)
        if isinstance(value, (Section, Link, Navigation)):  # a page of the nav: a Page
            return self._nav(value, depth)
        if isinstance(value, (TableOfContents, AnchorLink)):
            items = value if isinstance(value, TableOfContents) else value.children
            head = [] if isinstance(value, TableOfContents) else [value.title, value.url]
            return head + [self.plain(i, depth + 1) for i in items]
        if isinstance(value, BasePlugin):
            return type(value).__name__
        if isinstance(value, dt.datetime):
            return None  # the build's date: no template of this site shows it
        if hasattr(value, "dirs") and hasattr(value, "name"):  # the theme
            return [value.name, list(value.dirs), self.plain(dict(value), depth + 1)]
        if isinstance(value, Mapping):
            return {str(k): self.plain(v, depth + 1) for k, v in value.items()
                    if not str(k).startswith("_") and not isinstance(v, BasePlugin)}
        if isinstance(value, (list, tuple)) and len(value) > 20 and \
                isinstance(value[0], File) and all(isinstance(v, File) for v in value):
            return self.shared(list(value))
        if isinstance(value, (list, tuple, set, frozenset)):
            items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
            return [self.plain(v, depth + 1) for v in items]
        return repr(value)

    def _nav(self, item, depth: int):
        """The nav's items, without which are active: the page and its ancestors are."""
        if isinstance(item, Navigation):
            return ["nav", _link(item.homepage), [self._nav(i, depth + 1) for i in item.items]]
        if isinstance(item, Section):
            return ["section", item.title, [self._nav(i, depth + 1) for i in item.children]]
        if isinstance(item, Page):  # its title, address and meta, not its content
            return ["page", item.title, item.url, item.is_homepage,
                    self.plain(item.meta, depth + 1)]
        return ["link", item.title, item.url]


class RenderedPages:
    """The HTML of pages rendered before, in ``folder`` by digest."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.reused = 0

    def _path(self, digest: str) -> Path:
        return self.folder / digest[:2] / f"{digest}.html"

    def get(self, digest: str) -> Markup | None:
        self.used.add(digest)
        try:
            html = self._path(digest).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        self.reused += 1
        return Markup(html)

    def put(self, digest: str, html: str) -> None:
        path = self._path(digest)
        if path.is_file():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(html, encoding="utf-8")
        partial.replace(path)

    def forget_unused(self) -> int:
        """Delete the pages no page of this build used; returns how many."""
        removed = 0
        for path in self.folder.glob("*/*.html"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
