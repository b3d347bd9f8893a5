"""The import graph reads one way: each layer imports only the layers before it, and no
module or package imports itself back through others (files and packages, imports inside
functions included, ``if TYPE_CHECKING:`` blocks left out)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("linnedata", "ui", "pages")

LAYERS: tuple[tuple[str, ...], ...] = (
    # foundations: no survey, no store; they may import each other (without a cycle)
    (
        "linnedata.errors",
        "linnedata.i18n",
        "linnedata.text",
        "linnedata.paths",
        "linnedata.markdown",
        "linnedata.export",
        "linnedata.tables",
        "linnedata.rounds",
        "linnedata.throttle",
        "linnedata.urls",
        "linnedata.taxonomy",
        "linnedata.places",
        "linnedata.graphics",
    ),
    # the demo survey is read with the survey pipeline, so it sits beside it
    ("linnedata.survey", "linnedata.demo", "linnedata.datafiles"),
    ("linnedata.store",),
    ("linnedata.importing",),
    ("linnedata.figures",),
    # the domain packages, side by side (questionnaire and followup are still to come)
    ("linnedata.seminars", "linnedata.competence", "linnedata.questionnaire", "linnedata.followup"),
    ("linnedata.views",),
    ("linnedata.reports",),
    ("linnedata.cli", "linnedata.__main__", "ui"),
    ("pages", "app"),
)
"""Layers in order; a module may import its own layer and those before it."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_files() -> dict[str, Path]:
    files = [p for root in SOURCES for p in (ROOT / root).rglob("*.py")]
    files.append(ROOT / "app.py")
    return {module_name(p): p for p in files}


MODULES = project_files()


def _is_type_checking(test: ast.expr) -> bool:
    name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
    return name == "TYPE_CHECKING"


def imported(path: Path, name: str) -> set[str]:  # noqa: C901 - one visitor over every import form
    """The project modules ``path`` imports, anywhere in it but under ``if TYPE_CHECKING``."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            subs = [f"{base}.{alias.name}" for alias in node.names]
            named = [s for s in subs if s in MODULES]
            found.update(named)
            if len(named) < len(subs):
                found.add(base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    out = set()
    for target in found:
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        if target and target != name:
            out.add(target)
    return out


GRAPH = {name: imported(path, name) for name, path in MODULES.items()}


def layer_of(name: str) -> int:
    for index, members in enumerate(LAYERS):
        if any(name == m or name.startswith(m + ".") for m in members):
            return index
    raise AssertionError(f"{name} is in no layer: add it to LAYERS in {__file__}")


def package_of(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "linnedata" and len(parts) > 1 else parts[0]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:  # noqa: C901 - Tarjan's algorithm, kept whole to read as written
    """The strongly connected groups of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return found


def test_every_module_is_in_a_layer() -> None:
    for name in MODULES:
        if name != "linnedata":
            layer_of(name)


def test_no_module_imports_a_later_layer() -> None:
    upward = [
        f"{a} -> {b}"
        for a, targets in GRAPH.items()
        if a != "linnedata"
        for b in sorted(targets)
        if b != "linnedata" and layer_of(b) > layer_of(a)
    ]
    assert upward == []


def test_no_import_cycle_between_files() -> None:
    assert cycles(GRAPH) == []


def test_no_import_cycle_between_packages() -> None:
    packages: dict[str, set[str]] = {}
    for a, targets in GRAPH.items():
        for b in targets:
            if package_of(a) != package_of(b):
                packages.setdefault(package_of(a), set()).add(package_of(b))
    assert cycles(packages) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_cycle_finder_finds_cycles(graph: dict[str, set[str]], expected: list) -> None:
    assert cycles(graph) == expected


def test_the_walker_sees_imports_inside_functions_but_not_type_checking(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from linnedata.store import Store\n"
        "def f():\n    from linnedata.seminars import plan\n"
    )
    path = ROOT / "linnedata" / "errors.py"  # any real module name; the text is ours
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    found = imported(probe, "linnedata.errors")
    assert "linnedata.seminars.plan" in found
    assert "linnedata.store" not in found
    assert path.exists()
