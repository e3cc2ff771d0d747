"""From an approved issue to one changed inventory row.

When a steward adds the ``approved`` label to an issue made with a form, ``apply_issue`` reads
the issue from the event payload GitHub gives the workflow, turns the answers into the cells of
one row, applies them to a copy of the inventory and runs the same checks as
``assetmap check``. Either the inventory file is rewritten (that one row added, changed or
removed, every other byte kept) and a pull request is described, or the problems are written
as a comment for the issue. Contributor text only ever reaches GitHub inside code blocks.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import shutil
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import inert, schema
from .config import Settings
from .forms import CHANGE_LABEL, NOT_ASKED, PROPOSAL_LABEL, Form, forms_for
from .inventory import load
from .issue_body import Submission, parse
from .problems import Problem, UsageError, error
from .read import Table, inventory_files, read_table
from .taxonomy import SLUG
from .write import find, save, upsert

APPROVED_LABEL = "approved"
PULL_REQUEST, COMMENT, SKIP = "pull-request", "comment", "skip"
COLUMNS = tuple(f.name for f in schema.FIELDS if f.name not in NOT_ASKED)
VERBS = {"add": "Add", "update": "Update", "confirm": "Confirm", "remove": "Remove"}
OUTPUT_FILES = ("result", "branch", "title", "body.md", "commit.txt", "comment.md")


@dataclass(frozen=True)
class Issue:
    number: int
    body: str
    labels: tuple[str, ...]
    state: str
    added_label: str


@dataclass
class Change:
    """What an issue asks for: ``action`` on the row ``asset_id`` of ``table``."""

    action: str  # add, update, confirm or remove
    asset_id: str
    table: Table
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """What the workflow does next: open a pull request, comment, or nothing."""

    result: str
    summary: str
    comment: str = ""
    branch: str = ""
    title: str = ""
    body: str = ""
    commit: str = ""
    file: Path | None = None
    problems: list[Problem] = field(default_factory=list)


# --- the event ----------------------------------------------------------------------------


def read_event(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read as a GitHub event ({exc}).") from None


def issue_from_event(event: dict) -> Issue:
    """The issue in an ``issues`` event; UsageError for anything else."""
    issue = event.get("issue") if isinstance(event, dict) else None
    number = issue.get("number") if isinstance(issue, dict) else None
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise UsageError("The event is not about an issue: expected an 'issues' event.")
    body = issue.get("body")
    labels = [item.get("name") for item in issue.get("labels") or [] if isinstance(item, dict)]
    label = event.get("label") if isinstance(event.get("label"), dict) else {}
    added = label.get("name") if event.get("action") == "labeled" else None
    return Issue(number, body if isinstance(body, str) else "",
                 tuple(name for name in labels if isinstance(name, str)),
                 str(issue.get("state", "")), added if isinstance(added, str) else "")


def which_form(issue: Issue, forms: tuple[Form, ...]) -> Form | None:
    matching = [form for form in forms if form.label in issue.labels]
    return matching[0] if len(matching) == 1 else None


# --- from answers to a change -------------------------------------------------------------


def slug(text: str, width: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(words) > width:
        words = words[:width].rsplit("-", 1)[0]
    return words


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


def plan_proposal(answers: dict[str, str], tables: list[Table],
                  today: dt.date) -> Change | list[Problem]:
    asset_id = answers.get("id") or slug(answers.get("name", ""))
    if not asset_id:
        return [_problem("no-id", "id", "", "The name has no letters a-z to make a web address "
                         "from. A steward can fill in 'Short web name', e.g. 'coffee-morning'.")]
    if _locate(tables, asset_id):
        return [_problem("id-taken", "id", asset_id,
                         f"An asset with the short web name '{asset_id}' is already on the map. "
                         "If this is about that asset, use the \"Report a change\" form; "
                         "otherwise give this one a different 'Short web name'.")]
    cells = {c: v for c, v in answers.items() if c in COLUMNS}
    cells |= {"id": asset_id, "last_verified": today.isoformat()}
    change = Change("add", asset_id, _target(tables), cells)
    return _columns_problems(change) or change


def plan_report(answers: dict[str, str], tables: list[Table],
                today: dt.date) -> Change | list[Problem]:
    asset_id = answers.get("asset_id", "").strip()
    table = _locate(tables, asset_id)
    if table is None:
        known = [r.cells.get("id", "") for t in tables for r in t.records]
        match = difflib.get_close_matches(asset_id, known, n=1)
        hint = f" Did you mean '{match[0]}'?" if match else ""
        return [_problem("unknown-asset", "asset_id", asset_id,
                         f"There is no asset with the short web name '{asset_id}'.{hint} It is "
                         "the end of the asset's page address; for something new, use the "
                         "\"Propose an asset\" form.")]
    action = answers.get("change", "")
    if action == "close":
        return Change("remove", asset_id, table)
    new = {c: v for c, v in answers.items() if c in COLUMNS and c != "id"}
    if action == "update" and not set(new) - {"verified_by"}:
        return [_problem("nothing-changed", "change", "", "The report says some details have "
                         "changed but gives no new details: fill in the answers that changed.")]
    cells = {"id": asset_id, "last_verified": today.isoformat()}
    cells |= new if action == "update" else {k: v for k, v in new.items() if k == "verified_by"}
    change = Change(action, asset_id, table, cells)
    return _columns_problems(change) or change


# --- applying a change to a copy, and checking it -------------------------------------------


def remove(table: Table, asset_id: str) -> str:
    """The file text without the row ``asset_id`` (XLSX: saved, '' returned)."""
    record = find(table, asset_id)
    if table.format == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(table.file)
        sheet = workbook[table.sheet] if table.sheet else workbook.worksheets[0]
        sheet.delete_rows(record.row)
        workbook.save(table.file)
        return ""
    text = table.text
    start, end = record.span
    if table.format == "yaml":  # the whole '- id: ...' item, from its line to the next one
        start = text.rfind("\n", 0, start) + 1
        if end < len(text) and text[end - 1] != "\n":
            end = text.find("\n", end) + 1 or len(text)
    return text[:start] + text[end:]


def _key(problem: Problem) -> tuple:
    return Path(problem.file).name, problem.code, problem.column, problem.value


def try_change(change: Change, data: Path, settings: Settings,
               today: dt.date) -> tuple[bytes, list[Problem], list[Problem]]:
    """Apply ``change`` to a copy of ``data``: the new file's bytes, the errors it brings
    (every error on the changed row, and new errors elsewhere) and the row's warnings."""
    before = Counter(_key(p) for p in load(data, settings, today=today).problems if p.is_error)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data, copy)
        target = copy / change.table.file.name
        table = read_table(target, change.table.sheet)
        if change.action == "remove":
            text = remove(table, change.asset_id)
        else:
            text = upsert(table, change.cells)
        if table.format != "xlsx":
            save(table, text)
        after = load(copy, settings, today=today).problems
        record = find(read_table(target, change.table.sheet), change.asset_id)
        on_row = [p for p in after if record is not None and Path(p.file) == target
                  and p.row == record.row]
        errors = [p for p in on_row if p.is_error]
        for problem in after:
            if problem.is_error and problem not in errors:
                if before[_key(problem)]:
                    before[_key(problem)] -= 1
                else:
                    errors.append(problem)
        return target.read_bytes(), errors, [p for p in on_row if not p.is_error]


