"""Importing HSDS 3.0: our own export comes back field for field; another directory's export
comes back as far as it can be mapped, with a list of what a person has to finish."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assetmap.cli import main
from assetmap.export import hsds_tables
from assetmap.imports import import_hsds
from assetmap.imports.hsds_read import read_hsds
from assetmap.imports.mapping import check_mapping, load_mapping
from assetmap.inventory import schema
from assetmap.inventory.load import load
from assetmap.inventory.schema import ACCESSIBILITY_FEATURES
from assetmap.inventory.taxonomy import load_taxonomy

from .support.hsds import FULL, INVENTORIES, export_hsds, json_errors, read_tables
from .support.project import FIXTURES, INVENTORY, ROOT, SAMPLE, TODAY

HSDS = FIXTURES / "hsds"
FOREIGN = HSDS / "foreign"
FOREIGN_MAPPING = HSDS / "foreign-mapping.yml"
CONFIG = ["--config", str(ROOT / "mkdocs.yml")]


def target(folder: Path, source: Path = FULL) -> Path:
    """A data folder with a taxonomy to map to, as data/ has."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("categories.yml", "neighbourhoods.yml", "audiences.yml"):
        if (source / name).is_file():
            shutil.copy(source / name, folder / name)
    return folder


def imported_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def facts(problems) -> list[tuple]:
    return [(p.row, p.column, p.code) for p in problems]


# --- the round trip -------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*sorted(INVENTORIES), "sample"])
def test_export_import_export_keeps_every_exported_field(name, settings, tmp_path):
    source = INVENTORIES.get(name, SAMPLE)
    taxonomy_folder = source if source.is_dir() else source.parent
    first = export_hsds(source, settings, tmp_path / "first")
    data = target(tmp_path / "data", taxonomy_folder)
    result = import_hsds(first, data / "assets.csv")
    second = export_hsds(data, settings, tmp_path / "second")

    before, after = read_tables(first), read_tables(second)
    # A contact's consent is their agreement to be listed here; an HSDS file cannot carry
    # it, so an imported contact waits for a person to confirm it. Everything else is equal.
    consented = before.pop("contact")[1]
    assert after.pop("contact")[1] == []
    assert after == before
    assert [c for _id, c in sorted(
        (r["id"], r["contact_consent"]) for r in imported_rows(data / "assets.csv"))] == \
        [""] * len(result.rows)
    assert [p.code for p in result.problems] == ["contact-needs-consent"] * len(consented)


def test_ages_and_audience_come_back(settings, tmp_path):
    first = export_hsds(SAMPLE, settings, tmp_path / "first")
    data = target(tmp_path / "data", SAMPLE)
    import_hsds(first, data / "assets.csv")
    original = load(SAMPLE, settings, today=TODAY).inventory.assets
    back = load(data, settings, today=TODAY).inventory.assets
    who = [(a.id, a.min_age, a.max_age, a.audience) for a in original]
    assert sum(1 for _id, low, _high, audience in who if low is not None or audience) > 50
    assert sorted((a.id, a.min_age, a.max_age, a.audience) for a in back) == sorted(who)


def test_the_json_form_and_the_zip_import_like_the_csv_tables(settings, tmp_path):
    exported = export_hsds(FULL, settings, tmp_path / "hsds")
    zipped = shutil.make_archive(str(tmp_path / "hsds"), "zip", tmp_path, "hsds")
    results = []
    for number, source in enumerate((exported, exported / "services.json", Path(zipped))):
        output = target(tmp_path / f"data-{number}") / "imported.csv"
        import_hsds(source, output)
        results.append(imported_rows(output))
    assert results[0] == results[1] == results[2]
    assert [r["id"] for r in results[0]] == ["community-garden", "online-choir",
                                              "riverside-food-bank"]


def test_imported_rows_check_clean_apart_from_consent(settings, tmp_path):
    exported = export_hsds(FULL, settings, tmp_path / "hsds")
    output = target(tmp_path / "data") / "imported.csv"
    import_hsds(exported, output)
    problems = load(output, settings, today=TODAY).problems
    assert [(p.severity, p.code) for p in problems] == [("warning", "contact-without-consent")]


# --- another directory's export -------------------------------------------------------------


