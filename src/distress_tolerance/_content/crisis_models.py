"""Crisis services: who to contact, how, when, and how sure we are.

Names, numbers and addresses are never translated; the notes a reader needs to use a contact
(``Contact.note``, ``Contact.cost_note``, ``Hours.note``) are, in the message context ``crisis``.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from distress_tolerance._content.model_base import LanguageTag, Model, Region, Slug, Text, TText, Url
from distress_tolerance._content.text import placeholders


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
    LOCAL_RATE = "local-rate"
    STANDARD_RATE = "standard-rate"
    MIXED = "mixed"
    UNKNOWN = "unknown"


class Audience(StrEnum):
    """Who a contact is for."""

    EVERYONE = "everyone"
    YOUTH = "youth"
    VETERANS = "veterans"
    LGBTQ = "lgbtq"
    INDIGENOUS = "indigenous"
    OLDER_PEOPLE = "older-people"
    MEN = "men"
    WOMEN = "women"
    STUDENTS = "students"


class Topic(StrEnum):
    """What a service is there for."""

    SUICIDE = "suicide"
    SELF_HARM = "self-harm"
    EMOTIONAL_SUPPORT = "emotional-support"
    MENTAL_HEALTH = "mental-health"


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


def _no_placeholder(note: str) -> str:
    """A note is crisis wording, which goes through ``%(name)s`` substitution: it has no names
    to fill in, so a placeholder in it is refused (a percent sign alone is fine)."""
    if placeholders(note)[0]:
        msg = "a note has no %(name)s placeholders; write a percent sign as %"
        raise ValueError(msg)
    return note


Note = Annotated[TText, AfterValidator(_no_placeholder)]
"""A translated note from the crisis data (context ``crisis``)."""


class Hours(Model):
    """Opening hours: always open, or days with an opening and closing time in a time zone."""

    always: bool = False
    days: tuple[Weekday, ...] = ()
    opens: dt.time | None = None
    closes: dt.time | None = None
    time_zone: Annotated[str, Field(pattern=r"^[A-Za-z]+(?:/[A-Za-z0-9_+-]+)*$")] | None = None
    note: Note | None = Field(default=None, description="What the schedule alone does not say (translated).")

    @model_validator(mode="after")
    def _complete(self) -> Self:
        scheduled = bool(self.days) or self.opens is not None or self.closes is not None
        if self.always and scheduled:
            msg = "hours are either always or a schedule, not both"
            raise ValueError(msg)
        if not self.always and not (self.days and self.opens and self.closes and self.time_zone):
            msg = "a schedule needs days, opens, closes and time_zone"
            raise ValueError(msg)
        if self.time_zone is not None:
            _zone(self.time_zone)
        return self

    def is_open(self, at: dt.datetime) -> bool:
        """Whether these hours are open at ``at``, an aware datetime (any time zone).

        A schedule that closes at or before it opens runs past midnight: it opens on each listed
        day and closes the next morning.
        """
        if at.tzinfo is None or at.utcoffset() is None:
            from distress_tolerance.exceptions import ArgumentError

            msg = f"is_open needs an aware datetime (with a time zone), not {at!r}"
            raise ArgumentError(msg)
        if self.always:
            return True
        if self.opens is None or self.closes is None or self.time_zone is None:  # pragma: no cover
            return False  # the validator makes a schedule complete
        local = at.astimezone(_zone(self.time_zone))
        now = local.time().replace(tzinfo=None)
        days = list(Weekday)
        today = days[local.weekday()]
        yesterday = days[(local.weekday() - 1) % 7]
        if self.opens < self.closes:
            return today in self.days and self.opens <= now < self.closes
        return (today in self.days and now >= self.opens) or (yesterday in self.days and now < self.closes)


def _zone(name: str) -> dt.tzinfo:
    """The IANA time zone ``name``; ValueError when this machine's zone database lacks it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        msg = f"unknown time zone {name!r}"
        raise ValueError(msg) from exc


