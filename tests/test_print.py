"""Printed pages and PDF sheets, read as a person would read the paper.

Each category and neighbourhood page of the sample is checked twice, in every language: as the
system Chromium prints it (print media, Letter) and as the PDF the build made beside it (with
Typst, from the page's data). Both are read back with pdfplumber (text, sizes, positions, the
tagged structure) and pypdfium2 + zxing-cpp (the QR code).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass

import pdfplumber
import pytest

from assetmap.inventory.load import load
from assetmap.language import translations
from assetmap.render.sheets import render_sheets

from .support.html import Page
from .support.printed import entries_by_page, split_entries
from .support.project import LANGS, PREFIX, SAMPLE, SETTINGS, TODAY

SHEETS = [("categories", "nature"), ("categories", "belonging"), ("neighbourhoods", "riverside")]
SOURCES = ("chromium", "pdf")
CASES = [(source, lang, folder, term) for source in SOURCES for lang in PREFIX
         for folder, term in SHEETS]
SMALLEST_PT = 12 - 0.05  # PDF sizes are floats


def case_id(case) -> str:
    return "-".join(case)


@dataclass
class Printout:
    """One printed sheet: the PDF, what it is of, and the page it was printed from."""

    source: str
    lang: str
    folder: str
    term: str
    pdf: pdfplumber.PDF
    html: Page

    @property
    def text(self) -> str:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in self.pdf.pages)


@pytest.fixture(scope="module")
def inventory():
    loaded = load(SAMPLE, SETTINGS)
    assert not loaded.has_errors
    return loaded.inventory


@pytest.fixture(scope="module")
def printed(sample_site, sample_url, browser):
    """Every case's PDF bytes: printed by Chromium, or made by the build."""
    found = {}
    context = browser.new_context()
    try:
        for source, lang, folder, term in CASES:
            path = f"{PREFIX[lang]}{folder}/{term}/"
            if source == "pdf":
                data = (sample_site / path / f"{term}-{lang}.pdf").read_bytes()
            else:
                page = context.new_page()
                page.goto(f"{sample_url}/{path}")
                page.emulate_media(media="print")
                data = page.pdf(format="Letter", tagged=True)
                page.close()
            found[(source, lang, folder, term)] = data
    finally:
        context.close()
    return found


@pytest.fixture
def printout(request, printed, sample_site):
    """One case's printout (parametrised indirectly: every case, or one language's)."""
    source, lang, folder, term = request.param
    html = Page((sample_site / PREFIX[lang] / folder / term / "index.html").read_text("utf-8"))
    with pdfplumber.open(io.BytesIO(printed[request.param])) as pdf:
        yield Printout(source, lang, folder, term, pdf, html)


def cases(lang: str | None = None):
    return pytest.mark.parametrize("printout", [c for c in CASES if lang in (None, c[1])],
                                   indirect=True, ids=case_id)


def members(inventory, folder: str, term: str):
    """The assets shown in full on a sheet."""
    key = "categories" if folder == "categories" else "neighbourhoods"
    return [a for a in inventory.assets if term in getattr(a, key)]


# --- what the paper says --------------------------------------------------------------


@pytest.mark.browser
@cases()
def test_every_phone_number_and_address_is_printed_as_text(printout, inventory):
    text = printout.text
    missing = []
    for asset in members(inventory, printout.folder, printout.term):
        if asset.phone and asset.phone.text not in text:
            missing.append((asset.id, asset.phone.text))
        for part in (asset.address, asset.postal_code):
            if part and " ".join(part.split()) not in text:
                missing.append((asset.id, part))
    assert missing == []


@pytest.mark.browser
@cases()
def test_no_entry_crosses_a_page_break(printout, inventory):
    count = len(members(inventory, printout.folder, printout.term))
    assert split_entries(printout.pdf, count) == []


def test_the_page_break_check_sees_a_split_entry(inventory):
    """The check above can fail: the same sheet, with entries allowed to split, has some."""
    from assetmap.render.pdf import render_pdf

    sheet = render_sheets(inventory, "en", TODAY)["categories/belonging/belonging-en.pdf"]
    count = len(members(inventory, "categories", "belonging"))
    with pdfplumber.open(io.BytesIO(render_pdf(sheet, breakable=True))) as pdf:
        assert split_entries(pdf, count) != []
    with pdfplumber.open(io.BytesIO(render_pdf(sheet))) as pdf:
        assert split_entries(pdf, count) == []