# --- what the workflow posts ---------------------------------------------------------------


def _lines(problems: list[Problem], form: Form) -> str:
    def line(problem: Problem) -> str:
        question = form.question(problem.column or "")
        where = question.label if question else problem.column
        return f"{where}: {problem.message}" if where else problem.message

    return "\n".join(line(p) for p in problems)


def problems_comment(problems: list[Problem], form: Form | None) -> str:
    listed = inert.block(_lines(problems, form) if form else
                         "\n".join(p.message for p in problems))
    return "\n".join([
        "Thank you! Before this can go on the map, some answers need a change:", "",
        listed, "",
        "To fix them, edit the issue (the ··· menu at the top of it, then *Edit*). A steward "
        "will then add the `approved` label again.",
    ])


WHAT = {"add": "The new row", "update": "The cells that change",
        "confirm": "The cells that change", "remove": "The row that is removed"}


def _values(change: Change) -> str:
    cells = change.cells
    if change.action == "remove":
        record = find(change.table, change.asset_id)
        cells = {"id": change.asset_id, "name": record.cells.get("name", "")}
    order = {name: index for index, name in enumerate(COLUMNS)}
    return "\n".join(f"{column}: {cells[column]}"
                     for column in sorted(cells, key=lambda c: order.get(c, len(order))))


