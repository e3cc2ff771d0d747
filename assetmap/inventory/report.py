"""Present problems: a table for people, JSON for machines.

The table lists errors first, then warnings, and fits the terminal it is printed on: the
message wraps in its own column, or, where the terminal is too narrow for a table, each
problem becomes a short block. Whatever a cell held, nothing printed can run as a terminal
escape sequence or hide: ``cells.visible`` shows such characters as code points.
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from collections.abc import Iterable

from assetmap.inventory.cells import visible
from assetmap.inventory.problems import Problem

JSON_KEYS = ("severity", "file", "row", "column", "code", "value", "message")
HEADER = ("row", "column", "value")
INDENT = "  "
VALUE_WIDTH = 30
MESSAGE_MIN_WIDTH = 36  # narrower than this, a table is harder to read than blocks
DEFAULT_WIDTH = 100  # when the output is not a terminal (a file, a pipe, CI's log)


def as_json(problems: Iterable[Problem]) -> str:
    return json.dumps([{k: p.as_dict()[k] for k in JSON_KEYS} for p in problems],
                      ensure_ascii=False, indent=2)


def _short(value: str | None, width: int = VALUE_WIDTH) -> str:
    if value is None:
        return ""
    value = " ".join(visible(str(value)).split())
    return value if len(value) <= width else value[: width - 1] + "…"


def _file(path: str) -> str:
    if not os.path.isabs(path):
        return visible(path)
    try:
        return visible(os.path.relpath(path))
    except ValueError:  # another drive, on Windows
        return visible(path)


def _cells(problem: Problem) -> tuple[str, str, str]:
    return ("" if problem.row is None else str(problem.row), visible(problem.column or ""),
            _short(problem.value))


def terminal_width() -> int:
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def _table(problems: list[Problem], width: int) -> list[str]:
    """One file's problems: a row, column, value and message table, or blocks."""
    rows = [_cells(p) for p in problems]
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    left = len(INDENT) + sum(widths) + 2 * len(widths)
    room = width - left
    if room < MESSAGE_MIN_WIDTH:
        return _blocks(problems, width)
    lines = [INDENT + "  ".join(h.ljust(w) for h, w in zip(HEADER, widths)) + "  message"]
    for row, problem in zip(rows, problems):
        message = textwrap.wrap(visible(problem.message), room) or [""]
        lines.append(INDENT + "  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " +
                     message[0])
        lines += [" " * left + more for more in message[1:]]
    return lines


def _blocks(problems: list[Problem], width: int) -> list[str]:
    lines = []
    for problem in problems:
        row, column, value = _cells(problem)
        where = ", ".join(filter(None, (row and f"row {row}", column and f"column {column}")))
        head = where + (f": {value}" if value and where else value)
        lines += textwrap.wrap(head, width, initial_indent=INDENT, subsequent_indent=INDENT)
        lines += textwrap.wrap(visible(problem.message), width, initial_indent=INDENT * 2,
                               subsequent_indent=INDENT * 2)
    return lines


def _by_file(problems: list[Problem], width: int) -> list[str]:
    files: dict[str, list[Problem]] = {}
    for problem in problems:
        files.setdefault(problem.file, []).append(problem)
    lines = []
    for file, group in files.items():
        lines += textwrap.wrap(_file(file), width) or [""]
        lines += _table(group, width)
    return lines


def as_table(problems: list[Problem], width: int | None = None) -> str:
    """Errors, then warnings, each file's as a table ``width`` characters wide (default:
    the terminal's), then the count of each."""
    if not problems:
        return "No problems found."
    width = width or terminal_width()
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    lines: list[str] = []
    for title, group in (("Errors", errors), ("Warnings", warnings)):
        if group:
            if lines:
                lines.append("")
            lines += [f"{title} ({len(group)}):", *_by_file(group, width)]
    lines.append("")
    lines.append(f"{len(errors)} error{'s' * (len(errors) != 1)}, "
                 f"{len(warnings)} warning{'s' * (len(warnings) != 1)}.")
    return "\n".join(lines)