@pytest.mark.browser
@cases()
def test_no_text_is_smaller_than_12_points(printout):
    sizes = {round(c["size"], 2) for page in printout.pdf.pages for c in page.chars}
    assert sizes and min(sizes) >= SMALLEST_PT, sorted(sizes)


@pytest.mark.browser
@cases()
def test_the_sheet_is_black_on_white(printout):
    colours = {tuple(c.get("non_stroking_color") or (0,)) for page in printout.pdf.pages
               for c in page.chars}
    assert colours <= {(0,), (0, 0, 0), (0.0,), (0.0, 0.0, 0.0), (0, 0, 0, 1)}, colours


def site_chrome(view: Page) -> set[str]:
    """The texts of the site's menus, search, language switcher and buttons on a page, less
    those that the page's own content says too."""
    theme = {"md-header", "md-tabs", "md-nav", "md-search", "md-skip", "md-footer",
             "am-print-actions"}

    def inside(element, predicate) -> bool:
        while element is not None:
            if predicate(element):
                return True
            element = element.parent
        return False

    def is_chrome(e) -> bool:
        return e.tag == "button" or bool(theme & set(e.attrs.get("class", "").split()))

    def is_content(e) -> bool:
        return e.tag == "article" and "md-content__inner" in e.attrs.get("class", "")

    chrome = {t for t, _, _, e in view.texts if inside(e, is_chrome)}
    chrome |= {e.attrs["placeholder"] for e in view.find("input") if e.attrs.get("placeholder")}
    content = {t for t, _, _, e in view.texts if inside(e, is_content) and not inside(e, is_chrome)}
    return {t for t in chrome if len(t) > 2 and not any(t in c for c in content)}


@pytest.mark.browser
@cases()
def test_no_navigation_search_or_buttons_are_printed(printout):
    chrome = site_chrome(printout.html)
    assert len(chrome) > 5  # the page has menus, a search box and buttons to leave out
    text = printout.text
    assert sorted(t for t in chrome if t in text) == []


def page_address(lang: str, folder: str, term: str) -> str:
    return f"{SETTINGS.site_url.rstrip('/')}/{PREFIX[lang]}{folder}/{term}/"


@pytest.mark.browser
@cases()
def test_the_qr_code_leads_to_the_page_online(printout, printed):
    import pypdfium2
    import zxingcpp

    data = printed[(printout.source, printout.lang, printout.folder, printout.term)]
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=3).to_pil()
    finally:
        document.close()
    found = [code.text for code in zxingcpp.read_barcodes(image)]
    address = page_address(printout.lang, printout.folder, printout.term)
    assert found == [address]
    assert address.split("://")[1].rstrip("/") in printout.text  # and as a short address


