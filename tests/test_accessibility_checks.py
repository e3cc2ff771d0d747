"""The checks of tests/support/a11y_checks.py find what they are for: each page in
tests/fixtures/a11y/ is the accessible page (accessible.html, where no check finds anything)
with one defect, which the check named for it must find."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from .support import a11y_checks as check
from .support.project import FIXTURES

pytestmark = pytest.mark.browser

PAGES = FIXTURES / "a11y"


def narrow(tab) -> list[str]:
    tab.set_viewport_size({"width": 320, "height": 640})
    return check.reflow_problems(tab)


def language(page_lang: str) -> Callable:
    return lambda tab: check.language_problems(tab, page_lang, page_lang)


CHECKS: dict[str, Callable] = {
    "keyboard": check.keyboard_problems,
    "reflow": narrow,
    "text spacing": check.text_spacing_problems,
    "zoom": check.zoom_problems,
    "headings": check.heading_problems,
    "language": language("en"),
    "links": check.link_problems,
    "pictures": check.unnamed_pictures,
}

DEFECTS = {
    "no-skip-link": "keyboard",
    "focus-outline-removed": "keyboard",
    "focus-under-sticky-header": "keyboard",
    "focus-order-scrambled": "keyboard",
    "link-out-of-sight": "keyboard",
    "reading-order-reversed": "keyboard",
    "scrolls-sideways": "reflow",
    "text-cut-off-by-its-box": "text spacing",
    "text-spills-out-of-its-box": "text spacing",
    "text-size-in-pixels": "zoom",
    "boxes-overlap": "zoom",
    "two-h1": "headings",
    "heading-level-skipped": "headings",
    "language-part-without-direction": "language",
    "wrong-page-language": "language",
    "click-here-link": "links",
    "same-words-different-pages": "links",
    "icon-without-name": "pictures",
}


@pytest.fixture
def tab(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    try:
        yield context.new_page()
    finally:
        context.close()


def opened(tab, name: str):
    tab.goto((PAGES / f"{name}.html").as_uri())
    check.prepare(tab, still=True)
    return tab


def test_every_fixture_has_its_check():
    assert sorted(p.stem for p in PAGES.glob("*.html")) == sorted(
        [*DEFECTS, "accessible", "english-unmarked-in-arabic-page"])


@pytest.mark.parametrize("name", CHECKS)
def test_the_accessible_page_passes(tab, name):
    assert CHECKS[name](opened(tab, "accessible")) == []


@pytest.mark.parametrize(("defect", "name"), DEFECTS.items(), ids=list(DEFECTS))
def test_the_check_finds_the_defect(tab, defect, name):
    assert CHECKS[name](opened(tab, defect)) != []


def test_english_left_unmarked_in_an_arabic_page_is_found(tab):
    problems = language("ar")(opened(tab, "english-unmarked-in-arabic-page"))
    assert any("Show the map" in p for p in problems), problems

