"""Validate an inventory and report every problem at once.

Cell checks are keyed by the value kind declared in ``assetmap.inventory.schema``; row checks
look at several columns together; table checks look across rows. Each check yields
``Problem``s.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers
from babel import Locale

from assetmap.config import Settings
from assetmap.inventory import cells, schema
from assetmap.inventory.problems import Problem, error, warning
from assetmap.inventory.read import Record, Table
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


def _problem(maker, record: Record, column: str, code: str, value: str, message: str):
    return maker(record.file, record.row, column, code, value, message)


def _closest(value: str, options) -> str:
    match = difflib.get_close_matches(value.lower(), list(options), n=1, cutoff=0.5)
    return f" Did you mean '{match[0]}'?" if match else ""


# --- cell checks, one per value kind ------------------------------------------------------


def check_slug(record, fld, value, ctx):
    if not SLUG.match(value):
        suggestion = schema.slug(value, schema.ID_MAX_LENGTH)
        yield _problem(error, record, fld.name, "bad-id", value,
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
        yield _problem(error, record, fld.name, "unknown-category", value,
                       f"'{value}' is not a category id in categories.yml.{whole}")
        return
    for term in terms:
        if term not in ctx.taxonomy.categories:
            yield _problem(error, record, fld.name, "unknown-category", term,
                           f"'{term}' is not a category id in categories.yml."
                           f"{_term_hint(term, ctx.taxonomy.categories)}")


def check_neighbourhoods(record, fld, value, ctx):
    known = list(ctx.taxonomy.neighbourhoods) + [schema.NEIGHBOURHOOD_ALL]
    for term in schema.split_multi(value):
        if term not in known:
            yield _problem(error, record, fld.name, "unknown-neighbourhood", term,
                           f"'{term}' is not a neighbourhood id in neighbourhoods.yml (or "
                           "'all' for area-wide)."
                           f"{_term_hint(term, ctx.taxonomy.neighbourhoods, ('all',))}")


def check_choice(record, fld, value, ctx):
    values = schema.split_multi(value) if fld.multiple else [value]
    for item in values:
        if item.lower() not in fld.choices:
            allowed = ", ".join(f"'{c}'" for c in fld.choices)
            yield _problem(error, record, fld.name, "not-allowed", item,
                           f"'{item}' is not allowed in {fld.name}: use one of {allowed}."
                           f"{_closest(item, fld.choices)}")


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
        yield _problem(error, record, fld.name, "bad-date", value,
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
        yield _problem(error, record, fld.name, "bad-phone", value,
                       f"'{value}' is not a valid phone number for region "
                       f"{ctx.settings.phone_region}. Write it with its area code, e.g. "
                       "'613-555-0123 ext. 2'.")


def check_email(record, fld, value, ctx):
    if not EMAIL.match(value):
        yield _problem(error, record, fld.name, "bad-email", value,
                       f"'{value}' is not an email address; write it like 'name@example.org'.")


def check_url(record, fld, value, ctx):
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value:
        yield _problem(error, record, fld.name, "bad-website", value,
                       f"'{value}' is not a web address: it must start with https:// "
                       "(or http://).")


def _check_coordinate(record, fld, value, limit):
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        number = None
    if number is None or not -limit <= number <= limit:
        yield _problem(error, record, fld.name, "bad-coordinate", value,
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
            yield _problem(error, record, fld.name, "unknown-language", code,
                           f"'{code}' is not a language code. Use BCP 47 codes such as "
                           "'en', 'fr', 'ar', 'zh-Hans' or 'ase' (ASL).")


def check_yes_no(record, fld, value, ctx):
    if value.lower() not in ("yes", "no"):
        yield _problem(error, record, fld.name, "not-allowed", value,
                       f"'{value}' is not allowed in {fld.name}: write 'yes' or 'no'.")


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
}


# --- every cell, whatever its kind ---------------------------------------------------------

def field_of(column: str) -> schema.Field | None:
    """The schema's field of a column, translations included ('name:fr' -> name)."""
    return _FIELD_OF.get(column) or schema.FIELDS_BY_NAME.get(schema.split_column(column)[0])


_FIELD_OF = {f.name: f for f in schema.FIELDS}


