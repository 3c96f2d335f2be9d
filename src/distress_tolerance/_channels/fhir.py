"""FHIR R4 resources for clinic systems: an ``ActivityDefinition`` per technique and a
``Questionnaire`` for the safety plan, as plain dicts (no runtime dependency on ``fhir.resources``).

Mapping, status and what is left out: ``docs/channels/fhir.md``. Output is deterministic: the same
library, locale and arguments give the same dicts, and :func:`fhir_json` the same bytes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from distress_tolerance._channels.fhir_elements import (
    DEFAULT_BASE_URL,
    DRAFT_NOTICE,
    PUBLISHER,
    Elements,
    check_base_url,
    compose,
    computable_name,
    publication_status,
    related_artifacts,
    review_elements,
)
from distress_tolerance._channels.fhir_questionnaire import questionnaire
from distress_tolerance._i18n.locale import language_tag
from distress_tolerance._render.formats import markdown_escape
from distress_tolerance._render.support import is_host_technique, short
from distress_tolerance.exceptions import ArgumentError
from distress_tolerance.localized import LocalizedCaution, LocalizedTechnique, LocalizedText
from distress_tolerance.models import ReviewStatus, Technique

if TYPE_CHECKING:
    from distress_tolerance.library import Library

__all__ = [
    "DEFAULT_BASE_URL",
    "activity_definition",
    "activity_definitions",
    "fhir_bundle",
    "fhir_json",
    "fhir_resources",
    "resource_file_name",
    "safety_plan_questionnaire",
]

TOPIC_EDUCATION = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/definition-topic",
            "code": "education",
            "display": "Education",
        }
    ]
}
"""The R4 ``definition-topic`` code: the definition is related to education of the patient."""

_BEFORE, _STOP_IF, _STEPS = "Before you start", "Stop if:", "Steps"


def activity_definition(
    library: Library,
    technique_id: str,
    *,
    locale: str = "en",
    base_url: str = DEFAULT_BASE_URL,
    require_reviewed: bool = False,
) -> dict[str, Any]:
    """The FHIR R4 ``ActivityDefinition`` of one technique, in ``locale`` with translations.

    ``base_url`` is the canonical base the ``url`` is built on (``<base_url>/ActivityDefinition/<id>``).
    With ``require_reviewed``, a translation nobody has reviewed is neither the text (English is)
    nor a ``translation`` extension. Raises UnknownTechniqueError, UnknownLocaleError, ArgumentError.
    """
    if not isinstance(technique_id, str) or not technique_id:
        msg = f"technique_id must be a non-empty string, not {short(technique_id)}"
        raise ArgumentError(msg)
    elements = Elements.create(library, locale, require_reviewed)
    return _activity(elements, library.lookup(technique_id), check_base_url(base_url))


def activity_definitions(
    library: Library, *, locale: str = "en", base_url: str = DEFAULT_BASE_URL, require_reviewed: bool = False
) -> list[dict[str, Any]]:
    """An ``ActivityDefinition`` per technique, in id order (see :func:`activity_definition`)."""
    elements = Elements.create(library, locale, require_reviewed)
    base = check_base_url(base_url)
    return [_activity(elements, technique, base) for technique in library.techniques()]


def safety_plan_questionnaire(
    library: Library, *, locale: str = "en", base_url: str = DEFAULT_BASE_URL, require_reviewed: bool = False
) -> dict[str, Any] | None:
    """The FHIR R4 ``Questionnaire`` of the safety plan's form, or None when no pack has one."""
    elements = Elements.create(library, locale, require_reviewed)
    return questionnaire(elements, check_base_url(base_url))


def fhir_resources(
    library: Library, *, locale: str = "en", base_url: str = DEFAULT_BASE_URL, require_reviewed: bool = False
) -> list[dict[str, Any]]:
    """Every resource: the activity definitions in id order, then the safety plan's questionnaire
    when there is one."""
    elements = Elements.create(library, locale, require_reviewed)
    base = check_base_url(base_url)
    found = [_activity(elements, technique, base) for technique in library.techniques()]
    plan = questionnaire(elements, base)
    return found if plan is None else [*found, plan]


def fhir_bundle(
    library: Library, *, locale: str = "en", base_url: str = DEFAULT_BASE_URL, require_reviewed: bool = False
) -> dict[str, Any]:
    """Every resource in one ``Bundle`` of type ``collection``; each entry's ``fullUrl`` is the
    resource's canonical ``url``. No timestamp, so the same content gives the same bundle."""
    resources = fhir_resources(library, locale=locale, base_url=base_url, require_reviewed=require_reviewed)
    return {
        "resourceType": "Bundle",
        "id": f"distress-tolerance-{language_tag(locale)}",
        "type": "collection",
        "entry": [{"fullUrl": resource["url"], "resource": resource} for resource in resources],
    }


