"""A reader's own safety plan: their words, validated and bounded, never stored or sent anywhere.

The plan follows the parts of Stanley and Brown's Safety Planning Intervention
(:class:`~distress_tolerance._content.guidance_models.PlanPart`). Everything in it is the reader's
text: every rendering escapes it like any other untrusted text. Techniques and crisis services
are linked by id, so a rendering shows their current titles and numbers.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, field_validator

from distress_tolerance._content.guidance_models import PlanPart
from distress_tolerance._content.model_base import Model, Slug
from distress_tolerance._content.text import check_text

__all__ = ["MAX_ENTRIES", "MAX_ENTRY_LENGTH", "PlanContact", "SafetyPlan"]

MAX_ENTRIES = 20
"""The most entries one part of a plan holds."""
MAX_ENTRY_LENGTH = 500
"""The most characters one entry holds."""

PlanText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ENTRY_LENGTH),
    AfterValidator(check_text),
]
"""One entry of a plan in the reader's words: no control, bidirectional or invisible characters."""


class PlanContact(Model):
    """A person, place or professional, and how to reach them (any text: a number, an address)."""

    name: PlanText
    contact: PlanText | None = None


class SafetyPlan(Model):
    """A reader's safety plan. Every part may be empty: a blank plan is a valid plan.

    ``techniques`` are technique ids (the skills the reader chose for ``on-my-own``) and
    ``services`` crisis service ids (for ``professionals``); a rendering checks that they exist.
    Load one with ``SafetyPlan.model_validate_json(data)``; ``model_dump_json()`` gives it back.
    """

    format_version: int = Field(default=1, ge=1, le=1)
    warning_signs: tuple[PlanText, ...] = Field(default=(), max_length=MAX_ENTRIES)
    on_my_own: tuple[PlanText, ...] = Field(default=(), max_length=MAX_ENTRIES)
    techniques: tuple[Slug, ...] = Field(default=(), max_length=MAX_ENTRIES)
    distractions: tuple[PlanContact, ...] = Field(default=(), max_length=MAX_ENTRIES)
    people_to_ask: tuple[PlanContact, ...] = Field(default=(), max_length=MAX_ENTRIES)
    professionals: tuple[PlanContact, ...] = Field(default=(), max_length=MAX_ENTRIES)
    services: tuple[Slug, ...] = Field(default=(), max_length=MAX_ENTRIES)
    safer_surroundings: tuple[PlanText, ...] = Field(default=(), max_length=MAX_ENTRIES)
    reasons_for_living: tuple[PlanText, ...] = Field(default=(), max_length=MAX_ENTRIES)

    @field_validator("techniques", "services")
    @classmethod
    def _no_repeats(cls, ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(ids))

    def entries(self, part: PlanPart) -> tuple[str | PlanContact, ...]:
        """The reader's own entries for one part (linked techniques and services not included)."""
        return tuple(getattr(self, _FIELD[part]))

    @property
    def is_blank(self) -> bool:
        """True when the reader has written nothing and linked nothing."""
        return not any(getattr(self, name) for name in (*_FIELD.values(), "techniques", "services"))


_FIELD: dict[PlanPart, str] = {part: part.value.replace("-", "_") for part in PlanPart}
