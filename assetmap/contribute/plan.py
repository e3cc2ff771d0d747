"""From the answers of an issue to the change it asks for, before anything is written.

A proposal becomes a new row whose id is made from the name (unique on the map and among the
ids open pull requests add); a change report becomes a changed, confirmed or removed row. When
the map already says what the issue asks, the plan is ``Done`` with a sentence saying so.
Problems are returned as ``Problem`` objects, for the issue's comment.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from assetmap.contribute.forms import NOT_ASKED
from assetmap.inventory import schema
from assetmap.inventory.problems import Problem, UsageError, error
from assetmap.inventory.read import Table, inventory_files, read_table
from assetmap.inventory.table import find

COLUMNS = tuple(f.name for f in schema.FIELDS if f.name not in NOT_ASKED)


@dataclass
class Change:
    """What an issue asks for: ``action`` on the row ``asset_id`` of ``table``."""

    action: str  # add, update, confirm or remove
    asset_id: str
    table: Table
    cells: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Done:
    """The issue asks for what the map already says."""

    message: str


# --- ids ----------------------------------------------------------------------------------


def pending_ids(pending: Path | None) -> set[str]:
    """The ids in the inventories under ``pending``: one folder per open pull request of
    this workflow, each a copy of that branch's data folder (the workflow makes them)."""
    ids: set[str] = set()
    if pending is None or not Path(pending).is_dir():
        return ids
    for folder in sorted(p for p in Path(pending).iterdir() if p.is_dir()):
        try:
            files = inventory_files(folder)
        except UsageError:
            continue
        for path in files:
            ids |= {r.cells.get("id", "") for r in read_table(path).records}
    return ids - {""}


# --- from answers to a change -------------------------------------------------------------

NOTHING_NEW = {
    "add": "The asset `{id}` is already on the map with these details.",
    "update": "The asset `{id}` already has these details on the map.",
    "confirm": "The asset `{id}` was already confirmed today.",
    "remove": "The asset `{id}` is not on the map any more.",
}


def _problem(code: str, column: str | None, value: str | None, message: str) -> Problem:
    return error("issue", None, column, code, value, message)


def _locate(tables: list[Table], asset_id: str) -> Table | None:
    return next((t for t in tables if find(t, asset_id) is not None), None)


def _target(tables: list[Table]) -> Table:
    named = [t for t in tables if t.file.stem.lower() == "assets"]
    return (named or tables)[0]


def _columns_problems(change: Change) -> list[Problem]:
    table = change.table
    if table.format == "yaml":
        return []
    return [_problem("no-column", column, change.cells[column],
                     f"The inventory file {table.file.name} has no '{column}' column. A steward "
                     "can add the column to its header row, then add the 'approved' label again.")
            for column in change.cells if column not in table.columns]


def _same(cells: dict[str, str], table: Table, asset_id: str) -> bool:
    """Whether the row ``asset_id`` already holds every answered cell."""
    record = find(table, asset_id)
    return all(record.cells.get(column, "") == value for column, value in cells.items()
               if column not in ("id", "last_verified"))


def plan_proposal(answers: dict[str, str], tables: list[Table], today: dt.date,
                  pending: set[str] = frozenset()) -> Change | Done | list[Problem]:
    chosen = answers.get("id", "")
    base = chosen or schema.slug(answers.get("name", ""))
    if not base:
        return [_problem("no-id", "id", "", "The name has no letters a-z to make a web address "
                         "from. A steward can fill in 'Short web name', e.g. 'coffee-morning'.")]
    cells = {c: v for c, v in answers.items() if c in COLUMNS}
    on_map = _locate(tables, base)
    if on_map is not None and _same(cells, on_map, base):
        return Done(f"The asset `{base}` is already on the map with these details.")
    if on_map is not None or (chosen and chosen in pending):
        return [_problem("id-taken", "id", base,
                         f"An asset with the short web name '{base}' is already on the map or "
                         "proposed in an open pull request. If this is about that asset, use "
                         "the \"Report a change\" form; otherwise give this one a different "
                         "'Short web name'.")]
    asset_id = schema.unique_id(base, pending | {r.cells.get("id", "") for t in tables
                                          for r in t.records})
    cells |= {"id": asset_id, "last_verified": today.isoformat()}
    change = Change("add", asset_id, _target(tables), cells)
    return _columns_problems(change) or change


def plan_report(answers: dict[str, str], tables: list[Table], today: dt.date,
                pending: set[str] = frozenset()) -> Change | Done | list[Problem]:
    asset_id = answers.get("asset_id", "").strip()
    action = answers.get("change", "")
    table = _locate(tables, asset_id)
    if table is None:
        known = [r.cells.get("id", "") for t in tables for r in t.records]
        match = difflib.get_close_matches(asset_id, known, n=1)
        if action == "close" and not match:
            return Done(f"There is no asset `{asset_id}` on the map (any more): there is "
                        "nothing to remove.")
        hint = f" Did you mean '{match[0]}'?" if match else ""
        return [_problem("unknown-asset", "asset_id", asset_id,
                         f"There is no asset with the short web name '{asset_id}'.{hint} It is "
                         "the end of the asset's page address; for something new, use the "
                         "\"Propose an asset\" form.")]
    if action == "close":
        return Change("remove", asset_id, table)
    new = {c: v for c, v in answers.items() if c in COLUMNS and c != "id"}
    if action == "update" and not set(new) - {"verified_by"}:
        return [_problem("nothing-changed", "change", "", "The report says some details have "
                         "changed but gives no new details: fill in the answers that changed.")]
    cells = {"id": asset_id, "last_verified": today.isoformat()}
    cells |= new if action == "update" else {k: v for k, v in new.items() if k == "verified_by"}
    record = find(table, asset_id)
    if all(record.cells.get(column, "") == value for column, value in cells.items()):
        return Done(NOTHING_NEW["confirm" if set(cells) <= {"id", "last_verified"}
                                else "update"].format(id=asset_id))
    change = Change(action, asset_id, table, cells)
    return _columns_problems(change) or change
