"""The issue forms: made from the schema and the taxonomy, kept up to date, linked from pages."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from assetmap.cli import main
from assetmap.config import Settings
from assetmap.contribute.forms import (
    CHANGE_FILE,
    CONFIG_FILE,
    PROPOSE_FILE,
    change_url,
    forms_for,
    propose_url,
    render_config,
)
from assetmap.contribute.issue_body import choose
from assetmap.inventory import schema
from assetmap.inventory.model import Asset

from .support.project import INVENTORY, ROOT, TODAY

CONFIG = ["--config", str(ROOT / "mkdocs.yml")]
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
FORM_ONLY = {"asset_id", "change", "details", "privacy"}


def run(*args):
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


@pytest.fixture()
def forms(settings):
    return forms_for(INVENTORY, settings)


@pytest.fixture()
def data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("categories.yml", "neighbourhoods.yml", "good.csv"):
        shutil.copy(INVENTORY / name, folder / name)
    return folder


def test_questions_are_the_public_columns_and_nothing_private(forms):
    propose, change = forms
    columns = {f.name for f in schema.FIELDS} - {"internal_notes", "last_verified"}
    assert {q.id for q in propose.questions} == columns | {"privacy"}
    assert {q.id for q in change.questions} == columns - {"id"} | FORM_ONLY


def test_required_and_multiple_follow_the_schema(forms):
    propose, change = forms
    required = set(schema.REQUIRED) - {"id", "last_verified"}
    assert {q.id for q in propose.questions if q.required} == required | {"privacy"}
    assert {q.id for q in change.questions if q.required} == {"asset_id", "change", "privacy"}
    multiple = {f.name for f in schema.FIELDS if f.multiple and f.kind != schema.LANGUAGES}
    assert {q.id for q in propose.questions if q.multiple} == multiple


@pytest.mark.parametrize("which", [0, 1])
def test_ids_and_labels_are_unique(forms, which):
    questions = forms[which].questions
    assert len({q.id for q in questions}) == len(questions)
    assert len({q.label.casefold() for q in questions}) == len(questions)


def test_options_are_labels_people_read_and_map_back_to_ids(forms):
    category = forms[0].question("category")
    assert ("belonging", "Belonging — groups where people meet (belonging)") in category.options
    everywhere = forms[0].question("neighbourhood").options[-1]
    assert everywhere == ("all", "Everywhere: the whole area, or online (all)")
    for question in (q for q in forms[0].questions if q.widget == "dropdown"):
        labels = [label for _id, label in question.options]
        assert "none" not in {label.casefold() for label in labels}  # GitHub reserves None
        assert choose(question, labels[-1]) == [question.options[-1][0]]
        if question.multiple:  # labels with ', ' inside still split right
            assert choose(question, ", ".join(labels)) == [v for v, _ in question.options]


def test_forms_command_writes_then_check_passes(tmp_path, data):
    out = tmp_path / "templates"
    written = run("forms", "--data", str(data), "--output", str(out), *CONFIG)
    assert written.exit_code == 0, written.output
    assert sorted(p.name for p in out.iterdir()) == sorted([PROPOSE_FILE, CHANGE_FILE,
                                                           CONFIG_FILE])
    form = yaml.safe_load((out / PROPOSE_FILE).read_text(encoding="utf-8"))
    dropdown = next(item for item in form["body"] if item.get("id") == "category")
    assert dropdown["attributes"]["multiple"] is True
    assert dropdown["validations"] == {"required": True}
    assert "public" in form["body"][0]["attributes"]["value"]  # the privacy warning
    checked = run("forms", "--data", str(data), "--output", str(out), "--check", *CONFIG)
    assert checked.exit_code == 0, checked.output


def test_changing_categories_makes_the_check_fail(tmp_path, data):
    out = tmp_path / "templates"
    run("forms", "--data", str(data), "--output", str(out), *CONFIG)
    with (data / "categories.yml").open("a", encoding="utf-8") as file:
        file.write("- id: learning\n  label: {en: Learning}\n")
    checked = run("forms", "--data", str(data), "--output", str(out), "--check", *CONFIG)
    assert checked.exit_code == 1
    assert f"{PROPOSE_FILE}: out of date" in checked.output
    assert "Learning (learning)" not in (out / PROPOSE_FILE).read_text(encoding="utf-8")


def test_committed_forms_are_up_to_date():
    result = run("forms", "--data", str(ROOT / "data"), "--output", str(TEMPLATES), "--check",
                 *CONFIG)
    assert result.exit_code == 0, result.output


def test_a_broken_taxonomy_is_a_usage_problem(tmp_path):
    result = CliRunner().invoke(main, ["forms", "--data", str(tmp_path), "--output",
                                       str(tmp_path / "out"), *CONFIG])
    assert result.exit_code == 2
    assert "categories.yml is missing" in result.output


def test_config_offers_phone_and_email_without_a_github_account(settings):
    config = yaml.safe_load(render_config(settings))
    assert config["blank_issues_enabled"] is False
    names = " ".join(link["name"] for link in config["contact_links"])
    assert settings.contact_phone in names and settings.contact_email in names
    assert all(link["url"].startswith("https://") for link in config["contact_links"])


def _asset(name: str = "Café & co: 100% «bio» / #1?") -> Asset:
    return Asset(id="cafe-co", name={"en": name}, description={"en": "Coffee."},
                 categories=("belonging",), neighbourhoods=("old-mill",), kind="formal",
                 last_verified=TODAY)


def test_change_url_prefills_the_form_and_encodes_everything():
    settings = Settings(repo_url="https://github.com/riverbend-health/assetmap/")
    url = change_url(_asset(), settings)
    parts = urlsplit(url)
    assert url.startswith("https://github.com/riverbend-health/assetmap/issues/new?")
    assert " " not in url and "&co" not in url and "#" not in parts.query
    assert parse_qs(parts.query) == {"template": [CHANGE_FILE],
                                     "title": ["Change: Café & co: 100% «bio» / #1?"],
                                     "asset_id": ["cafe-co"]}
    assert propose_url(settings).endswith(f"/issues/new?template={PROPOSE_FILE}")


def test_no_repo_url_means_no_link():
    assert change_url(_asset(), Settings()) == ""
