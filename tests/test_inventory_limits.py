"""Limits on what assetmap reads: no file exhausts the machine or ends in a traceback.

One fixture per defect in tests/fixtures/limits/. The small ones are committed; the big ones (a
sheet that unpacks to 1 GB, an HSDS zip that unpacks to 700 MB...) are made once a session by
``generated``: zips whose declared sizes are true, since a run of one byte deflates 1,000 to 1,
and files with a hole in the middle, which take no disk.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from assetmap.cli import main
from assetmap.imports import import_hsds
from assetmap.imports.hsds_read import read_hsds
from assetmap.inventory import limits
from assetmap.inventory.load import load
from assetmap.inventory.problems import UsageError
from assetmap.inventory.read import read_table

from .support.inventory import content
from .support.project import FIXTURES, INVENTORY, ROOT, TODAY
from .support.workbooks import write_xlsx

LIMITS = FIXTURES / "limits"
FOREIGN = FIXTURES / "hsds" / "foreign"
CONFIG = ["--config", str(ROOT / "mkdocs.yml")]
MB = 1024 * 1024

# --- the inventory: [(row, column, code)] of the errors ------------------------------------

INVENTORY_ERRORS = {
    "broken-csv-cell-longer-than-excel.csv": [(3, "description", "cell-too-long")],
    "broken-utf16-odd-number-of-bytes.csv": [(None, None, "unknown-encoding")],
    "broken-xlsx-bzip2-part.xlsx": [(None, None, "unreadable-xlsx")],
    "broken-xlsx-cell-longer-than-excel.xlsx": [(3, "description", "cell-too-long")],
    # with the value Excel calculated (cost), or none (name: so it is also missing)
    "broken-xlsx-formula-cells.xlsx": [(2, "name", "formula-cell"), (2, "name", "missing-value"),
                                       (3, "cost", "formula-cell"), (3, "phone", "formula-cell")],
    "broken-xlsx-no-sheet-at-all.xlsx": [(None, None, "no-sheet")],
    "broken-xlsx-only-a-chart-sheet.xlsx": [(None, None, "no-sheet")],
    "broken-xlsx-value-in-column-xfd.xlsx": [(2, "XFD", "too-many-columns")],
    "broken-xlsx-value-on-last-row.xlsx": [(1_048_576, None, "too-many-rows")],
    "broken-xlsx-xml-entity-bomb.xlsx": [(None, None, "unreadable-xlsx")],
    "broken-yaml-alias-bomb.yml": [(2, None, "yaml-alias")],
    "broken-yaml-anchor-and-merge-key.yml": [(1, None, "yaml-alias")],
    "broken-yaml-nested-too-deep.yml": [(2, None, "yaml-too-deep")],
}

# Read like good.csv, with these warnings.
GOOD = {
    "good-excel-unicode-text.txt": [(None, None, "not-utf8")],
    "good-utf16-be.csv": [(None, None, "not-utf8")],
    "good-xlsx-dimension-a1-xfd1048576.xlsx": [],
    "good-xlsx-formatted-last-cell.xlsx": [],
}

# --- the taxonomy: which file it stands for, and the errors --------------------------------

TAXONOMY_ERRORS = {
    "broken-categories-alias-bomb.yml": ("categories.yml", [(2, None, "yaml-alias")]),
    "broken-categories-icon-path.yml": ("categories.yml", [(3, "icon", "bad-icon")]),
    "broken-categories-icon-without-material.yml": ("categories.yml",
                                                    [(3, "icon", "bad-icon")]),
    "broken-categories-id-too-long.yml": ("categories.yml", [(4, "id", "too-long")]),
    "broken-categories-label-characters.yml": ("categories.yml", [
        (3, "label:en", "bad-characters"), (3, "description:fr", "bad-characters")]),
    "broken-neighbourhoods-alias-bomb.yml": ("neighbourhoods.yml", [(2, None, "yaml-alias")]),
    "broken-neighbourhoods-name-characters.yml": ("neighbourhoods.yml",
                                                  [(1, "name:en", "bad-characters")]),
}

# --- the HSDS import: the start of the one-line message ------------------------------------

MAPPING_REFUSALS = {
    "broken-mapping-alias-bomb.yml": "line 3: YAML anchors and aliases (&name, *name) are not "
                                     "allowed in assetmap files: write the values out in full.",
    "broken-mapping-nested-too-deep.yml": "line 2: The values here are nested more than 20",
}

HSDS_REFUSALS = {
    "broken-hsds-datapackage-path-outside": "datapackage.json lists '../../inventory/good.csv', "
                                            "which is not one of the export's files.",
    "broken-hsds-json-nested-too-deep.json": "its values are nested too deeply to be HSDS",
    "broken-hsds-json-number-of-5000-digits.json": "not HSDS JSON (it holds a number of more "
                                                   "than 4,300 digits).",
}

# Imported, and then `check` reports the long cell.
HSDS_IMPORTED = {"broken-hsds-zip-field-longer-than-csv-limit.zip": [(2, "description",
                                                                       "cell-too-long")]}


def facts(problems, severity="error"):
    return [(p.row, p.column, p.code) for p in problems if p.severity == severity]


def data_folder(folder: Path, inventory: Path = INVENTORY / "good.csv", **taxonomy) -> Path:
    """A data folder with ``inventory`` and the good taxonomy, or ``taxonomy`` files instead
    (categories=path, neighbourhoods=path)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("categories", "neighbourhoods"):
        shutil.copy(taxonomy.get(name, INVENTORY / f"{name}.yml"), folder / f"{name}.yml")
    shutil.copy(inventory, folder / inventory.name)
    return folder / inventory.name


