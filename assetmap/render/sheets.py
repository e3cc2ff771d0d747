"""Printable sheets: what each category's and neighbourhood's sheet shows, as plain data that
``assetmap/render/pdf.py`` sets in type with the Typst template ``typst/sheet.typ``. A
category or neighbourhood too large for one page has a sheet for each smaller page that
lists its entries ("Food help in North End"), none for the index of those pages, a list of
links that says nothing on paper.

A sheet is made from the same page model as its page: the same entries, in the same groups,
with the same words (the catalogues' labels, the schema's short words for paper), but no
markup: every value is a string the template sets as text, so nothing an inventory says can
become Typst code. What the sheet shows apart from the day it is made (``Sheet.data``) is what
tells whether an earlier build's PDF can be used again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator

from babel.numbers import format_decimal

from assetmap.config import Settings
from assetmap.inventory.model import Inventory
from assetmap.inventory.schema import NEIGHBOURHOOD_ALL
from assetmap.language import Reader, Text, gettext, translations
from assetmap.pages.directory import directory_pages
from assetmap.pages.entries import make_entry
from assetmap.pages.parts import PART_TEMPLATE
from assetmap.pages.views import CATEGORIES, Entry, Group, Page
from assetmap.render.pdf import Sheet
from assetmap.render.print_head import (
    PrintHead,
    online_address,
    page_url,
    pdf_name,
    print_head,
    site_path,
)
from assetmap.render.renderer import choice_label, field_label

PDF_CACHE = ".cache/assetmap/pdf"  # beside mkdocs.yml (gitignored): PDFs of earlier builds


def sheet_pages(inventory: Inventory, lang: str, today: dt.date) -> list[Page]:
    """The pages that have a PDF, in ``lang``: every page that lists a category's or a
    neighbourhood's entries, but those that share another's sheet (``Page.sheet_of``)."""
    reader = Reader.of(lang, inventory.settings.default_language)
    entries = {a.id: make_entry(a, inventory, reader, today) for a in inventory.assets}
    return [page for page in directory_pages(inventory, entries, reader)
            if page.sheet and not page.sheet_of]


def sheet_file(page: Page, settings: Settings, lang: str) -> str:
    """Where a page's PDF goes in the site, e.g. 'fr/categories/nature/nature-fr.pdf'."""
    return site_path(settings, lang, page_url(page) + pdf_name(page, lang))


def render_sheets(inventory: Inventory, lang: str, today: dt.date) -> dict[str, Sheet]:
    """Every sheet in ``lang``: its PDF's path under the site's folder -> its data."""
    return dict(each_sheet(inventory, lang, today))


def each_sheet(inventory: Inventory, lang: str, today: dt.date,
               only: Collection[str] | None = None) -> Iterator[tuple[str, Sheet]]:
    """Every sheet in ``lang`` (or those of the pages at ``only``: 'categories/nature.md'),
    one after the other (its PDF's path under the site's folder, its data): one sheet's data
    in memory at a time."""
    if only is not None and not only:
        return
    settings = inventory.settings
    reader = Reader.of(lang, settings.default_language)
    data = SheetData(reader, settings)
    for page in sheet_pages(inventory, lang, today):
        if only is not None and page.path not in only:
            continue
        head = print_head(page, settings, reader, today)
        assert head is not None  # categories and neighbourhoods print with a head
        yield sheet_file(page, settings, lang), Sheet(data.sheet(page, head),
                                                      data.printed(head), today)


def typst_lang(code: str) -> tuple[str, str]:
    """A language code (BCP 47) as Typst takes it: language and region apart, e.g. 'pt-BR'
    -> ('pt', 'BR'), 'zh-Hans' -> ('zh', '')."""
    language, *rest = code.split("-")
    region = next((part.upper() for part in rest if len(part) == 2 and part.isalpha()), "")
    return language.lower(), region


def text(value: Text | str, note: bool = False) -> dict:
    """A piece of text for the template: with ``lang`` when it is not in the sheet's language
    (then with ``note``, the template says it is not yet translated)."""
    if isinstance(value, str) or not value.fallback:
        return {"text": str(value)}
    return {"text": value.text, "lang": typst_lang(value.lang)[0], "dir": value.dir,
            "note": note}


def joined(parts: tuple[dict, ...], sep: str) -> list[dict]:
    """``parts`` with ``sep`` between them, those in the sheet's language run together into
    one text (fewer pieces for the template to set)."""
    found: list[dict] = []
    for part in parts:
        if found and "lang" not in part and "lang" not in found[-1]:
            found[-1] = {"text": found[-1]["text"] + sep + part["text"]}
        else:
            found += [{"text": sep}, part] if found else [part]
    return found


