"""Problems found in an inventory, as data.

A problem names the file, the row a person sees in their spreadsheet (header = row 1), the
column, the bad value, a stable code and a message that says how to fix it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    severity: str
    file: str
    row: int | None
    column: str | None
    code: str
    value: str | None
    message: str

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class UsageError(Exception):
    """A problem with the command itself (no such file, unreadable, unsupported format)."""


class FileRefused(Exception):
    """A file assetmap will not read (further): too large, nested too deep, with YAML
    aliases... ``code`` and ``message`` as in a ``Problem``, ``line`` where known. The
    caller makes it a ``Problem`` (the inventory and its taxonomy) or a ``UsageError`` (a
    command's own input, such as an import)."""

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.line = code, message, line

    def usage_error(self, path) -> UsageError:
        where = f"{path}: line {self.line}" if self.line else f"{path}"
        return UsageError(f"{where}: {self.message}")


def error(file, row, column, code, value, message) -> Problem:
    return Problem(ERROR, str(file), row, column, code, value, message)


def warning(file, row, column, code, value, message) -> Problem:
    return Problem(WARNING, str(file), row, column, code, value, message)


def fails(problems: list[Problem], strict: bool = False) -> bool:
    """Errors fail; under strict mode warnings fail too."""
    return any(p.is_error or strict for p in problems)


class CannotWrite(UsageError):
    """A value the inventory file cannot hold; ``problem`` says which and what to do."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem
