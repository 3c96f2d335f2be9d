"""Emergency numbers: what a reader dials for an ambulance, the police or the fire service."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import Field, field_validator, model_validator

from distress_tolerance._content.crisis_models import Confidence, WebSource
from distress_tolerance._content.model_base import Model, Region, Text


class EmergencyService(StrEnum):
    """Which service a number reaches. ``general`` reaches every one of them."""

    GENERAL = "general"
    AMBULANCE = "ambulance"
    POLICE = "police"
    FIRE = "fire"


class EmergencyNumber(Model):
    """One emergency number and the services it reaches. Numbers are never translated."""

    number: Annotated[str, Field(pattern=r"^[0-9]{2,15}$")]
    services: tuple[EmergencyService, ...] = Field(min_length=1)

    @field_validator("services")
    @classmethod
    def _unique(cls, services: tuple[EmergencyService, ...]) -> tuple[EmergencyService, ...]:
        if len(set(services)) != len(services):
            msg = "a service is listed twice"
            raise ValueError(msg)
        return services

    @property
    def href(self) -> str:
        """The ``tel:`` link that dials this number."""
        return f"tel:{self.number}"

    @property
    def medical(self) -> bool:
        """Whether this number reaches an ambulance."""
        return bool({EmergencyService.GENERAL, EmergencyService.AMBULANCE} & set(self.services))


class Waiver(Model):
    """Why a number libphonenumber does not know is kept: the sources confirm it."""

    number: Annotated[str, Field(pattern=r"^[0-9]{2,15}$")]
    reason: Text


class EmergencyNumbers(Model):
    """The emergency numbers of one region, with the sources they come from."""

    region: Region
    numbers: tuple[EmergencyNumber, ...] = Field(min_length=1)
    sources: tuple[WebSource, ...] = Field(min_length=1)
    confidence: Confidence
    notes: Text | None = None
    waivers: tuple[Waiver, ...] = ()

    @field_validator("waivers", mode="before")
    @classmethod
    def _from_mapping(cls, value: Any) -> Any:
        # YAML writes waivers as ``"1234": reason``: one line per number.
        if isinstance(value, Mapping):
            return tuple({"number": str(k), "reason": v} for k, v in value.items())
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        listed = [n.number for n in self.numbers]
        if len(set(listed)) != len(listed):
            msg = "a number is listed twice"
            raise ValueError(msg)
        stray = [w.number for w in self.waivers if w.number not in listed]
        if stray:
            msg = f"waiver for a number that is not listed: {', '.join(stray)}"
            raise ValueError(msg)
        return self

    @property
    def first(self) -> EmergencyNumber:
        """The number to show first: the one for every service, else the ambulance's, else the first."""
        for wanted in (EmergencyService.GENERAL, EmergencyService.AMBULANCE):
            for number in self.numbers:
                if wanted in number.services:
                    return number
        return self.numbers[0]
