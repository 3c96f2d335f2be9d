"""Shared building blocks of the content models: text types and the frozen base model."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

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


class Model(BaseModel):
    """Frozen, and unknown keys are errors (pydantic drops them silently by default)."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)
