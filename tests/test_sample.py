"""The sample community in data/: valid, realistic, and a copy with every kind of mistake."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter

import pytest
from click.testing import CliRunner

from assetmap.cli import main
from assetmap.inventory.load import load

from .support.project import ROOT, TODAY

DATA = ROOT / "data"
CONFIG = ["--config", str(ROOT / "mkdocs.yml")]


@pytest.fixture(scope="module")
def sample(settings):
    return load(DATA, settings, today=TODAY)


def test_sample_checks_clean(sample):
    assert [p for p in sample.problems if p.is_error] == []
    result = CliRunner().invoke(main, ["check", str(DATA), *CONFIG])
    assert result.exit_code == 0, result.output


def test_sample_is_a_realistic_community(sample):
    assets = sample.inventory.assets
    taxonomy = sample.inventory.taxonomy
    assert len(assets) >= 80
    assert len(taxonomy.neighbourhoods) >= 6
    assert len(taxonomy.categories) == 8
    main_categories = Counter(a.category for a in assets)
    assert all(main_categories[c] >= 5 for c in taxonomy.categories), main_categories
    assert {a.kind for a in assets} == {"formal", "informal"}
    assert all("fr" in a.name and "fr" in a.description for a in assets)
    assert sum("ar" in a.description for a in assets) >= len(assets) / 3
    assert any(a.overdue(TODAY, 12) for a in assets)
    for asset in assets:
        if asset.phone and asset.phone.text != "211":
            assert re.search(r"555-01\d\d", asset.phone.text), asset.phone


def mistakes():
    """(row index in the file's records, column, bad value, expected code) for every check."""
    return [
        (0, "name", "", "missing-value"),
        (1, "id", "Not A Slug", "bad-id"),
        (2, "category", "natur", "unknown-category"),
        (3, "neighbourhood", "nowhere-land", "unknown-neighbourhood"),
        (4, "cost", "cheap", "not-allowed"),
        (5, "last_verified", "03/04/2025", "bad-date"),
        (6, "last_verified", "2026-02-30", "bad-date"),
        (7, "phone", "613-555-012", "bad-phone"),
        (8, "email", "not-an-email", "bad-email"),
        (9, "website", "javascript:alert(1)", "bad-website"),
        (10, "latitude", "123.4", "bad-coordinate"),
        (11, "languages", "en; qqq", "unknown-language"),
        (12, "accessibility", "ramp", "not-allowed"),
    ]


def test_a_copy_with_every_mistake_lists_each_one(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "assets.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    expected = set()
    for index, column, value, code in mistakes():
        rows[index + 1][header.index(column)] = value
        expected.add((index + 2, column, code))  # the header is spreadsheet row 1
    # a duplicate id, and half a coordinate pair, on rows of their own
    rows[14][header.index("id")] = rows[15][header.index("id")]
    expected.add((16, "id", "duplicate-id"))
    rows[16][header.index("latitude")], rows[16][header.index("longitude")] = "45.03", ""
    expected.add((17, "longitude", "half-coordinates"))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")

    result = CliRunner().invoke(main, ["check", str(copy), "--format", "json", *CONFIG])
    assert result.exit_code == 1
    found = {(p["row"], p["column"], p["code"]) for p in json.loads(result.output)
             if p["severity"] == "error"}
    assert found == expected
