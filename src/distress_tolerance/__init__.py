"""distress_tolerance: DBT-informed distress tolerance skills as validated, translatable data.

Load the content, look a technique up, render it::

    import distress_tolerance as dt

    library = dt.load()
    renderer = dt.Renderer(library)
    print(renderer.render("contrary-action", format="text", locale="es", region="US"))

Nothing is read from disk and neither Jinja nor Babel is imported until first needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from distress_tolerance._lazy import lazy_attributes
from distress_tolerance.exceptions import (
    ArgumentError,
    CatalogError,
    CatalogWarning,
    ContentError,
    DistressToleranceError,
    ExportError,
    LocaleFallbackWarning,
    RenderError,
    UnknownLocaleError,
    UnknownRegionError,
    UnknownTechniqueError,
)

if TYPE_CHECKING:
    __version__: str
    from distress_tolerance._channels.crisis_card import CrisisCard, crisis_card
    from distress_tolerance._channels.fhir import (
        activity_definition,
        fhir_bundle,
        fhir_resources,
        safety_plan_questionnaire,
    )
    from distress_tolerance._channels.retrieval import RetrievalDocument, retrieval_documents
    from distress_tolerance._channels.tools import call_tool, tool_definitions
    from distress_tolerance._i18n.locale import negotiate, parse_locale, text_direction
    from distress_tolerance._render.jsonld import first_hour_jsonld, script_json, technique_jsonld
    from distress_tolerance._render.reframes import draw_reframe
    from distress_tolerance._render.suggest import Suggestions, suggest
    from distress_tolerance._safety.reply import ReplyCheck, ReplyFinding, check_reply
    from distress_tolerance._tools.crisis_check import stale_services
    from distress_tolerance._tools.export import export
    from distress_tolerance._tools.i18n_stats import TranslationStatus, translation_status
    from distress_tolerance._tools.lint import lint_pack
    from distress_tolerance.library import Library, clear_caches, load
    from distress_tolerance.localized import LocalizedTechnique
    from distress_tolerance.models import CrisisService, PlanContact, Reframe, SafetyPlan, Technique
    from distress_tolerance.render import Renderer

__all__ = [
    "ArgumentError",
    "CatalogError",
    "CatalogWarning",
    "ContentError",
    "CrisisCard",
    "CrisisService",
    "DistressToleranceError",
    "ExportError",
    "Library",
    "LocaleFallbackWarning",
    "LocalizedTechnique",
    "PlanContact",
    "Reframe",
    "RenderError",
    "Renderer",
    "ReplyCheck",
    "ReplyFinding",
    "RetrievalDocument",
    "SafetyPlan",
    "Suggestions",
    "Technique",
    "TranslationStatus",
    "UnknownLocaleError",
    "UnknownRegionError",
    "UnknownTechniqueError",
    "__version__",
    "activity_definition",
    "call_tool",
    "check_reply",
    "clear_caches",
    "crisis_card",
    "draw_reframe",
    "export",
    "fhir_bundle",
    "fhir_resources",
    "first_hour_jsonld",
    "lint_pack",
    "load",
    "negotiate",
    "parse_locale",
    "retrieval_documents",
    "safety_plan_questionnaire",
    "script_json",
    "stale_services",
    "suggest",
    "technique_jsonld",
    "text_direction",
    "tool_definitions",
    "translation_status",
]

_LAZY = {
    "CrisisCard": "distress_tolerance._channels.crisis_card",
    "crisis_card": "distress_tolerance._channels.crisis_card",
    "ReplyCheck": "distress_tolerance._safety.reply",
    "ReplyFinding": "distress_tolerance._safety.reply",
    "check_reply": "distress_tolerance._safety.reply",
    "first_hour_jsonld": "distress_tolerance._render.jsonld",
    "script_json": "distress_tolerance._render.jsonld",
    "technique_jsonld": "distress_tolerance._render.jsonld",
    "call_tool": "distress_tolerance._channels.tools",
    "tool_definitions": "distress_tolerance._channels.tools",
    "activity_definition": "distress_tolerance._channels.fhir",
    "fhir_bundle": "distress_tolerance._channels.fhir",
    "fhir_resources": "distress_tolerance._channels.fhir",
    "safety_plan_questionnaire": "distress_tolerance._channels.fhir",
    "RetrievalDocument": "distress_tolerance._channels.retrieval",
    "retrieval_documents": "distress_tolerance._channels.retrieval",
    "export": "distress_tolerance._tools.export",
    "lint_pack": "distress_tolerance._tools.lint",
    "suggest": "distress_tolerance._render.suggest",
    "Suggestions": "distress_tolerance._render.suggest",
    "draw_reframe": "distress_tolerance._render.reframes",
    "stale_services": "distress_tolerance._tools.crisis_check",
    "Library": "distress_tolerance.library",
    "clear_caches": "distress_tolerance.library",
    "load": "distress_tolerance.library",
    "LocalizedTechnique": "distress_tolerance.localized",
    "CrisisService": "distress_tolerance.models",
    "Reframe": "distress_tolerance.models",
    "SafetyPlan": "distress_tolerance.models",
    "PlanContact": "distress_tolerance.models",
    "Technique": "distress_tolerance.models",
    "Renderer": "distress_tolerance.render",
    "negotiate": "distress_tolerance._i18n.locale",
    "TranslationStatus": "distress_tolerance._tools.i18n_stats",
    "translation_status": "distress_tolerance._tools.i18n_stats",
    "parse_locale": "distress_tolerance._i18n.locale",
    "text_direction": "distress_tolerance._i18n.locale",
}


# Hidden from type checkers: they see the names imported above, so a typo such as ``dt.lod``
# fails mypy instead of resolving to Any.
if not TYPE_CHECKING:
    _lazy_attribute = lazy_attributes(__name__, _LAZY, globals())

    def __getattr__(name: str) -> Any:
        if name == "__version__":
            from importlib.metadata import version

            return version("distress-tolerance")
        return _lazy_attribute(name)


def __dir__() -> list[str]:
    return sorted(__all__)
