"""From an issue made with a form to one changed inventory row.

Two moments, one set of rules:

- ``check_issue``, when an issue made with a form is opened or edited: read the answers, plan
  the change and try it on a copy of the inventory with the same checks as ``assetmap
  check``, and say at once, in one comment kept up to date, what needs fixing (nothing is
  written);
- ``apply_issue``, when a steward adds the ``approved`` label: the same, then the inventory
  file is rewritten (that one row added, changed or removed, every other byte kept), the
  site is built with it, and a pull request is described; or the problems go in a comment.

Nothing to change (a proposal already on the map, a "still correct" report on an asset
checked today) is said in a comment, never a failed job. A new asset's id is unique on the
map and among the ids that open pull requests add (``pending``): a second "Walking group"
becomes ``walking-group-2``. Contributor text only ever reaches GitHub inside code blocks
(``assetmap.contribute.replies``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assetmap.config import Settings
from assetmap.contribute import replies
from assetmap.contribute.forms import CHANGE_LABEL, PROPOSAL_LABEL, Form, forms_for
from assetmap.contribute.issue_body import HEADING, Submission, parse
from assetmap.contribute.plan import (
    NOTHING_NEW,
    Change,
    Done,
    pending_ids,
    plan_proposal,
    plan_report,
)
from assetmap.inventory.load import load
from assetmap.inventory.problems import CannotWrite, Problem, UsageError, error
from assetmap.inventory.read import Table, inventory_files, read_table
from assetmap.inventory.table import find
from assetmap.inventory.taxonomy import SLUG
from assetmap.inventory.write import remove, save, upsert

APPROVED_LABEL = "approved"
PULL_REQUEST, COMMENT, DONE, CHECKED, SKIP = "pull-request", "comment", "done", "checked", "skip"
OUTPUT_FILES = ("result", "branch", "title", "body.md", "commit.txt", "comment.md", "label")

log = logging.getLogger("mkdocs")


@dataclass(frozen=True)
class Issue:
    number: int
    body: str
    labels: tuple[str, ...]
    state: str
    added_label: str


@dataclass
class Outcome:
    """What the workflow does next: open a pull request, comment, close, or nothing."""

    result: str
    summary: str
    comment: str = ""
    branch: str = ""
    title: str = ""
    body: str = ""
    commit: str = ""
    label: str = ""  # the form's label, for an issue that lacks it
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
    """The form the issue was made with: by its label, or, when the label is missing (a
    repository where the label did not exist yet when the issue was opened), by its
    headings: every heading is a question of exactly one of the forms."""
    labelled = [form for form in forms if form.label in issue.labels]
    if labelled:
        return labelled[0] if len(labelled) == 1 else None
    headings = {" ".join(m.group(1).split()).casefold()
                for m in map(HEADING.match, issue.body.replace("\r\n", "\n").split("\n"))
                if m and m.group(1)}
    fits = [form for form in forms if headings and headings <=
            {" ".join(q.label.split()).casefold() for q in form.questions}]
    return fits[0] if len(fits) == 1 else None


# --- applying a change to a copy, and checking it -------------------------------------------


def _key(problem: Problem) -> tuple:
    return Path(problem.file).name, problem.code, problem.column, problem.value


def _write_change(change: Change, table: Table) -> None:
    """Write ``change`` into the file of ``table`` (read afresh from that file)."""
    if change.action == "remove":
        text = remove(table, change.asset_id)
    else:
        text = upsert(table, change.cells)
    if table.format != "xlsx":
        save(table, text)


def try_change(change: Change, data: Path, settings: Settings,
               today: dt.date) -> tuple[bytes | None, list[Problem], list[Problem]]:
    """Apply ``change`` to a copy of ``data``: the new file's bytes (None when they would be
    the same as now), the errors it brings (every error on the changed row, new errors
    elsewhere, or what the file cannot hold) and the row's warnings."""
    before = Counter(_key(p) for p in load(data, settings, today=today).problems if p.is_error)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data, copy)
        target = copy / change.table.file.name
        old = target.read_bytes()
        try:
            _write_change(change, read_table(target, change.table.sheet))
        except CannotWrite as exc:  # named after the inventory's file, not the copy
            return None, [dataclasses.replace(exc.problem, file=str(change.table.file))], []
        new = target.read_bytes()
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
        return (None if new == old else new), errors, [p for p in on_row if not p.is_error]