def test_every_fixture_is_covered(generated):
    committed = {p.name for p in LIMITS.iterdir()}
    covered = (set(INVENTORY_ERRORS) | set(GOOD) | set(TAXONOMY_ERRORS) | set(MAPPING_REFUSALS)
               | set(HSDS_REFUSALS) | set(HSDS_IMPORTED))
    assert committed == covered
    assert not committed & set(generated)
    assert set(generated) == set(GENERATED_INVENTORY_ERRORS) | set(GENERATED_HSDS_REFUSALS) | {
        "broken-xlsx-part-holds-more-than-declared.xlsx",
        "broken-csv-cell-longer-than-csv-field-limit.csv"}


@pytest.mark.parametrize("name", sorted(INVENTORY_ERRORS))
def test_inventory_errors(name, settings, tmp_path):
    problems = load(data_folder(tmp_path, LIMITS / name), settings, today=TODAY).problems
    assert facts(problems) == INVENTORY_ERRORS[name]
    assert all(p.message for p in problems)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_variants_read_like_good_csv(name, settings, tmp_path):
    expected = load(data_folder(tmp_path / "csv"), settings, today=TODAY)
    loaded = load(data_folder(tmp_path / "variant", LIMITS / name), settings, today=TODAY)
    assert facts(loaded.problems) == []
    assert facts(loaded.problems, "warning") == GOOD[name] + facts(expected.problems, "warning")
    assert content(loaded.inventory.assets) == content(expected.inventory.assets)


@pytest.mark.parametrize("name", sorted(TAXONOMY_ERRORS))
def test_taxonomy_errors(name, settings, tmp_path):
    role, expected = TAXONOMY_ERRORS[name]
    inventory = data_folder(tmp_path, **{role.removesuffix(".yml"): LIMITS / name})
    problems = load(inventory, settings, today=TODAY).problems
    assert facts(p for p in problems if Path(p.file).name == role) == expected
    assert all(p.message for p in problems)


@pytest.mark.parametrize("name", sorted(MAPPING_REFUSALS))
def test_mapping_refusals(name, tmp_path):
    output = data_folder(tmp_path).parent / "imported.csv"
    with pytest.raises(UsageError) as refused:
        import_hsds(FOREIGN, output, LIMITS / name)
    assert str(refused.value).startswith(f"{LIMITS / name}: {MAPPING_REFUSALS[name]}")
    assert not output.exists()