def check_cell_text(record: Record, column: str, fld: schema.Field, value: str,
                    ctx: Context) -> list[Problem]:
    """The rules every cell of a known column follows: its length, its characters, line
    breaks (``assetmap.inventory.cells``), and text a spreadsheet would run as a formula."""
    if len(value) > fld.max_length:
        return [_problem(error, record, column, "too-long", value[:60] + "…",
                         f"This cell has {len(value):,} characters; {column} takes at most "
                         f"{fld.max_length:,}. Shorten it.")]
    found = []
    refused = cells.refused_characters(value, free_text=fld.free_text, lines=True)
    if refused:
        where = "" if fld.free_text else " (it is a code, not prose)"
        shown = cells.visible(value)
        found.append(_problem(error, record, column, "bad-characters", shown,
                              f"'{shown}' holds {' and '.join(refused)}, which {column} may "
                              f"not hold{where}. Type the text again, or paste it as plain "
                              "text."))
    elif not fld.lines and ("\n" in value or "\r" in value):
        shown = cells.visible(value)
        found.append(_problem(error, record, column, "line-break", shown,
                              f"'{shown}' has a line break (Alt+Enter in Excel), but {column} "
                              "is one line. Remove the line break."))
    if fld.free_text and cells.looks_like_formula(value) and \
            record.file.suffix.lower() in (".csv", ".txt", ".tsv") and \
            not _neutralised(record, value):
        found.append(_problem(warning, record, column, "formula-text", value,
                              f"This text starts with '{value[0]}', so a spreadsheet opening "
                              "the file runs it as a formula. Put an apostrophe before it "
                              f"('{value[:20]}) or reword it."))
    return found


def _neutralised(record: Record, value: str) -> bool:
    """Whether the file holds ``value`` with the apostrophe that keeps it text."""
    written = cells.neutralise(value)
    return any(raw.strip() == written for raw in record.raw)


def check_lost_letters(records: list[Record]) -> Iterator[Problem]:
    """A text column whose letters were replaced by '?' when the file was saved in an
    encoding that cannot hold them (Arabic saved as 'CSV (Comma delimited)'): one error per
    column, at its first such row."""
    lost: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        for column, value in record.cells.items():
            if "??" not in value:
                continue
            fld = field_of(column)
            if fld is None or not fld.free_text:
                continue
            marks = value.count("?")
            letters = sum(c.isalpha() for c in value)
            if marks > letters:
                lost.setdefault((str(record.file), column), []).append(record)
    for (_file, column), found in lost.items():
        first = found[0]
        count = "1 cell" if len(found) == 1 else f"{len(found)} cells"
        yield _problem(error, first, column, "lost-letters", first.cells[column],
                       f"{count} of {column} are mostly '?' (first on row {first.row}): "
                       "their letters were lost when the file was saved in an encoding that "
                       "cannot hold them (e.g. 'CSV (Comma delimited)'). Type them again from "
                       "the original, then save the file as 'CSV UTF-8'.")


# --- row checks ---------------------------------------------------------------------------


def check_required(record: Record, ctx: Context) -> Iterator[Problem]:
    for name in schema.REQUIRED:
        if name in record.cells and not record.cells[name]:
            yield _problem(error, record, name, "missing-value", "",
                           f"{name} is required: {schema.FIELDS_BY_NAME[name].description}")


def check_coordinates_pair(record: Record, ctx: Context) -> Iterator[Problem]:
    lat, lon = record.cells.get("latitude", ""), record.cells.get("longitude", "")
    if bool(lat) != bool(lon):
        missing = "longitude" if lat else "latitude"
        yield _problem(error, record, missing, "half-coordinates", "",
                       "latitude and longitude go together: fill in both or neither.")


def check_freshness(record: Record, ctx: Context) -> Iterator[Problem]:
    value = record.cells.get("last_verified", "")
    date = parse_date(value)
    if date is None:
        return
    if date > ctx.today:
        yield _problem(warning, record, "last_verified", "date-in-future", value,
                       f"{value} is in the future; write the date the details were checked.")
    elif months_between(date, ctx.today) >= ctx.settings.review_months:
        yield _problem(warning, record, "last_verified", "due-for-review", value,
                       f"Last checked {value}, more than {ctx.settings.review_months} months "
                       "ago: confirm the details and update last_verified.")


