"""Every coded value shown anywhere has words from the schema, in every language.

Why this design rather than searching the templates for literal codes: a pattern over template
source only finds the ways of showing a code that it already knows. Instead, the templates
have one way to show a coded value, the ``choice`` macro, which asks the schema for its words
(``choice_label``) and raises ``UnknownCode`` for a code the schema does not declare. What is
left to test is then exact and small:

1. the schema gives every code of every column a label (and a short label for paper where it
   has one), every column a name in words, and each is translated in every catalogue;
2. a page with a code the schema does not declare stops with ``UnknownCode``, rather than
   printing the code;
3. an entry and the Find page's filters holding every code of every column, rendered in every
   language, show the schema's words for each and never a code as text.

The other places that show a code (the issue forms, the exports, the review report) are
checked against the same declaration at the end.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook

from assetmap import language
from assetmap.contribute.forms import build_forms
from assetmap.export import write_exports
from assetmap.export.hsds import join_text
from assetmap.export.xlsx import header, sheet_columns
from assetmap.inventory import schema
from assetmap.inventory.load import load
from assetmap.inventory.taxonomy import load_taxonomy
from assetmap.language import Reader, Text, gettext
from assetmap.pages.directory import plural_samples
from assetmap.pages.entries import FILTERS, MATCH_ALL, make_entry
from assetmap.pages.views import FIND, FilterGroup, Option, Page
from assetmap.render.renderer import Renderer

from .support.project import FIXTURES, ROOT, TODAY

LANGS = ("en", "fr", "ar")
CODED = [f for f in schema.FIELDS if f.choices]
# The columns an entry shows a code of, and the Find page's filters on codes.
ON_ENTRIES = ("kind", "cost", "how_to_join", "accepting", "accessibility")
CODE_FILTERS = [key for key, name in FILTERS.items() if name in ON_ENTRIES]


class Texts(HTMLParser):
    """The text a person reads in a piece of HTML (not its attributes), one string a node."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.feed(source)

    def handle_data(self, data):
        if data.strip():
            self.texts.append(" ".join(data.split()))


EVERY_CODE = {code for f in CODED for code in f.codes}


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w-]+", text)


def bare_codes(text: str, lang: str) -> set[str]:
    """The codes ``text`` shows as they are: a code that is a word of it, unless one of the
    schema's words in ``lang`` that holds the same word is there too ('fee' in 'There is a
    fee')."""
    schema_words = said(lang, *(w for f in CODED for c in f.choices for w in (c.label, c.short)
                                if w))
    return {code for code in set(_tokens(text)) & EVERY_CODE
            if not any(code in _tokens(w) and w in text for w in schema_words)}


def said(lang: str, *messages: str) -> set[str]:
    """The messages in ``lang``, spaced as ``Texts`` finds them."""
    return {" ".join(gettext(lang, m).split()) for m in messages}


def words(choice: schema.Choice, lang: str) -> set[str]:
    return said(lang, choice.label, choice.paper)


@pytest.fixture(scope="module")
def inventory(settings):
    loaded = load(FIXTURES / "site", settings, today=TODAY)
    assert not loaded.has_errors
    return loaded.inventory


# --- 1. the declaration ---------------------------------------------------------------------


def test_every_code_and_column_has_words():
    for fld in schema.FIELDS:
        assert fld.label.strip() and fld.description.strip(), fld.name
        codes = fld.codes
        assert len(set(codes)) == len(codes), fld.name
        assert all(c.label.strip() for c in fld.choices), fld.name
    choosing = {schema.CHOICE, schema.CHOICES, schema.YES_NO}
    assert {f.name for f in schema.FIELDS if f.kind in choosing} <= {f.name for f in CODED}


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_code_and_column_is_translated(lang):
    with language.catalogue_path(lang).open("rb") as po:
        catalogue = {m.id: m for m in read_po(po) if m.id}
    messages = {w for f in schema.FIELDS for w in (f.label, f.short_label, f.description)}
    messages |= {w for f in CODED for c in f.choices for w in (c.label, c.short, c.help)}
    messages |= set(schema.KIND_LABELS.values())
    untranslated = sorted(m for m in messages - {""}
                          if m not in catalogue or not catalogue[m].string
                          or catalogue[m].fuzzy)
    assert untranslated == []


# --- 2. an unknown code stops the page ------------------------------------------------------


def test_a_code_the_schema_does_not_declare_stops_the_page(inventory):
    reader = Reader.of("fr", "en")
    entry = make_entry(inventory.assets[0], inventory, reader, TODAY)
    for change in ({"cost": "gratis"}, {"how_to_join": "walk-in"}, {"accessibility": ("ramp",)},
                   {"kind": "club", "informal": True}):
        odd = dataclasses.replace(entry, id="odd", **change)
        with pytest.raises(schema.UnknownCode):
            Renderer(reader, {}).entry(odd, "../")
    with pytest.raises(schema.UnknownCode):
        _find_page(Renderer(reader, {}), reader, {"cost": ("gratis",)})


