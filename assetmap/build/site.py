"""Build the site: MkDocs in strict mode, with the plugin in ``assetmap/build/plugin.py`` making
the pages from the inventory. This is what ``assetmap build`` runs after the check."""

from __future__ import annotations

import logging
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("mkdocs.assetmap")
PROJECT = Path(__file__).resolve().parents[2]  # this checkout: mkdocs.yml, docs/, overrides/


@contextmanager
def _messages_on_stderr():
    """Show MkDocs' messages as ``mkdocs build`` does, when no one else shows them."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    added = not logger.handlers
    old_level = logger.level
    if added:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        if added:
            logger.setLevel(old_level)
            logger.removeHandler(handler)


def move_aside(site_dir: Path) -> threading.Thread | None:
    """What MkDocs removes from the site's folder before a build (all but hidden files),
    moved aside at once and deleted in a thread, returned, while the site is built:
    deleting a large site file by file can take as long as building it."""
    aside = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    entries = [e for e in os.listdir(site_dir) if not e.startswith(".")] \
        if site_dir.is_dir() else []
    if not entries:
        return None
    try:
        aside.mkdir(exist_ok=True)
        for entry in entries:
            os.replace(site_dir / entry, aside / entry)
    except OSError:
        pass  # MkDocs deletes what is left, as usual
    remover = threading.Thread(target=shutil.rmtree, args=(aside,),
                               kwargs={"ignore_errors": True})
    remover.start()
    return remover


@contextmanager
def _site_left_to(plugin):
    """MkDocs empties the site's folder before it builds; here the plugin has it first: it
    updates the site the last build made when it can (``assetmap/build/update.py``), and
    otherwise the last site is moved aside and deleted while the next one is built."""
    from mkdocs import utils

    removers: list[threading.Thread | None] = []
    original = utils.clean_directory

    def clean(directory: str) -> None:
        if plugin.update is None and not removers:
            removers.append(move_aside(Path(directory)))

    utils.clean_directory = clean
    plugin.site_kept = True
    try:
        yield
    finally:
        utils.clean_directory = original
        for remover in removers:
            if remover is not None:
                remover.join()


def build_site(config_file: Path | None = None, data_dir: Path | None = None,
               site_dir: Path | None = None) -> bool:
    """Build the site described by ``config_file`` (default ./mkdocs.yml) in strict mode.

    ``data_dir`` replaces the inventory folder (default: ``data/`` beside the config file),
    ``site_dir`` the output folder. Returns True on success; a failure is reported as
    messages, never as a traceback.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    config_file = Path(config_file or "mkdocs.yml")
    with _messages_on_stderr():
        if not config_file.is_file():
            log.error(f"{config_file}: no such configuration file.")
            return False
        overrides = {"site_dir": str(site_dir)} if site_dir else {}
        try:
            config = load_config(str(config_file), strict=True, **overrides)
            plugin = config.plugins.get("assetmap")
            if plugin is None:
                log.error(f"{config_file}: the assetmap plugin is not in its `plugins:` (add "
                          "`- assetmap` after `- i18n`).")
                return False
            if data_dir is not None:
                plugin.config.load_dict({"data_dir": str(Path(data_dir).resolve())})
            with _site_left_to(plugin):
                build(config)
        except Abort as exc:
            log.error(str(exc).strip())
            return False
        except MkDocsException as exc:  # a configuration error, a plugin error
            log.error(exc.format_message())
            return False
    return True


def serve_site(config_file: Path | None = None, lang: str | None = None,
               dev_addr: str | None = None) -> bool:
    """Preview the site of ``config_file`` with ``mkdocs serve``, in ``lang`` only (default:
    the site's default language; ``all``: every language), until interrupted. Returns False
    when the first build fails, after saying why."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, MkDocsException

    from assetmap.build.preview import PREVIEW

    config_file = Path(config_file or "mkdocs.yml")
    with _messages_on_stderr():
        if not config_file.is_file():
            log.error(f"{config_file}: no such configuration file.")
            return False
        if lang:
            os.environ[PREVIEW] = lang
        try:
            serve(str(config_file), **({"dev_addr": dev_addr} if dev_addr else {}))
        except Abort as exc:
            log.error(str(exc).strip())
            return False
        except MkDocsException as exc:
            log.error(exc.format_message())
            return False
    return True


def copy_project(dest: Path, data_dir: Path, root: Path | None = None) -> Path:
    """A scratch copy of the project at ``dest`` (for tests and benchmarks): mkdocs.yml, the
    hand-written docs, the theme overrides and the inventory in ``data_dir``; the package
    itself is linked, not copied. Returns the copied mkdocs.yml."""
    from assetmap.build.generate import is_generated

    root = Path(root or PROJECT)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(root / "overrides", dest / "overrides", dirs_exist_ok=True)
    docs = root / "docs"
    shutil.copytree(docs, dest / "docs", dirs_exist_ok=True, ignore=lambda folder, names: [
        n for n in names if is_generated(os.path.relpath(os.path.join(folder, n), docs))])
    shutil.copytree(data_dir, dest / "data", dirs_exist_ok=True)
    if not (dest / "assetmap").exists():
        (dest / "assetmap").symlink_to(root / "assetmap", target_is_directory=True)
    return dest / "mkdocs.yml"