def plain(text: str) -> str:
    """Text to compare with what a PDF gives back: compatibility forms of Arabic letters
    made plain, no vowel marks, no spaces."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Mn")


def says(printout: Printout, phrase: str) -> bool:
    """Whether the printout says ``phrase``. Right-to-left text comes back from a PDF in the
    order it is drawn: from the left, that is reversed."""
    text = plain(" ".join(line for p in printout.pdf.pages
                          for line in (p.extract_text() or "").splitlines()))
    return plain(phrase) in text or (LANGS[printout.lang] == "rtl" and plain(phrase)[::-1] in text)


@pytest.mark.browser
@cases()
def test_the_sheet_says_when_it_was_printed(printout):
    printed_on = translations(printout.lang).gettext("Printed on %(date)s.").split("%")[0]
    assert says(printout, printed_on)


@pytest.mark.browser
@cases()
def test_the_sheet_carries_its_language(printout):
    assert printout.pdf.doc.catalog.get("Lang") == printout.lang.encode()


@pytest.mark.browser
@cases("fr")
@pytest.mark.parametrize("label", ["Phone", "Checked", "Cost"])
def test_the_french_sheet_is_in_french(printout, label):
    french = translations("fr").gettext(label)
    assert french != label and french in printout.text
    assert label not in printout.text


@pytest.mark.browser
@cases("ar")
def test_the_arabic_sheet_reads_right_to_left(printout, inventory):
    """A label comes before its value: in Arabic, to its right. Each phone number is checked
    where its label is on the same line."""
    label = plain(translations("ar").gettext("Phone"))[::-1]  # as drawn, from the left
    phones = {plain(a.phone.text) for a in members(inventory, printout.folder, printout.term)
              if a.phone}
    checked, wrong = 0, []
    for page in printout.pdf.pages:
        for line in page.extract_text_lines(return_chars=True):
            drawn = plain("".join(c["text"] for c in sorted(line["chars"],
                                                            key=lambda c: c["x0"])))
            for phone in phones:
                at = drawn.find(phone)
                if at < 0:
                    continue
                right, left = drawn.find(label, at + len(phone)), drawn.rfind(label, 0, at)
                if right >= 0 or left >= 0:
                    checked += 1
                    if right < 0:
                        wrong.append(line["text"])
    assert checked >= 3 and wrong == []
    assert says(printout, translations("ar").gettext("Checked"))


# --- the sample's sheets ------------------------------------------------------------------


@pytest.mark.parametrize("lang", PREFIX)
def test_the_sample_category_sheets_fit_five_entries_to_a_page(sample_site, inventory, lang):
    """In every language (French takes a third more words than English): all the entries
    printed on the category sheets, over all their pages."""
    categories = inventory.taxonomy.categories
    entries = pages = 0
    for term in categories:
        with pdfplumber.open(sample_site / PREFIX[lang] / "categories" / term
                             / f"{term}-{lang}.pdf") as pdf:
            printed = len(entries_by_page(pdf))
            assert printed == len(members(inventory, "categories", term)), term
            entries += printed
            pages += len(pdf.pages)
    assert len(categories) == 8 and entries / pages >= 5, f"{entries} entries on {pages} pages"


def test_a_pdf_for_every_category_and_neighbourhood_in_every_language(sample_site, inventory):
    expected = {f"{PREFIX[lang]}{folder}/{term}/{term}-{lang}.pdf" for lang in PREFIX
                for folder, terms in (("categories", inventory.taxonomy.categories),
                                      ("neighbourhoods", inventory.taxonomy.neighbourhoods))
                for term in terms}
    made = {p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*.pdf")}
    assert made == expected


def test_the_pdf_text_can_be_copied(sample_site, inventory):
    """The PDF's text is real text: the description of an entry comes out as written."""
    asset = members(inventory, "categories", "nature")[0]
    with pdfplumber.open(sample_site / "categories/nature/nature-en.pdf") as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    description = asset.text("description", "en", "en")[0]
    assert description and " ".join(description.split()) in text


def test_the_sheet_is_tagged_pdf_ua_with_its_title_and_a_qr_code_described(sample_site):
    with pdfplumber.open(sample_site / "fr/categories/nature/nature-fr.pdf") as pdf:
        assert pdf.doc.catalog["MarkInfo"]["Marked"] is True
        assert b"<pdfuaid:part>1</pdfuaid:part>" in pdf.doc.catalog["Metadata"].resolve().get_data()
        assert pdf.metadata["Title"].startswith("Nature")  # the page's title, in French

        def figures(node):
            if node.get("type") == "Figure":
                yield node.get("alt_text")
            for child in node.get("children", []):
                yield from figures(child)

        alt = [a for root in pdf.structure_tree for a in figures(root)]
    assert alt == [page_address("fr", "categories", "nature")]  # what the code says


MARKUP = '#panic("x") *bold* _it_ $x^2$ <label> @ref \\ ] [ // not a comment #read("/etc/hostname")'


def test_what_the_inventory_says_is_printed_as_text_never_read_as_markup(inventory):
    """Typst sets the sheet's data as text: markup, code and a closing bracket in an entry's
    name and description come out as written."""
    from assetmap.render.pdf import render_pdf

    sheet = render_sheets(inventory, "en", TODAY)["categories/nature/nature-en.pdf"]
    entry = sheet.data["groups"][0]["entries"][0]
    entry["name"] = {"text": MARKUP}
    entry["description"] = {"text": MARKUP}
    with pdfplumber.open(io.BytesIO(render_pdf(sheet))) as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert text.count(MARKUP) == 2


def test_a_character_no_font_has_still_makes_a_tagged_sheet(inventory):
    """PDF/UA does not allow a character drawn as a box: a sheet with an emoji is still made,
    tagged and in its language, without claiming PDF/UA."""
    from assetmap.render.pdf import render_pdf

    sheet = render_sheets(inventory, "fr", TODAY)["fr/categories/nature/nature-fr.pdf"]
    sheet.data["groups"][0]["entries"][0]["name"] = {"text": "Arbre \U0001F333"}
    with pdfplumber.open(io.BytesIO(render_pdf(sheet))) as pdf:
        assert pdf.doc.catalog["MarkInfo"]["Marked"] is True
        assert pdf.doc.catalog["Lang"] == b"fr"
        assert b"pdfuaid" not in pdf.doc.catalog["Metadata"].resolve().get_data()
        assert "Arbre" in pdf.pages[0].extract_text()


