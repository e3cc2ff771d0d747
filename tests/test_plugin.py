"""The MkDocs plugin (``plugins: - assetmap``): found by its entry point, its options typed and
validated as MkDocs validates its own, the same ``Settings`` for the build and the commands,
the old ``extra.assetmap`` still read for one release, and its state on each instance."""

from __future__ import annotations

import ast
import csv
import dataclasses
import inspect
import logging
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest's own TOML reader
    import tomli as tomllib

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.plugins import get_plugins

from assetmap.build import config as options_module
from assetmap.build.config import AssetmapConfig, validated
from assetmap.build.plugin import AssetmapPlugin
from assetmap.build.site import copy_project
from assetmap.config import Settings, load_settings, make_settings
from assetmap.inventory.problems import UsageError

from .support.project import ROOT, SITE_DATA
from .support.site import mkdocs_env

SAMPLE_OPTIONS = {"phone_region": "CA", "review_months": 12, "description_max_words": 60,
                  "contact_phone": "613-555-0100", "contact_email": "assetmap@example.org",
                  "city": "Riverbend", "province": "'ON'", "data_licence": "CC BY 4.0",
                  "data_licence_url": "https://creativecommons.org/licenses/by/4.0/"}


def project(dest: Path, data: Path = SITE_DATA, pdf_sheets: bool = False) -> Path:
    """A copy of the project (its mkdocs.yml as the sample has it); returns its mkdocs.yml."""
    config = copy_project(dest, data)
    if not pdf_sheets:
        edit(config, "pdf_sheets: true", "pdf_sheets: false")
    return config


def edit(config: Path, old: str, new: str) -> None:
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")


def with_extra_assetmap(config: Path, **settings) -> None:
    """mkdocs.yml as it was before the plugin had options: the plugin listed bare, its
    settings under ``extra.assetmap``."""
    text = config.read_text(encoding="utf-8")
    start = text.index("  - assetmap:\n")
    end = text.index("\nextra:\n")
    lines = "".join(f"    {name}: {value}\n" for name, value in settings.items())
    config.write_text(f"{text[:start]}  - assetmap{text[end:]}\n  assetmap:\n{lines}",
                      encoding="utf-8")


# --- found by its entry point ---------------------------------------------------------------


def test_the_entry_point_is_declared_and_installed():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["entry-points"]["mkdocs.plugins"]
    assert declared == {"assetmap": "assetmap.build.plugin:AssetmapPlugin"}
    installed = {e.name: e.value for e in entry_points(group="mkdocs.plugins")}
    assert installed["assetmap"] == declared["assetmap"]
    assert get_plugins()["assetmap"].load() is AssetmapPlugin


def test_a_mkdocs_process_runs_this_checkouts_plugin(tmp_path):
    """The tests' MkDocs processes build a project copy with this checkout's code, whatever
    assetmap is installed."""
    config = project(tmp_path / "project")
    show = ("import inspect; from mkdocs.plugins import get_plugins; "
            "print(inspect.getfile(get_plugins()['assetmap'].load()))")
    result = subprocess.run([sys.executable, "-c", show], cwd=config.parent,
                            capture_output=True, text=True, env=mkdocs_env(config.parent))
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve() == ROOT / "assetmap" / "build" / "plugin.py"


# --- its options ----------------------------------------------------------------------------


def test_the_options_default_to_the_settings_defaults(tmp_path):
    plugin = AssetmapPlugin()
    errors, warnings = plugin.load_config({}, str(tmp_path / "mkdocs.yml"))
    assert (errors, warnings) == ([], [])
    assert plugin.config.data_dir == str(tmp_path / "data")
    made = make_settings(plugin.config, (), "", "", "", tmp_path)
    assert made == Settings(root=tmp_path)


@pytest.mark.parametrize(("name", "value"), [
    ("review_months", "twelve"), ("review_months", 0), ("description_max_words", True),
    ("pdf_sheets", "no"), ("phone_region", "Canada"), ("contact_phone", 6135550100),
    ("data_licence_url", "creativecommons.org/licenses/by/4.0/"), ("map_tiles", ["a"]),
    ("page_size", 4), ("page_size", "100"), ("time_zone", "Toronto"),
    ("time_zone", "EST+5"), ("time_zone", 5),
])
def test_an_option_of_the_wrong_type_is_an_error(name, value):
    errors, _ = AssetmapPlugin().load_config({name: value})
    assert [key for key, _ in errors] == [name]


def test_a_misspelt_option_is_a_warning():
    errors, warnings = AssetmapPlugin().load_config({"phone_regoin": "CA"})
    assert errors == [] and [key for key, _ in warnings] == ["phone_regoin"]


def test_a_misspelt_option_fails_a_strict_build(tmp_path):
    config = project(tmp_path / "project")
    edit(config, "      phone_region: CA", "      phone_regoin: CA")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        cwd=config.parent, capture_output=True, text=True, env=mkdocs_env(config.parent))
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Plugin 'assetmap' option 'phone_regoin': Unrecognised configuration name" in output
    assert "Aborted with 1 configuration warnings in 'strict' mode!" in output
    assert not (tmp_path / "project" / "site").exists()


def test_the_commands_check_the_options_as_the_build_does(tmp_path, caplog):
    config = project(tmp_path / "project")
    edit(config, "      review_months: 12", "      review_months: twelve")
    with pytest.raises(UsageError, match="option 'review_months': Expected a whole number"):
        load_settings(config)
    edit(config, "      review_months: twelve", "      review_monhts: 12")
    with caplog.at_level(logging.WARNING, logger="assetmap"):
        assert load_settings(config).review_months == 12
    assert "option 'review_monhts': Unrecognised configuration name" in caplog.text