@pytest.fixture
def foreign(tmp_path):
    return import_hsds(FOREIGN, target(tmp_path / "data") / "imported.csv", FOREIGN_MAPPING)


def test_foreign_export_reports_what_it_could_not_map(foreign):
    assert facts(foreign.problems) == [
        (2, "accessibility", "unmapped-accessibility"),
        (3, "languages", "unknown-language"),
        (3, "contact_name", "contact-needs-consent"),
        (3, "last_verified", "no-last-verified"),
        (4, "category", "unmapped-category"),
        (4, "neighbourhood", "no-neighbourhood"),
    ]
    assert foreign.problems[4].value == "1410 — Tax Preparation"
    assert foreign.problems[0].value == "Elevator to all floors"


def test_foreign_export_maps_what_it_can(foreign):
    seeds, knitting, tax = foreign.rows
    assert {k: v for k, v in seeds.items() if v} == {
        "id": "seed-library", "name": "Seed library", "category": "nature",
        "neighbourhood": "old-mill",  # from the postal code: K0C 1A beats K0C
        "kind": "formal",
        "description": "Borrow seeds in spring and bring some back in the fall.",
        "who_for": "Anyone with a library card.", "cost": "free", "how_to_join": "drop-in",
        "opening_hours": "Tu,Th 10:00-16:00", "address": "100 Main Street, Riverbend, ON",
        "postal_code": "K0C 1a5", "latitude": "45.0401", "longitude": "-74.729",
        "phone": "613-555-0199", "email": "seeds@example.org",
        "website": "https://library.example.org", "languages": "fr",
        "accessibility": "wheelchair; hearing-loop", "last_verified": "2026-08-01",
        "internal_notes": "Imported from HSDS service 0b4f5c0e-2222-4aaa-8aaa-000000000001.",
    }
    assert (knitting["category"], knitting["neighbourhood"], knitting["kind"]) == \
        ("belonging", "riverside", "informal")  # by term code; by city; by legal status
    assert knitting["description"] == "A group of neighbours who knit together."  # the org's
    assert (knitting["cost"], knitting["accepting"]) == ("free", "waitlist")
    assert knitting["phone"] == "613 555 0177 ext. 12"  # the organization's phone
    assert (knitting["contact_name"], knitting["contact_consent"]) == ("Marie T.", "")
    assert (tax["category"], tax["neighbourhood"], tax["how_to_join"]) == \
        ("", "", "appointment")
    assert tax["last_verified"] == "2026-03-15"


def test_the_imported_file_is_checkable_and_check_names_the_gaps(foreign, settings):
    problems = load(foreign.output, settings, today=TODAY).problems
    assert [(p.row, p.column, p.code) for p in problems if p.is_error] == [
        (3, "last_verified", "missing-value"),
        (4, "category", "missing-value"),
        (4, "neighbourhood", "missing-value"),
    ]


def test_a_datapackage_says_where_the_tables_are(tmp_path):
    source = shutil.copytree(FOREIGN, tmp_path / "renamed")
    (source / "services.csv").rename(source / "our-services.csv")
    resources = [{"name": table, "path": "our-services.csv" if table == "service" else file}
                 for table, (file, _cols) in hsds_tables.TABLES.items()
                 if (source / file).exists() or table == "service"]
    (source / "datapackage.json").write_text(json.dumps({"resources": resources}))
    assert read_hsds(source) == read_hsds(FOREIGN)


def test_an_api_page_of_services_reads_like_the_tables(tmp_path):
    services = read_hsds(FOREIGN)
    assert json_errors(services) == []  # the fixture itself is valid HSDS
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"total_items": 3, "contents": services}), encoding="utf-8")
    assert read_hsds(page) == services


def test_the_same_name_twice_gets_two_ids(tmp_path):
    services = [{"id": "a", "name": "Café & Co"}, {"id": "b", "name": "Café & Co"}]
    (tmp_path / "twice.json").write_text(json.dumps(services), encoding="utf-8")
    result = import_hsds(tmp_path / "twice.json", target(tmp_path / "data") / "out.csv")
    assert [r["id"] for r in result.rows] == ["cafe-co", "cafe-co-2"]