def resource_file_name(resource: dict[str, Any]) -> str:
    """The file a resource is written to: ``<resourceType>-<id>.json``."""
    return f"{resource['resourceType']}-{resource['id']}.json"


def fhir_json(resource: dict[str, Any]) -> str:
    """A resource as FHIR JSON text: UTF-8 characters kept, two-space indent, a final newline."""
    return json.dumps(resource, ensure_ascii=False, indent=2) + "\n"


def _activity(elements: Elements, technique: Technique, base: str) -> dict[str, Any]:
    library, tid = elements.library, technique.id
    lang = library.localize(technique, elements.locale).lang
    host = is_host_technique(technique)

    def local(locale: str) -> LocalizedTechnique:
        return library.localize(tid, locale)

    review = review_elements(technique.review)
    resource: dict[str, Any] = {
        "resourceType": "ActivityDefinition",
        "id": tid,
        "language": lang,
        "url": f"{base}/ActivityDefinition/{tid}",
        "version": str(technique.version),
        "name": computable_name(tid),
        **elements.element("title", lambda loc: local(loc).title, lang=lang),
        "status": publication_status(technique.review),
        "experimental": False,
        "date": review.pop("date"),
    }
    if not host:
        resource["publisher"] = PUBLISHER
    resource |= {
        **elements.element(
            "description", lambda loc: _description(elements, local(loc), loc), lang=lang, markdown=True
        ),
        **elements.element("purpose", lambda loc: _markdown(local(loc).why), lang=lang, markdown=True),
        **elements.element("usage", lambda loc: _usage(elements, local(loc), loc), lang=lang),
        **elements.element(
            "copyright",
            lambda loc: elements.license_text(loc, technique.license, host=host),
            lang=lang,
            markdown=True,
        ),
    }
    reviewers = review.pop("reviewer", None)
    resource |= review
    resource["topic"] = [TOPIC_EDUCATION]
    if reviewers:
        resource["reviewer"] = reviewers
    resource["relatedArtifact"] = related_artifacts(technique.sources)
    resource["kind"] = "CommunicationRequest"
    return resource


def _markdown(text: LocalizedText) -> LocalizedText:
    return text.model_copy(update={"text": markdown_escape(text.text)})


def _description(elements: Elements, t: LocalizedTechnique, locale: str) -> LocalizedText:
    """Markdown: the draft notice (unreviewed content), the summary, the cautions with their stop
    signals, then the numbered steps with their sensory prompts. Every text is escaped."""
    blocks: list[str] = []
    parts: list[LocalizedText] = []
    if t.review.status is not ReviewStatus.REVIEWED:
        blocks.append("*{}*")
        parts.append(elements.ui(locale, DRAFT_NOTICE))
    blocks.append("{}")
    parts.append(t.summary)
    if t.cautions:
        stop_if = elements.ui(locale, _STOP_IF)
        blocks.append("**{}**")
        parts.append(elements.ui(locale, _BEFORE))
        lines = []
        for caution in t.cautions:
            layout, texts = _caution(caution, stop_if, "- {} **{}** {}")
            lines.append(f"- {layout}" if len(texts) == 1 else layout)
            parts += texts
        blocks.append("\n".join(lines))
    blocks.append("**{}**")
    parts.append(elements.ui(locale, _STEPS))
    lines = []
    for number, step in enumerate(t.steps, start=1):
        lines.append(f"{number}. {{}}")
        parts.append(step.text)
        for sense in step.senses:
            lines.append("   - {}")
            parts.append(sense.prompt)
    blocks.append("\n".join(lines))
    return compose([_markdown(part) for part in parts], lambda texts: _fill("\n\n".join(blocks), texts))


def _usage(elements: Elements, t: LocalizedTechnique, locale: str) -> LocalizedText | None:
    """Plain text: each caution, and its stop signal after the translated ``Stop if:``."""
    if not t.cautions:
        return None
    stop_if = elements.ui(locale, _STOP_IF)
    lines: list[str] = []
    parts: list[LocalizedText] = []
    for caution in t.cautions:
        layout, texts = _caution(caution, stop_if, "{} {} {}")
        lines.append(layout)
        parts += texts
    return compose(parts, lambda texts: _fill("\n".join(lines), texts))


def _caution(
    caution: LocalizedCaution, stop_if: LocalizedText, with_signal: str
) -> tuple[str, list[LocalizedText]]:
    """The layout of one caution (``{}`` alone without a stop signal, else ``with_signal``) and
    the texts it takes: the caution, then ``Stop if:`` and the stop signal."""
    if caution.stop_signal is None:
        return "{}", [caution.text]
    return with_signal, [caution.text, stop_if, caution.stop_signal]


def _fill(layout: str, texts: list[str]) -> str:
    """``layout`` with each ``{}`` replaced by the next text (texts are never read as a format)."""
    pieces = layout.split("{}")
    return "".join(piece + text for piece, text in zip(pieces, [*texts, ""], strict=True))