@pytest.mark.parametrize("name", sorted(HSDS_REFUSALS))
def test_hsds_refusals(name):
    with pytest.raises(UsageError, match=re.escape(HSDS_REFUSALS[name])):
        read_hsds(LIMITS / name)


@pytest.mark.parametrize("name", sorted(HSDS_IMPORTED))
def test_hsds_long_fields_are_imported_then_reported(name, settings, tmp_path):
    output = data_folder(tmp_path).parent / "imported.csv"
    result = import_hsds(LIMITS / name, output)
    assert len(result.rows) == 1
    assert [c for c in facts(load(output, settings, today=TODAY).problems)
            if c[2] != "missing-value"] == HSDS_IMPORTED[name]


# --- exact wording, in a few places ---------------------------------------------------------


def test_messages_name_the_limit_and_the_fix(settings, tmp_path, generated):
    def message(path, code):
        problems = load(path, settings, today=TODAY).problems
        return next(p.message for p in problems if p.code == code)

    assert message(generated["broken-xlsx-sheet-unpacks-to-1gb.xlsx"], "file-too-large") == (
        "This workbook unpacks to 1,024 MB ('xl/worksheets/sheet1.xml' alone 1,024 MB); "
        "assetmap reads workbooks that unpack to at most 256 MB. Delete the sheets, pictures "
        "and formatted empty rows that are not the inventory, or save the inventory sheet "
        "alone as 'CSV UTF-8'.")
    assert message(data_folder(tmp_path / "f", LIMITS / "broken-xlsx-formula-cells.xlsx"),
                   "formula-cell") == (
        "Cell B2 holds a formula ('=UPPER(\"Riverside walking group\")'). assetmap publishes "
        "what a cell shows, not formulas: replace the formula by its value, e.g. copy the "
        "column and Paste Special > Values.")
    assert message(data_folder(tmp_path / "y", LIMITS / "broken-yaml-alias-bomb.yml"),
                   "yaml-alias") == ("YAML anchors and aliases (&name, *name) are not allowed "
                                     "in assetmap files: write the values out in full.")
    icon = message(data_folder(tmp_path / "c", categories=LIMITS / "broken-categories-icon-path"
                               ".yml"), "bad-icon")
    assert icon.startswith("Item 3 of categories.yml: there is no icon '../../../../etc/passwd'")
    hint = message(data_folder(tmp_path / "m", categories=LIMITS / "broken-categories-icon-"
                               "without-material.yml"), "bad-icon")
    assert hint.endswith("Did you mean 'material/heart-pulse'?")


def test_a_long_csv_cell_is_reported_not_an_unclosed_quote(settings, generated):
    path = generated["broken-csv-cell-longer-than-csv-field-limit.csv"]
    problems = load(path, settings, today=TODAY).problems
    assert facts(problems) == [(3, "description", "cell-too-long")]
    assert "200,000 characters" in problems[0].message
    assert len(problems[0].value) < 100
    assert csv.field_size_limit() == 131_072  # set back after reading
    record = read_table(path).records[1]
    column = record.raw.index(max(record.raw, key=len))
    assert (len(record.cells["description"]), len(record.raw[column])) == (61, 200_000)


def test_excel_unicode_text_is_recorded_for_write_back():
    table = read_table(LIMITS / "good-excel-unicode-text.txt")
    assert (table.encoding, table.bom, table.delimiter, table.newline) == \
        ("utf-16-le", True, "\t", "\r\n")
    assert table.text.startswith("id\tname\t")  # without the byte-order mark
    big_endian = read_table(LIMITS / "good-utf16-be.csv")
    assert (big_endian.encoding, big_endian.bom, big_endian.delimiter) == \
        ("utf-16-be", True, ",")
    utf8 = read_table(INVENTORY / "good-utf8-bom.csv")
    assert (utf8.encoding, utf8.bom) == ("utf-8", True)


