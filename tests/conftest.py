from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from assetmap.config import load_settings

from .entry_point import declare_plugins

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INVENTORY = FIXTURES / "inventory"
TODAY = dt.date(2026, 11, 22)


def pytest_configure(config):
    declare_plugins()  # `plugins: - assetmap`, even with an older install (see the module)


@pytest.fixture(scope="session")
def settings():
    return load_settings(ROOT / "mkdocs.yml")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The small inventory in tests/fixtures/site/, built once per session (for every test
    module that looks at the built site) with `mkdocs build --strict`."""
    from .test_site_build import SITE_DATA, mkdocs_build

    return mkdocs_build(SITE_DATA, tmp_path_factory.mktemp("fixture-project"))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample community in data/, built once per session with `mkdocs build --strict`."""
    from .test_site_build import mkdocs_build

    return mkdocs_build(ROOT / "data", tmp_path_factory.mktemp("sample-project"))


@pytest.fixture(scope="session")
def sample_url(sample_site):
    """The built sample site served on localhost at the path of its ``site_url``, as it is
    published: its base URL (no trailing slash)."""
    from .browser import serve

    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    with serve(sample_site, urlsplit(site_url).path) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """One headless system Chromium for the session (fails in CI, skips elsewhere, when the
    browser is missing)."""
    from .browser import launch

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