ODD_SHAPES = [
    {"id": "x", "name": "Odd", "organization": "not an object", "attributes": "nope"},
    {"id": "x", "name": "Odd", "service_at_locations": [None, 3, {"location": [1]}],
     "phones": [{"number": 6135550100, "extension": 2.0}], "languages": [{"code": None}]},
    {"id": "x", "name": 42, "attributes": [{"taxonomy_term": "food"}, {"taxonomy_term": None}],
     "cost_options": [{"amount": "0.00"}], "schedules": [{"byday": "MO"}]},
]


@pytest.mark.parametrize("service", ODD_SHAPES)
def test_odd_shapes_give_rows_not_tracebacks(service, tmp_path):
    (tmp_path / "odd.json").write_text(json.dumps([service]), encoding="utf-8")
    result = import_hsds(tmp_path / "odd.json", target(tmp_path / "data") / "out.csv")
    assert len(result.rows) == 1 and result.rows[0]["id"]


def test_a_cost_option_of_nothing_is_free(tmp_path):
    service = {"id": "x", "name": "Soup", "cost_options": [{"amount": "0.00"}]}
    (tmp_path / "soup.json").write_text(json.dumps([service]), encoding="utf-8")
    result = import_hsds(tmp_path / "soup.json", target(tmp_path / "data") / "out.csv")
    assert result.rows[0]["cost"] == "free"


@pytest.mark.parametrize("text, slug", [("Café-rencontre des aînés", "cafe-rencontre-des-aines"),
                                        ("  ** ", ""), ("Food Bank #2", "food-bank-2")])
def test_slugify(text, slug):
    assert schema.slug(text) == slug


# --- the mapping file -----------------------------------------------------------------------


def test_the_shipped_mapping_points_at_real_categories():
    mapping = load_mapping(SAMPLE / "mappings" / "hsds.yml")
    assert mapping.categories
    assert check_mapping(mapping, load_taxonomy(SAMPLE), ACCESSIBILITY_FEATURES) == []


def test_mapping_targets_that_are_not_ours_are_reported(tmp_path):
    (tmp_path / "mapping.yml").write_text(
        "categories:\n  Food: fod\naccessibility:\n  Ramp: ramp\n"
        "neighbourhoods:\n  cities:\n    Riverbend: everywhere\n", encoding="utf-8")
    result = import_hsds(FOREIGN, target(tmp_path / "data") / "out.csv", tmp_path / "mapping.yml")
    assert [(p.column, p.code, p.value) for p in result.problems if p.row is None] == [
        ("categories", "unknown-mapping-target", "fod"),
        ("accessibility", "unknown-mapping-target", "ramp"),
        ("neighbourhoods", "unknown-mapping-target", "everywhere"),
    ]


# --- the command ----------------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_import_command_writes_the_csv_and_lists_the_gaps(tmp_path):
    output = target(tmp_path / "data") / "imported.csv"
    result = run("import", "hsds", str(FOREIGN), "--output", str(output),
                 "--mapping", str(FOREIGN_MAPPING))
    assert result.exit_code == 0, result.output
    assert output.is_file()
    assert "unmapped-category" not in result.output  # people see messages, not codes
    assert "1410 — Tax Preparation" in result.output
    assert f"Wrote 3 asset(s) to {output}" in result.output
    check = run("check", str(output), *CONFIG)
    assert check.exit_code == 1 and "neighbourhood is required" in check.output


def test_import_command_json_and_the_default_mapping(tmp_path):
    data = target(tmp_path / "data")
    (data / "mappings").mkdir()
    shutil.copy(FOREIGN_MAPPING, data / "mappings" / "hsds.yml")
    result = CliRunner().invoke(main, ["import", "hsds", str(FOREIGN), "--output",
                                       str(data / "imported.csv"), "--format", "json"])
    assert result.exit_code == 0, result.output
    problems = json.loads(result.stdout)
    assert [p["code"] for p in problems][-2:] == ["unmapped-category", "no-neighbourhood"]


