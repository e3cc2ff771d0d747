"""The editable mapping from another directory's words to ours (``data/hsds-mapping.yml``).

The file's format is documented in the file itself. Keys are matched without regard to case,
spaces, '-' or '_'; postal codes without regard to case or spaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assetmap.inventory import limits, safe_yaml
from assetmap.inventory.problems import FileRefused, Problem, UsageError, warning
from assetmap.inventory.taxonomy import Taxonomy


def cell_text(value) -> str:
    """A value another directory gave, as text: '' for none, '3' for 3.0, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def key(text: str) -> str:
    return " ".join(str(text).casefold().replace("_", " ").replace("-", " ").split())


def postal_key(text: str) -> str:
    return "".join(str(text).upper().split())


@dataclass
class Mapping:
    categories: dict[str, str] = field(default_factory=dict)
    accessibility: dict[str, str] = field(default_factory=dict)
    postal_codes: dict[str, str] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)
    file: Path | None = None

    def neighbourhood_for(self, postal_code: str, city: str) -> str | None:
        code = postal_key(postal_code)
        prefixes = [p for p in self.postal_codes if p and code.startswith(p)]
        if code and prefixes:
            return self.postal_codes[max(prefixes, key=len)]
        return self.cities.get(key(city)) if city else None


def _section(data: dict, name: str, path: Path, keyer=key) -> dict[str, str]:
    value = data.get(name) or {}
    if not isinstance(value, dict):
        raise UsageError(f"{path}: '{name}' must be a list of 'their term: our id' lines.")
    return {keyer(k): str(v).strip() for k, v in value.items() if k is not None and v}


def load_mapping(path: Path | None) -> Mapping:
    """The mapping at ``path``; an empty mapping when ``path`` is None."""
    if path is None:
        return Mapping()
    if not path.is_file():
        raise UsageError(f"{path}: no such mapping file.")
    try:
        data = safe_yaml.read(path, limits.MAPPING).data or {}
    except FileRefused as exc:
        raise exc.usage_error(path) from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: expected sections 'categories', 'accessibility' and "
                         "'neighbourhoods'.")
    areas = data.get("neighbourhoods") or {}
    if not isinstance(areas, dict):
        raise UsageError(f"{path}: 'neighbourhoods' must have 'postal_codes' and 'cities'.")
    return Mapping(
        categories=_section(data, "categories", path),
        accessibility=_section(data, "accessibility", path),
        postal_codes=_section(areas, "postal_codes", path, postal_key),
        cities=_section(areas, "cities", path),
        file=path,
    )


def check_mapping(mapping: Mapping, taxonomy: Taxonomy, features) -> list[Problem]:
    """Warn about mapping targets that are not ids in this inventory's taxonomy."""
    problems = []
    checks = [("categories", mapping.categories, taxonomy.categories),
              ("accessibility", mapping.accessibility, features),
              ("neighbourhoods", {**mapping.postal_codes, **mapping.cities},
               {**taxonomy.neighbourhoods, "all": None})]
    for section, pairs, known in checks:
        if not known:
            continue
        for theirs, ours in pairs.items():
            if ours not in known:
                problems.append(warning(
                    mapping.file, None, section, "unknown-mapping-target", ours,
                    f"'{theirs}: {ours}' in {section}: '{ours}' is not one of our ids; use "
                    f"one of {', '.join(sorted(known))}."))
    return problems
