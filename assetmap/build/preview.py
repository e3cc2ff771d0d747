"""Quick previews in ``mkdocs serve`` (and ``assetmap serve``): one language, one rebuild.

A preview builds one language of the site, the default one unless ``ASSETMAP_PREVIEW`` names
another (``assetmap serve --lang fr`` sets it; ``all`` builds every language, as
``mkdocs build`` does). mkdocs-static-i18n builds the language it is told is current first
and then the others it is told to build: the preview tells it the language to build, and that
it is the only one. Its own ``build_only_locale`` is no help here: it makes that language the
default one, which, with pages named ``x.md`` (default) and ``x.fr.md``, would take the
default language's pages for the French ones.

The plugin knows it is serving from the site's address: ``mkdocs serve`` replaces
``site_url`` with the address it serves on (``dev_addr``) before every build. The ``on_startup``
event would say so too, but a plugin that has it becomes one object for every site MkDocs
loads in the process, so two projects built in one process would share their state.

The pages generated from the inventory are written into docs/, which ``mkdocs serve``
watches: each data edit would schedule a second rebuild, for the pages the first one wrote.
``watch_hand_written`` replaces the server's watch of docs/ by one that ignores the places
where generated pages go (``is_generated``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from assetmap.build.generate import is_generated

log = logging.getLogger("mkdocs.plugins.assetmap")

PREVIEW = "ASSETMAP_PREVIEW"  # the language to preview, or "all"; default: the default one
EVERY_LANGUAGE = "all"


class PreviewError(Exception):
    """The language asked for is not one of the site's: the message lists them."""


def is_serving(config) -> bool:
    """Whether MkDocs builds for its development server (``mkdocs serve``)."""
    host, port = config.dev_addr
    netloc = urlsplit(config.site_url or "").netloc
    return netloc in (f"{host}:{port}", f"[{host}]:{port}")


def preview_language(locales: Iterable[str], default: str,
                     asked: str | None = None) -> str | None:
    """The one language to build for a preview, or None for every language. ``asked`` is
    ``ASSETMAP_PREVIEW`` unless given."""
    asked = (os.environ.get(PREVIEW, "") if asked is None else asked).strip()
    locales = list(locales)
    if not asked:
        return default
    if asked == EVERY_LANGUAGE:
        return None
    if asked not in locales:
        raise PreviewError(f"{PREVIEW}={asked}: the site has no language '{asked}'; choose "
                           f"one of {', '.join(locales)}, or '{EVERY_LANGUAGE}'.")
    return asked


def build_only(i18n, lang: str) -> None:
    """Have mkdocs-static-i18n build ``lang`` alone, before its ``on_config``: it builds the
    current language, then every other language marked ``build``."""
    for language in i18n.config.languages:
        language.build = language.locale == lang
    i18n.current_language = lang


# --- one rebuild per edit ---------------------------------------------------------------------


class HandWritten(FileSystemEventHandler):
    """Asks for a rebuild when a file under docs/ changes, unless the build generated it."""

    def __init__(self, docs_dir: str, rebuild: Callable[[], None]) -> None:
        super().__init__()
        self.docs_dir = os.path.abspath(docs_dir)
        self.rebuild = rebuild

    def generated(self, path: str | bytes) -> bool:
        path = os.fsdecode(path)
        relative = os.path.relpath(os.path.abspath(path), self.docs_dir)
        return not relative.startswith("..") and is_generated(Path(relative).as_posix())

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if all(self.generated(p) for p in paths):
            return
        self.rebuild()


def choose_preview(config, settings) -> str | None:
    """In ``mkdocs serve``, the one language static-i18n is to build (``preview_language``),
    which it is then told; None: every language, or not serving."""
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.current_language is not None or not is_serving(config):
        return None
    preview = preview_language(settings.language_codes, settings.default_language)
    if preview is not None:
        build_only(i18n, preview)
        where = "" if preview == settings.default_language else f", under {preview}/"
        log.info(f"assetmap: a preview in '{preview}' only{where} "
                 "(ASSETMAP_PREVIEW=all builds every language)")
    return preview


def _rebuild_of(server) -> Callable[[], None] | None:
    """What the server's own watch does on a change (mkdocs 1.6 ``LiveReloadServer.watch``):
    want a rebuild, and wake its build loop. None when the server has no such thing."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return None

    def rebuild() -> None:
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    return rebuild


def watch_hand_written(server, docs_dir: str) -> HandWritten | None:
    """Watch docs/ for the server, minus the generated pages; returns the handler, or None
    when the server is not one this knows (it then keeps its own watch)."""
    rebuild = _rebuild_of(server)
    docs_dir = os.path.abspath(docs_dir)
    if rebuild is None or docs_dir not in getattr(server, "_watched_paths", {}):
        return None
    while docs_dir in server._watched_paths:
        server.unwatch(docs_dir)
    handler = HandWritten(docs_dir, rebuild)
    server.observer.schedule(handler, docs_dir, recursive=True)
    return handler