# --- the two moments ------------------------------------------------------------------------


@dataclass
class _Plan:
    issue: Issue
    form: Form
    submission: Submission
    change: Change | None = None
    new_bytes: bytes | None = None
    warnings: list[Problem] = field(default_factory=list)


def _plan(issue: Issue, data: Path, settings: Settings, today: dt.date,
          pending: Path | None, approved: bool) -> _Plan | Outcome:
    """Read the issue, plan its change and try it on a copy: a ``_Plan`` to carry out, or
    the ``Outcome`` that ends here (problems, or nothing to change)."""
    form = which_form(issue, forms_for(data, settings))
    if form is None:
        if not approved:
            return Outcome(SKIP, f"Issue #{issue.number}: not made with one of the forms.")
        problem = error("issue", None, None, "no-form", None, "This issue was not made with "
                        f"one of the forms: it needs exactly one of the labels '{PROPOSAL_LABEL}' "
                        f"or '{CHANGE_LABEL}'.")
        return Outcome(COMMENT, problem.message,
                       comment=replies.problems_comment([problem], None), problems=[problem])
    submission = parse(issue.body, form, settings.language_codes)
    if submission.problems:
        return _rejected(issue, submission.problems, form, approved)
    tables = [read_table(f) for f in inventory_files(data)]
    plan = plan_proposal if form.label == PROPOSAL_LABEL else plan_report
    change = plan(submission.answers, tables, today, pending_ids(pending))
    if isinstance(change, list):
        return _rejected(issue, change, form, approved)
    if isinstance(change, Done):
        return _done(issue, change.message, form, approved)
    new_bytes, errors, warnings = try_change(change, data, settings, today)
    if errors:
        return _rejected(issue, errors, form, approved)
    if new_bytes is None:
        return _done(issue, NOTHING_NEW[change.action].format(id=change.asset_id), form,
                     approved)
    return _Plan(issue, form, submission, change, new_bytes, warnings)


def check_issue(event: dict, data: Path, settings: Settings, today: dt.date | None = None,
                pending: Path | None = None) -> Outcome:
    """Check an issue made with a form as it is opened or edited: one comment saying what
    needs fixing, or that it passes every check. Nothing is written."""
    today = today or dt.date.today()
    issue = issue_from_event(event)
    if issue.state != "open":
        return Outcome(SKIP, f"Issue #{issue.number}: closed, nothing to check.")
    plan = _plan(issue, Path(data), settings, today, pending, approved=False)
    if isinstance(plan, Outcome):
        return plan
    comment = replies.checked_comment([], plan.form, plan.warnings, plan.submission.notes)
    return Outcome(CHECKED, f"Issue #{issue.number}: passes every check.", comment=comment,
                   label=_missing_label(issue, plan.form))


def apply_issue(event: dict, data: Path, settings: Settings, today: dt.date | None = None,
                pending: Path | None = None, build_config: Path | None = None) -> Outcome:
    """Read the approved issue in ``event`` and change the inventory in ``data``, or say why
    not. Only the one row's file is written, and only when there is no problem. With
    ``build_config`` (a mkdocs.yml), the site is built with the changed inventory first, and
    the pull request says how that went."""
    today = today or dt.date.today()
    issue = issue_from_event(event)
    if issue.added_label != APPROVED_LABEL or issue.state != "open":
        return Outcome(SKIP, f"Issue #{issue.number}: nothing to do (not an open issue that "
                             f"was just labelled '{APPROVED_LABEL}').")
    data = Path(data)
    plan = _plan(issue, data, settings, today, pending, approved=True)
    if isinstance(plan, Outcome):
        return plan
    file = plan.change.table.file
    original = file.read_bytes()
    file.write_bytes(plan.new_bytes)
    checks = ""
    if build_config is not None:
        built, checks = check_and_build(data, Path(build_config), settings, today)
        if not built:
            file.write_bytes(original)
            return Outcome(COMMENT, f"Issue #{issue.number}: the site does not build with "
                                    "this change.", comment=replies.build_failed_comment(checks))
    return pull_request(plan, file, checks)


