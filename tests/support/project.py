"""The project under test: where things are, the date the tests take as today, and the site's
languages as ``mkdocs.yml`` declares them (the i18n plugin's ``languages``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assetmap.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
INVENTORY = FIXTURES / "inventory"  # one small file per defect
SITE_DATA = FIXTURES / "site"  # the small inventory the fixture site is built from
SAMPLE = ROOT / "data"  # the sample community, Riverbend
TODAY = dt.date(2026, 11, 22)

SETTINGS = load_settings(ROOT / "mkdocs.yml")
DEFAULT_LANG = SETTINGS.default_language
# Each language of the site and its direction ("ltr" or "rtl"), the default first as listed
LANGS = {language.code: language.dir for language in SETTINGS.languages}
# Each language's folder in the built site: the default language at its root, the others in
# a folder named after their code (mkdocs-static-i18n's layout)
PREFIX = {code: "" if code == DEFAULT_LANG else f"{code}/" for code in LANGS}
# The languages a page may be translated into, that is all but the default
TRANSLATED = [code for code in LANGS if code != DEFAULT_LANG]
