"""How much assetmap reads from one input, declared once, with the reason for each number.

Everything in data/ is untrusted (a steward's spreadsheet, a contributor's change, another
directory's export) and the site is built on every merge: no file may take the machine's
memory, or minutes, to read. Each limit is checked *before* a file is read or unpacked, and a
file over a limit is refused with a message that names the limit and what to do.

The yardstick is a health region's inventory of 10,000 assets in three languages, made of the
sample's real rows (``data/assets.csv``):

=============  ==========================================================================
CSV            9.2 MB
YAML           12.5 MB
XLSX           1.2 MB (Excel's shared strings) to 4.4 MB (inline strings), unpacking to
               9.7 to 21 MB
HSDS export    31 MB of CSV tables (the largest, attributes.csv, 12.4 MB), or 103 MB of JSON
=============  ==========================================================================

Most limits are ten times that. Where reading costs many times a file's size in memory (YAML,
JSON), a limit is lower and says why.

Zip files (.xlsx, an HSDS .zip) are judged by the sizes their central directory declares,
before anything is unpacked. That bounds the work only if unpacking never goes past a
member's declared size: ``zipfile`` never *returns* more, but ``ZipFile.read`` asks zlib for
up to 1 GiB in one call and only then cuts the result to the declared size, so a member that
declares 1 kB and holds 1 GB costs 1 GB of memory. ``read_member`` unpacks in steps of 64 kB
instead, and ``unpacked_copy`` hands openpyxl (which calls ``ZipFile.read``) a copy of the
workbook whose parts are stored, not compressed. bzip2 and LZMA members are refused: zipfile
unpacks each of their reads whole, whatever it was asked for.
"""

from __future__ import annotations

import contextlib
import csv
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from assetmap.inventory.cells import visible
from assetmap.inventory.problems import FileRefused

MB = 1024 * 1024


@dataclass(frozen=True)
class SizeLimit:
    """The most bytes a kind of file may hold, and what to tell a person whose file holds
    more."""

    bytes: int
    what: str
    fix: str


@dataclass(frozen=True)
class ZipLimits:
    """What a zip file (a workbook, an HSDS export) may declare."""

    file_bytes: int  # the zip itself: zipfile reads its whole central directory at once
    unpacked_bytes: int  # all its members together
    member_bytes: int  # one member
    members: int  # how many members (zipfile keeps ~0.5 kB for each)
    what: str
    fix: str


# --- the inventory -------------------------------------------------------------------------

# 10x the 9.2 MB of 10,000 assets as CSV. Reading takes about 20 times a file's size in
# memory (the text, each row's cells, the records): up to 2 GB, in seconds.
TEXT_INVENTORY = SizeLimit(
    100 * MB, "inventory files (.csv, .txt, .tsv)",
    "Check that this is the inventory; a larger one can be split into several files in the "
    "data folder.")

# 5x the 12.5 MB of 10,000 assets as YAML, not 10x: reading YAML takes about 27 times a
# file's size in memory (a node for every value) and 0.55 s a megabyte, so 64 MB is ~1.7 GB
# and ~35 s. A longer inventory belongs in a spreadsheet (CSV or .xlsx).
YAML_INVENTORY = SizeLimit(
    64 * MB, "YAML inventories",
    "Keep a larger inventory as a spreadsheet (.xlsx or 'CSV UTF-8'), or split it into "
    "several files in the data folder.")

# 10x a 10,000-asset workbook (4.4 MB, unpacking to 21 MB). openpyxl reads a sheet at about
# 5 MB a second, so a workbook at the limit reads in under a minute.
XLSX = ZipLimits(
    file_bytes=50 * MB, unpacked_bytes=256 * MB, member_bytes=256 * MB, members=1_000,
    what="workbook",
    fix="Delete the sheets, pictures and formatted empty rows that are not the inventory, or "
        "save the inventory sheet alone as 'CSV UTF-8'.")

# 10x the rows of 10,000 assets; Excel itself stops at 1,048,576.
SHEET_ROWS = 100_000
# The inventory has 36 columns, plus one for each translation of its seven translatable
# columns: ~50 for three languages, ~100 for ten. Excel itself stops at 16,384.
SHEET_COLUMNS = 1_000