def test_a_crash_in_typst_is_a_clean_error(inventory, monkeypatch):
    """A bug in Typst (a Rust panic, which Python sees as a BaseException) stops the build
    with a message that says what to do, not with a traceback."""
    from assetmap.render import pdf

    class PanicException(BaseException):
        pass

    class Crashing:
        def compile(self, **options):
            raise PanicException("byte range starts at 4 but ends at 3")

    monkeypatch.setattr(pdf, "_compiler", Crashing)
    sheet = render_sheets(inventory, "en", TODAY)["categories/nature/nature-en.pdf"]
    with pytest.raises(pdf.PdfError, match="bug in Typst.*pdf_sheets: false"):
        pdf.render_pdf(sheet)


def test_a_new_day_alone_does_not_remake_a_sheet(inventory, tmp_path):
    """A sheet is made again when what it shows changes, not because the day did: the next
    day's build copies the PDFs of the day before, which say the day they were made. A day
    when entries pass their review date changes what their sheets say: those are made again."""
    from assetmap.render.pdf import write_pdfs

    cache = tmp_path / "cache"

    def build(day, site: str) -> int:
        sheets = render_sheets(inventory, "en", day)
        return write_pdfs({tmp_path / site / path: s for path, s in sheets.items()}, cache)

    sheets = len(render_sheets(inventory, "en", TODAY))
    assert build(TODAY, "first") == sheets
    assert build(TODAY + dt.timedelta(days=1), "next-day") == 0
    with pdfplumber.open(tmp_path / "next-day/categories/nature/nature-en.pdf") as pdf:
        assert "Printed on November 22, 2026." in pdf.pages[0].extract_text()
    assert build(TODAY + dt.timedelta(days=400), "next-year") == sheets  # all overdue then
    assert len(list(cache.glob("*.pdf"))) == 2 * sheets


def test_a_changed_entry_remakes_only_the_sheets_that_show_it(inventory, tmp_path):
    from assetmap.render.pdf import write_pdfs

    cache = tmp_path / "cache"
    sheets = render_sheets(inventory, "en", TODAY)
    assert write_pdfs({tmp_path / path: s for path, s in sheets.items()}, cache) == len(sheets)
    nature = sheets["categories/nature/nature-en.pdf"]
    nature.data["groups"][0]["entries"][0]["name"] = {"text": "A new name"}
    assert write_pdfs({tmp_path / path: s for path, s in sheets.items()}, cache) == 1
    assert list(cache.glob("*.part")) == []


# --- the page on screen -------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("lang", PREFIX)
def test_the_page_offers_print_and_download(sample_url, tab, lang):
    tab.goto(f"{sample_url}/{PREFIX[lang]}categories/nature/")
    button = tab.locator(".am-print-button")
    assert button.is_visible()
    assert button.inner_text() == translations(lang).gettext("Print this page")
    link = tab.locator(".am-print-actions a")
    assert link.inner_text() == translations(lang).gettext("Download a printable sheet (PDF)")
    response = tab.request.get(link.evaluate("a => a.href"))
    assert response.ok and response.body().startswith(b"%PDF")
    assert not tab.locator(".am-print-head").is_visible()  # for paper only


@pytest.mark.browser
def test_without_javascript_there_is_no_print_button(sample_url, tab_without_script):
    tab = tab_without_script
    tab.goto(f"{sample_url}/categories/nature/")
    assert tab.locator(".am-print-button").count() == 1
    assert not tab.locator(".am-print-button").is_visible()
    assert tab.locator(".am-print-actions a").is_visible()  # the PDF needs no script


@pytest.mark.browser
@pytest.mark.parametrize("lang", PREFIX)
def test_the_print_controls_pass_axe(sample_url, tab, lang):
    from .support.browser import axe_violations

    tab.goto(f"{sample_url}/{PREFIX[lang]}neighbourhoods/riverside/")
    violations = [v for v in axe_violations(tab)
                  if any(re.search(r"am-print|md-button", str(n)) for n in v["nodes"])]
    assert violations == []


def test_a_site_without_pdf_sheets_links_to_none(inventory):
    import dataclasses

    from assetmap.language import Reader
    from assetmap.render.print_head import print_head
    from assetmap.render.sheets import sheet_pages

    page = sheet_pages(inventory, "fr", TODAY)[0]
    reader = Reader.of("fr", "en")
    term = page.context["term"].id
    assert print_head(page, inventory.settings, reader, TODAY).pdf == f"{term}-fr.pdf"
    settings = dataclasses.replace(inventory.settings, pdf_sheets=False)
    assert print_head(page, settings, reader, TODAY).pdf == ""
