"""MkDocs finds the assetmap plugin (``plugins: - assetmap``) by its entry point, which
``pip install -e .`` registers from pyproject.toml; tests/run.sh installs the checkout so, as
CI runs it. An install made before the plugin existed, or another checkout's, does not declare
it: then the tests declare it themselves, for their own process and the MkDocs processes they
start, as an install would (package metadata, a ``.dist-info`` folder, at the end of the
path). Either way the plugin's code is this checkout's: the entry point names a module, which
Python finds on the path, where this checkout (or a project copy linking to it) comes first.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from importlib.metadata import entry_points
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest's own TOML reader
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
GROUP = "mkdocs.plugins"


def declared() -> dict[str, str]:
    """The MkDocs plugins pyproject.toml declares: name -> object."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return dict(project.get("entry-points", {}).get(GROUP, {}))


def declare_plugins() -> Path | None:
    """Make the plugins pyproject.toml declares findable, unless they are installed already.
    Call it before MkDocs loads a configuration (MkDocs lists its plugins once per process).
    Returns the folder holding the metadata, if one was needed."""
    plugins = declared()
    if set(plugins) <= {entry.name for entry in entry_points(group=GROUP)}:
        return None
    folder = Path(tempfile.mkdtemp(prefix="assetmap-entry-points-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    metadata = folder / "assetmap_checkout-0.dist-info"
    metadata.mkdir()
    (metadata / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: assetmap-checkout\nVersion: 0\n", encoding="utf-8")
    (metadata / "entry_points.txt").write_text(
        f"[{GROUP}]\n" + "".join(f"{name} = {value}\n" for name, value in plugins.items()),
        encoding="utf-8")
    sys.path.append(str(folder))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p] + [str(folder)])
    return folder