@pytest.mark.parametrize("args, message", [
    (["no/such/folder"], "no such file or folder"),
    ([str(INVENTORY)], "no HSDS export here"),
    ([str(INVENTORY / "good.csv")], "not an HSDS export"),
    ([str(INVENTORY / "broken-not-really.xlsx")], "not an HSDS export"),
    ([str(HSDS / "foreign-mapping.yml")], "not an HSDS export"),
    ([str(FOREIGN), "--mapping", "no/such.yml"], "no such mapping file"),
    ([str(FOREIGN), "--output", "out.txt"], "give a name ending in .csv"),
])
def test_import_usage_problems_exit_2_with_one_line(args, message, tmp_path):
    args = [*args, "--output", str(tmp_path / "out.csv")] if "--output" not in args else args
    result = run("import", "hsds", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_import_refuses_to_overwrite_without_force(tmp_path):
    output = target(tmp_path / "data") / "imported.csv"
    output.write_text("precious\n", encoding="utf-8")
    result = run("import", "hsds", str(FOREIGN), "--output", str(output))
    assert result.exit_code == 2 and "--force" in result.output
    assert output.read_text(encoding="utf-8") == "precious\n"
    assert run("import", "hsds", str(FOREIGN), "--output", str(output), "--force").exit_code == 0


def test_bad_json_exits_2(tmp_path):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "shape.json").write_text('{"hello": 1}', encoding="utf-8")
    (tmp_path / "empty.json").write_text("[]", encoding="utf-8")
    for name, message in [("bad.json", "not valid JSON"), ("shape.json", "not HSDS JSON"),
                          ("empty.json", "has no services")]:
        result = run("import", "hsds", str(tmp_path / name), "--output", str(tmp_path / "o.csv"))
        assert result.exit_code == 2 and message in result.output, result.output


# --- opening hours --------------------------------------------------------------------------


def test_the_sample_s_opening_hours_come_back_as_written(settings, tmp_path):
    """Every entry's syntax, seasons and the month's Tuesdays too, through the schedules'
    notes; and the free-text hours beside them."""
    exported = export_hsds(SAMPLE, settings, tmp_path / "hsds")
    data = target(tmp_path / "data", SAMPLE)
    import_hsds(exported, data / "assets.csv")
    with (SAMPLE / "assets.csv").open(encoding="utf-8") as f:
        original = {r["name"]: (r["opening_hours"], r["hours"]) for r in csv.DictReader(f)}
    back = {r["name"]: (r["opening_hours"], r["hours"])
            for r in imported_rows(data / "assets.csv")}
    assert back == original
    assert sum(1 for hours, _ in back.values() if hours) > 50


def test_weekly_schedules_are_rows_another_directory_can_read(settings, tmp_path):
    """What the syntax says the same every week is HSDS's byday, opens_at and closes_at,
    overnight too; what it cannot (seasons) is only in the notes."""
    exported = export_hsds(SAMPLE, settings, tmp_path / "hsds")
    schedules, service_ids = read_tables(exported)["schedule"][1], {}
    for service in read_tables(exported)["service"][1]:
        service_ids[service["id"]] = service["name"]
    rows = {}
    for row in schedules:
        rows.setdefault(service_ids[row["service_id"]], []).append(
            (row["byday"], row["opens_at"], row["closes_at"]))
    assert sorted(rows["Maple Heights youth drop-in"]) == [
        ("FR,SA", "21:00", "01:00"), ("MO,TU,WE,TH", "15:30", "20:00")]
    assert rows["St. Brigid's church hall warm space"] == [("", "", "")]  # December to March


def test_schedules_without_our_notes_make_the_syntax(tmp_path):
    """Another directory's weekly rows, two spans a day and an offset after the times."""
    service = {"id": "s1", "name": "Drop-in", "schedules": [
        {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00-05:00",
         "closes_at": "12:00-05:00"},
        {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "13:00", "closes_at": "17:00"},
        {"byday": "SA", "opens_at": "10:00", "closes_at": "12:00", "description": "Sat am"},
        {"freq": "MONTHLY", "byday": "2TU", "opens_at": "19:00", "closes_at": "21:00"}]}
    path = tmp_path / "services.json"
    path.write_text(json.dumps([service]), encoding="utf-8")
    data = target(tmp_path / "data")
    import_hsds(path, data / "assets.csv")
    (row,) = imported_rows(data / "assets.csv")
    assert row["opening_hours"] == "Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-12:00"
    assert "Sat am" in row["hours"]
