"""Read an HSDS 3.0 export: a folder of CSV tables (with or without datapackage.json), a zip of
one, or the JSON form (a list of services, an API page with ``contents``, or one service).

Whatever the form, the result is the same: a list of services in the nested JSON shape, each
with its organization, locations, phones... inside. Reading raises ``UsageError`` for a path
that is not an HSDS export, or one larger than ``limits.HSDS_FILE`` and ``limits.HSDS_ZIP``
allow (checked before reading or unpacking); it never raises for odd values inside one.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path, PurePosixPath

from assetmap.export import hsds_tables
from assetmap.inventory import limits
from assetmap.inventory.cells import unneutralise, visible
from assetmap.inventory.problems import FileRefused, UsageError

FILE_TABLES = {file_name: table for table, (file_name, _cols) in hsds_tables.TABLES.items()}


def _typed(column: str, text: str):
    """A number column's cell as a number, as in the JSON form; anything else as text."""
    if column not in hsds_tables.NUMBERS:
        return unneutralise(text)
    try:
        return int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        return text


def parse_csv(text: str, where: str = "CSV") -> list[dict]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    rows = []
    try:
        with limits.csv_fields_up_to(len(text)):
            for row in reader:
                cells = {str(k).strip(): _typed(str(k).strip(), v.strip())
                         for k, v in row.items() if k and isinstance(v, str) and v.strip()}
                if cells:
                    rows.append(cells)
    except csv.Error as exc:
        raise UsageError(f"{where}: not a readable CSV table past line {reader.line_num} "
                         f"({exc}).") from None
    return rows


def _table_of(name: str, path: str) -> str | None:
    if name in hsds_tables.TABLES:
        return name
    return FILE_TABLES.get(PurePosixPath(path).name)


def _datapackage_tables(package: dict) -> dict[str, str]:
    """table name -> file path, from a datapackage.json's resources."""
    tables = {}
    resources = package.get("resources")
    for resource in resources if isinstance(resources, list) else []:
        if isinstance(resource, dict) and isinstance(resource.get("path"), str):
            table = _table_of(str(resource.get("name", "")), resource["path"])
            if table:
                tables[table] = resource["path"]
    return tables


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{where}: not UTF-8 text; HSDS files are UTF-8.") from None


def _json(text: str, where: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{where}: not valid JSON ({exc.msg}, line {exc.lineno}).") from None
    except RecursionError:
        raise UsageError(f"{where}: its values are nested too deeply to be HSDS.") from None
    except ValueError:  # Python reads no number of more than 4,300 digits
        raise UsageError(f"{where}: not HSDS JSON (it holds a number of more than 4,300 "
                         "digits).") from None


def _services_from_json(text: str, where: str) -> list[dict]:
    data = _json(text, where)
    if isinstance(data, dict):
        data = data.get("contents", data.get("services", [data] if "id" in data else None))
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        raise UsageError(f"{where}: not HSDS JSON; expected a list of services (or an API "
                         "page with 'contents').")
    return [s for s in data if s.get("id") or s.get("name")]


class _Files:
    """The files of an export, in a folder or in a zip, by their name inside it; none read
    past ``limits.HSDS_FILE``, nor more than ``limits.HSDS_ZIP.unpacked_bytes`` in all."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = None
        self.read_so_far = 0
        if path.is_file():
            try:
                self.zip = limits.open_zip(path, limits.HSDS_ZIP)
            except FileRefused as exc:
                raise exc.usage_error(path) from None
            except zipfile.BadZipFile:
                raise UsageError(f"{path}: not a zip file that can be read; zip the export "
                                 "again with an ordinary program.") from None
            except OSError as exc:
                raise UsageError(f"{path}: cannot be read ({exc.strerror}).") from None
            self.names = {PurePosixPath(n).name: n for n in self.zip.namelist()
                          if not n.endswith("/")}
        else:
            self.names = {p.name: p.name for p in path.iterdir() if p.is_file()}

    def read(self, name: str) -> str:
        inner = self.names.get(PurePosixPath(name).name)  # never a path out of the export
        if inner is None:
            raise UsageError(f"{self.path}: datapackage.json lists '{visible(name[:200])}', "
                             "which is not one of the export's files.")
        where = f"{self.path}/{inner}" if self.zip is None else f"{self.path}!{inner}"
        try:
            data = (limits.read_member(self.zip, inner) if self.zip
                    else self._read_file(self.path / inner))
        except (KeyError, FileNotFoundError):
            raise UsageError(f"{where}: listed in datapackage.json but missing.") from None
        except FileRefused as exc:
            raise exc.usage_error(where) from None
        except zipfile.BadZipFile as exc:
            raise UsageError(f"{where}: damaged in the zip file ({exc}); zip the export "
                             "again.") from None
        except OSError as exc:
            raise UsageError(f"{where}: cannot be read ({exc.strerror}).") from None
        return _decode(data, where)

    def _read_file(self, path: Path) -> bytes:
        data = limits.read_bytes(path, limits.HSDS_FILE)
        self.read_so_far += len(data)
        if self.read_so_far > limits.HSDS_ZIP.unpacked_bytes:
            raise FileRefused("file-too-large", "The export's files together are more than "
                              f"{limits.size_text(limits.HSDS_ZIP.unpacked_bytes)}, the most "
                              "assetmap imports at once. Import it in parts.")
        return data

    def has(self, name: str) -> bool:
        return PurePosixPath(name).name in self.names


def _read_files(files: _Files) -> list[dict]:
    if files.has("datapackage.json"):
        package = _services_from_package(files)
        if package is not None:
            return package
    found = {FILE_TABLES[n]: n for n in files.names if n in FILE_TABLES}
    if "service" in found:
        return hsds_tables.nest({t: parse_csv(files.read(n), f"{files.path}/{n}")
                                 for t, n in found.items()})
    if files.has("services.json"):
        return _services_from_json(files.read("services.json"), f"{files.path}/services.json")
    raise UsageError(f"{files.path}: no HSDS export here (no services.csv or services.json).")


def _services_from_package(files: _Files) -> list[dict] | None:
    package = _json(files.read("datapackage.json"), f"{files.path}/datapackage.json")
    tables = _datapackage_tables(package if isinstance(package, dict) else {})
    if "service" not in tables:
        return None
    return hsds_tables.nest({t: parse_csv(files.read(p), f"{files.path}/{p}")
                             for t, p in tables.items()})


def read_hsds(path: Path) -> list[dict]:
    """The services of the HSDS export at ``path``, nested."""
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder.")
    if path.is_file() and path.suffix.lower() == ".json":
        try:
            data = limits.read_bytes(path, limits.HSDS_FILE)
        except FileRefused as exc:
            raise exc.usage_error(path) from None
        except OSError as exc:
            raise UsageError(f"{path}: cannot be read ({exc.strerror}).") from None
        return _services_from_json(_decode(data, str(path)), str(path))
    if path.is_file() and path.suffix.lower() != ".zip":
        raise UsageError(f"{path}: not an HSDS export; give its folder of CSV files, its "
                         ".zip, or its JSON file.")
    return _read_files(_Files(path))
