"""Building the site as `mkdocs build --strict` does, on a copy of the project with another
inventory, and reading the pages and inventory of the fixture site (tests/fixtures/site/)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from assetmap.build.site import copy_project

from .html import Page
from .project import PREFIX, SITE_DATA

# Words the fixture site's private fields hold (an internal note, a contact who did not
# consent): they must appear nowhere in what is published.
PRIVATE = ("SECRET-NOTE", "NOTCONSENTED")


def mkdocs_build(data: Path, dest: Path, pdf_sheets: bool = True,
                 page_size: int | None = None,
                 prepare: Callable[[Path], None] | None = None) -> Path:
    """Build a copy of the project with ``data`` as its inventory; returns the site folder.
    The plugin's code is the copy's (this checkout's, linked), first on the path.
    ``page_size``: the most entries a page lists, when not the default; ``prepare`` changes
    the copy (its folder) before the build."""
    config = copy_project(dest, data)
    if prepare is not None:
        prepare(dest)
    text = config.read_text(encoding="utf-8")
    assert "pdf_sheets: true" in text
    options = f"pdf_sheets: {str(pdf_sheets).lower()}"
    if page_size is not None:
        options += f"\n      page_size: {page_size}"
    config.write_text(text.replace("pdf_sheets: true", options), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        cwd=dest, capture_output=True, text=True, env=mkdocs_env(dest))
    assert result.returncode == 0, result.stderr[-4000:]
    return dest / "site"


def mkdocs_env(project: Path) -> dict[str, str]:
    """The environment of a MkDocs process building ``project``, a copy of this one."""
    path = os.pathsep.join(p for p in (str(project), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path, "NO_MKDOCS_2_WARNING": "1"}


def page(site: Path, lang: str, path: str) -> Page:
    """The page at ``path`` (e.g. "categories/nature") in ``lang`` of a built site."""
    return Page((site / PREFIX[lang] / path / "index.html").read_text(encoding="utf-8"))


def fixture_assets() -> list[dict[str, str]]:
    """The rows of the fixture site's inventory, as csv reads them."""
    with (SITE_DATA / "assets.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def taxonomy(name: str) -> list[dict]:
    """The fixture site's categories.yml or neighbourhoods.yml."""
    return yaml.safe_load((SITE_DATA / name).read_text(encoding="utf-8"))
