"""The package's layers point one way (docs/architecture.md).

Every module of ``distress_tolerance`` is parsed with :mod:`ast`; imports at the top of a module and
inside functions count alike, as do ``from . import x``, ``importlib.import_module("...")`` and the
module paths of the package's lazy attribute table. Each failure names the offending edge
(``module -> module, file:line``).

``python -m tests.test_architecture`` prints the graph between layers and the module count per layer.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = "distress_tolerance"
SRC = Path(__file__).resolve().parent.parent / "src" / PACKAGE
ROOT = SRC.parent.parent

RUNTIME = frozenset({"_content", "_i18n", "_safety", "_render", "_play", "_channels"})
"""Private layers a host's process runs; they never reach tooling or the CLI."""
BELOW = {
    "_content": frozenset({"_i18n", "_safety", "_render", "_play", "_channels"}),
    "_i18n": frozenset({"_safety", "_render", "_play", "_channels"}),
    "_safety": frozenset({"_render", "_play", "_channels"}),
    "_render": frozenset({"_channels"}),
    "_play": frozenset({"_channels"}),
}
"""What a layer must not import: the layers above it."""
FACADE_EXEMPT = frozenset({PACKAGE, f"{PACKAGE}.cli", f"{PACKAGE}.types"})
"""``distress_tolerance`` re-exports ``export``/``lint_pack``/... lazily (public API), and ``types`` the
types they return; ``cli`` is the CLI."""


@dataclass(frozen=True)
class Edge:
    """One import: ``source`` imports ``target`` at ``path:line``."""

    source: str
    target: str
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} ({self.path.relative_to(ROOT).as_posix()}:{self.line})"


