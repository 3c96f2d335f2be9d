"""The public API is closed: every type a public function or method takes or returns (and every
type inside a returned model) can be imported from a public module, and docs/api.md documents each
class at its public path.

Annotations are read as written (``from __future__ import annotations``) and resolved in the
defining module, ``if TYPE_CHECKING:`` imports included, so a private type named only for type
checkers counts too.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import re
import sys
from functools import cache
from types import ModuleType
from typing import Any

from pydantic import BaseModel

import distress_tolerance as dt
from tests.conftest import ROOT

PUBLIC_MODULES = (
    "distress_tolerance",
    "distress_tolerance.models",
    "distress_tolerance.localized",
    "distress_tolerance.render",
    "distress_tolerance.player",
    "distress_tolerance.exceptions",
    "distress_tolerance.types",
)
_NAME = re.compile(r"[A-Za-z_][\w.]*")


@cache
def _imported_names(module_name: str) -> dict[str, tuple[str, str | None]]:
    """Every name a module imports anywhere (``if TYPE_CHECKING:`` blocks included)."""
    tree = ast.parse(inspect.getsource(sys.modules[module_name]))
    names: dict[str, tuple[str, str | None]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.update({a.asname or a.name: (node.module, a.name) for a in node.names})
        elif isinstance(node, ast.Import):
            names.update({a.asname or a.name.split(".")[0]: (a.name, None) for a in node.names})
    return names


def _resolve(name: str, module: ModuleType) -> object:
    head, *rest = name.split(".")
    found: object = module.__dict__.get(head)
    if found is None and head in _imported_names(module.__name__):
        source, attribute = _imported_names(module.__name__)[head]
        imported = importlib.import_module(source)
        found = imported if attribute is None else getattr(imported, attribute, None)
    for part in rest:
        found = getattr(found, part, None)
    return found


def _ours(obj: object) -> bool:
    return inspect.isclass(obj) and obj.__module__.split(".")[0] == "distress_tolerance"


def _annotation_classes(annotation: object, module: ModuleType) -> set[type]:
    if not isinstance(annotation, str):
        return set()
    return {found for name in _NAME.findall(annotation) if _ours(found := _resolve(name, module))}  # type: ignore[misc]


def _signature_classes(function: Any) -> set[type]:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return set()
    module = sys.modules[function.__module__]
    annotations = [p.annotation for p in signature.parameters.values()] + [signature.return_annotation]
    return {cls for annotation in annotations for cls in _annotation_classes(annotation, module)}


def _field_classes(cls: type) -> set[type]:
    module = sys.modules[cls.__module__]
    if issubclass(cls, BaseModel):
        raw = [
            str(f.annotation) if not isinstance(f.annotation, str) else f.annotation
            for f in cls.model_fields.values()
        ]
        annotations = {a for base in cls.__mro__ for a in getattr(base, "__annotations__", {}).values()}
        return {c for a in annotations for c in _annotation_classes(a, module)} | {
            c for a in raw for c in _annotation_classes(a, module)
        }
    if dataclasses.is_dataclass(cls):
        return {c for f in dataclasses.fields(cls) for c in _annotation_classes(f.type, module)}
    return set()


def _members(cls: type) -> list[Any]:
    found = []
    for name, member in vars(cls).items():
        if name.startswith("_") and name != "__init__":
            continue
        function = member.fget if isinstance(member, property) else member
        if isinstance(function, (staticmethod, classmethod)):
            function = function.__func__
        if inspect.isfunction(function):
            found.append(function)
    return found


def reachable_types() -> dict[type, str]:
    """Every package class a public function, method or returned model shows a host, with where."""
    seen: dict[type, str] = {}
    todo: list[tuple[type, str]] = []
    for name in dt.__all__:
        obj = getattr(dt, name)
        functions = [obj] if inspect.isfunction(obj) else _members(obj) if inspect.isclass(obj) else []
        if _ours(obj):
            todo.append((obj, f"dt.{name}"))
        for function in functions:
            todo += [(cls, f"dt.{name} ({function.__name__})") for cls in _signature_classes(function)]
    while todo:
        cls, where = todo.pop()
        if cls in seen:
            continue
        seen[cls] = where
        todo += [(c, f"{where} -> {cls.__name__}") for c in _field_classes(cls)]
        todo += [
            (c, f"{where} -> {cls.__name__}.{f.__name__}")
            for f in _members(cls)
            for c in _signature_classes(f)
        ]
    return seen


def public_home(cls: type) -> str | None:
    for module in PUBLIC_MODULES:
        if getattr(importlib.import_module(module), cls.__name__, None) is cls:
            return f"{module}.{cls.__name__}"
    return None


def test_every_type_the_api_shows_is_importable_from_a_public_module() -> None:
    types = reachable_types()
    assert len(types) > 40  # the walk sees models, views, results and errors
    homeless = sorted(
        f"{c.__module__}.{c.__qualname__} (via {where})" for c, where in types.items() if not public_home(c)
    )
    assert not homeless, "private types in the public API:\n  " + "\n  ".join(homeless)


def test_the_walk_finds_types_only_named_for_type_checkers() -> None:
    """Suggestion (inside Suggestions) and Translator (Library.translator, a TYPE_CHECKING import) count."""
    names = {c.__name__ for c in reachable_types()}
    assert {"Suggestion", "SuggestionReason", "Translator", "Pack", "CrisisRoute", "Finding"} <= names


def test_the_api_reference_documents_every_class_at_its_public_path() -> None:
    """docs/api.md documents the package, the models, the localized views and ``types``; a class
    is never documented at a private path."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    targets = re.findall(r"^::: ([\w.]+)", text, flags=re.MULTILINE)
    for module in (
        "distress_tolerance",
        "distress_tolerance.models",
        "distress_tolerance.localized",
        "distress_tolerance.types",
    ):
        assert module in targets, module
    private = []
    for target in targets:
        module_name, _, name = target.rpartition(".")
        if "._" in target and inspect.isclass(getattr(importlib.import_module(module_name), name, None)):
            private.append(target)
    assert not private, f"classes documented at private paths: {private}"
    types = importlib.import_module("distress_tolerance.types")
    assert set(types.__all__) == {n for n in types.__all__ if inspect.isclass(getattr(types, n))}
