"""The content model: techniques, steps, reframes, cautions, sources, reviews, crisis services.

Every model is frozen and rejects unknown keys. Fields typed :data:`TText` are English source
text that translators translate; fields typed :data:`Text` are plain text that is never
translated (citations, service names). Both reject control characters, lone surrogates and
bidirectional overrides.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from distress_tolerance._text import check_text

__all__ = [
    "Audience",
    "Breathing",
    "Category",
    "Caution",
    "CautionKind",
    "Confidence",
    "Contact",
    "ContactMode",
    "Cost",
    "CrisisService",
    "DistressRange",
    "Hours",
    "Moment",
    "PackContent",
    "Reframe",
    "ReframeTheme",
    "Review",
    "ReviewStatus",
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
    "Translatable",
    "Verification",
    "VerificationStatus",
    "WebSource",
    "Weekday",
    "WhenToUse",
]


class Translatable:
    """Marks a text field whose English value is a msgid for translators."""

    def __repr__(self) -> str:
        return "Translatable()"


Text = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(check_text)]
"""Plain text that is never translated."""

TText = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(check_text), Translatable()]
"""English source text that is translated."""

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
Region = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
LanguageTag = Annotated[str, Field(pattern=r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$")]
Url = Annotated[str, Field(pattern=r"^https?://[^\s<>\"']+$", max_length=500)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


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


class SourceUse(StrEnum):
    """How a source is used: a concept paraphrased or a procedure adapted."""

    CONCEPT = "concept"
    PROCEDURE = "procedure"


class ReviewStatus(StrEnum):
    """Clinical review status. ``draft`` until a qualified person has reviewed it."""

    DRAFT = "draft"
    IN_REVIEW = "in-review"
    REVIEWED = "reviewed"


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


class DistressRange(_Model):
    """The distress levels (0 to 10) a skill suits."""

    min: int = Field(ge=0, le=10)
    max: int = Field(ge=0, le=10)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            msg = f"min ({self.min}) is greater than max ({self.max})"
            raise ValueError(msg)
        return self


class WhenToUse(_Model):
    """When, where and for how long a skill can be used."""

    distress: DistressRange
    moments: tuple[Moment, ...] = Field(min_length=1)
    settings: tuple[Setting, ...] = Field(min_length=1)
    discreet: bool
    minutes: int = Field(ge=1, le=120)


class SensoryPrompt(_Model):
    """A question that points attention at one sense."""

    sense: Sense
    prompt: TText

    @property
    def key(self) -> str:
        """The stable key of this prompt inside its step."""
        return self.sense.value


class Breathing(_Model):
    """A breathing pattern, in seconds per phase, repeated for the step's duration."""

    inhale: int = Field(ge=1, le=15)
    hold: int = Field(default=0, ge=0, le=15)
    exhale: int = Field(ge=1, le=20)
    rest: int = Field(default=0, ge=0, le=15)

    @property
    def cycle(self) -> int:
        """Seconds of one full breath."""
        return self.inhale + self.hold + self.exhale + self.rest


class Step(_Model):
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


class Reframe(_Model):
    """A harsh thought and a kinder, believable alternative."""

    id: Slug
    theme: ReframeTheme
    harsh: TText
    kinder: TText
    translator_note: Text | None = None

    @property
    def key(self) -> str:
        """The stable key of this reframe."""
        return self.id


class Caution(_Model):
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


class Source(_Model):
    """A citation, and whether we paraphrase a concept or adapt a procedure from it."""

    citation: Text
    use: SourceUse
    url: Url | None = None


class Review(_Model):
    """Clinical review status and dates."""

    status: ReviewStatus
    written: dt.date
    last_reviewed: dt.date | None = None
    review_due: dt.date | None = None
    reviewers: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.status is ReviewStatus.REVIEWED and not (self.reviewers and self.last_reviewed):
            msg = "a reviewed item names its reviewers and the date of the review"
            raise ValueError(msg)
        if self.status is ReviewStatus.DRAFT and self.last_reviewed is not None:
            msg = "a draft has no last_reviewed date"
            raise ValueError(msg)
        if self.review_due is not None and self.review_due < self.written:
            msg = "review_due is before the date written"
            raise ValueError(msg)
        return self