# --- 3. every code, shown in words ----------------------------------------------------------


def _entries(inventory, reader):
    """Entries that between them hold every code of every column an entry shows, and no text
    from the inventory: whatever they say comes from the templates and the schema."""
    blank = Text("", reader.lang)
    entry = dataclasses.replace(
        make_entry(inventory.assets[0], inventory, reader, TODAY), name=Text("X", reader.lang),
        description=blank, who_for=blank, cost_note=blank, hours=blank, address="",
        postal_code="", languages=(), contact_name="")
    fields = {name: schema.FIELDS_BY_NAME[name].codes for name in ON_ENTRIES[1:]}
    rounds = max(len(codes) for codes in fields.values())
    return [dataclasses.replace(
        entry, id=f"every-code-{n}", informal=True, kind="informal",  # formal has no badge
        cost=fields["cost"][n % len(fields["cost"])],
        how_to_join=fields["how_to_join"][n % len(fields["how_to_join"])],
        accepting=fields["accepting"][n % len(fields["accepting"])],
        accessibility=fields["accessibility"]) for n in range(rounds)]


def _find_page(renderer, reader, codes=None):
    codes = codes or {key: schema.FIELDS_BY_NAME[FILTERS[key]].codes for key in CODE_FILTERS}
    groups = [FilterGroup(key, tuple(Option(c) for c in values), key in MATCH_ALL, FILTERS[key])
              for key, values in codes.items()]
    return renderer.page(Page(FIND, "find.md.j2", None, {
        "groups": groups, "categories": [], "neighbourhoods": [],
        "plurals": plural_samples(reader), "hours": False,
        "centres": [], "age_limit": schema.AGE_LIMIT,
        "age_bands": "0"}))


@pytest.mark.parametrize("lang", LANGS)
def test_every_code_is_shown_in_the_schemas_words_never_as_a_code(inventory, lang):
    reader = Reader.of(lang, "en")
    renderer = Renderer(reader, {})
    shown = [str(renderer.entry(e, "../")) for e in _entries(inventory, reader)]
    shown.append(_find_page(renderer, reader))
    texts = {t for html in shown for t in Texts(html).texts}
    assert [(t, bare_codes(t, lang)) for t in texts if bare_codes(t, lang)] == []
    assert words(schema.choice("kind", "informal"), lang) <= texts
    for name in ON_ENTRIES[1:]:
        fld = schema.FIELDS_BY_NAME[name]
        assert said(lang, fld.label, fld.paper_label) <= texts, name
        for choice in fld.choices:
            assert words(choice, lang) <= texts, (name, choice.code)


# --- the other places a code is shown -------------------------------------------------------


def test_the_issue_forms_offer_each_code_in_the_schemas_words(settings):
    propose, _change = build_forms(load_taxonomy(ROOT / "data"), settings)
    for fld in CODED:
        if fld.kind == schema.NEIGHBOURHOODS:
            continue
        question = propose.question(fld.name)
        expected = [(c.code, c.help or c.label) for c in fld.choices]
        found = [(code, label.removesuffix(f" ({code})")) for code, label in question.options]
        assert [(c, w.casefold()) for c, w in found] == \
            [(c, w.casefold().rstrip(".")) for c, w in expected], fld.name


def test_the_workbook_heads_and_fills_its_columns_in_the_sheets_language(inventory, tmp_path):
    write_exports(inventory, tmp_path)
    book = load_workbook(tmp_path / "assetmap.xlsx")
    columns = sheet_columns()
    for sheet, lang in zip(book.worksheets, inventory.settings.language_codes):
        assert [c.value for c in sheet[1]] == header(lang)
        assert header(lang) == [gettext(lang, schema.FIELDS_BY_NAME[c].label) for c in columns]
        cost = columns.index("cost")
        asset = inventory.assets[0]
        if asset.cost:
            assert sheet.cell(2, cost + 1).value == gettext(
                lang, schema.choice("cost", asset.cost).paper)


def test_hsds_says_how_to_join_in_the_schemas_words():
    assert join_text("drop-in", "waitlist") == " ".join(
        (schema.choice("how_to_join", "drop-in").label,
         schema.choice("accepting", "waitlist").label))
    french = join_text("referral", "", "fr")
    assert french == gettext("fr", schema.choice("how_to_join", "referral").label) != \
        schema.choice("how_to_join", "referral").label