def test_xlsx_dates_and_numbers_still_read_as_before(tmp_path):
    path = tmp_path / "inventory.xlsx"
    write_xlsx(path)  # a date cell and number cells
    table = read_table(path)
    assert table.problems == []
    first = table.records[0].cells
    assert (first["last_verified"], first["latitude"]) == ("2026-10-01", "45.04213")


def test_xlsm_is_read_like_xlsx(settings, tmp_path):
    write_xlsx(tmp_path / "inventory.xlsm")
    loaded = load(data_folder(tmp_path / "data", tmp_path / "inventory.xlsm"), settings,
                  today=TODAY)
    assert content(loaded.inventory.assets) == \
        content(load(INVENTORY / "good.csv", settings, today=TODAY).inventory.assets)


def test_a_sheet_is_read_for_what_it_holds_not_the_size_it_claims():
    """'A1:XFD1048576' made every row 16,384 cells wide, and a million rows of them."""
    table = read_table(LIMITS / "good-xlsx-dimension-a1-xfd1048576.xlsx")
    assert len(table.records) == 2
    assert max(len(record.raw) for record in table.records) <= len(table.headers)


def test_a_formula_cell_reads_as_what_it_shows():
    """The value Excel saved with the formula, or nothing when it saved none."""
    first, second = read_table(LIMITS / "broken-xlsx-formula-cells.xlsx").records
    assert (first.cells["name"], second.cells["cost"], second.cells["phone"]) == \
        ("", "low-cost", "")


# --- the big ones, made once a session ------------------------------------------------------


def _deflated(pieces: list[tuple[bytes, int]]) -> tuple[bytes, int]:
    """A raw deflate stream of ``pieces``, each (bytes, times repeated), and its size: each
    piece is compressed once, ending on a full flush, so its blocks can simply be repeated."""
    stream, size = [], 0
    for data, times in pieces:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        stream.append((packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)) * times)
        size += len(data) * times
    stream.append(zlib.compressobj(9, zlib.DEFLATED, -15).flush())  # the final, empty block
    return b"".join(stream), size


def _crc(pieces: list[tuple[bytes, int]], limit: int) -> int:
    crc = 0
    for data, times in pieces:
        for _ in range(times):
            if limit <= 0:
                return crc
            crc, limit = zlib.crc32(data[:limit], crc), limit - len(data)
    return crc


def write_zip(path: Path, members: dict[str, list[tuple[bytes, int]]], flags: int = 0,
              declared: dict[str, int] | None = None) -> Path:
    """A zip of deflated members, each made of pieces (see ``_deflated``); ``declared`` makes
    a member's directory entry declare another size than it holds (with the checksum of what
    it declares), ``flags`` sets each member's flags (1: encrypted)."""
    local, central = io.BytesIO(), io.BytesIO()
    for name, pieces in members.items():
        stream, size = _deflated(pieces)
        size = (declared or {}).get(name, size)
        crc, encoded, offset = _crc(pieces, size), name.encode(), local.tell()
        fields = (flags, 8, 0, 0x21, crc, len(stream), size, len(encoded))
        local.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, *fields, 0) + encoded + stream)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, *fields, 0, 0, 0,
                                  0, 0, offset) + encoded)
    count, directory = len(members), central.getvalue()
    path.write_bytes(local.getvalue() + directory + struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), local.tell(), 0))
    return path


def _holed(path: Path, head: bytes, size: int, tail: bytes) -> Path:
    """A file of ``size`` bytes: ``head``, a hole (NUL bytes on no disk), ``tail``."""
    with path.open("wb") as handle:
        handle.write(head)
        handle.seek(size - len(tail))
        handle.write(tail)
    return path


def _workbook_parts(tmp: Path) -> dict[str, list[tuple[bytes, int]]]:
    write_xlsx(tmp / "good.xlsx")
    with zipfile.ZipFile(tmp / "good.xlsx") as archive:
        return {name: [(archive.read(name), 1)] for name in archive.namelist()}


SHEET = "xl/worksheets/sheet1.xml"


