"""Localize the first hour after self-harm and the safety plan's form.

Texts are looked up through the same field table the extractor walks
(:func:`~distress_tolerance._i18n.fields.guidance_fields`), by their place in the model: no message
context is written out here.
"""

from __future__ import annotations

from distress_tolerance._i18n.fields import guidance_fields
from distress_tolerance._i18n.locale import language_tag, text_direction
from distress_tolerance._i18n.translate import Translator, content_locale, translate_fields
from distress_tolerance.localized import (
    LocalizedFirstHour,
    LocalizedGuidanceItem,
    LocalizedGuidanceSection,
    LocalizedPlanForm,
    LocalizedPlanSection,
    TechniqueLink,
)
from distress_tolerance.models import FirstHour, SafetyPlanForm

__all__ = ["localize_first_hour", "localize_plan_form"]


def _root(translator: Translator) -> dict[str, str]:
    root = content_locale(translator)
    return {"locale": translator.locale, "lang": language_tag(root), "dir": text_direction(root)}


def localize_first_hour(
    source: FirstHour,
    links: tuple[TechniqueLink, ...],
    translator: Translator,
    *,
    require_reviewed: bool = False,
) -> LocalizedFirstHour:
    """The first hour in the translator's locale. All of it is safety text: with
    ``require_reviewed`` an unreviewed translation gives way to English."""
    t, fallback = translate_fields(guidance_fields(source), translator, require_reviewed=require_reviewed)
    sections = tuple(
        LocalizedGuidanceSection(
            id=section.id,
            urgency=section.urgency,
            heading=t["sections", i, "heading"],
            intro=t.get(("sections", i, "intro")),
            items=tuple(
                LocalizedGuidanceItem(id=item.id, text=t["sections", i, "items", j, "text"])
                for j, item in enumerate(section.items)
            ),
        )
        for i, section in enumerate(source.sections)
    )
    return LocalizedFirstHour(
        id=source.id,
        version=source.version,
        **_root(translator),
        title=t["title",],
        summary=t["summary",],
        content_note=t["content_note",],
        sections=sections,
        closing=t["closing",],
        techniques=links,
        sources=source.sources,
        review=source.review,
        license=source.license,
        safety_fallback=fallback,
    )


def localize_plan_form(source: SafetyPlanForm, translator: Translator) -> LocalizedPlanForm:
    """The safety plan's headings and prompts in the translator's locale."""
    t, _ = translate_fields(guidance_fields(source), translator, require_reviewed=False)
    sections = tuple(
        LocalizedPlanSection(
            id=section.id,
            heading=t["sections", i, "heading"],
            prompt=t["sections", i, "prompt"],
            hint=t.get(("sections", i, "hint")),
        )
        for i, section in enumerate(source.sections)
    )
    return LocalizedPlanForm(
        id=source.id,
        version=source.version,
        **_root(translator),
        title=t["title",],
        intro=t["intro",],
        privacy=t["privacy",],
        sections=sections,
        closing=t["closing",],
        sources=source.sources,
        review=source.review,
        license=source.license,
    )
