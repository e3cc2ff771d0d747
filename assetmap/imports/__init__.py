"""Open data in: another directory's HSDS 3.0 export -> an inventory CSV in our format.

``import_hsds`` reads the export (``hsds_read``), maps each service to a row (``hsds_map``)
through the editable mapping file (``mapping``), writes the CSV and returns what a person has
to look at as ``Problem``s, each naming the row and column of the written CSV. The CSV is then
checked like any inventory: ``assetmap check`` reports the cells still empty.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from assetmap.export import records
from assetmap.imports.hsds_map import Context, service_row
from assetmap.imports.hsds_read import read_hsds
from assetmap.imports.mapping import check_mapping, load_mapping
from assetmap.inventory import cells, schema
from assetmap.inventory.problems import Problem, UsageError, warning
from assetmap.inventory.taxonomy import load_taxonomy

COLUMNS = [f.name for f in schema.FIELDS]


@dataclass
class Imported:
    output: Path
    rows: list[dict[str, str]]
    problems: list[Problem]


def write_inventory_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """UTF-8 with a byte-order mark, for Excel; text cells safe to open in a spreadsheet."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows([row[c] if c in records.NUMERIC else cells.neutralise(row[c])
                          for c in COLUMNS] for row in rows)


def import_hsds(source: Path, output: Path, mapping_file: Path | None = None,
                force: bool = False) -> Imported:
    """Read the HSDS export at ``source`` and write it as an inventory CSV at ``output``.

    The categories and neighbourhoods it maps to are those of ``categories.yml`` and
    ``neighbourhoods.yml`` beside ``output``.
    """
    output = Path(output)
    if output.suffix.lower() != ".csv":
        raise UsageError(f"{output}: the output is a CSV file; give a name ending in .csv.")
    if output.exists() and not force:
        raise UsageError(f"{output}: already exists; choose another --output, or add --force "
                         "to replace it.")
    mapping = load_mapping(mapping_file)
    services = read_hsds(source)
    if not services:
        raise UsageError(f"{source}: this HSDS export has no services.")
    ctx = Context(taxonomy=load_taxonomy(output.parent), mapping=mapping)
    problems = [warning(p.file, None, None, p.code, None, p.message + " Without it, imported "
                        "terms cannot be matched to our ids.")
                for p in ctx.taxonomy.problems if p.code == "missing-taxonomy"]
    problems += check_mapping(mapping, ctx.taxonomy, schema.ACCESSIBILITY_FEATURES)
    rows = []
    for row_number, service in enumerate(services, start=2):
        cells, issues = service_row(service, ctx)
        rows.append(cells)
        problems += [warning(output, row_number, i.column, i.code, i.value, i.message)
                     for i in issues]
    output.parent.mkdir(parents=True, exist_ok=True)
    write_inventory_csv(output, rows)
    return Imported(output, rows, problems)
