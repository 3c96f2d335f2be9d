"""Localized views of the content: what a host renders, with the origin of every text.

Each text is a :class:`LocalizedText` that knows which language it is in and whether it is the
English source, an unreviewed translation or a reviewed one. ``json`` output is these models.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from distress_tolerance._content.model_base import DEFER_BUILD
from distress_tolerance._content.plan import SafetyPlan
from distress_tolerance.models import (
    Breathing,
    Category,
    CautionKind,
    CrisisService,
    EmergencyNumbers,
    PlanPart,
    ReframeTheme,
    Review,
    Sense,
    Source,
    Urgency,
    WhenToUse,
)

__all__ = [
    "CrisisRoute",
    "FirstHourDocument",
    "LocalizedCaution",
    "LocalizedFirstHour",
    "LocalizedGuidanceItem",
    "LocalizedGuidanceSection",
    "LocalizedPlanForm",
    "LocalizedPlanSection",
    "LocalizedReframe",
    "LocalizedSense",
    "LocalizedStep",
    "LocalizedTechnique",
    "LocalizedText",
    "PlanDocument",
    "TechniqueDocument",
    "TechniqueLink",
    "TextStatus",
]


class _View(BaseModel):
    # Validators are built on first use, where that is thread-safe: a process builds only those of
    # the views it renders.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=DEFER_BUILD)


class TextStatus(StrEnum):
    """Where a localized text came from."""

    SOURCE = "source"
    """The English source text (no translation, or one was not used)."""
    UNREVIEWED = "unreviewed"
    """A translation nobody has reviewed yet."""
    REVIEWED = "reviewed"
    """A translation a reviewer has approved."""


class LocalizedText(_View):
    """A text in one language, with its language tag and review status."""

    text: str
    lang: str
    status: TextStatus

    def __str__(self) -> str:
        return self.text


class LocalizedSense(_View):
    """A sensory prompt."""

    sense: Sense
    prompt: LocalizedText


class LocalizedStep(_View):
    """One step."""

    id: str
    text: LocalizedText
    seconds: int | None
    senses: tuple[LocalizedSense, ...]
    breathing: Breathing | None = None
    check_in: bool = False


class LocalizedCaution(_View):
    """A caution, shown before the steps."""

    id: str
    kind: CautionKind
    text: LocalizedText
    stop_signal: LocalizedText | None


class LocalizedReframe(_View):
    """A harsh thought and a kinder alternative."""

    id: str
    theme: ReframeTheme
    harsh: LocalizedText
    kinder: LocalizedText
    risk: bool = False
    """A thought of hopelessness, of being a burden or of being alone: show the crisis route
    beside it."""


class LocalizedTechnique(_View):
    """A technique ready to render in one locale.

    ``locale`` is the locale asked for; ``lang`` and ``dir`` belong on the rendered root.
    ``safety_fallback`` is true when a host required reviewed translations for safety-critical
    text and some of it is shown in English because its translation is not reviewed.
    """

    id: str
    version: int
    locale: str
    lang: str
    dir: str
    title: LocalizedText
    summary: LocalizedText
    why: LocalizedText
    category: Category
    tags: tuple[str, ...]
    when: WhenToUse
    cautions: tuple[LocalizedCaution, ...]
    steps: tuple[LocalizedStep, ...]
    reframes: tuple[LocalizedReframe, ...]
    compassion_prompt: LocalizedText | None
    sources: tuple[Source, ...]
    review: Review
    license: str
    safety_fallback: bool


class CrisisRoute(_View):
    """The route to crisis help that ends every full rendering.

    ``services`` is empty when the region is unknown or not given: then ``instruction`` (in the
    reader's language) says to contact local emergency services; a country is never guessed.
    """

    region: str | None
    emergency: EmergencyNumbers | None = None
    """The region's emergency numbers (``emergency.first`` is the one to show first)."""
    services: tuple[CrisisService, ...]
    in_reader_language: tuple[str, ...] = ()
    """Ids of the services that answer in the reader's language (none: say so, show them all)."""
    open_now: tuple[str, ...] | None = None
    """With a time given, the ids of the services open then; None when no time was given."""
    instruction: str
    regions_available: tuple[str, ...]
    notes: dict[str, LocalizedText] = {}
    """The services' notes (a contact's ``note``, ``cost_note`` and ``hours.note``, in English in
    ``services``) in the reader's language, by their English text: what a host that lays the
    route out itself shows beside a number."""


class TechniqueDocument(_View):
    """The ``json`` rendering: a localized technique with its crisis route and attribution."""

    format_version: int = 1
    technique: LocalizedTechnique
    crisis: CrisisRoute
    attribution: str
    generator: str


class TechniqueLink(_View):
    """A technique named in the reader's language, where other content points to it."""

    id: str
    title: LocalizedText
    summary: LocalizedText


class LocalizedGuidanceItem(_View):
    """One sign or one thing to do."""

    id: str
    text: LocalizedText


class LocalizedGuidanceSection(_View):
    """A section of the first hour: heading, optional lead-in, items."""

    id: str
    urgency: Urgency
    heading: LocalizedText
    intro: LocalizedText | None
    items: tuple[LocalizedGuidanceItem, ...]


class LocalizedFirstHour(_View):
    """The first hour after self-harm in one locale (``lang`` and ``dir`` belong on the root).

    ``safety_fallback`` is true when a host required reviewed translations and some of this
    text is shown in English because its translation is not reviewed (all of it is safety text).
    """

    id: str
    version: int
    locale: str
    lang: str
    dir: str
    title: LocalizedText
    summary: LocalizedText
    content_note: LocalizedText
    sections: tuple[LocalizedGuidanceSection, ...]
    closing: LocalizedText
    techniques: tuple[TechniqueLink, ...]
    sources: tuple[Source, ...]
    review: Review
    license: str
    safety_fallback: bool


class LocalizedPlanSection(_View):
    """The heading, prompt and hint of one part of a safety plan."""

    id: PlanPart
    heading: LocalizedText
    prompt: LocalizedText
    hint: LocalizedText | None


class LocalizedPlanForm(_View):
    """The words around a safety plan in one locale."""

    id: str
    version: int
    locale: str
    lang: str
    dir: str
    title: LocalizedText
    intro: LocalizedText
    privacy: LocalizedText
    sections: tuple[LocalizedPlanSection, ...]
    closing: LocalizedText
    sources: tuple[Source, ...]
    review: Review
    license: str


class FirstHourDocument(_View):
    """The first hour's ``json`` rendering: the localized text with the region's crisis route."""

    format_version: int = 1
    first_hour: LocalizedFirstHour
    crisis: CrisisRoute
    generator: str


class PlanDocument(_View):
    """A safety plan's ``json`` rendering: the form's words in the reader's language, the reader's
    plan as given (``plan``, validated against ``docs/schema/safety-plan.schema.json``), the linked
    techniques and crisis services as they are now, and the region's crisis route."""

    format_version: int = 1
    form: LocalizedPlanForm
    plan: SafetyPlan
    techniques: tuple[TechniqueLink, ...]
    services: tuple[CrisisService, ...]
    crisis: CrisisRoute
    generator: str
