"""Read an HSDS 3.0 export: a folder of CSV tables (with or without datapackage.json), a zip of
one, or the JSON form (a list of services, an API page with ``contents``, or one service).

Whatever the form, the result is the same: a list of services in the nested JSON shape, each
with its organization, locations, phones... inside. Reading raises ``UsageError`` for a path
that is not an HSDS export; it never raises for odd values inside one.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path, PurePosixPath

from ..cells import unneutralise
from ..export import hsds_tables
from ..problems import UsageError

FILE_TABLES = {file_name: table for table, (file_name, _cols) in hsds_tables.TABLES.items()}


def _typed(column: str, text: str):
    """A number column's cell as a number, as in the JSON form; anything else as text."""
    if column not in hsds_tables.NUMBERS:
        return unneutralise(text)
    try:
        return int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        return text


def parse_csv(text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    rows = []
    for row in reader:
        cells = {str(k).strip(): _typed(str(k).strip(), v.strip()) for k, v in row.items()
                 if k and isinstance(v, str) and v.strip()}
        if cells:
            rows.append(cells)
    return rows


def _table_of(name: str, path: str) -> str | None:
    if name in hsds_tables.TABLES:
        return name
    return FILE_TABLES.get(PurePosixPath(path).name)


def _datapackage_tables(package: dict) -> dict[str, str]:
    """table name -> file path, from a datapackage.json's resources."""
    tables = {}
    for resource in package.get("resources") or []:
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


def _services_from_json(text: str, where: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{where}: not valid JSON ({exc.msg}, line {exc.lineno}).") from None
    if isinstance(data, dict):
        data = data.get("contents", data.get("services", [data] if "id" in data else None))
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        raise UsageError(f"{where}: not HSDS JSON; expected a list of services (or an API "
                         "page with 'contents').")
    return [s for s in data if s.get("id") or s.get("name")]


class _Files:
    """The files of an export, in a folder or in a zip, by their name inside it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = None
        if path.is_file():
            try:
                self.zip = zipfile.ZipFile(path)
            except zipfile.BadZipFile:
                raise UsageError(f"{path}: not a zip file.") from None
            self.names = {PurePosixPath(n).name: n for n in self.zip.namelist()
                          if not n.endswith("/")}
        else:
            self.names = {p.name: p.name for p in path.iterdir() if p.is_file()}

    def read(self, name: str) -> str:
        inner = self.names.get(PurePosixPath(name).name, name)
        where = f"{self.path}/{inner}" if self.zip is None else f"{self.path}!{inner}"
        try:
            data = self.zip.read(inner) if self.zip else (self.path / inner).read_bytes()
        except (KeyError, OSError):
            raise UsageError(f"{where}: listed in datapackage.json but missing.") from None
        return _decode(data, where)

    def has(self, name: str) -> bool:
        return PurePosixPath(name).name in self.names


def _read_files(files: _Files) -> list[dict]:
    if files.has("datapackage.json"):
        package = _services_from_package(files)
        if package is not None:
            return package
    found = {FILE_TABLES[n]: n for n in files.names if n in FILE_TABLES}
    if "service" in found:
        return hsds_tables.nest({t: parse_csv(files.read(n)) for t, n in found.items()})
    if files.has("services.json"):
        return _services_from_json(files.read("services.json"), f"{files.path}/services.json")
    raise UsageError(f"{files.path}: no HSDS export here (no services.csv or services.json).")


def _services_from_package(files: _Files) -> list[dict] | None:
    try:
        package = json.loads(files.read("datapackage.json"))
    except json.JSONDecodeError as exc:
        raise UsageError(f"{files.path}/datapackage.json: not valid JSON ({exc.msg}).") from None
    tables = _datapackage_tables(package if isinstance(package, dict) else {})
    if "service" not in tables:
        return None
    return hsds_tables.nest({t: parse_csv(files.read(p)) for t, p in tables.items()})


def read_hsds(path: Path) -> list[dict]:
    """The services of the HSDS export at ``path``, nested."""
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder.")
    if path.is_file() and path.suffix.lower() == ".json":
        return _services_from_json(_decode(path.read_bytes(), str(path)), str(path))
    if path.is_file() and path.suffix.lower() != ".zip":
        raise UsageError(f"{path}: not an HSDS export; give its folder of CSV files, its "
                         ".zip, or its JSON file.")
    return _read_files(_Files(path))
