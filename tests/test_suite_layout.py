"""The test suite reads like the code: test files share what they need through tests/support/
(and fixtures through conftest.py), never by importing one another, so that each can be read,
moved or deleted on its own."""

from __future__ import annotations

import ast
from pathlib import Path

from .support.project import TESTS

TEST_FILES = sorted(TESTS.glob("test_*.py"))
SUPPORT_FILES = sorted((TESTS / "support").glob("*.py"))


def imported_modules(path: Path) -> list[str]:
    """The module each import of ``path`` names: "test_site_build" for ``from .test_site_build
    import Page``, "test_contribute" for ``from . import test_contribute``, "tests.test_search"
    for ``import tests.test_search``."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names += [node.module] if node.module else [alias.name for alias in node.names]
    return names


def imports_a_test_module(module: str) -> bool:
    parts = module.split(".")
    if parts[0] == "tests":  # an absolute import of the tests package
        parts = parts[1:]
    return bool(parts) and (parts[0].startswith("test_") or parts[0] == "conftest")


def test_no_test_file_imports_another_test_file_or_conftest():
    """Nor does a support module: what the tests share depends on no test."""
    wrong = sorted({(path.relative_to(TESTS).as_posix(), module)
                    for path in TEST_FILES + SUPPORT_FILES
                    for module in imported_modules(path) if imports_a_test_module(module)})
    assert wrong == []
    assert len(TEST_FILES) > 20 and SUPPORT_FILES  # the check did look at the suite


def test_the_check_finds_each_way_of_importing_a_test_file(tmp_path):
    source = tmp_path / "test_example.py"
    source.write_text("\n".join([
        "from .test_site_build import Page",
        "from . import test_contribute",
        "from tests.test_inventory_read import write_xlsx",
        "import tests.test_search",
        "from .conftest import ROOT",
        "from .support.html import Page",
        "from assetmap.inventory import schema",
        "import pytest",
    ]), encoding="utf-8")
    found = sorted({m for m in imported_modules(source) if imports_a_test_module(m)})
    assert found == ["conftest", "test_contribute", "test_site_build",
                     "tests.test_inventory_read", "tests.test_search"]
