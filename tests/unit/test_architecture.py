"""The dependency rule between the project's packages, read from the source (README: "How it is built").

Every import counts: at module level, inside functions (imported late for speed) and under
``TYPE_CHECKING`` (a cycle a type checker needs is still two modules that know each other).
Importing ``a.b.c`` also runs the packages ``a`` and ``a.b``, so those count as imported too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kiosk", "ui", "drivers", "sync", "demo", "bench")
PRODUCT = ("kiosk", "ui", "drivers", "sync")
QT_MODULES = ("PySide6", "shiboken6")

ALLOWED_LAYERS: dict[str, frozenset[str]] = {
    "drivers": frozenset({"drivers"}),
    "sync": frozenset({"sync"}),
    "kiosk": frozenset({"kiosk", "drivers", "sync"}),
    "ui": frozenset({"ui", "kiosk", "drivers", "sync"}),
}
"""Which top-level packages each product package may import (imports point down only)."""

DEMO_ENTRY_POINTS = frozenset({"ui.launcher", "ui.main", "kiosk.cli.print_commands", "kiosk.cli.simulation"})
"""The only product modules that may load ``demo``, and only inside the functions that need it:
``kiosk shots``, the demo keys of ``--simulate``, ``kiosk print ticket|receipt|...`` (the
sample slips' made-up citizens) and ``kiosk simulate sessions`` (made-up citizens' cards)."""


def module_files() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def imported_names(module: str, path: Path) -> Iterator[str]:
    """Every module name ``path`` imports, anywhere in the file."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module if is_package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                base = f"{anchor}.{base}" if base else anchor
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


@cache
def graph() -> dict[str, frozenset[str]]:
    """Project module → the project modules it imports (with their parent packages)."""
    files = dict(module_files())

    def resolve(name: str) -> str | None:
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    edges: dict[str, frozenset[str]] = {}
    for module, path in files.items():
        targets: set[str] = set()
        for name in imported_names(module, path):
            target = resolve(name)
            while target:
                if target != module and not module.startswith(target + "."):
                    targets.add(target)
                target = resolve(target.rpartition(".")[0]) if "." in target else None
        edges[module] = frozenset(targets)
    return edges


def external_imports(prefixes: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for module, path in module_files():
        for name in imported_names(module, path):
            if name.split(".")[0] in prefixes:
                yield module, name


def strongly_connected(edges: dict[str, frozenset[str]]) -> list[list[str]]:
    """Tarjan's components with more than one module: each is an import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_imports_it_should() -> None:
    """GIVEN the module graph THEN it holds imports of every kind the rules below rely on: a
    module-level one, one inside a function, and the implied parent package."""
    edges = graph()
    assert "kiosk.flows.engine" in edges["kiosk.flows.session"]
    assert "kiosk.app" in edges["kiosk.cli.common"]  # imported inside open_kiosk()
    assert "drivers.card" in edges["kiosk.flows.session"]  # drivers.card.base's package runs too


def test_no_import_cycle_between_project_modules() -> None:
    """GIVEN every import in kiosk/, ui/, drivers/, sync/, demo/ and bench/ THEN no two modules
    import each other, directly or through others."""
    cycles = strongly_connected(graph())
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(cycle) for cycle in cycles)


def test_imports_point_down_the_layers() -> None:
    """GIVEN the layers ui → kiosk → (drivers, sync) THEN no product module imports a layer above
    its own, and only the user interface's entry points load the demo package."""
    wrong = []
    for module, targets in graph().items():
        layer = module.split(".")[0]
        if layer not in ALLOWED_LAYERS:
            continue
        for target in targets:
            top = target.split(".")[0]
            if top == "demo" and module in DEMO_ENTRY_POINTS:
                continue
            if top in PACKAGES and top not in ALLOWED_LAYERS[layer]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_qt_is_imported_only_by_the_user_interface() -> None:
    """GIVEN the product packages THEN only ui/ imports Qt (PySide6): the core, the drivers and
    sync run headless (tests, command line, server)."""
    outside = sorted(
        f"{module} imports {name}"
        for module, name in external_imports(QT_MODULES)
        if module.split(".")[0] in PRODUCT and not module.startswith("ui")
    )
    assert outside == []


def test_the_rules_catch_a_violation(tmp_path: Path) -> None:
    """GIVEN a made-up graph with a cycle through three modules THEN it is found; a chain is not."""
    edges = {"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}), "d": frozenset({"a"})}
    assert strongly_connected(edges) == [["a", "b", "c"]]
    assert strongly_connected({"a": frozenset({"b"}), "b": frozenset()}) == []
