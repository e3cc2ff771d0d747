"""The fixtures the test files share: the site's settings, the built sites (each built once
per session), the built sample site served as it is published, and the browser. What the
tests share besides fixtures is in tests/support/."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .support.inventory import Inventory, read
from .support.project import SAMPLE, SETTINGS, SITE_DATA
from .support.site import mkdocs_build


def pytest_configure(config):
    """MkDocs finds the assetmap plugin (``plugins: - assetmap``) by the entry point that
    installing this checkout registers; an install from before the plugin existed lacks it.
    Say so at once rather than in every build's error."""
    if "assetmap" not in {e.name for e in entry_points(group="mkdocs.plugins")}:
        pytest.exit("The assetmap MkDocs plugin is not installed in this Python: run "
                    "`bash tests/run.sh` (it installs this checkout), or `pip install -e .` in "
                    "your virtual environment.", returncode=2)


@pytest.fixture(scope="session")
def settings():
    """The settings of mkdocs.yml, as assetmap reads them."""
    return SETTINGS


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The small inventory in tests/fixtures/site/, built once per session (for every test
    module that looks at the built site) with `mkdocs build --strict`."""
    return mkdocs_build(SITE_DATA, tmp_path_factory.mktemp("fixture-project"))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample community in data/, built once per session with `mkdocs build --strict`."""
    return mkdocs_build(SAMPLE, tmp_path_factory.mktemp("sample-project"))


# The two built sites, by name: the fixture's and the sample's
BUILT = {"fixture": (SITE_DATA, "site"), "sample": (SAMPLE, "sample_site")}


@pytest.fixture(params=sorted(BUILT))
def built(request) -> tuple[Path, Inventory]:
    """(the built site, its inventory read with csv) for the small fixture and the sample."""
    folder, fixture = BUILT[request.param]
    return request.getfixturevalue(fixture), read(folder)


@pytest.fixture(scope="session")
def sample_url(sample_site):
    """The built sample site served on localhost at the path of its ``site_url``, as it is
    published: its base URL (no trailing slash)."""
    from .support.browser import serve

    with serve(sample_site, urlsplit(SETTINGS.site_url).path) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """One headless system Chromium for the session (fails in CI, skips elsewhere, when the
    browser is missing)."""
    from .support.browser import launch

    with launch() as chromium:
        yield chromium


@pytest.fixture
def tab(browser):
    """A fresh page in a browser context of its own, closed after the test."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def tab_without_script(browser):
    """A fresh page with JavaScript switched off, as some readers browse."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()
