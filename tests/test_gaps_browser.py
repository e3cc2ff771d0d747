"""The gap map and the "Download the data" page in a real browser, on the sample community:
axe finds nothing in English, French and Arabic; the gap map prints on one landscape page
(and only it does); gaps and out-of-date entries are shown in words."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from .support.browser import axe_violations
from .support.inventory import overdue, read
from .support.project import PREFIX, SAMPLE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", PREFIX)
@pytest.mark.parametrize("path", ["gaps/", "open-data/"])
def test_axe_finds_nothing(tab, sample_url, lang, path):
    assert tab.goto(f"{sample_url}/{PREFIX[lang]}{path}").ok
    assert axe_violations(tab) == []


def printed(tab, url: str, paper: str) -> list[tuple[float, float, str]]:
    """Each page of ``url`` printed to PDF: width, height (points) and text."""
    assert tab.goto(url).ok
    tab.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(tab.pdf(format=paper, prefer_css_page_size=True)))
    return [(float(p.mediabox.width), float(p.mediabox.height), p.extract_text())
            for p in pdf.pages]


@pytest.mark.parametrize("paper", ["Letter", "A4"])
@pytest.mark.parametrize("lang", PREFIX)
def test_the_gap_map_prints_on_one_landscape_page(tab, sample_url, lang, paper):
    pages = printed(tab, f"{sample_url}/{PREFIX[lang]}gaps/", paper)
    assert len(pages) == 1
    width, height, text = pages[0]
    assert width > height
    if lang == "en":  # the last row of the last table made it onto the page
        for caption in ("Entries by category and neighbourhood",
                        "Entries by neighbourhood and language spoken",
                        "Free entries by category and neighbourhood", "All free entries"):
            assert caption in " ".join(text.split())


def test_other_pages_still_print_upright(tab, sample_url):
    pages = printed(tab, f"{sample_url}/about/", "Letter")
    assert pages and all(width < height for width, height, _ in pages)


def test_gaps_are_marked_in_words(tab, sample_url):
    assert tab.goto(f"{sample_url}/gaps/").ok
    cells = tab.locator("td.am-gap")
    assert cells.count() > 0
    assert set(cells.all_inner_texts()) == {"none"}


def test_overdue_entries_are_marked_in_words_where_they_are_listed(tab, sample_url, settings):
    stale = [a for a in read(SAMPLE).assets if overdue(a, settings.review_months)]
    assert stale
    asset = stale[0]
    assert tab.goto(f"{sample_url}/categories/{asset['category'][0]}/").ok
    note = tab.locator(f"article[aria-labelledby='{asset['id']}'] .am-overdue")
    assert note.is_visible()
    assert note.inner_text() == "These details may be out of date: please check before you go."
    count = tab.locator(".am-overdue-count")
    assert count.is_visible() and count.inner_text()[0].isdigit()


@pytest.mark.parametrize("lang", PREFIX)
def test_on_a_phone_each_number_is_still_read_with_its_row_and_column(browser, sample_url,
                                                                      lang):
    """Below 45em the tables are laid out as blocks, which makes browsers drop a table's
    semantics, and the column headings are hidden: a screen reader must still find a table
    of rows and cells, each number named with its column and in a row named by its heading."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        tab = context.new_page()
        assert tab.goto(f"{sample_url}/{PREFIX[lang]}gaps/").ok
        table = tab.locator("table.am-gaps__table").first
        assert table.evaluate("t => getComputedStyle(t).display") == "block"
        tree = table.aria_snapshot()
        assert tree.startswith("- table")
        rows = table.get_by_role("row")
        assert rows.count() == table.locator("tbody tr, tfoot tr").count()
        first = table.locator("tbody tr").first
        heading = first.locator("th").inner_text().strip()
        assert first.get_by_role("rowheader").inner_text().strip() == heading
        cells = first.get_by_role("cell")
        labels = first.locator("td").evaluate_all("tds => tds.map(td => td.dataset.label)")
        assert cells.count() == len(labels) > 2
        for index, label in enumerate(labels):
            # the cell's text as a screen reader gets it, with the generated column name
            assert f"- cell \"{label}" in tree or f"- cell \"{label} " in tree, (label, tree)
            assert cells.nth(index).is_visible()
    finally:
        context.close()
