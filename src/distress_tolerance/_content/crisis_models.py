"""Crisis services: who to contact, how, when, and how sure we are. Numbers are never translated."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, model_validator

from distress_tolerance._content.model_base import LanguageTag, Model, Region, Slug, Text, Url


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


class Hours(Model):
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


class Contact(Model):
    """One way to reach a service. Numbers are data: never translated, never altered."""

    mode: ContactMode
    value: Annotated[str, Field(pattern=r"^[A-Za-z0-9+@._:/-]{2,200}$")]
    display: Text
    keyword: Text | None = None
    hours: Hours
    cost: Cost
    audience: tuple[Audience, ...] = (Audience.EVERYONE,)

    @property
    def href(self) -> str | None:
        """A link that starts this contact on a phone (``tel:``, ``sms:``, ``mailto:``, ``https:``).

        None for TTY and for anything that is not a plain number, address or https URL.
        """
        if self.mode in {ContactMode.CALL, ContactMode.TEXT}:
            digits = self.value.replace("-", "")
            if not all(ch.isdigit() or ch == "+" for ch in digits):
                return None
            return f"{'tel' if self.mode is ContactMode.CALL else 'sms'}:{digits}"
        if self.mode is ContactMode.EMAIL and "@" in self.value and ":" not in self.value:
            return f"mailto:{self.value}"
        if self.mode in {ContactMode.CHAT, ContactMode.VIDEO} and self.value.startswith("https://"):
            return self.value
        return None


class WebSource(Model):
    """Where a fact about a service came from."""

    title: Text
    kind: Annotated[str, Field(pattern=r"^(official|secondary)$")]
    url: Url | None = None
    accessed: dt.date | None = None


class Verification(Model):
    """Who last checked a record, how, and when. Never filled in automatically."""

    status: VerificationStatus
    date: dt.date
    by: Text
    method: Text


class CrisisService(Model):
    """A crisis line or support service for one region."""

    id: Slug
    region: Region
    name: Text
    name_lang: LanguageTag = Field(
        description="The language the service's name (and display forms) are written in."
    )
    name_latin: Text | None = None
    operator: Text
    kind: ServiceKind
    contacts: tuple[Contact, ...] = Field(min_length=1)
    languages: tuple[LanguageTag, ...] = Field(min_length=1)
    sources: tuple[WebSource, ...] = Field(min_length=1)
    confidence: Confidence
    last_verified: Verification
    notes: Text | None = None