def _sheet_of_1gb(parts):
    sheet = parts[SHEET][0][0]
    end = sheet.index(b"</worksheet>")  # spaces between elements: still good XML
    return {**parts, SHEET: [(sheet[:end], 1), (b" " * MB, 1024), (sheet[end:], 1)]}


def _cell_of_400_million_characters(parts):
    strings = [(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<si><t>", 1), (b"a" * MB, 400), (b"</t></si></sst>", 1)]
    return {**parts, "xl/sharedStrings.xml": strings}


def _many_parts(parts):
    return {**parts, **{f"xl/media/empty{i}.bin": [(b"", 1)] for i in range(1_000)}}


def _services_of_700mb():
    return {"services.csv": [(b"id,name,description\r\nsoup,Soup kitchen,", 1),
                             (b"a" * MB, 700), (b"\r\n", 1)]}


GENERATED_INVENTORY_ERRORS = {
    "broken-xlsx-sheet-unpacks-to-1gb.xlsx": [(None, None, "file-too-large")],
    "broken-xlsx-cell-of-400-million-characters.xlsx": [(None, None, "file-too-large")],
    "broken-xlsx-with-1000-files-more.xlsx": [(None, None, "file-too-large")],
    "broken-xlsx-encrypted-parts.xlsx": [(None, None, "unreadable-xlsx")],
    "broken-csv-cell-of-400-million-characters.csv": [(None, None, "file-too-large")],
    "broken-yaml-cell-of-400-million-characters.yml": [(None, None, "file-too-large")],
}

GENERATED_HSDS_REFUSALS = {
    "broken-hsds-zip-unpacks-to-700mb.zip": "This zip file unpacks to 700 MB ('services.csv' "
                                            "alone 700 MB); assetmap reads zip files that "
                                            "unpack to at most 512 MB.",
    "broken-hsds-zip-with-1001-files.zip": "This zip file holds 1,001 files; assetmap reads zip "
                                           "files of up to 1,000.",
    "broken-hsds-json-of-300-mb.json": "This file is 300 MB; assetmap reads HSDS files of up "
                                       "to 256 MB.",
}


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> dict[str, Path]:
    """The big fixtures, in a data folder with the good taxonomy: name -> path."""
    folder = tmp_path_factory.mktemp("limits")
    data_folder(folder)
    parts = _workbook_parts(tmp_path_factory.mktemp("good"))
    good = read_table(INVENTORY / "good.csv")
    long_row = list(good.records[1].raw)
    long_row[good.columns.index("description")] = "Long. " * 33_333 + "Lo"
    long_csv = io.StringIO()
    csv.writer(long_csv, lineterminator="\n").writerows(
        [good.headers, good.records[0].raw, long_row])
    made = {
        "broken-xlsx-sheet-unpacks-to-1gb.xlsx": lambda p: write_zip(p, _sheet_of_1gb(parts)),
        "broken-xlsx-cell-of-400-million-characters.xlsx":
            lambda p: write_zip(p, _cell_of_400_million_characters(parts)),
        "broken-xlsx-with-1000-files-more.xlsx": lambda p: write_zip(p, _many_parts(parts)),
        "broken-xlsx-encrypted-parts.xlsx": lambda p: write_zip(p, parts, flags=1),
        "broken-xlsx-part-holds-more-than-declared.xlsx": lambda p: write_zip(
            p, {**parts, SHEET: [(parts[SHEET][0][0], 1), (b" " * MB, 64)]},
            declared={SHEET: len(parts[SHEET][0][0])}),
        "broken-csv-cell-of-400-million-characters.csv":
            lambda p: _holed(p, b'id,name\nhole,"', 400_000_000, b'"\n'),
        "broken-yaml-cell-of-400-million-characters.yml":
            lambda p: _holed(p, b'- id: hole\n  name: "', 400_000_000, b'"\n'),
        "broken-csv-cell-longer-than-csv-field-limit.csv":
            lambda p: p.write_text(long_csv.getvalue(), encoding="utf-8"),
        "broken-hsds-zip-unpacks-to-700mb.zip": lambda p: write_zip(p, _services_of_700mb()),
        "broken-hsds-zip-with-1001-files.zip": lambda p: write_zip(
            p, {f"{i}.csv": [(b"", 1)] for i in range(1_001)}),
        "broken-hsds-json-of-300-mb.json": lambda p: _holed(p, b"[", 300 * MB, b"]"),
    }
    for name, make in made.items():
        make(folder / name)
    return {name: folder / name for name in made}


def test_generated_zips_are_what_they_declare(tmp_path):
    pieces = [(b"<x>", 1), (b" " * MB, 8), (b"</x>", 1)]
    path = write_zip(tmp_path / "real.zip", {"x.xml": pieces})
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert archive.getinfo("x.xml").file_size == 8 * MB + 7
        assert limits.read_member(archive, "x.xml") == b"<x>" + b" " * 8 * MB + b"</x>"


@pytest.mark.parametrize("name", sorted(GENERATED_INVENTORY_ERRORS))
def test_big_files_are_refused_before_they_are_read(name, settings, generated, monkeypatch):
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("unpacked"))
    tracemalloc.start()
    try:
        problems = load(generated[name], settings, today=TODAY).problems
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert facts(problems) == GENERATED_INVENTORY_ERRORS[name]
    assert peak < 16 * MB  # of files of 381 MB to 1 GB
    if generated[name].stat().st_size > limits.TEXT_INVENTORY.bytes:
        assert "This file is 381 MB" in problems[0].message


@pytest.mark.parametrize("name", sorted(GENERATED_HSDS_REFUSALS))
def test_big_hsds_exports_are_refused_before_they_are_read(name, generated, monkeypatch):
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("unpacked"))
    with pytest.raises(UsageError) as refused:
        read_hsds(generated[name])
    assert str(refused.value).startswith(f"{generated[name]}: {GENERATED_HSDS_REFUSALS[name]}")


