"""The safety plan's form as a FHIR R4 ``Questionnaire``.

Items, in order: a display item with crisis help (the templates' own wording, so it is translated
and reviewed like theirs), one ``group`` per part of the plan (its heading) holding a repeating
``text`` question (its prompt; at most :data:`MAX_ENTRIES` answers of :data:`MAX_ENTRY_LENGTH`
characters, as the ``SafetyPlan`` model allows) and a display item with its hint, then a display
item with the closing words. Left out: the privacy note (it promises the plan stays on the reader's
device, which a clinic system that stores answers cannot keep) and the hint of ``professionals``
(it promises crisis lines this library adds, which a questionnaire does not).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from distress_tolerance._channels.fhir_elements import (
    DRAFT_NOTICE,
    PUBLISHER,
    Elements,
    compose,
    publication_status,
    review_elements,
)
from distress_tolerance._content.plan import MAX_ENTRIES, MAX_ENTRY_LENGTH
from distress_tolerance._render.formats import markdown_escape
from distress_tolerance.localized import LocalizedPlanForm, LocalizedText
from distress_tolerance.models import PlanPart, ReviewStatus, SafetyPlanForm

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["CRISIS_HELP", "MAX_OCCURS_EXTENSION", "questionnaire"]

MAX_OCCURS_EXTENSION = "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs"
"""FHIR R4 core extension: the most answers a repeating question takes."""
CRISIS_HELP = (
    "If you are in danger or might act on thoughts of harming yourself, contact emergency "
    "services or a crisis line now. You do not have to go through this alone.",
    "Call your local emergency number, or go to the nearest emergency department.",
)
"""The crisis route's words (message context ``crisis``) when no region is known."""
_NO_HINT = frozenset({PlanPart.PROFESSIONALS})


def questionnaire(elements: Elements, base: str) -> dict[str, Any] | None:
    """The questionnaire (see the module's docstring), or None when no pack has a plan's form."""
    from distress_tolerance.library import load

    library = elements.library
    source = library.safety_plan_form()
    if source is None:
        return None
    lang = library.localize_plan_form(elements.locale).lang
    ours = load().safety_plan_form()
    host = ours is None or (ours is not source and ours != source)

    def local(locale: str) -> LocalizedPlanForm:
        return library.localize_plan_form(locale)

    def text(make: Callable[[str], LocalizedText | None]) -> dict[str, Any]:
        return elements.element("text", make, lang=lang)

    review = review_elements(source.review)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": source.id,
        "language": lang,
        "url": f"{base}/Questionnaire/{source.id}",
        "version": str(source.version),
        "name": "SafetyPlan",
        **elements.element("title", lambda loc: local(loc).title, lang=lang),
        "status": publication_status(source.review),
        "experimental": False,
        "subjectType": ["Patient"],
        "date": review.pop("date"),
    }
    if not host:
        resource["publisher"] = PUBLISHER
    resource |= {
        **elements.element(
            "description",
            lambda loc: _description(elements, source, local(loc), loc),
            lang=lang,
            markdown=True,
        ),
        "purpose": _sources(source),
        **elements.element(
            "copyright",
            lambda loc: elements.license_text(loc, source.license, host=host),
            lang=lang,
            markdown=True,
        ),
    }
    review.pop("reviewer", None)  # R4 Questionnaire has no reviewer element
    resource |= review
    crisis = {
        "linkId": "crisis-help",
        **text(lambda loc: compose([elements.ui(loc, m, "crisis") for m in CRISIS_HELP], " ".join)),
        "type": "display",
    }
    closing = {"linkId": "closing", **text(lambda loc: local(loc).closing), "type": "display"}
    resource["item"] = [
        crisis,
        *(_part(elements, source, i, local, text) for i in range(len(source.sections))),
        closing,
    ]
    return resource


def _part(
    elements: Elements,
    source: SafetyPlanForm,
    index: int,
    local: Callable[[str], LocalizedPlanForm],
    text: Callable[[Callable[[str], LocalizedText | None]], dict[str, Any]],
) -> dict[str, Any]:
    section = source.sections[index]
    part = section.id.value
    question = {
        "extension": [{"url": MAX_OCCURS_EXTENSION, "valueInteger": MAX_ENTRIES}],
        "linkId": f"{part}.entries",
        **text(lambda loc: local(loc).sections[index].prompt),
        "type": "text",
        "repeats": True,
        "maxLength": MAX_ENTRY_LENGTH,
    }
    items = [question]
    if section.hint is not None and section.id not in _NO_HINT:
        items.append(
            {"linkId": f"{part}.hint", **text(lambda loc: local(loc).sections[index].hint), "type": "display"}
        )
    return {
        "linkId": part,
        **text(lambda loc: local(loc).sections[index].heading),
        "type": "group",
        "item": items,
    }


def _description(
    elements: Elements, source: SafetyPlanForm, form: LocalizedPlanForm, locale: str
) -> LocalizedText:
    """Markdown: the draft notice (unreviewed content), then the introduction, escaped."""
    parts = [form.intro]
    if source.review.status is not ReviewStatus.REVIEWED:
        parts.insert(0, elements.ui(locale, DRAFT_NOTICE))
    escaped = [part.model_copy(update={"text": markdown_escape(part.text)}) for part in parts]
    if len(escaped) == 1:
        return escaped[0]
    return compose(escaped, lambda texts: f"*{texts[0]}*\n\n{texts[1]}")


def _sources(source: SafetyPlanForm) -> str:
    """Markdown list of the citations the form follows (R4 Questionnaire has no relatedArtifact)."""
    lines = []
    for s in source.sources:
        lines.append(f"- {markdown_escape(s.citation)}" + ("" if s.url is None else f" <{s.url}>"))
    return "\n".join(lines)
