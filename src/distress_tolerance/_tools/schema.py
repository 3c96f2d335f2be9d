"""Generated documentation: the JSON Schemas (``docs/schema/``) and the catalog page (``docs/catalog.md``).

Regenerate both with ``python -m distress_tolerance._tools.schema``; tests prove them current.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distress_tolerance._content.plan import SafetyPlan
from distress_tolerance.localized import (
    FirstHourDocument,
    LocalizedTechnique,
    PlanDocument,
    TechniqueDocument,
)
from distress_tolerance.models import (
    CrisisService,
    EmergencyNumbers,
    FirstHour,
    PackContent,
    Reframe,
    SafetyPlanForm,
    Technique,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from distress_tolerance.library import Library


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for every published format."""
    from distress_tolerance._channels.retrieval import RetrievalDocument

    return {
        "technique.schema.json": Technique.model_json_schema(),
        "reframe.schema.json": Reframe.model_json_schema(),
        "crisis-service.schema.json": CrisisService.model_json_schema(),
        "emergency-numbers.schema.json": EmergencyNumbers.model_json_schema(),
        "bundle.schema.json": PackContent.model_json_schema(),
        "localized-technique.schema.json": LocalizedTechnique.model_json_schema(mode="serialization"),
        "technique-document.schema.json": TechniqueDocument.model_json_schema(mode="serialization"),
        "first-hour.schema.json": FirstHour.model_json_schema(),
        "first-hour-document.schema.json": FirstHourDocument.model_json_schema(mode="serialization"),
        "safety-plan-form.schema.json": SafetyPlanForm.model_json_schema(),
        "safety-plan.schema.json": SafetyPlan.model_json_schema(),
        "plan-document.schema.json": PlanDocument.model_json_schema(mode="serialization"),
        "retrieval-document.schema.json": RetrievalDocument.model_json_schema(mode="serialization"),
    }


def render_schema(schema: dict[str, Any]) -> str:
    """A schema as committed: sorted keys, two-space indent, final newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def catalog_page() -> str:
    """The docs page listing every built-in technique, generated from the data."""
    from distress_tolerance.library import load

    library = load()

    def cell(text: str) -> str:
        return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")

    lines = [
        "# Catalog",
        "",
        "<!-- Generated from data/ by `python -m distress_tolerance._tools.schema`: do not edit by hand. -->",
        "",
        f"{len(library)} techniques, {len(library.reframes())} reframes, crisis services for "
        f"{len(library.regions())} regions ({', '.join(library.regions())}). Every technique is a **draft**: "
        "nobody has clinically reviewed it yet.",
        "",
        "| Technique | Id | Category | Distress | When | Minutes | Where | Sources | Review | Version |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for t in library.techniques():
        when = " and ".join(
            "in a crisis" if m.value == "crisis" else "practise when calm" for m in t.when.moments
        )
        where = ", ".join(s.value for s in t.when.settings) + (" (discreet)" if t.when.discreet else "")
        sources = "; ".join(f"{cell(_short(s.citation))} ({s.use.value})" for s in t.sources)
        distress = f"{t.when.distress.min}-{t.when.distress.max}"
        cells = [cell(t.title), f"`{t.id}`", t.category.value, distress, when, str(t.when.minutes), where]
        cells += [sources, t.review.status.value, str(t.version)]
        lines.append(f"| {' | '.join(cells)} |")
    lines += ["", "## Reframe themes", "", "| Theme | Reframes |", "|---|---|"]
    for theme in sorted({r.theme.value for r in library.reframes()}):
        lines.append(f"| {theme} | {len(library.reframes(theme=theme))} |")
    lines += _crisis_lines(library, cell)
    return "\n".join(lines) + "\n"


def _crisis_lines(library: Library, cell: Callable[[str], str]) -> list[str]:
    """The crisis directory: per region, its emergency numbers, its lines and what is unconfirmed."""
    from distress_tolerance._content.pack import builtin_pack

    notes = {n.region: n for n in builtin_pack().read().crisis_regions}
    regions = sorted(set(library.regions()) | set(library.emergency_regions()))
    services = [s for r in library.regions() for s in library.crisis_services(r)]
    lines = [
        "",
        "## Crisis directory",
        "",
        f"Emergency numbers for {len(library.emergency_regions())} regions; {len(services)} crisis and "
        f"support services in {len(library.regions())} regions. How the data is kept: "
        "[The crisis directory](crisis.md).",
        "",
        "| Region | Emergency numbers | Confidence | Lines | Confidence of the lines | Checked |",
        "|---|---|---|---|---|---|",
    ]
    for region in regions:
        emergency = library.emergency_numbers(region)
        numbers = (
            ", ".join(f"{n.number} ({'/'.join(s.value for s in n.services)})" for n in emergency.numbers)
            if emergency
            else "not recorded"
        )
        found = library.crisis_services(region)
        names = "; ".join(cell(s.name) for s in found) or "none yet"
        levels = ", ".join(sorted({s.confidence.value for s in found})) or "-"
        note = notes.get(region)
        checked = note.checked.isoformat() if note else "-"
        level = emergency.confidence.value if emergency else "-"
        lines.append(f"| {region} | {numbers} | {level} | {names} | {levels} | {checked} |")
    lines += ["", "### What a reviewer should check first", ""]
    for region in sorted(notes):
        for item in notes[region].unconfirmed:
            lines.append(f"- **{region}**: {cell(item)}")
    return lines


def _short(citation: str) -> str:
    """``Linehan, M. M. (2015). DBT Skills...`` -> ``Linehan, M. M. (2015)``."""
    match = re.match(r"^(.*?\(\d{4}[^)]*\))", citation)
    return match.group(1) if match else citation[:60]


def main(argv: list[str] | None = None) -> int:
    """Write every schema into ``docs/schema`` (with ``tools.json``, the chat-bot tool definitions)
    and the catalog page to ``docs/catalog.md``."""
    from distress_tolerance._channels.tools import tools_file

    docs = Path((argv or sys.argv[1:] or ["docs"])[0])
    folder = docs / "schema"
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas().items():
        (folder / name).write_text(render_schema(schema), encoding="utf-8")
    (folder / "tools.json").write_text(tools_file(), encoding="utf-8")
    (docs / "catalog.md").write_text(catalog_page(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
