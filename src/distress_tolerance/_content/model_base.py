"""Shared building blocks of the content models: text types and the frozen base model."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.version import VERSION as PYDANTIC_VERSION

from distress_tolerance._content.text import check_text


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
Url = Annotated[str, Field(pattern=r"^https?://[^\s<>\"']+$", max_length=2000)]


def deferring_is_thread_safe(version: str) -> bool:
    """Whether pydantic ``version`` builds a model's deferred validators safely when several
    threads use the model for the first time at once.

    From 2.14 on, pydantic builds them under a lock (pydantic PR #13438). Before, concurrent first
    uses could fail ("dictionary changed size during iteration", pydantic issue #13419) or, in
    2.11, validate with the parent class's validator (pydantic issue #11849): a host serving its
    first requests on several threads would get errors. On those versions nothing is deferred.
    """
    major, minor = (int(part) for part in version.split(".")[:2])
    return (major, minor) >= (2, 14)


DEFER_BUILD = deferring_is_thread_safe(PYDANTIC_VERSION)
"""Whether our models build their validators on first use instead of when they are defined."""


class Model(BaseModel):
    """Frozen, and unknown keys are errors (pydantic drops them silently by default).

    Validators are built on first use, not when the class is defined (see :data:`DEFER_BUILD`): a
    process that only reads the wheel's bundle (rebuilt without validating, ``_content/trusted.py``)
    never needs them.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False, defer_build=DEFER_BUILD)
