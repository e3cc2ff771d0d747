"""Each check, on one small fixture file per defect: [(row, column, code)] facts."""

from __future__ import annotations

import pytest

from assetmap.inventory.load import load
from assetmap.inventory.schema import parse_ages

from .support.project import INVENTORY, TODAY

# Every fixture's row 3 also names a contact without consent; that warning is tested on its own.
CONSENT = (3, "contact_name", "contact-without-consent")

ERRORS = {
    "bad-missing-required.csv": [(3, "name", "missing-value")],
    "bad-duplicate-id.csv": [(3, "id", "duplicate-id")],
    "bad-id-not-slug.csv": [(3, "id", "bad-id")],
    "bad-unknown-category.csv": [(3, "category", "unknown-category")],
    "bad-unknown-neighbourhood.csv": [(3, "neighbourhood", "unknown-neighbourhood")],
    "bad-value-not-allowed.csv": [(3, "cost", "not-allowed")],
    "bad-accessibility-feature.csv": [(3, "accessibility", "not-allowed")],
    "bad-date-format.csv": [(3, "last_verified", "bad-date")],
    "bad-date-impossible.csv": [(3, "last_verified", "bad-date")],
    "bad-phone.csv": [(3, "phone", "bad-phone")],
    "bad-email.csv": [(3, "email", "bad-email")],
    "bad-website-javascript.csv": [(3, "website", "bad-website")],
    "bad-latitude-out-of-range.csv": [(3, "latitude", "bad-coordinate")],
    "bad-coordinates-half.csv": [(3, "longitude", "half-coordinates")],
    "bad-unknown-language.csv": [(3, "languages", "unknown-language")],
    "bad-ages-not-a-range.csv": [(3, "ages", "bad-ages")],
    "bad-ages-backwards.csv": [(3, "ages", "bad-ages")],
    "bad-ages-turned-into-a-date.csv": [(3, "ages", "bad-ages")],
    "bad-unknown-audience.csv": [(3, "audience", "unknown-audience")],
    "bad-id-too-long.csv": [(3, "id", "too-long")],
    "bad-control-characters.csv": [(3, "name", "bad-characters"),
                                   (3, "description", "bad-characters")],
    "bad-direction-override-in-website.csv": [(3, "website", "bad-characters")],
    "bad-invisible-characters-in-name.csv": [(3, "name", "bad-characters")],
    "bad-name-on-two-lines.csv": [(3, "name", "line-break")],
    "bad-category-label-not-id.csv": [(3, "category", "unknown-category")],
    "bad-lost-letters-windows-1252.csv": [(2, "name:ar", "lost-letters")],
    "bad-two-files-same-ids": [(2, "id", "duplicate-id")],
    "bad-opening-hours-unknown-day.csv": [(3, "opening_hours", "bad-opening-hours")],
    "bad-opening-hours-time-without-minutes.csv": [(3, "opening_hours", "bad-opening-hours")],
    "bad-opening-hours-range-without-end.csv": [(3, "opening_hours", "bad-opening-hours")],
    "bad-opening-hours-unclosed-comment.csv": [(3, "opening_hours", "bad-opening-hours")],
    "bad-opening-hours-in-words.csv": [(3, "opening_hours", "bad-opening-hours")],
    "broken-empty.csv": [(None, None, "empty-file")],
    "broken-header-only.csv": [(None, None, "no-assets")],
    "broken-binary.csv": [(None, None, "not-text")],
    "broken-ragged-rows.csv": [(3, None, "ragged-row"), (4, None, "ragged-row")],
    "broken-not-really.xlsx": [(None, None, "unreadable-xlsx")],
    "broken-old-excel.xls": [(None, None, "old-excel-format")],
}

WARNINGS = {
    "warn-due-for-review.csv": [(3, "last_verified", "due-for-review")],
    "warn-date-in-future.csv": [(3, "last_verified", "date-in-future")],
    "warn-description-too-long.csv": [(3, "description", "description-too-long")],
    "warn-contact-without-consent.csv": [],
    "warn-translation-for-missing-language.csv": [(3, "description:de", "unknown-site-language")],
    "warn-unknown-column.csv": [(1, "Favourite colour", "unknown-column")],
    "warn-formula-text.csv": [(3, "name", "formula-text")],
}


def facts(problems, severity):
    return [(p.row, p.column, p.code) for p in problems
            if p.severity == severity and (p.row, p.column, p.code) != CONSENT]


def test_every_fixture_is_covered():
    fixtures = {p.name for p in INVENTORY.iterdir() if p.name.startswith(("bad-", "broken-",
                                                                           "warn-"))}
    assert fixtures == set(ERRORS) | set(WARNINGS)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors(name, settings):
    problems = load(INVENTORY / name, settings, today=TODAY).problems
    assert facts(problems, "error") == ERRORS[name]
    assert all(p.message for p in problems)


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_warnings_do_not_fail(name, settings):
    loaded = load(INVENTORY / name, settings, today=TODAY)
    assert facts(loaded.problems, "error") == []
    assert facts(loaded.problems, "warning") == WARNINGS[name]


