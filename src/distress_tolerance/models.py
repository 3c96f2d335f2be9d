"""The content model: techniques, steps, reframes, cautions, sources, reviews, crisis services,
the first hour after self-harm and the safety plan's form.

Every model is frozen and rejects unknown keys. Fields typed :data:`TText` are English source
text that translators translate; fields typed :data:`Text` are plain text that is never
translated (citations, service names). Both reject control characters, lone surrogates and
bidirectional overrides.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from distress_tolerance._content.crisis_models import (
    AgeRange,
    Audience,
    Confidence,
    Contact,
    ContactMode,
    Cost,
    CrisisRegionNotes,
    CrisisService,
    Hours,
    ServiceKind,
    Topic,
    Verification,
    VerificationStatus,
    WebSource,
    Weekday,
)
from distress_tolerance._content.emergency_models import (
    EmergencyNumber,
    EmergencyNumbers,
    EmergencyService,
    Waiver,
)
from distress_tolerance._content.guidance_models import (
    FirstHour,
    GuidanceItem,
    GuidanceSection,
    PlanPart,
    PlanSection,
    SafetyPlanForm,
    Urgency,
)
from distress_tolerance._content.model_base import Model, Slug, Text, Translatable, TText
from distress_tolerance._content.plan import MAX_ENTRIES, MAX_ENTRY_LENGTH, PlanContact, SafetyPlan
from distress_tolerance._content.provenance import Review, ReviewStatus, Source, SourceUse

__all__ = [
    "MAX_ENTRIES",
    "MAX_ENTRY_LENGTH",
    "AgeRange",
    "Audience",
    "Breathing",
    "Category",
    "Caution",
    "CautionKind",
    "Confidence",
    "Contact",
    "ContactMode",
    "Cost",
    "CrisisRegionNotes",
    "CrisisService",
    "DistressRange",
    "EmergencyNumber",
    "EmergencyNumbers",
    "EmergencyService",
    "FirstHour",
    "GuidanceItem",
    "GuidanceSection",
    "Hours",
    "Moment",
    "PackContent",
    "PlanContact",
    "PlanPart",
    "PlanSection",
    "Reframe",
    "ReframeTheme",
    "Review",
    "ReviewStatus",
    "SafetyPlan",
    "SafetyPlanForm",
    "Sense",
    "SensoryPrompt",
    "ServiceKind",
    "Setting",
    "Source",
    "SourceUse",
    "Step",
    "TText",
    "Technique",
    "Text",
    "Topic",
    "Translatable",
    "Urgency",
    "Verification",
    "VerificationStatus",
    "Waiver",
    "WebSource",
    "Weekday",
    "WhenToUse",
]


class Category(StrEnum):
    """The family a skill belongs to."""

    CRISIS_SURVIVAL = "crisis-survival"
    REALITY_ACCEPTANCE = "reality-acceptance"
    MINDFULNESS = "mindfulness"
    SELF_COMPASSION = "self-compassion"


class Moment(StrEnum):
    """When a skill is meant to be used."""

    CRISIS = "crisis"
    CALM = "calm"


class Setting(StrEnum):
    """Where a skill can be done."""

    PRIVATE = "private"
    PUBLIC = "public"


class Sense(StrEnum):
    """A sense a step asks the reader to notice with."""

    SIGHT = "sight"
    HEARING = "hearing"
    SMELL = "smell"
    TASTE = "taste"
    TOUCH = "touch"
    BODY = "body"


class CautionKind(StrEnum):
    """What a caution guards against."""

    MEDICAL = "medical"
    EMOTIONAL = "emotional"


class ReframeTheme(StrEnum):
    """The theme of a harsh thought."""

    FAILURE = "failure"
    MISTAKES = "mistakes"
    WORTH = "worth"
    SHAME = "shame"
    BODY = "body"
    RELATIONSHIPS = "relationships"
    FUTURE = "future"
    NEEDING_HELP = "needing-help"
    RECOVERY = "recovery"


class DistressRange(Model):
    """The distress levels (0 to 10) a skill suits."""

    min: int = Field(ge=0, le=10)
    max: int = Field(ge=0, le=10)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            msg = f"min ({self.min}) is greater than max ({self.max})"
            raise ValueError(msg)
        return self


class WhenToUse(Model):
    """When, where and for how long a skill can be used."""

    distress: DistressRange
    moments: tuple[Moment, ...] = Field(min_length=1)
    settings: tuple[Setting, ...] = Field(min_length=1)
    discreet: bool
    minutes: int = Field(ge=1, le=120)


class SensoryPrompt(Model):
    """A question that points attention at one sense."""

    sense: Sense
    prompt: TText

    @property
    def key(self) -> str:
        """The stable key of this prompt inside its step."""
        return self.sense.value


class Breathing(Model):
    """A breathing pattern, in seconds per phase, repeated for the step's duration."""

    inhale: int = Field(ge=1, le=15)
    hold: int = Field(default=0, ge=0, le=15)
    exhale: int = Field(ge=1, le=20)
    rest: int = Field(default=0, ge=0, le=15)

    @property
    def cycle(self) -> int:
        """Seconds of one full breath."""
        return self.inhale + self.hold + self.exhale + self.rest


