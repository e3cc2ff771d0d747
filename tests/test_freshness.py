"""Freshness on the built site: each entry says when it was last checked and, past the review
cycle, that it may be out of date; category and neighbourhood pages count those entries; an
entry not taking new people says so. Expected counts are computed from the CSV with csv
(tests/support/inventory.py), not with assetmap's code."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from assetmap import language

from .support.html import within
from .support.inventory import overdue, read
from .support.project import LANGS, SITE_DATA, TRANSLATED
from .support.site import page

# --- freshness on category and neighbourhood pages ------------------------------------------


def overdue_paragraph(site: Path, lang: str, path: str) -> str:
    view = page(site, lang, path)
    found = [e for e in view.elements if "am-overdue-count" in e.attrs.get("class", "")]
    assert len(found) == 1, path
    return " ".join(t for t, _, _, el in view.texts if within(el, found[0]))


def expected_overdue(built, settings) -> list[tuple[str, int]]:
    site, inv = built
    months = settings.review_months
    pages = [(f"categories/{c['id']}", [a for a in inv.assets if c["id"] in a["category"]])
             for c in inv.categories]
    pages += [(f"neighbourhoods/{p}", [a for a in inv.assets if p in a["neighbourhood"]])
              for p in inv.places]
    return [(path, sum(overdue(a, months) for a in members)) for path, members in pages
            if members]


def test_category_and_neighbourhood_pages_count_their_overdue_entries(built, settings):
    site, _ = built
    for path, count in expected_overdue(built, settings):
        text = overdue_paragraph(site, "en", path)
        if count == 0:
            assert text == "Every entry here has been checked recently.", path
        else:
            entries = "entry" if count == 1 else "entries"
            assert text.startswith(f"{count} {entries} here"), (path, text)
    assert any(count for _, count in expected_overdue(built, settings))


PLURAL = ("%(num)s entry here has not been checked for a while and may be out of date: "
          "it is marked below.")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_overdue_count_is_translated_with_the_right_plural(built, settings, lang):
    site, _ = built
    gettext = language.translations(lang)
    for path, count in expected_overdue(built, settings):
        text = overdue_paragraph(site, lang, path)
        if count:
            plural = PLURAL.replace("entry here has", "entries here have").replace(
                "it is", "they are")
            expected = gettext.ngettext(PLURAL, plural, count) % {"num": str(count)}
            assert text == " ".join(expected.split()), path
            assert expected != PLURAL % {"num": str(count)}
        else:
            expected = gettext.gettext("Every entry here has been checked recently.")
            assert text == " ".join(expected.split())


def test_plural_labels_have_every_form_of_their_language():
    """Arabic has six plural forms (zero, one, two, few, other, many), French two."""
    for lang, forms in (("fr", 2), ("ar", 6)):
        with language.catalogue_path(lang).open("rb") as po:
            wrong = [m.id[0] for m in read_po(po) if isinstance(m.id, tuple)
                     and (len(m.string) != forms or not all(m.string))]
        assert wrong == [], lang


# --- each entry: accepting, last checked ----------------------------------------------------

NOT_ACCEPTING = "No, they are not taking new people right now."
OUT_OF_DATE = "These details may be out of date: please check before you go."


@pytest.mark.parametrize("lang", LANGS)
def test_an_entry_not_taking_people_says_so_plainly(site, lang):
    inv = read(SITE_DATA)
    said = language.translations(lang).gettext(NOT_ACCEPTING)
    closed = [a for a in inv.assets if a["accepting"] == "no"]
    assert closed
    for asset in inv.assets:
        text = page(site, lang, f"assets/{asset['id']}").visible_text()
        assert (said in text) == (asset in closed), asset["id"]
    for asset in closed:  # and where it is listed, in full
        for category in asset["category"]:
            assert said in page(site, lang, f"categories/{category}").visible_text()


def on_screen(view, element) -> str:
    """The text of ``element`` as the screen shows it: without its short forms for paper
    (``.am-paper``, which print.css hides on screen), with its spaces made plain."""
    def shown(e) -> bool:
        while e is not None and e is not element:
            if "am-paper" in e.attrs.get("class", "").split():
                return False
            e = e.parent
        return e is element

    return " ".join(t for t, _, _, e in view.texts if shown(e))


@pytest.mark.parametrize("lang", LANGS)
def test_an_overdue_entry_says_when_it_was_checked_and_that_it_may_be_out_of_date(
        site, lang, settings):
    inv = read(SITE_DATA)
    said = " ".join(language.translations(lang).gettext(OUT_OF_DATE).split())  # as on_screen
    for asset in inv.assets:
        view = page(site, lang, f"assets/{asset['id']}")
        notes = [e for e in view.find("strong") if "am-overdue" in e.attrs.get("class", "")]
        assert [on_screen(view, e) for e in notes] == (
            [said] if overdue(asset, settings.review_months) else []), asset["id"]
        times = [e.attrs["datetime"] for e in view.find("time")]
        assert asset["last_verified"] in times
