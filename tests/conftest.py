"""Shared fixtures: the built-in library, a renderer, and a factory for throw-away packs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import distress_tolerance as dt
from distress_tolerance._pack import builtin_pack

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "fuzz", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shipped_locales() -> list[str]:
    """Every locale with a catalog in the built-in pack."""
    return sorted(p.parent.parent.name for p in (ROOT / "locales").glob("*/LC_MESSAGES/*.po"))


@pytest.fixture(scope="session")
def library() -> dt.Library:
    """The built-in library."""
    return dt.load()


@pytest.fixture(scope="session")
def renderer(library: dt.Library) -> dt.Renderer:
    """A renderer over the built-in library."""
    return dt.Renderer(library)


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Path]:
    """Create a pack folder from {relative path: text}; ``base=True`` copies the built-in data first."""

    def make(files: dict[str, str], *, base: bool = False) -> Path:
        root = tmp_path / "pack"
        if base:
            shutil.copytree(builtin_pack().root / "data", root / "data")
        (root / "data").mkdir(parents=True, exist_ok=True)
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    yield
    from distress_tolerance._catalog import clear_catalog_cache

    clear_catalog_cache()