def test_an_alias_bomb_is_refused_at_its_first_anchor():
    """Before anything is composed, let alone expanded into its 10^9 strings."""
    tracemalloc.start()
    try:
        problems = read_table(LIMITS / "broken-yaml-alias-bomb.yml").problems
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert facts(problems) == [(2, None, "yaml-alias")]
    assert peak < MB


def test_zipfile_never_returns_more_than_a_member_declares(generated):
    """What the declared sizes rest on; and ZipFile.read would unpack what a member holds
    (here 64 MB) before cutting it to what it declares, so assetmap never calls it."""
    path = generated["broken-xlsx-part-holds-more-than-declared.xlsx"]
    with zipfile.ZipFile(path) as archive:
        declared = archive.getinfo(SHEET).file_size
        assert declared < 10_000
        assert len(limits.read_member(archive, SHEET)) == declared
        assert len(archive.open(SHEET).read()) == declared
    assert facts(read_table(path).problems) == []  # what it declares is the good sheet


# --- the command: a message and an exit status, never a traceback --------------------------


@pytest.mark.parametrize("name", sorted(INVENTORY_ERRORS) + sorted(TAXONOMY_ERRORS))
def test_check_command_says_what_is_wrong(name, tmp_path):
    if name in TAXONOMY_ERRORS:
        role = TAXONOMY_ERRORS[name][0].removesuffix(".yml")
        path = data_folder(tmp_path, **{role: LIMITS / name})
    else:
        path = data_folder(tmp_path, LIMITS / name)
    result = CliRunner().invoke(main, ["check", str(path), *CONFIG])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "unexpected failure" not in result.output


def test_import_command_refuses_a_zip_bomb_in_one_line(generated, tmp_path):
    output = data_folder(tmp_path).parent / "imported.csv"
    result = CliRunner().invoke(main, ["import", "hsds", str(
        generated["broken-hsds-zip-unpacks-to-700mb.zip"]), "--output", str(output)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "unpacks to 700 MB" in result.output and "unexpected failure" not in result.output
