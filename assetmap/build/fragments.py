"""Each entry's own small file, ``entries/<id>.html`` (what the Find page and My list fetch),
goes into the site from the plugin, not through MkDocs.

Generated into docs/ like the pages, one per entry and language, they are no pages: MkDocs
would only copy them. But static-i18n sorts every file of docs/ into its language in each
language's build, and these are as many as the entries' pages: at 1,000 entries in three
languages, 3,000 more files for each of three builds to sort and copy. The plugin takes them
out of the build's files and copies each language's where static-i18n would have put them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from mkdocs.structure.files import Files

from assetmap.build.generate import language_of
from assetmap.language import site_folder

FOLDER = "entries/"  # under docs/, and under each language's folder of the site


def is_fragment(path: str) -> bool:
    """Whether ``path`` (under docs/) is an entry's file."""
    return path.startswith(FOLDER) and path.endswith(".html")


def without_fragments(files: Files) -> Files:
    """The build's files, the entries' own taken out."""
    for file in [f for f in files if is_fragment(f.src_uri)]:
        files.remove(file)
    return files


def copy_fragments(paths: Iterable[str], docs_dir: Path, site_dir: Path, lang: str,
                   languages: Iterable[str], default: str) -> int:
    """Copy the entries' files in ``lang`` (of ``paths``, under ``docs_dir``) to where
    static-i18n puts them: 'entries/x.fr.html' as 'fr/entries/x.html'. Returns how many."""
    languages = tuple(languages)
    folder = site_dir / site_folder(lang, default) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    copied = 0
    for path in paths:
        if not is_fragment(path) or language_of(path, languages, default) != lang:
            continue
        stem = path[len(FOLDER):-len(".html")]
        name = stem if lang == default else stem[:-len(f".{lang}")]
        shutil.copyfile(docs_dir / path, folder / f"{name}.html")
        copied += 1
    return copied
