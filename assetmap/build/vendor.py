"""The map library the site ships (Leaflet), from the npm registry as package-lock.json pins it.

Leaflet is a dependency in package.json, installed into node_modules/ by ``npm ci``; it is never
copied into this repository. The build copies the few files the browser needs into the site
(``vendor/leaflet/``, see ``site_files``). When they are missing, the build installs them with
``npm ci``, so ``pip install -e . && assetmap build`` works on a fresh machine that has Node.js.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.assetmap")

PROJECT = Path(__file__).resolve().parents[2]  # this checkout, beside package-lock.json
LEAFLET = Path("node_modules") / "leaflet"
# What the browser needs: the script, its stylesheet, the images the stylesheet names, and the
# licence, which its BSD-2-Clause terms ask to keep with every copy.
LEAFLET_FILES = ("dist/leaflet.js", "dist/leaflet.css", "dist/images", "LICENSE")
SITE_FOLDER = "vendor/leaflet"


class VendorError(Exception):
    """Leaflet is missing and could not be installed: the message says what to do."""


def _candidates(root: Path) -> list[Path]:
    """Where a project's node_modules may be: beside mkdocs.yml, or beside this package (a
    copy of the project made by tests and benchmarks links the package, not node_modules)."""
    roots = [root.resolve()]
    if PROJECT not in roots:
        roots.append(PROJECT)
    return roots


def find_leaflet(root: Path) -> Path | None:
    """The installed Leaflet package for the project at ``root``, or None."""
    for candidate in _candidates(root):
        package = candidate / LEAFLET
        if all((package / name).exists() for name in LEAFLET_FILES):
            return package
    return None


def install(root: Path) -> Path:
    """Install the npm packages of the project at ``root`` with ``npm ci`` (only the ones the
    site needs on a fresh machine, every one when node_modules/ exists already, so as not to
    remove the test tools). Returns the Leaflet package or raises ``VendorError``."""
    project = next((c for c in _candidates(root) if (c / "package-lock.json").is_file()), None)
    if project is None:
        raise VendorError("The map needs Leaflet, which package.json and package-lock.json "
                          f"declare, but neither is in {root.resolve()}.")
    npm = shutil.which("npm")
    command = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    if not (project / "node_modules").is_dir():
        command.append("--omit=dev")
    if npm is None:
        raise VendorError("The map needs Leaflet from the npm registry, and npm is not "
                          "installed. Install Node.js with npm (https://nodejs.org/), then run "
                          f"`{' '.join(command)}` in {project} (or run `assetmap build` again).")
    log.info(f"assetmap: installing the map library (Leaflet) as package-lock.json pins it: "
             f"{' '.join(command)}")
    result = subprocess.run([npm, *command[1:]], cwd=project, capture_output=True, text=True)
    found = find_leaflet(root)
    if result.returncode != 0 or found is None:
        raise VendorError(f"`{' '.join(command)}` in {project} did not install Leaflet:\n"
                          f"{(result.stderr or result.stdout).strip()[-2000:]}")
    return found


def leaflet(root: Path) -> Path:
    """The Leaflet package for the project at ``root``, installed first when it is missing."""
    return find_leaflet(root) or install(root)


def site_files(package: Path) -> dict[str, Path]:
    """The files to copy into the site: path in the site -> file in node_modules."""
    files: dict[str, Path] = {}
    for name in LEAFLET_FILES:
        source = package / name
        paths = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [
            source]
        for path in paths:
            relative = path.relative_to(source.parent if name.startswith("dist/") else package)
            files[f"{SITE_FOLDER}/{relative.as_posix()}"] = path
    return files
