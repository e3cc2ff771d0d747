"""Present problems: a table for people, JSON for machines."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable

from .problems import Problem

JSON_KEYS = ("severity", "file", "row", "column", "code", "value", "message")


def as_json(problems: Iterable[Problem]) -> str:
    return json.dumps([{k: p.as_dict()[k] for k in JSON_KEYS} for p in problems],
                      ensure_ascii=False, indent=2)


def _short(value: str | None, width: int = 30) -> str:
    if value is None:
        return ""
    value = " ".join(str(value).split())
    return value if len(value) <= width else value[: width - 1] + "…"


def as_table(problems: list[Problem]) -> str:
    if not problems:
        return "No problems found."
    header = ("severity", "file", "row", "column", "value", "message")
    rows = [(p.severity, os.path.relpath(p.file) if os.path.isabs(p.file) else p.file,
             "" if p.row is None else str(p.row), p.column or "", _short(p.value), p.message)
            for p in problems]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r[:5])) + "  " + r[5]
             for r in [header, *rows]]
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    lines.append("")
    lines.append(f"{errors} error{'s' * (errors != 1)}, "
                 f"{warnings} warning{'s' * (warnings != 1)}.")
    return "\n".join(lines)
