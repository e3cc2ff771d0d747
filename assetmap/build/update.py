"""``assetmap build`` after a small change of the inventory updates the site it built last, in
place, instead of building every page again: the entries whose pages did not change are
left out of the build, and their HTML in site/ is the HTML a full build would write.

That holds when everything else an entry's page is made of is as it was: the site's frame.
An entry's page shows its own body (what generate made from its model) in the theme's
frame: the navigation (the site's pages and their titles), the configuration, the theme
and its overrides, assetmap's code, and which languages the entry has (the language menu).
``frame`` is a digest of all of these, taken before MkDocs reads a file:

- assetmap's code and the theme (``rendered.theme_digest``), mkdocs.yml and the settings;
- every hand-written file under docs/, whole;
- the paths of the generated pages and fragments, and the front matter (title, meta) of
  every generated page that is not an entry's: the nav and the pages' titles come from it.

The last full or updated build leaves a ``Manifest`` in ``.cache/assetmap/site.json``: its
frame, the site's folder, and the digest of every generated page's model (``PageCache``).
A build deletes it first and writes it only once the site is built, so a site left
half-built by a failure is never updated. A build updates only when the manifest's frame
and folder are this build's, every language is built, and the caller keeps site/ (what
``build_site`` does; ``mkdocs build`` cleans it); otherwise it builds everything.

An update builds, in each language: every page but the entries' (the home page, lists,
hand-written pages: what the nav and the lists show), plus every page of each entry whose
page changed in any language (its language menu links to the others). The search index is
made again for the languages whose entries changed (``search.Indexing``). MkDocs'
sitemap, which lists the pages a build built, is the last full build's.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from assetmap.build.cache import CACHE, read_json, write_json
from assetmap.build.fragments import is_fragment
from assetmap.build.generate import is_generated, language_of, unlocalized
from assetmap.build.search import Body
from assetmap.pages.views import ASSETS, GENERATED_FOLDERS, SMALLER_PAGES

log = logging.getLogger("mkdocs.plugins.assetmap")

MANIFEST = "site.json"
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")


def entry_bodies(pages: Mapping[str, str], lang: str, languages: Iterable[str],
                 default: str, update: Update | None = None) -> Iterator[Body]:
    """The entries' bodies in ``lang``, from the generated ``pages`` (their HTML after the
    front matter generate wrote), each read when asked for; in an ``update``, those that did
    not change say so."""
    languages = tuple(languages)
    for path in pages:
        if is_entry_page(path) and language_of(path, languages, default) == lang:
            yield Body(entry_of(path), functools.partial(_body, pages, path),
                       update is not None and path not in update.changed)


def _body(pages: Mapping[str, str], path: str) -> str:
    text = pages[path]
    return text[len(_front_matter(text)) + len("\n---\n"):]


def is_entry_page(path: str) -> bool:
    """Whether ``path`` (under docs/) is an entry's page: 'assets/x.md', 'assets/x.fr.md'."""
    return path.startswith(f"{ASSETS}/") and path.endswith(".md") and path.count("/") == 1


def entry_of(path: str) -> str:
    """The entry a page or fragment is of: 'assets/x.fr.md' and 'entries/x.fr.html' -> 'x'."""
    name = path.rpartition("/")[2]
    return name.split(".")[0]


def _front_matter(text: str) -> str:
    if not text.startswith("---"):
        return ""
    end = text.find("\n---", 3)
    return text[:end] if end >= 0 else text


def _hand_written(docs_dir: Path) -> list[tuple[str, str]]:
    """Every file under docs/ that generate does not write: (path, digest of its bytes)."""
    found = []
    for folder, dirs, names in os.walk(docs_dir):
        relative = Path(folder).relative_to(docs_dir).as_posix()
        if relative == ".":
            dirs[:] = [d for d in dirs if d not in GENERATED_FOLDERS]
        for name in names:
            path = name if relative == "." else f"{relative}/{name}"
            if not is_generated(path):
                data = (Path(folder) / name).read_bytes()
                found.append((path, hashlib.sha256(data).hexdigest()))
    return sorted(found)


def frame(theme: str, config_file: Path, settings, docs_dir: Path,
          pages: Mapping[str, str], sections: Mapping[str, list[str]]) -> str:
    """The digest of what every entry's page is made of besides its own body (above).
    ``pages``: the generated pages and fragments, path under docs/ -> their text;
    ``sections``: the pages the nav lists under categories/ and neighbourhoods/, in order."""
    digest = hashlib.sha256()
    digest.update(theme.encode() + b"\0")
    digest.update(Path(config_file).read_bytes() + b"\0")
    digest.update(repr(settings).encode() + b"\0")
    digest.update(json.dumps(sections, sort_keys=True).encode() + b"\0")
    for path, hashed in _hand_written(Path(docs_dir)):
        digest.update(f"{path}\0{hashed}\n".encode())
    for path in sorted(pages):
        digest.update(path.encode() + b"\0")
        if not is_entry_page(path) and not is_fragment(path):
            digest.update(_front_matter(pages[path]).encode() + b"\0")
    return digest.hexdigest()