# --- YAML everywhere -----------------------------------------------------------------------

# The deepest assetmap YAML file nests 4 levels (a list of assets, an asset, a list of
# values, a value); 20 leaves room and stops '[[[[...' long before Python's recursion limit.
YAML_DEPTH = 20

# categories.yml and neighbourhoods.yml: 10x a region's 500 neighbourhoods in three
# languages (~100 kB); the sample's eight categories are 4 kB.
TAXONOMY = SizeLimit(
    1 * MB, "categories.yml and neighbourhoods.yml files",
    "Check that this is the taxonomy: one item for each category or neighbourhood.")

# data/mappings/hsds.yml: 10x a line for each of a region's 15,000 postal codes (~360 kB).
MAPPING = SizeLimit(
    4 * MB, "mapping files",
    "Map postal code prefixes (the first three characters) rather than every postal code.")

# --- HSDS imports --------------------------------------------------------------------------

# One JSON file or CSV table, in a folder or a zip: 2.5x the 103 MB of a 10,000-service
# export as JSON, not 10x, and 20x its largest CSV table. Reading JSON takes ~3.5 times its
# size in memory and a CSV table ~5 times: about 1 GB for one file at the limit.
HSDS_FILE = SizeLimit(
    256 * MB, "HSDS files",
    "Import the export's CSV tables (a folder or a .zip of them) rather than its JSON, or "
    "import it in parts.")

# A zip of an export, and what is read from a folder of one: 4x the 134 MB of a 10,000-service
# export with both its JSON and its CSV tables (20 MB zipped), 16x its CSV tables alone
# (~2.5 GB of memory when all are read); about 20 tables and a datapackage.json.
HSDS_ZIP = ZipLimits(
    file_bytes=256 * MB, unpacked_bytes=512 * MB, member_bytes=HSDS_FILE.bytes, members=1_000,
    what="zip file",
    fix="Zip only the export's CSV tables and datapackage.json, or import it in parts.")

READ_STEP = 64 * 1024  # the most one step of read_member unpacks
# What zipfile raises, besides BadZipFile, for a damaged zip: a broken stream, a cut file, a
# feature it lacks, a name that is not the UTF-8 it says it is.
ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError)


def size_text(count: int) -> str:
    """A size as a person reads it: '1.2 MB', '412 MB'."""
    megabytes = count / MB
    return f"{megabytes:,.1f} MB" if megabytes < 10 else f"{megabytes:,.0f} MB"


def _too_large(size: int, limit: SizeLimit) -> FileRefused:
    return FileRefused("file-too-large", f"This file is {size_text(size)}; assetmap reads "
                       f"{limit.what} of up to {size_text(limit.bytes)}. {limit.fix}")


def check_size(path: Path, limit: SizeLimit) -> int:
    """The size of ``path``, refused (``FileRefused``) when over ``limit``, without reading it."""
    size = path.stat().st_size
    if size > limit.bytes:
        raise _too_large(size, limit)
    return size


def read_bytes(path: Path, limit: SizeLimit) -> bytes:
    """The bytes of ``path``, refused before reading when it holds more than ``limit``.

    Raises ``FileRefused``, and ``OSError`` when the file cannot be read."""
    size = check_size(path, limit)
    with path.open("rb") as handle:
        data = handle.read(size + 1)
        if len(data) > size:  # it grew since: read on, never past the limit
            data += handle.read(limit.bytes + 1 - len(data))
    if len(data) > limit.bytes:
        raise _too_large(len(data), limit)
    return data


# --- zip files -----------------------------------------------------------------------------


def _declared_members(handle) -> int | None:
    """How many members a zip's end record declares, read before zipfile reads (and keeps)
    every entry of its central directory: the stdlib's own reader of that record."""
    end_record = getattr(zipfile, "_EndRecData", None)
    record = end_record(handle) if end_record else None
    return record[zipfile._ECD_ENTRIES_TOTAL] if record else None


def _name(info: zipfile.ZipInfo) -> str:
    return visible(info.filename[:100])


