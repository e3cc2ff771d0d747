"""Read the taxonomy: ``categories.yml``, ``neighbourhoods.yml`` and, when a community lists
who its supports are meant for, ``audiences.yml`` beside the inventory.

Its labels and descriptions end up in every page and issue form, and a category's icon names
a file the build reads, so they follow the same rules as an inventory's cells: an id of at
most ``schema.ID_MAX_LENGTH`` characters, text without the characters ``assetmap.inventory.cells``
refuses, and an icon that is one of the bundled Material icons (never a path).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import material

from assetmap.inventory import limits, safe_yaml
from assetmap.inventory.cells import refused_characters, visible
from assetmap.inventory.problems import FileRefused, Problem, error
from assetmap.inventory.schema import ID_MAX_LENGTH

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Term:
    """A category, a neighbourhood or an audience: an id, labels per language, and for
    categories an icon and a one-line description per language."""

    id: str
    label: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    icon: str = ""


@dataclass
class Taxonomy:
    categories: dict[str, Term] = field(default_factory=dict)
    neighbourhoods: dict[str, Term] = field(default_factory=dict)
    audiences: dict[str, Term] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _as_labels(value, fallback: str) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v}
    if value:
        return {"en": str(value)}
    return {"en": fallback}


# The Material Design icons bundled with mkdocs-material: a category names one as
# 'material/pine-tree'; the pages inline it (``assetmap.render.icons``).
ICONS = Path(material.__file__).resolve().parent / "templates" / ".icons"
ICON_NAME = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+$")


def icon_file(name: str) -> Path | None:
    """The SVG file of the bundled icon ``name``, or None when there is no such icon (a
    name is never a path: '../../etc/passwd' is none)."""
    path = ICONS / f"{name}.svg"
    return path if ICON_NAME.match(name) and path.is_file() else None


def _icon_problem(path: Path, index: int, icon: str) -> Problem | None:
    if not icon or icon_file(icon):
        return None
    shown = visible(icon[:100])
    hint = (f" Did you mean 'material/{icon}'?"
            if icon_file(f"material/{icon}") else "")
    return error(path, index, "icon", "bad-icon", shown,
                 f"Item {index} of {path.name}: there is no icon '{shown}'. Name one of the "
                 "Material Design icons bundled with mkdocs-material as 'material/NAME', e.g. "
                 "'material/pine-tree' (https://squidfunk.github.io/mkdocs-material/reference/"
                 f"icons-emojis/).{hint}")


def _text_problems(path: Path, index: int, key: str, texts: dict[str, str]) -> list[Problem]:
    problems = []
    for lang, text in texts.items():
        refused = refused_characters(text.strip())
        if refused:
            shown = visible(text)
            column = key if lang == "en" and len(texts) == 1 else f"{key}:{lang}"
            problems.append(error(path, index, column, "bad-characters", shown,
                                  f"Item {index} of {path.name}: its {column} '{shown}' holds "
                                  f"{' and '.join(refused)}, which a {key} may not hold. Type "
                                  "the text again, or paste it as plain text."))
    return problems


def _term(path: Path, index: int, term_id: str, item: dict, label_key: str,
          problems: list[Problem]) -> Term:
    if len(term_id) > ID_MAX_LENGTH:
        problems.append(error(path, index, "id", "too-long", term_id[:60] + "…",
                              f"Item {index} of {path.name}: its id has {len(term_id):,} "
                              f"characters; an id has at most {ID_MAX_LENGTH}. Shorten it."))
    term = Term(
        id=term_id,
        label=_as_labels(item.get(label_key), term_id),
        description=_as_labels(item.get("description"), "") if "description" in item else {},
        icon=str(item.get("icon", "") or ""),
    )
    found = _text_problems(path, index, label_key, term.label)
    found += _text_problems(path, index, "description", term.description)
    icon = _icon_problem(path, index, term.icon)
    if icon is not None:
        found.append(icon)
        term = Term(term.id, term.label, term.description)  # the build never sees it
    problems += found
    return term


def _read_terms(path: Path, label_key: str, problems: list[Problem]) -> dict[str, Term]:
    if not path.is_file():
        problems.append(error(path, None, None, "missing-taxonomy", None,
                              f"{path.name} is missing. Put it beside the inventory."))
        return {}
    try:
        items = safe_yaml.read(path, limits.TAXONOMY).data or []
    except FileRefused as exc:
        problems.append(error(path, exc.line, None, exc.code, None,
                              f"{path.name} cannot be read: {exc.message}"))
        return {}
    terms: dict[str, Term] = {}
    for index, item in enumerate(items if isinstance(items, list) else [], start=1):
        term_id = str(item.get("id", "")).strip() if isinstance(item, dict) else ""
        if not SLUG.match(term_id):
            shown = visible(term_id[:60])
            problems.append(error(path, index, "id", "bad-taxonomy-id", shown,
                                  f"Item {index} of {path.name} needs an id made of a-z, 0-9 "
                                  "and '-'."))
            continue
        if term_id in terms:
            problems.append(error(path, index, "id", "duplicate-id", term_id,
                                  f"'{term_id}' appears twice in {path.name}."))
            continue
        terms[term_id] = _term(path, index, term_id, item, label_key, problems)
    if not terms:
        problems.append(error(path, None, None, "empty-taxonomy", None,
                              f"{path.name} must list at least one item with an id."))
    return terms


def load_taxonomy(folder: Path) -> Taxonomy:
    taxonomy = Taxonomy()
    taxonomy.categories = _read_terms(folder / "categories.yml", "label", taxonomy.problems)
    taxonomy.neighbourhoods = _read_terms(folder / "neighbourhoods.yml", "name",
                                          taxonomy.problems)
    audiences = folder / "audiences.yml"
    if audiences.is_file():  # optional: without it, no entry names an audience
        taxonomy.audiences = _read_terms(audiences, "label", taxonomy.problems)
    return taxonomy
