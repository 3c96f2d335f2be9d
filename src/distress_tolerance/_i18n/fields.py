"""Walk a model's translatable fields: the single definition of every message context.

The context of a text is its stable path: ``contrary-action.steps.pause.text``; list items are
named by their id (or sense), never by position, so reordering steps keeps translations. The notes
of the crisis data share the context of the crisis route's own wording, :data:`CRISIS_CONTEXT`:
they are safety information, reviewed (and required reviewed) with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple, get_args

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from distress_tolerance.models import (
    CrisisService,
    FirstHour,
    Reframe,
    SafetyPlanForm,
    Technique,
    Translatable,
)

CRISIS_CONTEXT = "crisis"
"""The message context of the crisis route's wording and of the crisis data's notes."""


class Field(NamedTuple):
    """One translatable text."""

    context: str
    loc: tuple[str | int, ...]
    text: str
    note: str | None


def technique_fields(technique: Technique) -> Iterator[Field]:
    """Every translatable text of a technique."""
    yield from _walk(technique, technique.id, ())


def guidance_fields(guidance: FirstHour | SafetyPlanForm) -> Iterator[Field]:
    """Every translatable text of the first hour or of the safety plan's form (contexts start
    with their id: ``first-hour.sections.get-help-now.heading``)."""
    yield from _walk(guidance, guidance.id, ())


def reframe_fields(reframe: Reframe, loc: tuple[str | int, ...] = ()) -> Iterator[Field]:
    """Every translatable text of a reframe from the bank."""
    yield from _walk(reframe, reframe_context(reframe.id), loc)


def crisis_fields(service: CrisisService, loc: tuple[str | int, ...] = ()) -> Iterator[Field]:
    """Every translatable note of a crisis service (its contacts' notes, cost notes and hours
    notes), in :data:`CRISIS_CONTEXT`; ``loc`` is the service's place in its file."""
    note = (
        f"A note on how to reach {service.name} ({service.region}). Keep every number, name, time "
        "and web address exactly as written."
    )
    yield from _flat(service, loc, note)


def _flat(model: BaseModel, loc: tuple[str | int, ...], note: str) -> Iterator[Field]:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, str) and _translatable(info):
            yield Field(CRISIS_CONTEXT, (*loc, name), value, note)
        elif isinstance(value, BaseModel):
            yield from _flat(value, (*loc, name), note)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _flat(item, (*loc, name, index), note)


def reframe_context(reframe_id: str) -> str:
    """The context prefix of a reframe in the bank."""
    return f"reframes.{reframe_id}"


def _walk(model: BaseModel, prefix: str, loc: tuple[str | int, ...]) -> Iterator[Field]:
    note = getattr(model, "translator_note", None)
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, str) and _translatable(info):
            yield Field(f"{prefix}.{name}", (*loc, name), value, note)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                key = getattr(item, "key", None)  # items with translatable text have a key
                if isinstance(item, BaseModel) and isinstance(key, str):
                    yield from _walk(item, f"{prefix}.{name}.{key}", (*loc, name, index))


def _marked(annotation: Any) -> bool:
    metadata = getattr(annotation, "__metadata__", ())
    return any(isinstance(m, Translatable) for m in metadata) or any(_marked(a) for a in get_args(annotation))


def _translatable(info: FieldInfo) -> bool:
    # ``TText`` puts the marker in the field's metadata; ``TText | None`` keeps it in the union.
    return any(isinstance(m, Translatable) for m in info.metadata) or _marked(info.annotation)
