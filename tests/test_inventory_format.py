"""The "Inventory format" page says what the schema declares, in every language of the site.

The page is made from ``assetmap.inventory.schema`` at build time; these tests read the built
page (``mkdocs build --strict`` of tests/fixtures/site/) and hold it to the declaration: every
column by name, with its name in words; every code of every fixed list, with its words in the
page's language; and the private columns named as never published. The examples the page gives
pass ``assetmap check``.
"""

from __future__ import annotations

import csv
import shutil
from html.parser import HTMLParser

import pytest

from assetmap.inventory import schema
from assetmap.inventory.load import load
from assetmap.language import gettext

from .support.project import ROOT, TODAY

FOLDER = {"en": "", "fr": "fr/", "ar": "ar/"}


class Reading(HTMLParser):
    """The page's text, the text of its ``code`` elements, and both within the section on what
    is never published."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.codes: list[str] = []
        self.private_codes: list[str] = []
        self._open: list[tuple[str, dict]] = []
        self.feed(source)

    def _inside(self, tag: str, **attrs) -> bool:
        return any(t == tag and all(a.get(k) == v for k, v in attrs.items())
                   for t, a in self._open)

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            self._open.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if not text:
            return
        self.text.append(text)
        if self._inside("code"):
            self.codes.append(text)
            if self._inside("section", **{"aria-labelledby": "format--private"}):
                self.private_codes.append(text)


@pytest.fixture(scope="module", params=list(FOLDER))
def page(request, site):
    path = site / FOLDER[request.param] / "inventory-format" / "index.html"
    return request.param, Reading(path.read_text(encoding="utf-8"))


def said(lang: str, message: str) -> str:
    return " ".join(gettext(lang, message).split())


def test_every_column_is_listed_by_name_and_in_words(page):
    lang, reading = page
    assert [f.name for f in schema.FIELDS if f.name not in reading.codes] == []
    text = " ".join(reading.text)
    assert [f.name for f in schema.FIELDS if said(lang, f.label) not in text] == []
    assert [f.name for f in schema.FIELDS if said(lang, f.description) not in text] == []


def test_every_code_is_listed_with_its_words_in_the_pages_language(page):
    lang, reading = page
    missing = [(f.name, c.code) for f in schema.FIELDS for c in f.choices
               if c.code not in reading.codes or said(lang, c.label) not in reading.text]
    assert missing == []


def test_the_private_columns_are_named_as_never_published(page):
    _lang, reading = page
    private = {f.name for f in schema.FIELDS if not f.public}
    consents = {f.consent for f in schema.FIELDS if f.consent}
    assert private and private <= set(reading.private_codes)
    public_named = {c for c in reading.private_codes if c in schema.FIELDS_BY_NAME}
    assert public_named - private <= consents  # contact_consent: what publishes contact_name


def test_every_column_has_an_example_and_the_examples_pass_the_check(settings, tmp_path):
    """One row made of the examples the page gives is a clean inventory."""
    assert [f.name for f in schema.FIELDS if not f.example] == []
    for name in ("categories.yml", "neighbourhoods.yml", "audiences.yml"):
        shutil.copy(ROOT / "data" / name, tmp_path / name)
    with (tmp_path / "assets.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([fld.name for fld in schema.FIELDS])
        writer.writerow([fld.example for fld in schema.FIELDS])
    loaded = load(tmp_path, settings, today=TODAY)
    assert [(p.column, p.code) for p in loaded.problems] == []