class Technique(_Model):
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


class ServiceKind(StrEnum):
    """What a support service is: say honestly when it is not a crisis line."""

    CRISIS_LINE = "crisis-line"
    PEER_SUPPORT = "peer-support"
    TEXT_SERVICE = "text-service"


class ContactMode(StrEnum):
    """How a service is reached."""

    CALL = "call"
    TEXT = "text"
    CHAT = "chat"
    EMAIL = "email"
    VIDEO = "video"
    TTY = "tty"


class Cost(StrEnum):
    """What a contact costs the caller."""

    FREE = "free"
    STANDARD_RATE = "standard-rate"
    UNKNOWN = "unknown"


class Audience(StrEnum):
    """Who a contact is for."""

    EVERYONE = "everyone"
    YOUTH = "youth"
    VETERANS = "veterans"
    LGBTQ = "lgbtq"
    INDIGENOUS = "indigenous"


class Weekday(StrEnum):
    """A day of the week."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


class Confidence(StrEnum):
    """How sure the facts are. Low-confidence facts are never shipped."""

    HIGH = "high"
    MEDIUM = "medium"


class VerificationStatus(StrEnum):
    """``verified``: a person checked the service's own page; ``source-checked``: not yet."""

    SOURCE_CHECKED = "source-checked"
    VERIFIED = "verified"


class Hours(_Model):
    """Opening hours: always open, or days with an opening and closing time in a time zone."""

    always: bool = False
    days: tuple[Weekday, ...] = ()
    opens: dt.time | None = None
    closes: dt.time | None = None
    time_zone: Annotated[str, Field(pattern=r"^[A-Za-z]+(?:/[A-Za-z0-9_+-]+)*$")] | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _complete(self) -> Self:
        scheduled = bool(self.days) or self.opens is not None or self.closes is not None
        if self.always and scheduled:
            msg = "hours are either always or a schedule, not both"
            raise ValueError(msg)
        if not self.always and not (self.days and self.opens and self.closes and self.time_zone):
            msg = "a schedule needs days, opens, closes and time_zone"
            raise ValueError(msg)
        return self


class Contact(_Model):
    """One way to reach a service. Numbers are data: never translated, never altered."""

    mode: ContactMode
    value: Annotated[str, Field(pattern=r"^[A-Za-z0-9+@._:/-]{2,200}$")]
    display: Text
    keyword: Text | None = None
    hours: Hours
    cost: Cost
    audience: tuple[Audience, ...] = (Audience.EVERYONE,)


class WebSource(_Model):
    """Where a fact about a service came from."""

    title: Text
    kind: Annotated[str, Field(pattern=r"^(official|secondary)$")]
    url: Url | None = None
    accessed: dt.date | None = None


class Verification(_Model):
    """Who last checked a record, how, and when. Never filled in automatically."""

    status: VerificationStatus
    date: dt.date
    by: Text
    method: Text


class CrisisService(_Model):
    """A crisis line or support service for one region."""

    id: Slug
    region: Region
    name: Text
    name_latin: Text | None = None
    operator: Text
    kind: ServiceKind
    contacts: tuple[Contact, ...] = Field(min_length=1)
    languages: tuple[LanguageTag, ...] = Field(min_length=1)
    sources: tuple[WebSource, ...] = Field(min_length=1)
    confidence: Confidence
    last_verified: Verification
    notes: Text | None = None


class PackContent(_Model):
    """Everything a content pack holds, as one value (the JSON bundle's shape)."""

    techniques: tuple[Technique, ...] = ()
    reframes: tuple[Reframe, ...] = ()
    crisis_services: tuple[CrisisService, ...] = ()


def _require_unique(keys: list[str], what: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            msg = f"duplicate id {key!r} in {what}"
            raise ValueError(msg)
        seen.add(key)
