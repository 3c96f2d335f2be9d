"""Babel extractor for content YAML (registered as ``distress_tolerance_yaml``).

Each translatable text becomes a message whose msgctxt is the text's stable field path
(``contrary-action.steps.pause.text``), whose line is the text's real line in the file, and whose
``#.`` comment is the YAML's ``translator_note``. Use it from ``pybabel extract -F pyproject.toml``
or from ``distress-tolerance i18n extract``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from pydantic import TypeAdapter, ValidationError

from distress_tolerance._content.loader import validation_errors
from distress_tolerance._content.marked_yaml import MAX_FILE_BYTES, Document, parse_bytes
from distress_tolerance._i18n.fields import (
    Field,
    crisis_fields,
    guidance_fields,
    reframe_fields,
    technique_fields,
)
from distress_tolerance.exceptions import ContentError, ErrorLocation
from distress_tolerance.models import CrisisService, FirstHour, Reframe, SafetyPlanForm, Technique

__all__ = ["extract_yaml"]

_REFRAMES = TypeAdapter(tuple[Reframe, ...])
_SERVICES = TypeAdapter(tuple[CrisisService, ...])

_GUIDANCE: dict[str, type[FirstHour | SafetyPlanForm]] = {
    "first-hour": FirstHour,
    "safety-plan": SafetyPlanForm,
}

Message = tuple[int, str, tuple[str, str], list[str]]


def extract_yaml(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Message]:
    """Yield ``(lineno, "pgettext", (msgctxt, msgid), comments)`` for every translatable text.

    Techniques (``data/techniques/*.yaml``), reframe banks (``data/reframes/*.yaml``), the first
    hour (``data/first-hour.yaml``) and the safety plan's form (``data/safety-plan.yaml``) carry
    text; crisis files (``data/crisis/*.yaml``) carry the notes on their contacts, in the context
    ``crisis`` (names, numbers and addresses are never translated); other files yield nothing.
    Invalid content (not UTF-8, over the size limit, bad YAML, invalid fields) raises ContentError
    naming file, line and field; a file that cannot be read raises ContentError naming the file.
    """
    del keywords, comment_tags, options  # the extractor knows its own fields
    name = str(getattr(fileobj, "name", "<memory>"))
    try:
        data = fileobj.read(MAX_FILE_BYTES + 1)  # never more than one byte past the limit
    except OSError as exc:
        raise ContentError([ErrorLocation(name, None, "", f"cannot read: {exc.strerror or exc}")]) from exc
    if not isinstance(data, bytes):  # a text-mode file: Babel opens files in binary mode
        data = str(data).encode("utf-8", "surrogatepass")
    doc = parse_bytes(data, name)
    if doc.errors:
        raise ContentError(doc.errors)
    if isinstance(doc.data, dict) and "steps" in doc.data:
        technique = _validate(doc, (), lambda: Technique.model_validate(doc.data))
        fields: Iterator[Field] = technique_fields(technique)
    elif isinstance(doc.data, dict) and set(doc.data) == {"reframes"}:
        bank = _validate(doc, ("reframes",), lambda: _REFRAMES.validate_python(doc.data["reframes"]))
        fields = (f for i, r in enumerate(bank) for f in reframe_fields(r, ("reframes", i)))
    elif isinstance(doc.data, dict) and doc.data.get("id") in _GUIDANCE:
        model = _GUIDANCE[doc.data["id"]]
        fields = guidance_fields(_validate(doc, (), lambda: model.model_validate(doc.data)))
    elif isinstance(doc.data, dict) and "services" in doc.data:
        services = _validate(doc, ("services",), lambda: _SERVICES.validate_python(doc.data["services"]))
        fields = (f for i, s in enumerate(services) for f in crisis_fields(s, ("services", i)))
    else:
        return
    for field in fields:
        line = doc.line_of(field.loc) or 1
        yield line, "pgettext", (field.context, field.text), [field.note] if field.note else []


def _validate(doc: Document, prefix: tuple[str | int, ...], validate: Any) -> Any:
    """``validate()``, its errors named by file, line and field (``prefix``: where in the file
    the validated value sits)."""
    try:
        return validate()
    except ValidationError as exc:
        raise ContentError(validation_errors(doc, prefix, exc)) from exc
