"""What the contribution workflows post on GitHub: comments on issues, pull request bodies.

Contributor text only ever reaches GitHub inside code blocks or code spans (``inert``); the
rest is our own wording, in plain language for contributors and stewards.
"""

from __future__ import annotations

from assetmap.contribute import inert
from assetmap.contribute.forms import Form
from assetmap.contribute.plan import COLUMNS
from assetmap.inventory.problems import Problem
from assetmap.inventory.table import find

CHECK_MARKER = "<!-- assetmap:issue-check -->"  # the one comment the check keeps up to date
VERBS = {"add": "Add", "update": "Update", "confirm": "Confirm", "remove": "Remove"}
WHAT = {"add": "The new row", "update": "The cells that change, old → new",
        "confirm": "The cells that change, old → new", "remove": "The row that is removed"}


def problem_lines(problems: list[Problem], form: Form | None) -> str:
    """One line per problem, named by the form's question where there is one."""
    def line(problem: Problem) -> str:
        question = form.question(problem.column or "") if form else None
        where = question.label if question else problem.column
        return f"{where}: {problem.message}" if where else problem.message

    return "\n".join(line(p) for p in problems)


def problems_comment(problems: list[Problem], form: Form | None, approved: bool = True) -> str:
    then = ("A steward will then add the `approved` label again." if approved else
            "This check runs again each time the issue is edited.")
    return "\n".join([
        "Thank you! Before this can go on the map, some answers need a change:", "",
        inert.block(problem_lines(problems, form)), "",
        f"To fix them, edit the issue (the ··· menu at the top of it, then *Edit*). {then}",
    ])


def checked_comment(problems: list[Problem], form: Form | None, warnings: list[Problem],
                    notes: list[str]) -> str:
    """The comment the check keeps up to date on an issue made with a form, from the moment
    it is opened, so its author hears back before a steward has looked at it."""
    if problems:
        return f"{CHECK_MARKER}\n{problems_comment(problems, form, approved=False)}"
    parts = [CHECK_MARKER, "Thank you! The answers pass every check. A steward will read them "
             "and, if all is well, add the `approved` label: a pull request then changes the "
             "map."]
    if notes or warnings:
        parts += ["", "Notes for the steward:", "",
                  inert.block("\n".join([*notes, problem_lines(warnings, form)]).strip())]
    return "\n".join(parts)


def build_failed_comment(checks: str) -> str:
    """For the steward: the answers passed every check, but the site did not build."""
    return "\n".join([
        "Thank you! The answers pass every check, but the site could not be built with this "
        "change, so no pull request was opened. This is a problem for a steward to look into, "
        "not something to fix in the answers. What the build said:", "",
        inert.block(checks), "",
        "Once it is fixed, a steward can add the `approved` label again.",
    ])


def done_comment(message: str) -> str:
    return "\n".join([f"Thank you! {message}", "",
                      "There is nothing to change, so this issue is closed. Open a new one "
                      "if something else has changed."])


def change_lines(action: str, cells: dict[str, str], old: dict[str, str]) -> str:
    """The cells a change writes: 'column: value', or 'column: old → new' for a change."""
    order = {name: index for index, name in enumerate(COLUMNS)}
    lines = []
    for column in sorted(cells, key=lambda c: order.get(c, len(order))):
        if action in ("update", "confirm") and column != "id":
            lines.append(f"{column}: {old.get(column) or '(empty)'} → "
                         f"{cells[column] or '(empty)'}")
        else:
            lines.append(f"{column}: {cells[column]}")
    return "\n".join(lines)


def pull_request_body(number: int, action: str, shown_id: str, file: str, values: str,
                      notes: list[str], warnings: str, details: str, checks: str) -> str:
    verb = VERBS[action]
    parts = [f"{verb}s the asset `{shown_id}` in `{file}`, as asked in #{number}. "
             f"Closes #{number}.", "",
             f"{WHAT[action]} (contributor text, shown exactly as written):", "",
             inert.block(values)]
    if notes or warnings:
        parts += ["", "Notes for the reviewer:", "",
                  inert.block("\n".join([*notes, warnings]).strip())]
    if details:
        parts += ["", "Anything else the contributor wrote:", "", inert.block(details)]
    if checks:
        parts += ["", checks]
    parts += ["", "Check the details with the group or organisation if you can. Merging "
                  "publishes the change: the site is rebuilt from the main branch."]
    return "\n".join(parts)


def removed_values(table, asset_id: str) -> str:
    record = find(table, asset_id)
    return f"id: {asset_id}\nname: {record.cells.get('name', '') if record else ''}"
