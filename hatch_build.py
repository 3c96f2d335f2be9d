"""Wheel build hook: compile the built-in pack (``.po`` -> ``.mo``, YAML -> ``bundle.json``) and
the built-in templates (Jinja -> Python modules).

The compiled files are never committed; they are written to a temporary folder and mapped into
``distress_tolerance/_pack/`` beside the ``data/`` and ``locales/`` sources.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PackBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile the content pack into the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the YAML and .po files directly
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from distress_tolerance._tools.build import compile_pack, compile_templates
        finally:
            sys.path.pop(0)
        self._tmp = tempfile.TemporaryDirectory(prefix="distress-tolerance-build-")
        out = Path(self._tmp.name)
        for relative in [*compile_pack(root, out), *compile_templates(root, out)]:
            build_data["force_include"][str(out / relative)] = (
                f"distress_tolerance/_pack/{relative.as_posix()}"
            )

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            tmp.cleanup()
