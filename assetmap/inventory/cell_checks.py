"""The checks of one cell, one per value kind the schema declares (``schema.SLUG``,
``schema.PHONE``...), and the rules every cell follows whatever its kind (its length, its
characters, line breaks, text a spreadsheet would run: ``assetmap.inventory.cells``). Each
check yields ``Problem``s; ``validate`` runs them on every row.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import phonenumbers
from babel import Locale

from assetmap.config import Settings
from assetmap.inventory import cells, hours, schema
from assetmap.inventory.problems import Problem, error, warning
from assetmap.inventory.read import Record
from assetmap.inventory.taxonomy import SLUG, Taxonomy

EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


_ENGLISH = Locale("en")


@dataclass(frozen=True)
class Context:
    settings: Settings
    taxonomy: Taxonomy
    today: dt.date


Check = Callable[[Record, schema.Field, str, Context], Iterator[Problem]]


def problem_at(maker, record: Record, column: str, code: str, value: str, message: str):
    return maker(record.file, record.row, column, code, value, message)


def _closest(value: str, options) -> str:
    match = difflib.get_close_matches(value.lower(), list(options), n=1, cutoff=0.5)
    return f" Did you mean '{match[0]}'?" if match else ""


def check_slug(record, fld, value, ctx):
    if not SLUG.match(value):
        suggestion = schema.slug(value, schema.ID_MAX_LENGTH)
        yield problem_at(error, record, fld.name, "bad-id", value,
                       f"'{value}' is not a valid id: use only a-z, 0-9 and '-', "
                       f"e.g. '{suggestion}'.")


def _term_hint(value: str, terms: dict, extra: tuple[str, ...] = ()) -> str:
    """How to write ``value`` as an id: the id whose label (in any language) it is, else the
    closest id, and the list of every id (when it is short enough to read)."""
    folded = " ".join(value.split()).casefold()
    for term in terms.values():
        if folded in {" ".join(label.split()).casefold() for label in term.label.values()}:
            return f" It is the label of the id '{term.id}': write '{term.id}'."
    ids = [*terms, *extra]
    hint = _closest(value, ids)
    if len(ids) <= 40:
        hint += f" The ids are: {', '.join(ids)}."
    return hint


def check_categories(record, fld, value, ctx):
    terms = schema.split_multi(value)
    if all(term in ctx.taxonomy.categories for term in terms):
        return
    whole = _term_hint(value, ctx.taxonomy.categories)  # a label with a comma, written whole
    if whole.startswith(" It is the label"):
        yield problem_at(error, record, fld.name, "unknown-category", value,
                       f"'{value}' is not a category id in categories.yml.{whole}")
        return
    for term in terms:
        if term not in ctx.taxonomy.categories:
            yield problem_at(error, record, fld.name, "unknown-category", term,
                           f"'{term}' is not a category id in categories.yml."
                           f"{_term_hint(term, ctx.taxonomy.categories)}")


def check_neighbourhoods(record, fld, value, ctx):
    known = list(ctx.taxonomy.neighbourhoods) + list(fld.codes)
    for term in schema.split_multi(value):
        if term not in known:
            yield problem_at(error, record, fld.name, "unknown-neighbourhood", term,
                           f"'{term}' is not a neighbourhood id in neighbourhoods.yml (or "
                           "'all' for area-wide)."
                           f"{_term_hint(term, ctx.taxonomy.neighbourhoods, fld.codes)}")


def check_audience(record, fld, value, ctx):
    terms = ctx.taxonomy.audiences
    for term in schema.split_multi(value):
        if term in terms:
            continue
        where = ("an audience id in audiences.yml" if terms else
                 "an audience: there is no audiences.yml beside the inventory to list them")
        yield problem_at(error, record, fld.name, "unknown-audience", term,
                       f"'{term}' is not {where}.{_term_hint(term, terms) if terms else ''}")


# What a spreadsheet makes of '12-25' when it takes it for a date: '25-Dec', 'Dec-25',
# '2026-12-25'.
SPREADSHEET_DATE = re.compile(
    r"^(?:\d{1,2}-[A-Za-z]{3,9}|[A-Za-z]{3,9}-\d{1,4}|\d{4}-\d{2}-\d{2})$")


def check_ages(record, fld, value, ctx):
    if schema.parse_ages(value) is not None:
        return
    found = schema.AGES_RANGE.match(value)
    if SPREADSHEET_DATE.match(value.strip()):
        hint = ("A spreadsheet may have taken the ages for a date. Format the column as Text, "
                "then type the ages again, e.g. '12-25'.")
    elif found and found[3] and int(found[3]) < int(found[1]) <= schema.AGE_LIMIT:
        hint = f"The youngest age comes first: write '{found[3]}-{found[1]}'."
    elif found:
        hint = f"Ages go from 0 to {schema.AGE_LIMIT}."
    else:
        hint = ("Write the youngest and oldest ages in years, e.g. '12-25', or the youngest "
                "and a plus for 'and over', e.g. '55+'; leave it empty when every age is "
                "welcome.")
    yield problem_at(error, record, fld.name, "bad-ages", value,
                   f"'{value}' is not a range of ages. {hint}")


def check_choice(record, fld, value, ctx):
    values = schema.split_multi(value) if fld.multiple else [value]
    for item in values:
        if item.lower() not in fld.codes:
            allowed = ", ".join(f"'{c}'" for c in fld.codes)
            yield problem_at(error, record, fld.name, "not-allowed", item,
                           f"'{item}' is not allowed in {fld.name}: use one of {allowed}."
                           f"{_closest(item, fld.codes)}")


def parse_date(value: str) -> dt.date | None:
    if not ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check_date(record, fld, value, ctx):
    if parse_date(value) is None:
        hint = "is not a real date" if ISO_DATE.match(value) else "is not written YYYY-MM-DD"
        yield problem_at(error, record, fld.name, "bad-date", value,
                       f"'{value}' {hint}. Write the date as year-month-day, e.g. "
                       f"'{ctx.today.isoformat()}'.")


def parse_phone(value: str, region: str):
    """A parsed phone number, or None. Short numbers such as 211 are accepted."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return number
    if phonenumbers.is_valid_short_number_for_region(number, region):
        return number
    return None


