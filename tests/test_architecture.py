"""The shape of the package: no two modules import each other, even through others; modules
and functions stay short enough to read. A newcomer finds each stage of data -> site in one
folder of ``assetmap/``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assetmap"
STAGES = {"inventory", "pages", "render", "build", "contribute", "export", "imports"}
MODULE_LINES, FUNCTION_LINES = 400, 60


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``path`` imports, wherever the import is (a function's
    local import counts). ``from assetmap.export import records`` imports the module
    ``records``, not the package's ``__init__``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{a.name}" for a in node.names} & set(known)
            if submodules:
                found |= submodules
            elif node.module in known:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_through_others():
    known = modules()
    graph = {name: imports(path, known) - {name} for name, path in known.items()}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


PIPELINE = ("inventory", "pages", "render", "build")  # data -> site, in this order


def stage(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def test_a_stage_of_the_pipeline_imports_no_later_one():
    """inventory -> pages -> render -> build: reading the inventory never needs a page,
    a page model never needs markup, markup never needs the build."""
    known = modules()
    backwards = sorted(
        (name, other) for name, path in known.items() if stage(name) in PIPELINE
        for other in imports(path, known) if stage(other) in PIPELINE
        and PIPELINE.index(stage(other)) > PIPELINE.index(stage(name)))
    assert backwards == []


def test_the_stages_are_folders_of_the_package():
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders == STAGES
    loose = {p.stem for p in PACKAGE.glob("*.py")}
    assert loose == {"__init__", "__main__", "cli", "commands", "config", "language"}


@pytest.mark.parametrize("name, path", sorted(modules().items()))
def test_modules_and_functions_are_short(name, path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MODULE_LINES, f"{name}: split it in two"
    long = [(node.name, node.end_lineno - node.lineno + 1)
            for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > FUNCTION_LINES]
    assert long == []
