"""Validate an inventory and report every problem at once.

Cell checks are keyed by the value kind declared in ``assetmap.inventory.schema``; row checks
look at several columns together; table checks look across rows. Each check yields
``Problem``s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from assetmap.config import Settings
from assetmap.inventory import schema
from assetmap.inventory.cell_checks import (
    CELL_CHECKS,
    Context,
    check_cell_text,
    field_of,
    parse_date,
    problem_at,
)
from assetmap.inventory.problems import Problem, error, warning
from assetmap.inventory.read import Record, Table
from assetmap.inventory.taxonomy import Taxonomy


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
        yield problem_at(error, first, column, "lost-letters", first.cells[column],
                       f"{count} of {column} are mostly '?' (first on row {first.row}): "
                       "their letters were lost when the file was saved in an encoding that "
                       "cannot hold them (e.g. 'CSV (Comma delimited)'). Type them again from "
                       "the original, then save the file as 'CSV UTF-8'.")


# --- row checks ---------------------------------------------------------------------------


def check_required(record: Record, ctx: Context) -> Iterator[Problem]:
    for name in schema.REQUIRED:
        if name in record.cells and not record.cells[name]:
            yield problem_at(error, record, name, "missing-value", "",
                           f"{name} is required: {schema.FIELDS_BY_NAME[name].description}")


def check_coordinates_pair(record: Record, ctx: Context) -> Iterator[Problem]:
    lat, lon = record.cells.get("latitude", ""), record.cells.get("longitude", "")
    if bool(lat) != bool(lon):
        missing = "longitude" if lat else "latitude"
        yield problem_at(error, record, missing, "half-coordinates", "",
                       "latitude and longitude go together: fill in both or neither.")


def check_freshness(record: Record, ctx: Context) -> Iterator[Problem]:
    value = record.cells.get("last_verified", "")
    date = parse_date(value)
    if date is None:
        return
    if date > ctx.today:
        yield problem_at(warning, record, "last_verified", "date-in-future", value,
                       f"{value} is in the future; write the date the details were checked.")
    elif months_between(date, ctx.today) >= ctx.settings.review_months:
        yield problem_at(warning, record, "last_verified", "due-for-review", value,
                       f"Last checked {value}, more than {ctx.settings.review_months} months "
                       "ago: confirm the details and update last_verified.")


def months_between(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def check_plain_language(record: Record, ctx: Context) -> Iterator[Problem]:
    limit = ctx.settings.description_max_words
    for column, value in record.cells.items():
        if schema.split_column(column)[0] == "description" and len(value.split()) > limit:
            yield problem_at(warning, record, column, "description-too-long",
                           value[:60] + "…", f"The description has {len(value.split())} words; "
                           f"keep it under {limit} words (one to three short sentences).")


def check_contact_consent(record: Record, ctx: Context) -> Iterator[Problem]:
    if record.cells.get("contact_name") and record.cells.get("contact_consent", "").lower() \
            != "yes":
        yield problem_at(warning, record, "contact_name", "contact-without-consent",
                       record.cells["contact_name"], "This contact is not published until "
                       "contact_consent is 'yes' (ask the person first).")


def check_translations(record: Record, ctx: Context) -> Iterator[Problem]:
    for column, value in record.cells.items():
        base, lang = schema.split_column(column)
        if lang is None or not value or base not in schema.FIELDS_BY_NAME:
            continue
        if base not in schema.TRANSLATABLE:
            yield problem_at(warning, record, column, "not-translatable", value,
                           f"{base} does not take translations; this column is not published.")
        elif lang not in ctx.settings.language_codes:
            codes = ", ".join(ctx.settings.language_codes)
            yield problem_at(warning, record, column, "unknown-site-language", value,
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
            yield problem_at(error, record, "id", "duplicate-id", asset_id,
                           f"The id '{asset_id}' is already used on row {seen.row}; "
                           "each asset needs its own id.")
        else:
            shared.setdefault((str(seen.file), str(record.file)), []).append((seen, record))
    for (one, other), pairs in shared.items():
        ids = ", ".join(f"'{b.cells['id']}' (" + (f"row {a.row} in both" if a.row == b.row
                                                  else f"rows {a.row} and {b.row}") + ")"
                        for a, b in pairs[:5]) + (", …" if len(pairs) > 5 else "")
        count = "1 id" if len(pairs) == 1 else f"{len(pairs)} ids"
        yield problem_at(error, pairs[0][1], "id", "duplicate-id", pairs[0][1].cells["id"],
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
