"""A tool a test needs that is missing (the system Chromium, node, actionlint...): in CI
(CI=true), where tests/run.sh installs everything, that is a failure; on a developer's machine
the test skips and says how to get the tool."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing(message: str) -> NoReturn:
    """Fail in CI, skip elsewhere, with ``message`` (what is missing and how to install it)."""
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def not_installed(what: str) -> NoReturn:
    missing(f"{what} is not installed: `bash tests/run.sh` installs it (pip install -e "
            "'.[test]', npm ci)")


def need(program: str) -> str:
    """The path of ``program``, a command the tests run (fails in CI, skips elsewhere when it
    is missing). Python tools install beside this Python, which may not be on PATH (a venv
    that is not active)."""
    path = shutil.which(program) or shutil.which(program, path=str(Path(sys.executable).parent))
    if path is None:
        not_installed(program)
    return path
