"""Previews with ``mkdocs serve`` and ``assetmap serve``: one language is built (the default, or
the one asked for), and an edit of the data is rebuilt once, not once more for the pages the
build writes into docs/. The server's watch is driven here by hand: the file system is compared
before and after a rebuild, as the server's watcher does, and its events are handed to the
handler the plugin put in place of the server's own watch of docs/."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.api import EventQueue, ObservedWatch
from watchdog.observers.polling import PollingEmitter

from assetmap import cli
from assetmap.build import site as site_module
from assetmap.build.preview import PREVIEW, PreviewError, preview_language
from assetmap.build.site import copy_project

from .support.project import SITE_DATA

SERVE_URL = "http://127.0.0.1:8000/assetmap/"  # what mkdocs serve makes of site_url


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project with the fixture inventory, without PDFs; its mkdocs.yml."""
    config = copy_project(tmp_path / "project", SITE_DATA)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("pdf_sheets: true", "pdf_sheets: false"), encoding="utf-8")
    return config


def serve_build(config_file: Path):
    """One build as ``mkdocs serve`` makes it: a fresh config, the server's address as the
    site's. Returns the config."""
    config = load_config(str(config_file), site_dir=str(config_file.parent / "site"))
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL)
    return config


def edit_first_description(data: Path, text: str) -> None:
    path = data / "assets.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[0]["description"] = text
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def changes(emitter: PollingEmitter, queue: EventQueue) -> list:
    """What the server's watcher sees since its last look."""
    emitter.queue_events(timeout=0)
    found = []
    while not queue.empty():
        event, _watch = queue.get()
        if not event.is_directory:
            found.append(event)
    return found


# --- one language --------------------------------------------------------------------------


def test_the_preview_language_is_the_default_unless_asked():
    locales = ["en", "fr", "ar"]
    assert [preview_language(locales, "en", asked) for asked in ("", "fr", "all")] \
        == ["en", "fr", None]
    with pytest.raises(PreviewError, match="no language 'de'; choose one of en, fr, ar"):
        preview_language(locales, "en", "de")


@pytest.mark.parametrize(("asked", "built", "not_built"),
                         [("", "index.html", "fr/index.html"),
                          ("fr", "fr/index.html", "index.html")])
def test_a_preview_builds_one_language(project, monkeypatch, asked, built, not_built):
    monkeypatch.setenv(PREVIEW, asked)
    serve_build(project)
    site = project.parent / "site"
    assert (site / built).is_file()
    assert not (site / not_built).exists()
    assert not (site / "ar").exists()


def test_a_build_that_is_not_a_preview_builds_every_language(project, monkeypatch):
    monkeypatch.setenv(PREVIEW, "fr")  # only for previews
    build(load_config(str(project)))
    site = project.parent / "site"
    assert all((site / prefix / "index.html").is_file() for prefix in ("", "fr", "ar"))


# --- one rebuild per edit ------------------------------------------------------------------


def test_a_data_edit_is_rebuilt_once(project):
    config = serve_build(project)
    docs = Path(config.docs_dir)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=config.site_dir)
    server.watch(config.docs_dir)
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    handler = config.plugins["assetmap"].watcher
    assert handler is not None
    assert str(docs) not in server._watched_paths  # the plugin's watch replaces the server's
    queue = EventQueue()
    emitter = PollingEmitter(queue, ObservedWatch(str(docs), recursive=True))
    emitter.on_thread_start()

    edit_first_description(project.parent / "data", "A new description for the preview.")
    serve_build(project)  # the rebuild the data edit asked for
    events = changes(emitter, queue)
    assert any("assets" in Path(e.src_path).parts for e in events)  # it rewrote pages in docs/
    for event in events:
        handler.dispatch(event)
    assert server._want_rebuild is False

    about = docs / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more line.\n",
                     encoding="utf-8")
    for event in changes(emitter, queue):
        handler.dispatch(event)
    assert server._want_rebuild is True


# --- assetmap serve ------------------------------------------------------------------------


def test_assetmap_serve_previews_the_language_asked_for(project, monkeypatch):
    served = []
    monkeypatch.setattr(site_module, "serve_site",
                        lambda config_file, lang, dev_addr: served.append((lang, dev_addr))
                        or True)
    runner = CliRunner()
    result = runner.invoke(cli.main, ["serve", "--lang", "fr", "-a", "127.0.0.1:8001",
                                      "--config", str(project)])
    assert result.exit_code == 0, result.output
    assert served == [("fr", "127.0.0.1:8001")]
    result = runner.invoke(cli.main, ["serve", "--lang", "de", "--config", str(project)])
    assert result.exit_code == 2
    assert "no language 'de'" in result.output
