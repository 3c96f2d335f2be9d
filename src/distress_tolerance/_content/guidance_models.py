"""Content that is not a technique: the first hour after self-harm and the safety plan's form.

Both are written once in English (``data/first-hour.yaml``, ``data/safety-plan.yaml``), translated
like techniques (every :data:`TText` is a msgid whose context is its path, such as
``first-hour.sections.get-help-now.items.taken-something.text``) and carry sources and a review.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import Field, field_validator, model_validator

from distress_tolerance._content.model_base import Model, Slug, Text, TText
from distress_tolerance._content.provenance import Review, Source

__all__ = [
    "FirstHour",
    "GuidanceItem",
    "GuidanceSection",
    "PlanPart",
    "PlanSection",
    "SafetyPlanForm",
    "Urgency",
]

License = Annotated[str, Field(pattern=r"^[A-Za-z0-9.+-]+$")]


class Urgency(StrEnum):
    """How soon a section of the first hour asks the reader to act."""

    NOW = "now"
    """Call the emergency number or go to an emergency department now: renderings put the
    region's emergency number right under this section."""
    TODAY = "today"
    """See a nurse, doctor or pharmacist today."""
    MEANWHILE = "meanwhile"
    """What helps while waiting for care, or once the body is cared for."""


class GuidanceItem(Model):
    """One sign or one thing to do."""

    id: Slug
    text: TText
    translator_note: Text | None = None

    @property
    def key(self) -> str:
        """The stable key of this item (its message context names it)."""
        return self.id


class GuidanceSection(Model):
    """A heading, an optional lead-in and a list of items."""

    id: Slug
    urgency: Urgency
    heading: TText
    intro: TText | None = None
    items: tuple[GuidanceItem, ...] = Field(min_length=1, max_length=20)
    translator_note: Text | None = None

    @property
    def key(self) -> str:
        """The stable key of this section."""
        return self.id

    @field_validator("items")
    @classmethod
    def _unique_items(cls, items: tuple[GuidanceItem, ...]) -> tuple[GuidanceItem, ...]:
        _unique([i.id for i in items], "items")
        return items


class FirstHour(Model):
    """When to get medical help now after self-harm, and what helps meanwhile.

    Written to the safe-messaging rules: no method and no detail of injuries. It points to
    professional care and the region's emergency number; it is not a first-aid tutorial.
    ``techniques`` are the skills offered once the body has been cared for.
    """

    id: Annotated[str, Field(pattern=r"^first-hour$")] = "first-hour"
    version: int = Field(ge=1)
    title: TText
    summary: TText
    content_note: TText
    """Said before anything else (rule C7)."""
    sections: tuple[GuidanceSection, ...] = Field(min_length=1, max_length=10)
    closing: TText
    """A message of hope and help-seeking (rule C6)."""
    techniques: tuple[Slug, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)
    review: Review
    license: License = "CC-BY-SA-4.0"
    translator_note: Text | None = None

    @field_validator("sections")
    @classmethod
    def _sections(cls, sections: tuple[GuidanceSection, ...]) -> tuple[GuidanceSection, ...]:
        _unique([s.id for s in sections], "sections")
        if not any(s.urgency is Urgency.NOW for s in sections):
            msg = "the first hour needs a section with urgency 'now' (when to call emergency services)"
            raise ValueError(msg)
        return sections

    @field_validator("techniques")
    @classmethod
    def _unique_techniques(cls, techniques: tuple[str, ...]) -> tuple[str, ...]:
        _unique(list(techniques), "techniques")
        return techniques


class PlanPart(StrEnum):
    """The parts of a safety plan (after Stanley and Brown's Safety Planning Intervention), in the
    order a plan is used: from noticing a crisis coming, to asking others for help."""

    WARNING_SIGNS = "warning-signs"
    ON_MY_OWN = "on-my-own"
    DISTRACTIONS = "distractions"
    PEOPLE_TO_ASK = "people-to-ask"
    PROFESSIONALS = "professionals"
    SAFER_SURROUNDINGS = "safer-surroundings"
    REASONS_FOR_LIVING = "reasons-for-living"


class PlanSection(Model):
    """The heading, prompt and hint a blank plan shows for one part."""

    id: PlanPart
    heading: TText
    prompt: TText
    hint: TText | None = None
    """Examples that help someone start, never a method or a means."""
    translator_note: Text | None = None

    @property
    def key(self) -> str:
        """The stable key of this section."""
        return self.id.value


class SafetyPlanForm(Model):
    """The words around a safety plan: its title, what it is for, where it is kept, and a
    heading and prompt for each part. Every part of :class:`PlanPart` appears once, in order."""

    id: Annotated[str, Field(pattern=r"^safety-plan$")] = "safety-plan"
    version: int = Field(ge=1)
    title: TText
    intro: TText
    privacy: TText
    """Where the plan is kept: on the reader's device, never sent anywhere by this library."""
    sections: tuple[PlanSection, ...]
    closing: TText
    sources: tuple[Source, ...] = Field(min_length=1)
    review: Review
    license: License = "CC-BY-SA-4.0"
    translator_note: Text | None = None

    @model_validator(mode="after")
    def _every_part_once(self) -> Self:
        got = [s.id for s in self.sections]
        if got != list(PlanPart):
            want = ", ".join(p.value for p in PlanPart)
            msg = f"sections must be exactly these parts, in this order: {want}"
            raise ValueError(msg)
        return self

    def section(self, part: PlanPart) -> PlanSection:
        """The section for ``part``."""
        return next(s for s in self.sections if s.id is part)


def _unique(keys: list[Any], what: str) -> None:
    seen: set[Any] = set()
    for key in keys:
        if key in seen:
            msg = f"duplicate id {key!r} in {what}"
            raise ValueError(msg)
        seen.add(key)