def pull_request(issue: Issue, change: Change, submission: Submission, form: Form,
                 warnings: list[Problem], file: Path) -> Outcome:
    verb = VERBS[change.action]
    shown_id = change.asset_id if SLUG.match(change.asset_id) else "from the form"
    title = f"{verb} asset {shown_id} (#{issue.number})"
    notes = list(submission.notes)
    parts = [f"{verb}s the asset `{shown_id}` in `{file.as_posix()}`, as asked in "
             f"#{issue.number}. Closes #{issue.number}.", "",
             f"{WHAT[change.action]} (contributor text, shown exactly as written):", "",
             inert.block(_values(change))]
    if notes or warnings:
        parts += ["", "Notes for the reviewer:", "", inert.block(
            "\n".join([*notes, _lines(warnings, form)]).strip())]
    if submission.answers.get("details"):
        parts += ["", "Anything else the contributor wrote:", "",
                  inert.block(submission.answers["details"])]
    parts += ["", "Check the details with the group or organisation if you can. Merging "
                  "publishes the change: the site is rebuilt from the main branch."]
    return Outcome(PULL_REQUEST, f"Pull request ready: {title}", branch=f"assetmap/issue-"
                   f"{issue.number}", title=title, body="\n".join(parts),
                   commit=f"{title}\n\nApproved by a steward in issue #{issue.number}.\n",
                   file=file)


def apply_issue(event: dict, data: Path, settings: Settings,
                today: dt.date | None = None) -> Outcome:
    """Read the approved issue in ``event`` and change the inventory in ``data``, or say why
    not. Only the one row's file is written, and only when there is no problem."""
    today = today or dt.date.today()
    issue = issue_from_event(event)
    if issue.added_label != APPROVED_LABEL or issue.state != "open":
        return Outcome(SKIP, f"Issue #{issue.number}: nothing to do (not an open issue that "
                             f"was just labelled '{APPROVED_LABEL}').")
    data = Path(data)
    form = which_form(issue, forms_for(data, settings))
    if form is None:
        problem = _problem("no-form", None, None, "This issue was not made with one of the "
                           f"forms: it needs exactly one of the labels '{PROPOSAL_LABEL}' or "
                           f"'{CHANGE_LABEL}'.")
        return Outcome(COMMENT, problem.message, comment=problems_comment([problem], None))
    submission = parse(issue.body, form, settings.language_codes)
    if submission.problems:
        return _rejected(issue, submission.problems, form)
    tables = [read_table(f) for f in inventory_files(data)]
    plan = plan_proposal if form.label == PROPOSAL_LABEL else plan_report
    change = plan(submission.answers, tables, today)
    if isinstance(change, list):
        return _rejected(issue, change, form)
    new_bytes, errors, warnings = try_change(change, data, settings, today)
    if errors:
        return _rejected(issue, errors, form)
    change.table.file.write_bytes(new_bytes)
    return pull_request(issue, change, submission, form, warnings, change.table.file)


def _rejected(issue: Issue, problems: list[Problem], form: Form) -> Outcome:
    return Outcome(COMMENT, f"Issue #{issue.number}: {len(problems)} problem(s); they go in a "
                            "comment.", comment=problems_comment(problems, form),
                   problems=problems)


def write_outputs(outcome: Outcome, folder: Path) -> None:
    """One file per output, for the workflow's next steps to read."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in OUTPUT_FILES:
        (folder / name).unlink(missing_ok=True)
    files = {"result": outcome.result, "branch": outcome.branch, "title": outcome.title,
             "body.md": outcome.body, "commit.txt": outcome.commit,
             "comment.md": outcome.comment}
    for name, text in files.items():
        if text:
            (folder / name).write_text(text, encoding="utf-8")