def check_and_build(data: Path, config: Path, settings: Settings,
                    today: dt.date) -> tuple[bool, str]:
    """Check the inventory in ``data`` and build the site of ``config`` with it into a
    scratch folder, as the deploy workflow would after merging: whether it built, and a
    paragraph saying what was run and how it went."""
    from assetmap.build.site import build_site

    problems = load(data, settings, today=today).problems
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    messages: list[str] = []
    handler = _Collect(messages)
    log.addHandler(handler)
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as site:
            built = not errors and build_site(config, data_dir=data, site_dir=Path(site))
    finally:
        log.removeHandler(handler)
    seconds = time.perf_counter() - start
    checked = (f"`assetmap check` on the changed inventory: {errors} error(s), {warnings} "
               "warning(s)")
    if built:
        return True, (f"Before this pull request was opened, the workflow ran {checked}, and "
                      f"built the whole site with it: the build passed ({seconds:.0f} s).")
    return False, f"{checked}. The site build failed:\n\n" + "\n".join(messages[-20:])


class _Collect(logging.Handler):
    """Keeps the build's warnings and errors, for the pull request or the comment."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# --- what the workflow posts ---------------------------------------------------------------


def _missing_label(issue: Issue, form: Form) -> str:
    return "" if form.label in issue.labels else form.label


def _done(issue: Issue, message: str, form: Form, approved: bool) -> Outcome:
    if approved:
        return Outcome(DONE, f"Issue #{issue.number}: nothing to change.",
                       comment=replies.done_comment(message))
    return Outcome(CHECKED, f"Issue #{issue.number}: nothing to change.",
                   comment=f"{replies.CHECK_MARKER}\nThank you! {message} A steward will "
                           "read this issue.", label=_missing_label(issue, form))


def _rejected(issue: Issue, problems: list[Problem], form: Form, approved: bool) -> Outcome:
    comment = replies.problems_comment(problems, form) if approved else \
        replies.checked_comment(problems, form, [], [])
    return Outcome(COMMENT, f"Issue #{issue.number}: {len(problems)} problem(s); they go in a "
                            "comment.", comment=comment, problems=problems,
                   label="" if approved else _missing_label(issue, form))


def pull_request(plan: _Plan, file: Path, checks: str = "") -> Outcome:
    change, issue, form = plan.change, plan.issue, plan.form
    verb = replies.VERBS[change.action]
    shown_id = change.asset_id if SLUG.match(change.asset_id) else "from the form"
    title = f"{verb} asset {shown_id} (#{issue.number})"
    if change.action == "remove":
        values = replies.removed_values(change.table, change.asset_id)
    else:
        record = find(change.table, change.asset_id)
        values = replies.change_lines(change.action, change.cells,
                                      record.cells if record else {})
    body = replies.pull_request_body(
        issue.number, change.action, shown_id, file.as_posix(), values,
        list(plan.submission.notes), replies.problem_lines(plan.warnings, form),
        plan.submission.answers.get("details", ""), checks)
    return Outcome(PULL_REQUEST, f"Pull request ready: {title}", branch=f"assetmap/issue-"
                   f"{issue.number}", title=title, body=body,
                   commit=f"{title}\n\nApproved by a steward in issue #{issue.number}.\n",
                   file=file)


def write_outputs(outcome: Outcome, folder: Path) -> None:
    """One file per output, for the workflow's next steps to read."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in OUTPUT_FILES:
        (folder / name).unlink(missing_ok=True)
    files = {"result": outcome.result, "branch": outcome.branch, "title": outcome.title,
             "body.md": outcome.body, "commit.txt": outcome.commit,
             "comment.md": outcome.comment, "label": outcome.label}
    for name, text in files.items():
        if text:
            (folder / name).write_text(text, encoding="utf-8")