def check_phone(record, fld, value, ctx):
    if parse_phone(value, ctx.settings.phone_region) is None:
        yield problem_at(error, record, fld.name, "bad-phone", value,
                       f"'{value}' is not a valid phone number for region "
                       f"{ctx.settings.phone_region}. Write it with its area code, e.g. "
                       "'613-555-0123 ext. 2'.")


def check_email(record, fld, value, ctx):
    if not EMAIL.match(value):
        yield problem_at(error, record, fld.name, "bad-email", value,
                       f"'{value}' is not an email address; write it like 'name@example.org'.")


def check_url(record, fld, value, ctx):
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value:
        yield problem_at(error, record, fld.name, "bad-website", value,
                       f"'{value}' is not a web address: it must start with https:// "
                       "(or http://).")


def _check_coordinate(record, fld, value, limit):
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        number = None
    if number is None or not -limit <= number <= limit:
        yield problem_at(error, record, fld.name, "bad-coordinate", value,
                       f"'{value}' is not a {fld.name}: use decimal degrees between "
                       f"-{limit} and {limit}, e.g. '{fld.example}'.")


def check_latitude(record, fld, value, ctx):
    yield from _check_coordinate(record, fld, value, 90)


def check_longitude(record, fld, value, ctx):
    yield from _check_coordinate(record, fld, value, 180)


def is_language_code(code: str) -> bool:
    parts = code.replace("_", "-").split("-")
    if parts[0].lower() not in _ENGLISH.languages:
        return False
    for part in parts[1:]:
        if not (part.title() in _ENGLISH.scripts or part.upper() in _ENGLISH.territories):
            return False
    return True


def check_languages(record, fld, value, ctx):
    for code in schema.split_multi(value):
        if not is_language_code(code):
            yield problem_at(error, record, fld.name, "unknown-language", code,
                           f"'{code}' is not a language code. Use BCP 47 codes such as "
                           "'en', 'fr', 'ar', 'zh-Hans' or 'ase' (ASL).")


