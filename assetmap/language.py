"""Everything that depends on the reader's language: translation catalogues, text in a
language with its fallback, names of languages, dates.

Labels come from gettext catalogues (``assetmap/locales/<lang>/LC_MESSAGES/messages.po``),
compiled in memory with Babel. English is the source language: its labels are the msgids.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from assetmap.config import Language

LOCALES = Path(__file__).resolve().parent / "locales"


def site_folder(lang: str, default: str) -> str:
    """Where the pages in ``lang`` are in the built site, as mkdocs-static-i18n builds them:
    '' for the default language, 'fr/' for French. The site's scripts, stylesheets and
    downloads are once, at the root: a page in ``lang`` reaches them that much further up."""
    return "" if lang == default else f"{lang}/"


def up_from(folder: str) -> str:
    """'fr/' -> '../': the way back to the site's root from a language's folder."""
    return "../" * folder.count("/")
DOMAIN = "messages"


@dataclass(frozen=True)
class Text:
    """Some text and the language it is really in.

    ``fallback`` is True when the text is not in the page's language (it is the default
    language's text); ``dir`` is set only when the text's direction differs from the page's.
    """

    text: str
    lang: str
    fallback: bool = False
    dir: str = ""

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass(frozen=True)
class Reader:
    """The language a page is written in, and the site's default language to fall back to."""

    lang: str
    default: str
    dir: str = "ltr"

    @classmethod
    def of(cls, lang: str, default: str) -> Reader:
        return cls(lang, default, Language(lang, lang).dir)

    def text(self, values: dict[str, str]) -> Text:
        """The text of ``values`` (language -> text) in this language, else the default's."""
        if values.get(self.lang):
            return Text(values[self.lang], self.lang)
        return self.foreign(values.get(self.default, ""), self.default)

    def foreign(self, text: str, lang: str) -> Text:
        """``text`` written in ``lang``, marked as such when that is not the page's language."""
        if lang == self.lang:
            return Text(text, lang)
        text_dir = Language(lang, lang).dir
        return Text(text, lang, True, text_dir if text_dir != self.dir else "")

    def gettext(self, message: str) -> str:
        """An English label in this language (see ``gettext``)."""
        return gettext(self.lang, message)

    @property
    def babel_locale(self) -> Locale:
        return _locale(self.lang)

    def date(self, value: dt.date) -> str:
        return format_date(value, format="long", locale=self.babel_locale)

    def short_date(self, value: dt.date) -> str:
        """The date with its month in short, for paper: 'Nov 3, 2026', '3 nov. 2026'."""
        return format_skeleton("yMMMd", value, locale=self.babel_locale)

    def language_name(self, code: str) -> Text:
        """The name of the language ``code`` (BCP 47, e.g. 'fr', 'zh-Hans', 'ase')."""
        name = _language_name(code, self.lang)
        if name:
            return Text(name, self.lang)
        name = _language_name(code, self.default)
        return self.foreign(name, self.default) if name else Text(code, self.lang)


@functools.cache
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@functools.cache
def _language_name(code: str, in_lang: str) -> str:
    names = _locale(in_lang).languages
    key = code.replace("-", "_")
    if key in names:
        return names[key]
    try:
        return Locale.parse(key).get_display_name(_locale(in_lang)) or ""
    except (ValueError, UnknownLocaleError):
        return names.get(key.partition("_")[0], "")


def catalogue_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> NullTranslations:
    """The labels for ``lang``, compiled in memory from its .po file (English: the msgids)."""
    path = catalogue_path(lang)
    if not path.is_file():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang.replace("-", "_"), domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(lang: str, message: str) -> str:
    """``message``, an English label (a template's, or one the schema marks with ``N_``), in
    ``lang``."""
    return translations(lang).gettext(message)


def forget() -> None:
    """Drop the compiled catalogues, e.g. after a .po file changed under ``mkdocs serve``."""
    translations.cache_clear()