class Step(Model):
    """One action, with an optional duration, sensory prompts and guided-playback data.

    ``breathing`` paces a timed breathing step; ``check_in`` marks a step that asks how the
    person is doing now (for example whether an urge has eased), so a player can wait for an answer.
    """

    id: Slug
    text: TText
    seconds: int | None = Field(default=None, ge=1, le=3600)
    senses: tuple[SensoryPrompt, ...] = ()
    breathing: Breathing | None = None
    check_in: bool = False
    translator_note: Text | None = None

    @model_validator(mode="after")
    def _breathing_fits(self) -> Self:
        if self.breathing is not None and (self.seconds is None or self.seconds < self.breathing.cycle):
            msg = "a breathing step needs seconds of at least one full breath"
            raise ValueError(msg)
        return self

    @property
    def key(self) -> str:
        """The stable key of this step inside its technique."""
        return self.id

    @field_validator("senses")
    @classmethod
    def _unique_senses(cls, senses: tuple[SensoryPrompt, ...]) -> tuple[SensoryPrompt, ...]:
        _require_unique([s.key for s in senses], "senses")
        return senses


class Reframe(Model):
    """A harsh thought and a kinder, believable alternative."""

    id: Slug
    theme: ReframeTheme
    harsh: TText
    kinder: TText
    risk: bool = False
    """The harsh thought is one of hopelessness, of being a burden or of being alone, which can
    come with thoughts of suicide: hosts and our renderings show the crisis route beside it."""
    translator_note: Text | None = None

    @property
    def key(self) -> str:
        """The stable key of this reframe."""
        return self.id


class Caution(Model):
    """A warning shown before the steps, with the signal to stop."""

    id: Slug
    kind: CautionKind
    text: TText
    stop_signal: TText | None = None
    translator_note: Text | None = None

    @property
    def key(self) -> str:
        """The stable key of this caution."""
        return self.id


class Technique(Model):
    """A distress tolerance skill, in English, as authored in ``data/techniques/ID.yaml``."""

    id: Slug
    version: int = Field(ge=1)
    title: TText
    summary: TText
    why: TText
    category: Category
    tags: tuple[Slug, ...] = ()
    when: WhenToUse
    cautions: tuple[Caution, ...] = ()
    steps: tuple[Step, ...] = Field(min_length=1)
    reframes: tuple[Slug, ...] = Field(
        default=(), description="Ids of reframes from the pack's reframe bank."
    )
    compassion_prompt: TText | None = None
    sources: tuple[Source, ...] = Field(min_length=1)
    review: Review
    license: Annotated[str, Field(pattern=r"^[A-Za-z0-9.+-]+$")] = "CC-BY-SA-4.0"
    translator_note: Text | None = None

    @property
    def key(self) -> str:
        """The stable key of this technique (its id)."""
        return self.id

    @field_validator("steps", "cautions", "reframes")
    @classmethod
    def _unique_keys(cls, items: tuple[Any, ...], info: ValidationInfo) -> tuple[Any, ...]:
        _require_unique([getattr(item, "id", item) for item in items], str(info.field_name))
        return items


class PackContent(Model):
    """Everything a content pack holds, as one value (the JSON bundle's shape)."""

    techniques: tuple[Technique, ...] = ()
    reframes: tuple[Reframe, ...] = ()
    crisis_services: tuple[CrisisService, ...] = ()
    emergency_numbers: tuple[EmergencyNumbers, ...] = ()
    crisis_regions: tuple[CrisisRegionNotes, ...] = ()
    first_hour: FirstHour | None = None
    safety_plan: SafetyPlanForm | None = None


def _require_unique(keys: list[str], what: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            msg = f"duplicate id {key!r} in {what}"
            raise ValueError(msg)
        seen.add(key)
