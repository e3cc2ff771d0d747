"""Read the taxonomy: ``categories.yml`` and ``neighbourhoods.yml`` beside the inventory."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, error

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Term:
    """A category or a neighbourhood: an id, labels per language, and for categories an icon
    and a one-line description per language."""

    id: str
    label: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    icon: str = ""


@dataclass
class Taxonomy:
    categories: dict[str, Term] = field(default_factory=dict)
    neighbourhoods: dict[str, Term] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _as_labels(value, fallback: str) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v}
    if value:
        return {"en": str(value)}
    return {"en": fallback}


def _read_terms(path: Path, label_key: str, problems: list[Problem]) -> dict[str, Term]:
    if not path.is_file():
        problems.append(error(path, None, None, "missing-taxonomy", None,
                              f"{path.name} is missing. Put it beside the inventory."))
        return {}
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or []
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(error(path, None, None, "bad-yaml", None,
                              f"{path.name} cannot be read: {exc}".replace("\n", " ")))
        return {}
    terms: dict[str, Term] = {}
    for index, item in enumerate(items if isinstance(items, list) else [], start=1):
        term_id = str(item.get("id", "")).strip() if isinstance(item, dict) else ""
        if not SLUG.match(term_id):
            problems.append(error(path, index, "id", "bad-taxonomy-id", term_id,
                                  f"Item {index} of {path.name} needs an id made of a-z, 0-9 "
                                  "and '-'."))
            continue
        if term_id in terms:
            problems.append(error(path, index, "id", "duplicate-id", term_id,
                                  f"'{term_id}' appears twice in {path.name}."))
            continue
        terms[term_id] = Term(
            id=term_id,
            label=_as_labels(item.get(label_key), term_id),
            description=_as_labels(item.get("description"), "") if "description" in item else {},
            icon=str(item.get("icon", "")),
        )
    if not terms:
        problems.append(error(path, None, None, "empty-taxonomy", None,
                              f"{path.name} must list at least one item with an id."))
    return terms


def load_taxonomy(folder: Path) -> Taxonomy:
    taxonomy = Taxonomy()
    taxonomy.categories = _read_terms(folder / "categories.yml", "label", taxonomy.problems)
    taxonomy.neighbourhoods = _read_terms(folder / "neighbourhoods.yml", "name",
                                          taxonomy.problems)
    return taxonomy
