"""The arguments of the chat-bot tools: pydantic models that validate a call and give its JSON Schema.

One source of truth: :func:`input_schema` is derived from the same models :func:`validate_arguments`
checks a call with, so the published schema and the dispatcher cannot drift. Values a library knows
(its locales, technique ids and reframe themes) are enums built from the library when asked; the
fixed ones (settings, formats, audiences) come from the models.

Arguments are validated strictly, as JSON: ``"5"`` is not a number and ``1`` is not ``true``, just
as the schema says. The schema is normalised (enum definitions inlined, titles dropped) so that it
reads the same under every supported pydantic version.
"""

from __future__ import annotations

import json
import threading
import weakref
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from distress_tolerance._render.suggest import MAX_DISTRESS
from distress_tolerance._render.support import short
from distress_tolerance.exceptions import ArgumentError
from distress_tolerance.models import Audience, ReframeTheme, Setting
from distress_tolerance.render import FORMATS, PLAN_FORMATS

if TYPE_CHECKING:
    from distress_tolerance.library import Library

__all__ = [
    "MAX_LIMIT",
    "MAX_MINUTES",
    "REGION_PATTERN",
    "TOOL_NAMES",
    "FindSkillArguments",
    "GetCrisisServicesArguments",
    "GetReframeArguments",
    "GetSafetyPlanArguments",
    "GetTechniqueArguments",
    "ToolArguments",
    "argument_models",
    "input_schema",
    "validate_arguments",
]

TOOL_NAMES: tuple[str, ...] = (
    "find_skill",
    "get_technique",
    "get_crisis_services",
    "get_reframe",
    "get_safety_plan",
)
"""The tools a bot can call, in the order they are listed."""
MAX_MINUTES = 1440
"""The most minutes ``find_skill`` takes (a day)."""
MAX_LIMIT = 10
"""The most skills ``find_skill`` returns."""
REGION_PATTERN = r"^[A-Za-z]{2}$"
"""A region as a bot passes it: two letters (``US``, ``gb``). Codes that are not ISO 3166-1 are
answered, never refused: the answer says no services are known for them."""
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$"
"""A language tag such as ``es``, ``pt-BR`` or ``ase`` (American Sign Language)."""

_LOCALE = "The language to answer in, as one of the library's locales (default: en)."
_REGION = (
    "The person's country or region as a two-letter ISO 3166-1 code, such as US, GB or MX, to pick "
    "crisis lines and emergency numbers. Ask the person if you do not know it; never guess. Without "
    "it, the answer tells them to contact local emergency services."
)


class ToolArguments(BaseModel):
    """The arguments of one tool call: no unknown keys, JSON types only."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class FindSkillArguments(ToolArguments):
    """Arguments of ``find_skill``."""

    distress: int = Field(
        ge=0,
        le=MAX_DISTRESS,
        description="How intense the person's distress is right now, from 0 (calm) to 10 (the worst "
        "they can imagine), as they rate it themselves.",
    )
    minutes: int = Field(
        ge=1, le=MAX_MINUTES, description="How many minutes the person has for a skill right now."
    )
    setting: Setting = Field(
        default=Setting.PRIVATE,
        description="Where the person is: private (alone, at home) or public (others around, so only "
        "skills that can be done without being noticed).",
    )
    locale: str = Field(default="en", description=_LOCALE)
    region: Annotated[str, Field(pattern=REGION_PATTERN)] | None = Field(default=None, description=_REGION)
    harm_just_happened: bool = Field(
        default=False,
        description="True when the person says they have just hurt themselves. The result then begins "
        "with when to get medical help now, and skills that strain the body are left out.",
    )
    limit: int = Field(default=3, ge=1, le=MAX_LIMIT, description="How many skills to return, best first.")


class GetTechniqueArguments(ToolArguments):
    """Arguments of ``get_technique``."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", description="The skill's id, from find_skill.")
    locale: str = Field(default="en", description=_LOCALE)
    format: str = Field(
        default="markdown",
        description="How to render the skill: markdown (for chat), text, card (a few lines), html (a "
        "fragment), page (a whole HTML page), json (structured data) or ssml (a voice script).",
    )
    region: Annotated[str, Field(pattern=REGION_PATTERN)] | None = Field(default=None, description=_REGION)


class GetCrisisServicesArguments(ToolArguments):
    """Arguments of ``get_crisis_services``."""

    region: Annotated[str, Field(pattern=REGION_PATTERN)] | None = Field(default=None, description=_REGION)
    open_now: bool = Field(
        default=False, description="True to keep only ways of contact that are open at this moment."
    )
    audience: Audience | None = Field(
        default=None,
        description="Keep ways of contact meant for this group of people, or for everyone.",
    )
    language: Annotated[str, Field(pattern=LANGUAGE_PATTERN)] | None = Field(
        default=None,
        description="Keep ways of contact that answer in this language, as a code such as es or pt-BR.",
    )
    locale: str = Field(default="en", description=_LOCALE)


class GetReframeArguments(ToolArguments):
    """Arguments of ``get_reframe``."""

    theme: ReframeTheme = Field(
        description="What the harsh thought is about: failure, mistakes, worth, shame, body, "
        "relationships, future, needing-help or recovery."
    )
    locale: str = Field(default="en", description=_LOCALE)
    region: Annotated[str, Field(pattern=REGION_PATTERN)] | None = Field(default=None, description=_REGION)


