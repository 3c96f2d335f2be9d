"""The installed package's version, read once from its metadata (the one place that reads it)."""

from __future__ import annotations

from functools import cache


@cache
def package_version() -> str:
    """``distress-tolerance``'s version, or ``unknown`` in a tree that was never installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("distress-tolerance")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "unknown"