def test_contact_without_consent_warns(settings):
    problems = load(INVENTORY / "warn-contact-without-consent.csv", settings, today=TODAY).problems
    assert [(p.row, p.column, p.code) for p in problems] == [CONSENT]


@pytest.mark.parametrize("name, value, hint", [
    ("bad-unknown-category.csv", "natur", "Did you mean 'nature'?"),
    ("bad-unknown-neighbourhood.csv", "rivreside", "Did you mean 'riverside'?"),
    ("bad-date-format.csv", "03/04/2025", "Write the date as year-month-day"),
    ("bad-id-not-slug.csv", "Café Rencontre", "'cafe-rencontre'"),
    ("bad-website-javascript.csv", "javascript:alert(1)", "https://"),
    ("bad-ages-not-a-range.csv", "over 55", "'55+'"),
    ("bad-ages-backwards.csv", "25-12", "write '12-25'"),
    ("bad-ages-turned-into-a-date.csv", "25-Dec", "taken the ages for a date"),
    ("bad-unknown-audience.csv", "newcommers", "Did you mean 'newcomers'?"),
    ("bad-category-label-not-id.csv", "Appartenance", "label of the id 'belonging'"),
    ("bad-direction-override-in-website.csv", "https://evil.example/<U+202E>gro.elpmaxe",
     "a right-to-left override (U+202E)"),
    ("bad-control-characters.csv", "Café<U+0007> des aînés<U+001B>[2J",
     "a control character (U+0007, U+001B)"),
    ("bad-opening-hours-unknown-day.csv", "Mo-Fx 09:00-17:00", "at character 4 ('Fx 09:00-17"),
    ("bad-opening-hours-range-without-end.csv", "Mo-Fr 09:00-", "at character 13 (its end)"),
    ("bad-opening-hours-in-words.csv", "Tuesdays 10 am to noon", "e.g. 'Mo-Fr 09:00-17:00"),
])
def test_messages_quote_the_value_and_name_the_fix(name, value, hint, settings):
    problem = next(p for p in load(INVENTORY / name, settings, today=TODAY).problems
                   if p.is_error)
    assert problem.value == value
    assert f"'{value}'" in problem.message and hint in problem.message


def test_opening_hours_in_the_syntax_are_fine(settings):
    """Overnight, seasonal, round-the-clock, a month's second Tuesday with a comment, empty."""
    loaded = load(INVENTORY / "good-opening-hours.csv", settings, today=TODAY)
    assert facts(loaded.problems, "error") == []
    assert len(loaded.inventory.assets) == 7


def test_phone_numbers_with_extensions_and_short_numbers_are_fine(settings, tmp_path):
    import shutil

    for name in ("categories.yml", "neighbourhoods.yml"):
        shutil.copy(INVENTORY / name, tmp_path / name)
    text = (INVENTORY / "good.csv").read_text(encoding="utf-8")
    text = text.replace("613-555-0101", "211").replace("613-555-0102 ext. 4", "(613) 555-0199 x12")
    (tmp_path / "inventory.csv").write_text(text, encoding="utf-8")
    loaded = load(tmp_path / "inventory.csv", settings, today=TODAY)
    assert not loaded.has_errors
    phones = [a.phone for a in loaded.inventory.assets]
    assert [(p.text, p.uri) for p in phones] == [
        ("211", "tel:211"), ("(613) 555-0199 ext. 12", "tel:+1-613-555-0199;ext=12")]


def test_joiners_and_marks_that_real_text_needs_are_fine(settings):
    """Arabic with right-to-left marks and isolates, Persian's zero-width non-joiner and an
    emoji family joined with zero-width joiners pass; they reach the pages as written."""
    loaded = load(INVENTORY / "good-joiners-and-marks.csv", settings, today=TODAY)
    assert facts(loaded.problems, "error") == []
    names = [a.name["ar"] for a in loaded.inventory.assets]
    assert names == ["مجموعة المشي \u200fRiverside\u200f", "قهوة\u200cخانه \u2067Café\u2069"]
    assert "👩\u200d👩\u200d👧" in loaded.inventory.assets[1].description["en"]


@pytest.mark.parametrize("value, ages", [
    ("12-25", (12, 25)), ("55+", (55, None)), ("0-5", (0, 5)), (" 18 + ", (18, None)),
    ("6\u201312", (6, 12)), ("25-12", None), ("over 55", None), ("5", None), ("130+", None),
    ("10-121", None),
])
def test_ages_are_read_as_ranges(value, ages):
    assert parse_ages(value) == ages


def test_ages_and_audience_reach_the_model(settings):
    loaded = load(INVENTORY / "bad-unknown-audience.csv", settings, today=TODAY)
    assert [(a.id, a.min_age, a.max_age, a.audience) for a in loaded.inventory.assets] == [
        ("walking-group", 18, None, ("seniors", "caregivers"))]  # row 3 has an error
    walk = loaded.inventory.assets[0]
    assert [walk.welcomes_age(age) for age in (17, 18, 99)] == [False, True, True]