class AgeRange(Model):
    """The ages a contact is for (either bound may be open)."""

    min: Annotated[int, Field(ge=0, le=120)] | None = None
    max: Annotated[int, Field(ge=0, le=120)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min is None and self.max is None:
            msg = "an age range needs min, max or both"
            raise ValueError(msg)
        if self.min is not None and self.max is not None and self.min > self.max:
            msg = f"min ({self.min}) is above max ({self.max})"
            raise ValueError(msg)
        return self


_ADDRESS = re.compile(r"[^\s]*[@./][^\s]*")
_NUMBER = re.compile(r"[\dA-Z +*#().\-]+")


def _number_or_address(display: str) -> str:
    """A display is a number as the region writes it (digits, its punctuation, the capital
    letters of a number spelled as a word: ``1-800-273-TALK (8255)``) or an address without
    spaces; words a reader needs go in ``note``, which is translated."""
    if not (_ADDRESS.fullmatch(display) or _NUMBER.fullmatch(display)):
        msg = (
            "display is a number or an address only; put words a reader needs "
            "(where it works, which option to choose) in note, which is translated"
        )
        raise ValueError(msg)
    return display


class Contact(Model):
    """One way to reach a service. Numbers are data: never translated, never altered."""

    mode: ContactMode
    value: Annotated[str, Field(pattern=r"^[A-Za-z0-9+@._:/*#-]{2,200}$")]
    dial: Annotated[str, Field(pattern=r"^[0-9*#]{2,20}$")] | None = Field(
        default=None,
        description="What a phone in the region dials, when the E.164 ``value`` does not dial "
        "there (many freephone numbers).",
    )
    display: Annotated[Text, AfterValidator(_number_or_address)] = Field(
        description="The number or address as the region writes it, and nothing else: words a "
        "reader needs go in ``note``, which is translated."
    )
    note: Note | None = Field(
        default=None,
        description="What a reader needs to use this contact, shown after it (translated): where "
        "it works (``from the rest of the country``), which option or button to choose.",
    )
    display_lang: LanguageTag | None = Field(
        default=None,
        description="The language of the letters in ``display`` when they are not in the service "
        "name's language (a number spelled in words of another language); None: the service "
        "name's.",
    )
    keyword: Text | None = None
    hours: Hours
    cost: Cost
    cost_note: Note | None = Field(default=None, description="What the cost alone does not say (translated).")
    audience: tuple[Audience, ...] = (Audience.EVERYONE,)
    ages: AgeRange | None = None
    languages: tuple[LanguageTag, ...] | None = Field(
        default=None, description="The languages this contact answers in; None: the service's."
    )
    interpreters: bool = False
    waiver: Text | None = Field(
        default=None,
        description="Why the number is kept although libphonenumber does not know it (the sources "
        "that confirm it); checked by ``distress-tolerance crisis-check``.",
    )

    def is_open(self, at: dt.datetime) -> bool:
        """Whether this contact is open at ``at``, an aware datetime."""
        return self.hours.is_open(at)

    @property
    def href(self) -> str | None:
        """A link that starts this contact on a phone (``tel:``, ``sms:``, ``mailto:``, ``https:``).

        Calls and texts use ``dial`` when it is given (the form a phone in the region dials).
        None for TTY and for anything that is not a plain number, address or https URL.
        """
        if self.mode in {ContactMode.CALL, ContactMode.TEXT}:
            digits = (self.dial or self.value).replace("-", "")
            if not all(ch.isdigit() or ch in "+*#" for ch in digits):
                return None
            return f"{'tel' if self.mode is ContactMode.CALL else 'sms'}:{digits.replace('#', '%23')}"
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
        description="The language the service's name (and, unless a contact says otherwise, its "
        "display forms) are written in."
    )
    name_latin: Text | None = Field(
        default=None,
        description="The name in Latin script, for a name in another script: marked as "
        "``name_lang`` in Latin script (``ja-Latn``).",
    )
    operator: Text
    kind: ServiceKind
    topics: tuple[Topic, ...] = (Topic.SUICIDE, Topic.EMOTIONAL_SUPPORT)
    primary: bool = Field(
        default=False, description="The region's main line: at most one per region (checked on load)."
    )
    shown_with: tuple[Slug, ...] = Field(
        default=(), description="Ids of services shown together with this one or not at all."
    )
    contacts: tuple[Contact, ...] = Field(min_length=1)
    languages: tuple[LanguageTag, ...] = Field(min_length=1)
    sources: tuple[WebSource, ...] = Field(min_length=1)
    confidence: Confidence
    last_verified: Verification
    notes: Text | None = None

    def is_open(self, at: dt.datetime) -> bool:
        """Whether any contact of this service is open at ``at``, an aware datetime."""
        return any(contact.is_open(at) for contact in self.contacts)

    def answers_in(self, language: str, contact: Contact | None = None) -> bool:
        """Whether some contact (or ``contact``, one of this service's: its own languages, else
        the service's) answers in ``language``, a language code such as ``es`` or ``pt_BR``."""
        wanted = language.replace("_", "-").split("-")[0].lower()
        tags = self.all_languages if contact is None else (contact.languages or self.languages)
        return any(tag.split("-")[0].lower() == wanted for tag in tags)

    @property
    def all_languages(self) -> tuple[str, ...]:
        """The service's languages and every contact's, without repeats, in order."""
        seen = dict.fromkeys(self.languages)
        for contact in self.contacts:
            seen.update(dict.fromkeys(contact.languages or ()))
        return tuple(seen)


class CrisisRegionNotes(Model):
    """What was checked for one region's crisis lines, and when: where a reviewer starts."""

    region: Region
    checked: dt.date
    unconfirmed: tuple[Text, ...] = ()