def module_name(path: Path) -> str:
    """The dotted name of a source file of the package."""
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    return {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The package module ``name`` refers to (an attribute's module for ``pkg.mod.attr``)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str, path: Path, known: dict[str, Path]) -> list[Edge]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - node.level + 1]
                prefix = ".".join(anchor + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # ``from pkg import mod`` imports a module; ``from mod import name`` the module itself
            found += [(f"{prefix}.{alias.name}", node.lineno) for alias in node.names]
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith(f"{PACKAGE}.")
            and " " not in node.value
        ):  # import_module("distress_tolerance.x") and lazy tables of module paths
            found.append((node.value, node.lineno))
    edges = []
    for name, line in found:
        target = _resolve(name, known)
        if target is not None and target != module:
            edges.append(Edge(module, target, path, line))
    return edges


@cache
def edges() -> tuple[Edge, ...]:
    """Every import edge between the package's modules."""
    known = modules()
    return tuple(e for name, path in known.items() for e in _imports(name, path, known))


def layer(module: str) -> str:
    """A module's layer: its private subpackage (``_content``, ...), else ``facade`` (public modules).

    The public ``testing`` subpackage is a layer of its own; a flat private module is its own name.
    """
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__main__":
        return "facade"
    first = parts[1]
    if len(parts) > 2 or (SRC / first).is_dir():
        return first
    return first if first.startswith("_") else "facade"


def shown(module: str) -> str:
    """How the printed graph names a module's place: its layer, or a public module by name."""
    name = layer(module)
    if name != "facade":
        return name
    return module.removeprefix(f"{PACKAGE}.") if module != PACKAGE else "__init__"


def find_cycle() -> list[Edge]:
    """The edges of one import cycle among the package's modules, or [] when there is none."""
    graph: dict[str, list[Edge]] = defaultdict(list)
    for edge in edges():
        graph[edge.source].append(edge)
    state: dict[str, int] = {}
    stack: list[Edge] = []

    def visit(node: str) -> list[Edge]:
        state[node] = 1
        for edge in graph[node]:
            if state.get(edge.target) == 1:  # on the current path: a cycle closes here
                start = next(i for i, e in enumerate(stack) if e.source == edge.target)
                return [*stack[start:], edge]
            if edge.target not in state:
                stack.append(edge)
                cycle = visit(edge.target)
                if cycle:
                    return cycle
                stack.pop()
        state[node] = 2
        return []

    for node in sorted(modules()):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return []


def tangles() -> list[list[str]]:
    """The package's strongly connected components of more than one module (each one a cycle knot)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in edges():
        graph[edge.source].add(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(modules()):
        if node not in index:
            connect(node)
    return found


def _report(bad: list[Edge], rule: str) -> str:
    return f"{rule}:\n  " + "\n  ".join(str(e) for e in bad)


def test_the_graph_sees_every_kind_of_import() -> None:
    """Function-level imports and the facade's lazy table are edges too (else the rules see nothing)."""
    pairs = {(e.source, e.target) for e in edges()}
    assert (PACKAGE, f"{PACKAGE}.render") in pairs  # the lazy table of __init__
    assert (f"{PACKAGE}.cli", f"{PACKAGE}.library") in pairs  # imported inside a function
    assert len(modules()) > 40


def test_no_import_cycle() -> None:
    """No cycle among the package's modules, imports inside functions included."""
    cycle = find_cycle()
    assert not cycle, _report(cycle, "import cycle")


def test_runtime_never_imports_tools_or_cli() -> None:
    """What a host's process runs never reaches contributor tooling or the CLI."""
    bad = [
        e
        for e in edges()
        if e.source not in FACADE_EXEMPT
        and (layer(e.source) in RUNTIME or layer(e.source) == "facade")
        and layer(e.target) in {"_tools", "_cli"}
    ]
    assert not bad, _report(bad, "a runtime module imports tooling or the CLI")


def test_lower_layers_never_import_upper_ones() -> None:
    """Content knows no locales or rendering; i18n knows no rendering or playback."""
    bad = [e for e in edges() if layer(e.target) in BELOW.get(layer(e.source), frozenset())]
    assert not bad, _report(bad, "a lower layer imports an upper one")


def test_only_the_cli_entry_point_imports_the_cli_layer() -> None:
    """``_cli`` is reached from ``distress_tolerance.cli`` only (and from itself)."""
    bad = [
        e
        for e in edges()
        if layer(e.target) == "_cli" and layer(e.source) != "_cli" and e.source != f"{PACKAGE}.cli"
    ]
    assert not bad, _report(bad, "the CLI layer is imported from outside the CLI")


def _reach(start: str) -> dict[str, Edge | None]:
    """Every module ``start`` imports, directly or not, with the edge that first reached it."""
    graph: dict[str, list[Edge]] = defaultdict(list)
    for edge in edges():
        graph[edge.source].append(edge)
    seen: dict[str, Edge | None] = {start: None}
    todo = [start]
    while todo:
        for edge in graph[todo.pop()]:
            if edge.target not in seen:
                seen[edge.target] = edge
                todo.append(edge.target)
    return seen


BUILD_MODULE = f"{PACKAGE}._tools.build"
BUILD_MAY_REACH = frozenset({"_content", "_i18n", "_tools", "facade"})
BUILD_FACADE = frozenset({f"{PACKAGE}.exceptions", f"{PACKAGE}.models", f"{PACKAGE}.extract", PACKAGE})
BUILD_TOOLS = frozenset({BUILD_MODULE, f"{PACKAGE}._tools"})
BUILD_RENDER = frozenset({f"{PACKAGE}._render.environment", f"{PACKAGE}._render"})  # compiles templates


def test_the_build_hook_imports_only_what_it_compiles() -> None:
    """hatch_build.py imports the build module, which reaches content and i18n only, and the
    templates' environment (to compile them).

    Compiling a wheel must not import the renderer, the player, the CLI or another contributor tool.
    """
    hook = (ROOT / "hatch_build.py").read_text(encoding="utf-8")
    assert f"from {BUILD_MODULE} import compile_pack" in hook
    reached = _reach(BUILD_MODULE)
    bad = [
        edge
        for target, edge in reached.items()
        if edge is not None
        and (
            (layer(target) not in BUILD_MAY_REACH and target not in BUILD_RENDER)
            or (layer(target) == "facade" and target not in BUILD_FACADE)
            or (layer(target) == "_tools" and target not in BUILD_TOOLS)
        )
    ]
    assert not bad, _report(bad, "the wheel build reaches beyond content, i18n and the build itself")


def layer_graph() -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Module count per layer, and import count per (place -> place) between different places.

    Places are the private layers and, by name, the public modules (see :func:`shown`).
    """
    counts = Counter(layer(m) for m in modules())
    between = Counter(
        (shown(e.source), shown(e.target)) for e in edges() if shown(e.source) != shown(e.target)
    )
    return counts, between


def main() -> None:
    """Print the layers, their module counts and the imports between them."""
    counts, between = layer_graph()
    print(f"{len(modules())} modules, {len(edges())} import edges")
    print("modules per layer:")
    for name, count in sorted(counts.items()):
        print(f"  {name:<12} {count}")
    print("imports between layers and public modules (source -> target: count):")
    for (source, target), count in sorted(between.items()):
        print(f"  {source:<12} -> {target:<12} {count}")
    knots = tangles()
    print("modules in import cycles:", "; ".join(", ".join(k) for k in knots) if knots else "none")
    cycle = find_cycle()
    print("one cycle:", "\n  ".join(["", *map(str, cycle)]) if cycle else "none")


if __name__ == "__main__":
    sys.exit(main())