def months_between(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def check_plain_language(record: Record, ctx: Context) -> Iterator[Problem]:
    limit = ctx.settings.description_max_words
    for column, value in record.cells.items():
        if schema.split_column(column)[0] == "description" and len(value.split()) > limit:
            yield _problem(warning, record, column, "description-too-long",
                           value[:60] + "…", f"The description has {len(value.split())} words; "
                           f"keep it under {limit} words (one to three short sentences).")


def check_contact_consent(record: Record, ctx: Context) -> Iterator[Problem]:
    if record.cells.get("contact_name") and record.cells.get("contact_consent", "").lower() \
            != "yes":
        yield _problem(warning, record, "contact_name", "contact-without-consent",
                       record.cells["contact_name"], "This contact is not published until "
                       "contact_consent is 'yes' (ask the person first).")


def check_translations(record: Record, ctx: Context) -> Iterator[Problem]:
    for column, value in record.cells.items():
        base, lang = schema.split_column(column)
        if lang is None or not value or base not in schema.FIELDS_BY_NAME:
            continue
        if base not in schema.TRANSLATABLE:
            yield _problem(warning, record, column, "not-translatable", value,
                           f"{base} does not take translations; this column is not published.")
        elif lang not in ctx.settings.language_codes:
            codes = ", ".join(ctx.settings.language_codes)
            yield _problem(warning, record, column, "unknown-site-language", value,
                           f"The site has no '{lang}' language (it has {codes}); this "
                           "translation is not published.")


ROW_CHECKS = (check_required, check_coordinates_pair, check_freshness, check_plain_language,
              check_contact_consent, check_translations)


def check_record(record: Record, ctx: Context) -> Iterator[Problem]:
    if record.ragged:
        return  # its values are shifted: the ragged-row error is the one that helps
    for name, value in record.cells.items():
        if not value:
            continue
        fld = field_of(name)
        if fld is None:
            continue
        text_problems = check_cell_text(record, name, fld, value, ctx)
        yield from text_problems
        if name == fld.name and not any(p.is_error for p in text_problems):
            yield from CELL_CHECKS[fld.kind](record, fld, value, ctx)
    for check in ROW_CHECKS:
        yield from check(record, ctx)


# --- across rows --------------------------------------------------------------------------


def check_unique_ids(records: list[Record]) -> Iterator[Problem]:
    """Each id once. Within a file, an error on each repeated row; between two files, one
    error naming both (a second file that repeats ids is usually a copy of the first)."""
    first: dict[str, Record] = {}
    shared: dict[tuple[str, str], list[tuple[Record, Record]]] = {}
    for record in records:
        asset_id = record.cells.get("id", "")
        if not asset_id:
            continue
        if asset_id not in first:
            first[asset_id] = record
            continue
        seen = first[asset_id]
        if seen.file == record.file:
            yield _problem(error, record, "id", "duplicate-id", asset_id,
                           f"The id '{asset_id}' is already used on row {seen.row}; "
                           "each asset needs its own id.")
        else:
            shared.setdefault((str(seen.file), str(record.file)), []).append((seen, record))
    for (one, other), pairs in shared.items():
        ids = ", ".join(f"'{b.cells['id']}' (" + (f"row {a.row} in both" if a.row == b.row
                                                  else f"rows {a.row} and {b.row}") + ")"
                        for a, b in pairs[:5]) + (", …" if len(pairs) > 5 else "")
        count = "1 id" if len(pairs) == 1 else f"{len(pairs)} ids"
        yield _problem(error, pairs[0][1], "id", "duplicate-id", pairs[0][1].cells["id"],
                       f"{Path(other).name} and {Path(one).name} both have {count}: {ids}. "
                       "Each asset needs its own id: if one file is a copy of the other, keep "
                       "only one of them in the folder; otherwise give the asset a new id.")


def validate(tables: list[Table], taxonomy: Taxonomy, settings: Settings,
             today: dt.date | None = None) -> list[Problem]:
    """Every problem in the tables and the taxonomy, in file and row order."""
    ctx = Context(settings, taxonomy, today or dt.date.today())
    problems = list(taxonomy.problems)
    records = [r for t in tables for r in t.records]
    for table in tables:
        problems += table.problems
        if not table.problems and not table.records:
            problems.append(error(table.file, None, None, "no-assets", None,
                                  "This file has no assets. Add one asset per row under the "
                                  "header row (in YAML, one '- id: ...' item each)."))
        if table.headers or table.records:
            missing = [n for n in schema.REQUIRED if n not in table.columns]
            for name in missing:
                fix = (f"Give every asset a '{name}: ...' line." if table.format == "yaml"
                       else f"Add a '{name}' column to the header row.")
                problems.append(error(table.file, 1, name, "missing-column", None,
                                      f"The required column '{name}' is missing. {fix}"))
    for record in records:
        problems += check_record(record, ctx)
    problems += check_unique_ids(records)
    problems += check_lost_letters(records)
    order = {str(t.file): i for i, t in enumerate(tables)}
    return sorted(problems, key=lambda p: (order.get(p.file, -1), p.row or 0))