class SheetData:
    """The data of the sheets of one language (see ``typst/sheet.typ`` for its shape)."""

    def __init__(self, reader: Reader, settings: Settings):
        self.reader = reader
        self.lang = reader.lang
        self.settings = settings
        self.comma = "، " if typst_lang(self.lang)[0] == "ar" else ", "

    def _(self, message: str) -> str:
        return gettext(self.lang, message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The words for ``count`` things, with the number written as in the language."""
        message = translations(self.lang).ngettext(singular, plural, count)
        return message % {"num": format_decimal(count, locale=self.lang.replace("-", "_"))}

    def _address(self, url: str) -> str:
        """A page of the site (``url`` from its root) online: where a link on paper leads."""
        return online_address(self.settings, self.lang, url) if url else ""

    def _choice(self, field: str, code: str) -> str:
        return str(choice_label(self.lang, field, code, short=True))

    def printed(self, head: PrintHead) -> str:
        """What the sheet says of the day it is made (not part of its data)."""
        return self._("Printed on %(date)s.") % {"date": head.date}

    def sheet(self, page: Page, head: PrintHead) -> dict:
        context = page.context
        category = page.path.startswith(f"{CATEGORIES}/")
        count = context["count"]
        if page.template == PART_TEMPLATE:  # a smaller page: A to Z, as on screen
            counted = self.ngettext("%(num)s entry, listed from A to Z.",
                                    "%(num)s entries, listed from A to Z.", count)
        elif category:
            counted = self.ngettext("%(num)s entry, listed by neighbourhood.",
                                  "%(num)s entries, listed by neighbourhood.", count)
        else:
            counted = self.ngettext("%(num)s entry in this neighbourhood, listed by category.",
                                  "%(num)s entries in this neighbourhood, listed by category.",
                                  count)
        title = page.title.text + (f" – {head.site_name}" if head.site_name else "")
        lang, region = typst_lang(self.lang)
        return {
            "lang": lang, "region": region, "dir": self.reader.dir, "title": title,
            "head": {"site_name": head.site_name, "address": head.address,
                     "short_address": head.short_address,
                     "latest": self._("The latest version is online at:")},
            "heading": text(page.title, note=True),
            "lead": text(context.get("description") or "", note=True),
            "count": counted, "freshness": self._freshness(context["overdue"], count),
            "groups": [self._group(g) for g in context["groups"]],
            "area_wide": [text(e.name) for e in context.get("area_wide", [])],
            "labels": {
                "untranslated": self._("(not yet translated)"),
                "also": self._("Also here, with their details above:"),
                "empty": self._("Nothing is listed here yet."),
                "open_to_all": self._("Open to all neighbourhoods"),
                "open_to_all_note": self._("These are open to people from every "
                                           "neighbourhood, or happen online or by phone."),
            },
        }

    def _freshness(self, overdue: int, count: int) -> dict:
        if overdue:
            return {"text": self.ngettext(
                "%(num)s entry here has not been checked for a while and may be out of date: "
                "it is marked below.",
                "%(num)s entries here have not been checked for a while and may be out of "
                "date: they are marked below.", overdue), "strong": True}
        if count:
            return {"text": self._("Every entry here has been checked recently."),
                    "strong": False}
        return {"text": "", "strong": False}

    def _group(self, group: Group) -> dict:
        label = text(self._choice("neighbourhood", NEIGHBOURHOOD_ALL)) if group.area_wide \
            else text(group.label)
        return {"label": label, "url": self._address(group.url),
                "entries": [self.entry(e) for e in group.entries],
                "also": [text(e.name) for e in group.also]}

    def entry(self, e: Entry) -> dict:
        """One entry as the sheet shows it: its name, what it is, then its facts, in the
        order and with the words of the entry on the page (``_entry.html.j2``) on paper."""
        overdue = self._("May be out of date: check before you go.") if e.overdue else ""
        return {"name": text(e.name), "url": self._address(e.url),
                "badge": self._choice("kind", e.kind) if e.informal else "",
                "description": text(e.description, note=True),
                "facts": [f for f in self._facts(e) if f], "overdue": overdue}

    def _fact(self, field: str, *parts: dict, sep: str = "") -> dict:
        """A fact: its label, then its value, ``parts`` run together with ``sep`` (a comma
        in the sheet's language by default), into one text where they are in one language."""
        label = self._("Where") if field == "where" else str(field_label(self.lang, field, True))
        return {"label": label, "value": joined(parts, sep or self.comma)}

    def _ltr(self, field: str, value: str, url: str = "", nowrap: bool = False) -> dict:
        """A fact that reads left to right in every language: a number, an address; with
        ``nowrap``, on one line (its spaces no-break spaces)."""
        if nowrap:
            value = value.replace(" ", "\N{NO-BREAK SPACE}")
        return {**self._fact(field, text(value)), "ltr": True, "url": url}

    def _facts(self, e: Entry) -> list[dict]:
        choice = self._choice
        cost = [text(choice("cost", e.cost))] if e.cost else []
        cost += [text(e.cost_note, note=True)] if e.cost_note else []
        where = ", ".join(p for p in (e.address, e.postal_code) if p)
        places = [text(choice("neighbourhood", NEIGHBOURHOOD_ALL)) if link.area_wide
                  else text(link.label) for link in e.neighbourhoods]
        return [
            e.who_for and self._fact("who_for", text(e.who_for, note=True)),
            cost and self._fact("cost", *cost, sep=". "),
            e.hours and self._fact("hours", text(e.hours, note=True)),
            self._ltr("where", where, nowrap=True) if where else self._fact("where", *places),
            e.how_to_join and self._fact("how_to_join", text(choice("how_to_join",
                                                                    e.how_to_join))),
            e.accepting and self._fact("accepting", text(choice("accepting", e.accepting))),
            e.phone and self._ltr("phone", e.phone.text, e.phone.uri, nowrap=True),
            e.email and self._ltr("email", e.email, f"mailto:{e.email}"),
            e.website and self._ltr("website", e.website_text, e.website),
            e.ages and self._fact("ages", text(e.ages)),
            e.audience and self._fact("audience", *(text(t) for t in e.audience)),
            e.languages and self._fact("languages", *(text(n) for n in e.languages)),
            e.accessibility and self._fact("accessibility", *(
                text(choice("accessibility", code)) for code in e.accessibility)),
            e.contact_name and self._fact("contact_name", text(e.contact_name)),
            self._fact("last_verified", text(e.last_checked_short)),
        ]
