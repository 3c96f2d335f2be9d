"""The published JSON Schemas of the data formats (``docs/schema/``).

Regenerate with ``python -m distress_tolerance._schema docs/schema``; a test proves them current.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from distress_tolerance.localized import LocalizedTechnique, TechniqueDocument
from distress_tolerance.models import CrisisService, PackContent, Reframe, Technique


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for every published format."""
    return {
        "technique.schema.json": Technique.model_json_schema(),
        "reframe.schema.json": Reframe.model_json_schema(),
        "crisis-service.schema.json": CrisisService.model_json_schema(),
        "bundle.schema.json": PackContent.model_json_schema(),
        "localized-technique.schema.json": LocalizedTechnique.model_json_schema(mode="serialization"),
        "technique-document.schema.json": TechniqueDocument.model_json_schema(mode="serialization"),
    }


def render_schema(schema: dict[str, Any]) -> str:
    """A schema as committed: sorted keys, two-space indent, final newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write every schema into the folder given (default ``docs/schema``)."""
    folder = Path((argv or sys.argv[1:] or ["docs/schema"])[0])
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas().items():
        (folder / name).write_text(render_schema(schema), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
