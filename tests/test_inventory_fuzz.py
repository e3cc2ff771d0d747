"""Whatever bytes a file holds, reading and checking it gives problems, never a traceback."""

from __future__ import annotations

import codecs
import functools
import io
import shutil
import zipfile

import yaml
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from assetmap.imports import import_hsds
from assetmap.inventory.load import load
from assetmap.inventory.problems import UsageError

from .support.project import FIXTURES, INVENTORY, TODAY
from .support.workbooks import write_xlsx

HEADER = (INVENTORY / "good.csv").read_bytes().split(b"\n", 1)[0] + b"\n"
COLUMNS = HEADER.decode().strip().split(",")
VALUES = st.one_of(st.none(), st.text(max_size=20), st.integers(), st.floats(), st.booleans(),
                   st.dates(), st.lists(st.text(max_size=8), max_size=3),
                   st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2))
YAML_ITEMS = st.lists(st.dictionaries(st.one_of(st.sampled_from(COLUMNS), st.text(max_size=8)),
                                      VALUES, max_size=8), max_size=4)
CSV_TEXT = st.text(alphabet=',;"\n\r\t abcé-:0123456789', max_size=400)
# Excel's "Unicode Text" and its like: UTF-16 with a byte-order mark, then text or anything.
UTF16 = st.one_of(
    st.tuples(st.sampled_from(["utf-16-le", "utf-16-be"]), CSV_TEXT).map(
        lambda pair: (codecs.BOM_UTF16_LE if pair[0] == "utf-16-le" else codecs.BOM_UTF16_BE)
        + pair[1].encode(pair[0])),
    st.tuples(st.sampled_from([codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]),
              st.binary(max_size=200)).map(b"".join))


def fresh_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    for name in ("categories.yml", "neighbourhoods.yml"):
        shutil.copy(INVENTORY / name, folder / name)
    return folder


@hypothesis_settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.binary(max_size=400),
                      YAML_ITEMS.map(lambda items: yaml.safe_dump(items).encode("utf-8")),
                      CSV_TEXT.map(lambda t: t.encode("utf-8")), UTF16),
       with_header=st.booleans(),
       suffix=st.sampled_from([".csv", ".txt", ".yml", ".xlsx"]))
def test_any_bytes_give_problems_not_tracebacks(tmp_path_factory, settings, body, with_header,
                                                suffix):
    path = fresh_folder(tmp_path_factory) / f"inventory{suffix}"
    path.write_bytes((HEADER if with_header else b"") + body)
    loaded = load(path, settings, today=TODAY)
    assert all(p.message for p in loaded.problems)


# --- workbooks: zips of anything, and good workbooks broken in places ---------------------


@functools.cache
def good_parts() -> dict[str, bytes]:
    """The parts of the good inventory as a workbook, by name."""
    buffer = io.BytesIO()
    write_xlsx(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# Odd things a sheet's XML can hold: a shared string that is not there, a cell beyond column
# XFD, a row number that is no number, a date that is no date, formulas...
ODD_XML = [b'<c r="A2" t="s"><v>999</v></c>', b'<c r="ZZZZ1"><v>1</v></c>', b'<row r="x">',
           b'<c r="A2" t="d"><v>nope</v></c>', b'<c r="B2" s="1"><v>1e999</v></c>',
           b'<c r="C2"><f t="shared" si="0"/></c>', b'<c r="C2"><f t="array" ref="C2">1</f></c>',
           b'<c r="A0"><v>1</v></c>', b'<c><v>1</v></c>', b'<c r="A2" t="b"><v>x</v></c>',
           b'<c r="A2" t="inlineStr"><is></is></c>', b"<!DOCTYPE x [<!ENTITY e 'e'>]>", b"&e;",
           b'<dimension ref="A1:XFD1048576"/>', b'<row r="1048577"><c r="A1048577"><v>1</v></c>'
           b"</row>", b"\x00", b"]]>"]


@st.composite
def broken_workbooks(draw) -> bytes:
    parts = dict(good_parts())
    for name in draw(st.lists(st.sampled_from(sorted(parts)), max_size=3, unique=True)):
        data = parts[name]
        how = draw(st.sampled_from(["drop", "cut", "noise", "flip", "insert"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if how == "drop":
            del parts[name]
        elif how == "cut":
            parts[name] = data[:at]
        elif how == "noise":
            parts[name] = draw(st.binary(max_size=100))
        elif how == "flip" and data:
            parts[name] = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + \
                data[at + 1:]
        else:
            parts[name] = data[:at] + draw(st.sampled_from(ODD_XML)) + data[at:]
    return zipped(parts)


PART_NAMES = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
                     min_size=1, max_size=12)  # zipfile itself cuts a name at a NUL
RANDOM_ZIPS = st.dictionaries(st.one_of(st.sampled_from(sorted(good_parts())), PART_NAMES),
                              st.binary(max_size=200), max_size=6).map(zipped)


@hypothesis_settings(max_examples=200, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(broken_workbooks(), RANDOM_ZIPS), suffix=st.sampled_from([".xlsx",
                                                                                 ".xlsm"]))
def test_any_workbook_gives_problems_not_tracebacks(tmp_path_factory, settings, body, suffix):
    path = fresh_folder(tmp_path_factory) / f"inventory{suffix}"
    path.write_bytes(body)
    loaded = load(path, settings, today=TODAY)
    assert all(p.message for p in loaded.problems)


# --- HSDS exports: rows, or a one-line usage error, never a traceback ----------------------


@functools.cache
def foreign_export() -> bytes:
    return zipped({path.name: path.read_bytes()
                   for path in sorted((FIXTURES / "hsds" / "foreign").iterdir())})


@st.composite
def broken_exports(draw) -> bytes:
    data = bytearray(foreign_export())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        data[at:at + draw(st.integers(0, 8))] = draw(st.binary(max_size=8))
    return bytes(data)


@hypothesis_settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(broken_exports(), RANDOM_ZIPS, st.binary(max_size=300)),
       suffix=st.sampled_from([".zip", ".json"]))
def test_any_hsds_export_gives_rows_or_a_usage_error(tmp_path_factory, body, suffix):
    folder = tmp_path_factory.mktemp("hsds")
    path = folder / f"export{suffix}"
    path.write_bytes(body)
    try:
        import_hsds(path, folder / "imported.csv")
    except UsageError as exc:
        assert str(exc).startswith(str(path))
