"""Module attributes imported on first use: the package and ``types`` import nothing up front."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_attributes"]


def lazy_attributes(module: str, table: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``name`` from ``table[name]`` (a module path) on first
    use and keeps it in ``namespace`` (the module's globals), so later lookups cost nothing."""

    def __getattr__(name: str) -> Any:
        source = table.get(name)
        if source is None:
            msg = f"module {module!r} has no attribute {name!r}"
            raise AttributeError(msg)
        from importlib import import_module

        value = getattr(import_module(source), name)
        namespace[name] = value
        return value

    return __getattr__
