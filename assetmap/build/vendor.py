"""The libraries the site ships to browsers, from the npm registry as package-lock.json pins
them: Leaflet for the map, qrcode-generator for the QR code of a reader's list (My list),
opening_hours (with SunCalc, which it needs) for "Open now".

Each is a dependency in package.json, installed into node_modules/ by ``npm ci``; none is ever
copied into this repository. The build copies the few files the browser needs into the site
(``vendor/<package>/``, see ``site_files``). When they are missing, the build installs them
with ``npm ci``, so ``pip install -e . && assetmap build`` works on a fresh machine that has
Node.js.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.assetmap")

PROJECT = Path(__file__).resolve().parents[2]  # this checkout, beside package-lock.json
# What the browser needs of each package. Leaflet: the script, its stylesheet, the images the
# stylesheet names, and the licence, which its BSD-2-Clause terms ask to keep with every copy.
# qrcode-generator: its ES module, which carries its MIT licence notice in its first lines.
# opening_hours: its browser build (a script that finds SunCalc in the page) and its licence,
# LGPL-3.0, which asks for the library to come unchanged, as a file of its own, with its terms;
# SunCalc: its ES module and BSD-2-Clause licence. A browser loads them only on a page with
# hours, and on the Find page (docs/javascripts/hours.js).
LIBRARIES = {
    "leaflet": ("dist/leaflet.js", "dist/leaflet.css", "dist/images", "LICENSE"),
    "qrcode-generator": ("dist/qrcode.mjs",),
    "opening_hours": ("build/opening_hours.js", "LICENSES/LGPL-3.0-only.txt"),
    "suncalc": ("index.js", "LICENSE"),
}
SITE_FOLDER = "vendor"


class VendorError(Exception):
    """A library is missing and could not be installed: the message says what to do."""


def _candidates(root: Path) -> list[Path]:
    """Where a project's node_modules may be: beside mkdocs.yml, or beside this package (a
    copy of the project made by tests and benchmarks links the package, not node_modules)."""
    roots = [root.resolve()]
    if PROJECT not in roots:
        roots.append(PROJECT)
    return roots


def find_libraries(root: Path) -> dict[str, Path] | None:
    """The installed packages of ``LIBRARIES`` for the project at ``root`` (name -> folder),
    all from one node_modules, or None when one is missing."""
    for candidate in _candidates(root):
        packages = {name: candidate / "node_modules" / name for name in LIBRARIES}
        if all((packages[name] / path).exists()
               for name, paths in LIBRARIES.items() for path in paths):
            return packages
    return None


def install(root: Path) -> dict[str, Path]:
    """Install the npm packages of the project at ``root`` with ``npm ci`` (only the ones the
    site needs on a fresh machine, every one when node_modules/ exists already, so as not to
    remove the test tools). Returns the packages or raises ``VendorError``."""
    project = next((c for c in _candidates(root) if (c / "package-lock.json").is_file()), None)
    if project is None:
        raise VendorError("The site needs Leaflet and qrcode-generator, which package.json "
                          "and package-lock.json declare, but neither file is in "
                          f"{root.resolve()}.")
    npm = shutil.which("npm")
    command = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    if not (project / "node_modules").is_dir():
        command.append("--omit=dev")
    if npm is None:
        raise VendorError("The site needs Leaflet and qrcode-generator from the npm registry, "
                          "and npm is not installed. Install Node.js with npm "
                          f"(https://nodejs.org/), then run `{' '.join(command)}` in {project} "
                          "(or run `assetmap build` again).")
    log.info(f"assetmap: installing the browser libraries as package-lock.json pins them: "
             f"{' '.join(command)}")
    result = subprocess.run([npm, *command[1:]], cwd=project, capture_output=True, text=True)
    found = find_libraries(root)
    if result.returncode != 0 or found is None:
        raise VendorError(f"`{' '.join(command)}` in {project} did not install "
                          f"{' and '.join(LIBRARIES)}:\n"
                          f"{(result.stderr or result.stdout).strip()[-2000:]}")
    return found


def libraries(root: Path) -> dict[str, Path]:
    """The packages for the project at ``root``, installed first when one is missing."""
    return find_libraries(root) or install(root)


def site_files(packages: dict[str, Path]) -> dict[str, Path]:
    """The files to copy into the site: path in the site -> file in node_modules. A file of
    a package's dist/ goes to the top of its folder (``vendor/leaflet/leaflet.js``)."""
    files: dict[str, Path] = {}
    for name, package in packages.items():
        for entry in LIBRARIES[name]:
            source = package / entry
            paths = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() \
                else [source]
            for path in paths:
                top = source.parent if entry.startswith("dist/") else package
                files[f"{SITE_FOLDER}/{name}/{path.relative_to(top).as_posix()}"] = path
    return files