def test_every_option_has_a_line_of_doc_and_is_in_the_readme():
    tree = ast.parse(inspect.getsource(options_module))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef)
                and n.name == "AssetmapConfig").body
    documented = {first.targets[0].id for first, second in zip(body, body[1:])
                  if isinstance(first, ast.Assign) and isinstance(second, ast.Expr)
                  and isinstance(second.value, ast.Constant)}
    options = set(AssetmapConfig())
    assert documented == options
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in sorted(options) if f"| `{name}` |" not in readme] == []


# --- the same Settings for the build and the commands ---------------------------------------


MINIMAL = """\
site_name: Somewhere
site_url: https://example.org/map
plugins:
  i18n:
    languages:
      - {locale: fr, name: Français, default: true}
      - {locale: en, name: English}
  assetmap:
    phone_region: FR
    pdf_sheets: false
"""


@pytest.mark.parametrize("sample", [True, False], ids=["sample", "minimal"])
def test_the_build_and_the_commands_make_the_same_settings(tmp_path, sample):
    if sample:
        config_file = ROOT / "mkdocs.yml"
    else:
        config_file = tmp_path / "mkdocs.yml"
        config_file.write_text(MINIMAL, encoding="utf-8")
        (tmp_path / "docs").mkdir()
    config = load_config(str(config_file))
    made = config.plugins["assetmap"].site_settings(config)
    assert made == load_settings(config_file)
    if not sample:
        assert (made.site_url, made.default_language, made.pdf_sheets) == (
            "https://example.org/map/", "fr", False)


# --- extra.assetmap, for one release --------------------------------------------------------


def test_the_commands_still_read_extra_assetmap_and_say_where_it_goes(tmp_path, caplog):
    config = project(tmp_path / "project")
    with_extra_assetmap(config, **SAMPLE_OPTIONS, pdf_sheets="false")
    with caplog.at_level(logging.WARNING, logger="assetmap"):
        settings = load_settings(config)
        assert load_settings(config) == settings
    assert settings == dataclasses.replace(load_settings(ROOT / "mkdocs.yml"),
                                           pdf_sheets=False, root=config.parent.resolve())
    [record] = [r for r in caplog.records if "deprecated" in r.message]
    assert ("move city, contact_email, contact_phone, data_licence, data_licence_url, "
            "description_max_words, pdf_sheets, phone_region, province, review_months to the "
            "options "
            "of the assetmap plugin") in record.message


def test_the_plugins_own_options_win_over_extra_assetmap(tmp_path):
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(MINIMAL + "extra:\n  assetmap:\n    phone_region: CA\n"
                           "    review_months: 6\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    config = load_config(str(config_file))
    made = config.plugins["assetmap"].site_settings(config)
    assert (made.phone_region, made.review_months) == ("FR", 6)
    assert load_settings(config_file) == made


def test_a_wrong_value_under_extra_assetmap_is_named_there():
    with pytest.raises(options_module.OptionsError, match=r"extra\.assetmap\.review_months"):
        validated({"review_months": "twelve"}, from_extra={"review_months"})


def test_a_mkdocs_yml_with_the_old_hooks_file_is_told_what_to_change(tmp_path, caplog):
    config = project(tmp_path / "project")
    text = config.read_text(encoding="utf-8")
    start, end = text.index("  - assetmap:\n"), text.index("\nextra:\n")
    config.write_text(text[:start] + text[end + 1:] + "hooks:\n  - assetmap/build/plugin.py\n",
                      encoding="utf-8")
    with pytest.raises(Abort):
        build(load_config(str(config)))
    assert "list `- assetmap` under `plugins:`, after `- i18n`" in caplog.text


# --- state on each instance: two projects built in one process -----------------------------


def test_two_projects_built_in_one_process_keep_their_own_state(tmp_path, caplog):
    """One project as the sample is, another with the settings still under extra.assetmap
    and one asset fewer: each strict build has its own plugin, pages, downloads and notice."""
    first = project(tmp_path / "first")
    fewer = tmp_path / "fewer"
    fewer.mkdir()
    for name in ("categories.yml", "neighbourhoods.yml"):
        (fewer / name).write_bytes((SITE_DATA / name).read_bytes())
    with (SITE_DATA / "assets.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = [row for row in reader if row["id"] != "riverside-walk"]
    with (fewer / "assets.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, reader.fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    second = project(tmp_path / "second", fewer)
    with_extra_assetmap(second, **{**SAMPLE_OPTIONS, "contact_email": "other@example.org"},
                        pdf_sheets="false")

    configs = [load_config(str(path), strict=True) for path in (first, second)]
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.assetmap"):
        for config in configs:
            build(config)
    plugins = [config.plugins["assetmap"] for config in configs]
    assert plugins[0] is not plugins[1]
    assert [p.settings.contact_email for p in plugins] == ["assetmap@example.org",
                                                           "other@example.org"]
    assert [len(p.generated.inventory.assets) for p in plugins] == [len(rows) + 1, len(rows)]
    sites = [path.parent / "site" for path in (first, second)]
    assert [(site / "assets" / "riverside-walk" / "index.html").is_file() for site in sites] \
        == [True, False]
    assert ["riverside-walk" in (site / "downloads" / "assetmap.csv").read_text(
        encoding="utf-8") for site in sites] == [True, False]
    assert sum("deprecated" in r.message for r in caplog.records) == 1