def _check_members(members: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    what = limits.what
    total = sum(info.file_size for info in members)
    largest = max(members, key=lambda info: info.file_size, default=None)
    if total > limits.unpacked_bytes:
        alone = (f" ('{_name(largest)}' alone {size_text(largest.file_size)})"
                 if largest and largest.file_size * 2 > total else "")
        raise FileRefused("file-too-large", f"This {what} unpacks to {size_text(total)}"
                          f"{alone}; assetmap reads {what}s that unpack to at most "
                          f"{size_text(limits.unpacked_bytes)}. {limits.fix}")
    if largest and largest.file_size > limits.member_bytes:
        raise FileRefused("file-too-large", f"The part '{_name(largest)}' of this {what} "
                          f"unpacks to {size_text(largest.file_size)}; assetmap reads parts "
                          f"of up to {size_text(limits.member_bytes)}. {limits.fix}")
    for info in members:
        if info.flag_bits & 0x1:
            raise FileRefused("unreadable-zip", f"The part '{_name(info)}' of this {what} is "
                              "encrypted (password-protected). Save it again without a "
                              "password.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileRefused("unreadable-zip", f"The part '{_name(info)}' of this {what} is "
                              f"compressed in an unusual way (method {info.compress_type}), "
                              "not with Deflate as spreadsheet programs and zip tools do. "
                              "Save or zip it again with an ordinary program.")


def open_zip(path: Path, limits: ZipLimits) -> zipfile.ZipFile:
    """``path`` opened as a zip, refused (``FileRefused``) before anything is unpacked when
    it, or what it declares, is over ``limits``.

    Raises ``zipfile.BadZipFile`` for a file that is not a zip or a damaged one, ``OSError``
    for one that cannot be read."""
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise FileRefused("file-too-large", f"This {limits.what} is {size_text(size)}; "
                          f"assetmap reads {limits.what}s of up to "
                          f"{size_text(limits.file_bytes)}. {limits.fix}")
    try:
        with path.open("rb") as handle:
            count = _declared_members(handle)
        if count is not None and count > limits.members:
            raise FileRefused("file-too-large", f"This {limits.what} holds {count:,} files; "
                              f"assetmap reads {limits.what}s of up to {limits.members:,}. "
                              f"{limits.fix}")
        archive = zipfile.ZipFile(path)
    except ZIP_DAMAGE as exc:
        raise _damaged(exc) from None
    try:
        _check_members(archive.infolist(), limits)
    except FileRefused:
        archive.close()
        raise
    if len(archive.infolist()) > limits.members:  # an end record that said fewer
        archive.close()
        raise FileRefused("file-too-large", f"This {limits.what} holds more than "
                          f"{limits.members:,} files. {limits.fix}")
    return archive


def read_member(archive: zipfile.ZipFile, member: str | zipfile.ZipInfo) -> bytes:
    """One member of ``archive``, unpacked 64 kB at a time: never more than its declared
    size, in memory or in work. Raises ``zipfile.BadZipFile`` when it is damaged or not what
    its directory entry says (another name, a wrong checksum), ``KeyError`` when missing."""
    chunks = []
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(READ_STEP):
                chunks.append(chunk)
    except ZIP_DAMAGE as exc:
        raise _damaged(exc) from None
    return b"".join(chunks)


def _damaged(exc: Exception) -> zipfile.BadZipFile:
    if isinstance(exc, zipfile.BadZipFile):
        return exc
    return zipfile.BadZipFile(visible(f"{exc.__class__.__name__}: {exc}"[:200]))


def unpacked_copy(archive: zipfile.ZipFile) -> io.BytesIO:
    """``archive`` again, in memory, its members read by ``read_member`` and stored
    uncompressed: a library that calls ``ZipFile.read`` on the copy unpacks nothing."""
    members = {info.filename: info for info in archive.infolist() if not info.is_dir()}
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as stored:
        for name, info in members.items():
            stored.writestr(name, read_member(archive, info))
    copy.seek(0)
    return copy


# --- CSV -----------------------------------------------------------------------------------


@contextlib.contextmanager
def csv_fields_up_to(chars: int) -> Iterator[None]:
    """Let Python's csv module read fields of up to ``chars`` characters (its own limit,
    131,072, is no limit of ours: a longer cell is read and reported), then restore it."""
    before = csv.field_size_limit(max(chars, csv.field_size_limit()))
    try:
        yield
    finally:
        csv.field_size_limit(before)