@dataclass
class Manifest:
    site_dir: str
    frame: str
    languages: list[str]
    pages: dict[str, str | None]  # generated page or fragment -> digest of its model
    files: dict[str, str] = field(default_factory=dict)  # language -> its build's files
    # (``rendered.Digest``: every page's context holds the build's files)

    @classmethod
    def read(cls, cache_dir: Path) -> Manifest | None:
        kept = read_json(cache_dir / MANIFEST)
        try:
            return cls(str(kept["site_dir"]), str(kept["frame"]), list(kept["languages"]),
                       dict(kept["pages"]), dict(kept.get("files", {})))
        except (KeyError, TypeError, ValueError):
            return None

    def write(self, cache_dir: Path) -> None:
        write_json(cache_dir / MANIFEST, self.__dict__)


def forget(cache_dir: Path) -> None:
    """The site is about to change: no manifest until it is built."""
    (cache_dir / MANIFEST).unlink(missing_ok=True)


@dataclass
class Update:
    """What an update leaves out of the build, and what it does again."""

    left_out: frozenset[str]  # pages under docs/ not built: their HTML in site/ is right
    changed: frozenset[str]  # generated entries' pages and fragments that changed
    languages: frozenset[str]  # the languages whose entries' pages changed: to index again
    files: dict[str, str]  # the manifest's, for rendered.Digest
    saved: dict[str, bytes] = field(default_factory=dict)  # sitemaps, put back at the end

    def keep_sitemaps(self, site_dir: Path) -> None:
        for name in SITEMAPS:
            path = site_dir / name
            if path.is_file():
                self.saved[name] = path.read_bytes()

    def restore_sitemaps(self, site_dir: Path) -> None:
        for name, data in self.saved.items():
            (site_dir / name).write_bytes(data)


def plan(manifest: Manifest | None, site_dir: Path, frame_now: str, languages: list[str],
         default: str, digests: Mapping[str, str | None]) -> Update | None:
    """The update of the site in ``site_dir``, or None when it must be built whole."""
    if manifest is None or manifest.frame != frame_now or manifest.languages != languages \
            or manifest.site_dir != str(site_dir) or set(manifest.pages) != set(digests) \
            or not (site_dir / "index.html").is_file():
        return None
    changed = {path for path, digest in digests.items()
               if digest is None or manifest.pages.get(path) != digest}
    touched = {unlocalized(path, languages) for path in changed}
    left_out = frozenset(path for path in digests if is_out_of_nav(path)
                         and unlocalized(path, languages) not in touched)
    redo = {language_of(path, languages, default) for path in changed
            if is_entry_page(path) or is_fragment(path)}
    return Update(left_out, frozenset(changed), frozenset(redo), dict(manifest.files))


_SMALLER = pathspec.GitIgnoreSpec.from_lines(SMALLER_PAGES)


def is_out_of_nav(path: str) -> bool:
    """Whether a generated page is one the nav does not list: an entry's page, or one of the
    smaller pages a long list is split into. Its HTML is its body in the frame: left out of
    an update when unchanged, it stays as it is in the site."""
    return is_entry_page(path) or (path.endswith(".md") and _SMALLER.match_file(path))


def changed_pages(update: Update, languages: Iterable[str], default: str
                  ) -> dict[str, frozenset[str]]:
    """The generated pages that changed, by language, by their path in every language
    ('categories/nature.md'): the printable sheets to make again (a sheet is made from its
    page's model; the others are in the site as they are)."""
    languages = tuple(languages)
    found: dict[str, set[str]] = {lang: set() for lang in languages}
    for path in update.changed:
        if path.endswith(".md"):
            found[language_of(path, languages, default)].add(unlocalized(path, languages))
    return {lang: frozenset(paths) for lang, paths in found.items()}


def write_manifest(config, settings, frame_now: str, digests: Mapping[str, str | None],
                   files: Mapping[str, str]) -> None:
    """The site of ``config`` is built, every language of it: the next build may update it."""
    Manifest(str(Path(config.site_dir).resolve()), frame_now, list(settings.language_codes),
             dict(digests), dict(files)).write(cache_folder(config.config_file_path))


def plan_build(config, settings, generated, site_kept: bool) -> tuple[Update | None, str]:
    """Whether the build of ``config`` (MkDocs') can update the site the last one built,
    and this build's frame. The manifest of the site goes until this build is done."""
    from assetmap.build.cache import code_digest
    from assetmap.build.rendered import theme_digest

    cache = cache_folder(config.config_file_path)
    frame_now = frame(theme_digest(config, code_digest()), Path(config.config_file_path),
                      settings, Path(config.docs_dir), generated.pages, generated.sections)
    manifest = Manifest.read(cache) if site_kept else None
    forget(cache)
    site_dir = Path(config.site_dir).resolve()
    update = plan(manifest, site_dir, frame_now, list(settings.language_codes),
                  settings.default_language, generated.digests)
    if update is not None:
        log.info(describe(update))
        update.keep_sitemaps(site_dir)
    return update, frame_now


def cache_folder(config_file: Path) -> Path:
    return Path(config_file).resolve().parent / CACHE


def describe(update: Update) -> str:
    kept = len({entry_of(path) for path in update.left_out if is_entry_page(path)})
    again = len({entry_of(path) for path in update.changed if is_entry_page(path)})
    others = len([path for path in update.left_out if not is_entry_page(path)])
    return (f"assetmap: updating the site built last: {kept} entries' pages as they are, "
            f"{again} built again; {others} other pages as they are")


def without(files, paths: frozenset[str]):
    """The build's files (MkDocs' ``Files``), those at ``paths`` under docs/ taken out."""
    for file in [f for f in files if f.src_uri in paths]:
        files.remove(file)
    return files