def check_yes_no(record, fld, value, ctx):
    if value.lower() not in ("yes", "no"):
        yield problem_at(error, record, fld.name, "not-allowed", value,
                       f"'{value}' is not allowed in {fld.name}: write 'yes' or 'no'.")


def check_opening_hours(record, fld, value, ctx):
    try:
        hours.parse(value)
    except hours.HoursSyntaxError as exc:
        near = f" ('{exc.near}')" if exc.near else " (its end)"
        yield problem_at(error, record, fld.name, "bad-opening-hours", value,
                         f"'{value}' is not in the opening_hours syntax: it goes wrong at "
                         f"character {exc.position}{near}. Write days as Mo Tu We Th Fr Sa Su "
                         "and times as 24-hour hh:mm, e.g. 'Mo-Fr 09:00-17:00; "
                         "Sa 10:00-12:00'; leave it empty when the hours are not regular, "
                         "and say them in words in 'hours'.")


def check_text(record, fld, value, ctx):
    return iter(())


CELL_CHECKS: dict[str, Check] = {
    schema.TEXT: check_text,
    schema.SLUG: check_slug,
    schema.CATEGORIES: check_categories,
    schema.NEIGHBOURHOODS: check_neighbourhoods,
    schema.CHOICE: check_choice,
    schema.CHOICES: check_choice,
    schema.DATE: check_date,
    schema.PHONE: check_phone,
    schema.EMAIL: check_email,
    schema.URL: check_url,
    schema.LATITUDE: check_latitude,
    schema.LONGITUDE: check_longitude,
    schema.LANGUAGES: check_languages,
    schema.YES_NO: check_yes_no,
    schema.OPENING_HOURS: check_opening_hours,
    schema.AGES: check_ages,
    schema.AUDIENCE: check_audience,
}


def field_of(column: str) -> schema.Field | None:
    """The schema's field of a column, translations included ('name:fr' -> name)."""
    return _FIELD_OF.get(column) or schema.FIELDS_BY_NAME.get(schema.split_column(column)[0])


_FIELD_OF = {f.name: f for f in schema.FIELDS}


def check_cell_text(record: Record, column: str, fld: schema.Field, value: str,
                    ctx: Context) -> list[Problem]:
    """The rules every cell of a known column follows: its length, its characters, line
    breaks (``assetmap.inventory.cells``), and text a spreadsheet would run as a formula."""
    if len(value) > fld.max_length:
        return [problem_at(error, record, column, "too-long", value[:60] + "…",
                         f"This cell has {len(value):,} characters; {column} takes at most "
                         f"{fld.max_length:,}. Shorten it.")]
    found = []
    refused = cells.refused_characters(value, free_text=fld.free_text, lines=True)
    if refused:
        where = "" if fld.free_text else " (it is a code, not prose)"
        shown = cells.visible(value)
        found.append(problem_at(error, record, column, "bad-characters", shown,
                              f"'{shown}' holds {' and '.join(refused)}, which {column} may "
                              f"not hold{where}. Type the text again, or paste it as plain "
                              "text."))
    elif not fld.lines and ("\n" in value or "\r" in value):
        shown = cells.visible(value)
        found.append(problem_at(error, record, column, "line-break", shown,
                              f"'{shown}' has a line break (Alt+Enter in Excel), but {column} "
                              "is one line. Remove the line break."))
    if fld.free_text and cells.looks_like_formula(value) and \
            record.file.suffix.lower() in (".csv", ".txt", ".tsv") and \
            not _neutralised(record, value):
        found.append(problem_at(warning, record, column, "formula-text", value,
                              f"This text starts with '{value[0]}', so a spreadsheet opening "
                              "the file runs it as a formula. Put an apostrophe before it "
                              f"('{value[:20]}) or reword it."))
    return found


def _neutralised(record: Record, value: str) -> bool:
    """Whether the file holds ``value`` with the apostrophe that keeps it text."""
    written = cells.neutralise(value)
    return any(raw.strip() == written for raw in record.raw)