class GetSafetyPlanArguments(ToolArguments):
    """Arguments of ``get_safety_plan``."""

    locale: str = Field(default="en", description=_LOCALE)
    format: str = Field(
        default="markdown",
        description="How to render the blank plan: markdown (for chat), text, html (a fragment), page "
        "(a printable page that keeps everything on the device), json (structured data) or ssml (a "
        "voice script).",
    )
    region: Annotated[str, Field(pattern=REGION_PATTERN)] | None = Field(default=None, description=_REGION)


_BASES: dict[str, type[ToolArguments]] = {
    "find_skill": FindSkillArguments,
    "get_technique": GetTechniqueArguments,
    "get_crisis_services": GetCrisisServicesArguments,
    "get_reframe": GetReframeArguments,
    "get_safety_plan": GetSafetyPlanArguments,
}
_FORMATS = {"get_safety_plan": PLAN_FORMATS}
"""The formats a tool renders, where they are not every one of the renderer's."""

_cache: weakref.WeakKeyDictionary[Library, dict[str, type[ToolArguments]]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def argument_models(library: Library) -> dict[str, type[ToolArguments]]:
    """Tool name -> the model of its arguments for ``library``: its locales, technique ids and
    reframe themes are enums (cached per library)."""
    with _lock:
        found = _cache.get(library)
    if found is not None:
        return found
    present = {r.theme for r in library.reframes()}
    enums = {
        "locale": _enum("Locale", library.locales()),
        "id": _enum("TechniqueId", [t.id for t in library.techniques()]),
        "theme": _enum("Theme", [t.value for t in ReframeTheme if t in present]),
    }
    models: dict[str, type[ToolArguments]] = {}
    for name, base in _BASES.items():
        overrides: dict[str, Any] = {}
        for field, values in {**enums, "format": _enum("Format", _FORMATS.get(name, FORMATS))}.items():
            info = base.model_fields.get(field)
            if info is None or values is None:
                continue
            overrides[field] = (values, Field(default=info.default, description=info.description))
        models[name] = create_model(base.__name__, __base__=base, **overrides)
    with _lock:
        return _cache.setdefault(library, models)


def _enum(name: str, values: list[str] | tuple[str, ...]) -> type[StrEnum] | None:
    """A string enum of ``values`` (None when there are none: the base field's pattern is kept)."""
    if not values:
        return None
    return StrEnum(name, {value: value for value in values})  # type: ignore[return-value]


def input_schema(library: Library, name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a tool's arguments, derived from its model.

    Raises ArgumentError for an unknown tool.
    """
    model = _model(library, name)
    raw = model.model_json_schema()
    definitions = raw.pop("$defs", {})
    cleaned: dict[str, Any] = _clean(raw, definitions)
    return cleaned


def _clean(node: Any, definitions: dict[str, Any]) -> Any:
    """``node`` with every ``$ref`` (bare or wrapped in a one-item ``allOf``) replaced by the
    definition it names, and without ``title`` keys; its own keys win over the definition's."""
    if isinstance(node, list):
        return [_clean(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    wrapped = node.get("allOf")
    if isinstance(wrapped, list) and len(wrapped) == 1 and set(wrapped[0]) == {"$ref"}:
        node.pop("allOf")
        node["$ref"] = wrapped[0]["$ref"]
    ref = node.pop("$ref", None)
    if isinstance(ref, str):
        target = definitions[ref.rsplit("/", 1)[-1]]
        node = {**target, **node}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "title":
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {prop: _clean(schema, definitions) for prop, schema in value.items()}
        else:
            out[key] = _clean(value, definitions)
    return out


def validate_arguments(library: Library, name: object, arguments: object) -> ToolArguments:
    """The validated arguments of a call to the tool ``name``.

    ``arguments`` is a mapping of JSON values (None counts as no arguments). A whole number written
    as a float (``5.0``) counts as the number, as in JSON Schema. Raises ArgumentError, naming
    the tool and every argument at fault, for an unknown tool or arguments its schema refuses.
    """
    model = _model(library, name)
    if arguments is None:
        arguments = {}
    if not isinstance(arguments, dict):
        msg = f"{name}: arguments must be an object (a dict), not {short(arguments)}"
        raise ArgumentError(msg)
    if any(not isinstance(key, str) for key in arguments):
        msg = f"{name}: argument names must be strings"
        raise ArgumentError(msg)
    given = {
        key: int(value) if isinstance(value, float) and value.is_integer() else value
        for key, value in arguments.items()
    }
    try:
        text = json.dumps(given, allow_nan=False)
    except (TypeError, ValueError, OverflowError):
        msg = f"{name}: every argument must be a JSON value (string, number, true/false, null)"
        raise ArgumentError(msg) from None
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        raise ArgumentError(_explain(str(name), exc)) from None


def _model(library: Library, name: object) -> type[ToolArguments]:
    models = argument_models(library)
    if not isinstance(name, str) or name not in models:
        msg = f"unknown tool {short(name)}: choose one of {', '.join(TOOL_NAMES)}"
        raise ArgumentError(msg)
    return models[name]


def _explain(name: str, error: ValidationError) -> str:
    problems = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "arguments"
        if item["type"] == "extra_forbidden":
            problems.append(f"unknown argument {short(where)}")
        elif item["type"] == "missing":
            problems.append(f"{where} is required")
        else:
            problems.append(f"{where}: {item['msg']}, not {short(item.get('input'))}")
    return f"{name}: {'; '.join(problems)}"
