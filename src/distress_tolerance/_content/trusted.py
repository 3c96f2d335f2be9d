"""Rebuild content models from JSON that this library validated and wrote itself.

A wheel's ``bundle.json`` is ``PackContent.model_dump_json()`` of a pack that was fully validated
when the wheel was built, and the build records the bundle's SHA-256 beside it. Validating it again
in every process would cost more than everything else a cold render does (pydantic builds the
validators of every content model first), so :func:`construct` turns the JSON data back into the
same model objects ``model_construct`` would make (setting a frozen instance's slots directly when
every field is given), converting each value by its field's type. It is only
ever given a bundle whose digest matches the one the build wrote; anything else is validated in
full (``distress_tolerance._content.pack``).

The conversions cover the types the content models use: models, tuples, optional values, enums,
dates and times, strings, integers and booleans. A model with any other field type raises ``TypeError``
when its converter is first made, so a new kind of field cannot be rebuilt wrongly in silence
(``tests/test_trusted_bundle.py`` rebuilds the whole shipped bundle and compares it, value and type,
with validation).
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["construct"]

M = TypeVar("M", bound=BaseModel)
Convert = Callable[[Any], Any]

_PLAIN = (str, int, bool)
_FROM_ISO: dict[type, Convert] = {dt.date: dt.date.fromisoformat, dt.time: dt.time.fromisoformat}
# With every field given, a frozen instance is what model_construct makes: its four slots set
# directly, in a third of the time. Only while BaseModel has exactly these slots; otherwise, and
# for models that are not frozen, model_construct.
_DIRECT = BaseModel.__slots__ == (
    "__dict__",
    "__pydantic_fields_set__",
    "__pydantic_extra__",
    "__pydantic_private__",
)
_new = object.__new__
_set = object.__setattr__
_converters: dict[type[BaseModel], Convert] = {}
"""Complete converters only: one is added when all its fields' converters are made."""
_making = threading.Lock()


def construct(model: type[M], data: dict[str, Any]) -> M:
    """``model`` rebuilt from ``data``, JSON of an instance this library validated, unchecked."""
    convert = _converters.get(model)
    if convert is None:
        with _making:  # two threads loading at once never see half a converter
            convert = _model_converter(model, ())
    result: M = convert(data)
    return result


def _same(value: Any) -> Any:
    return value


def _model_converter(model: type[BaseModel], outer: tuple[type[BaseModel], ...]) -> Convert:
    found = _converters.get(model)
    if found is not None:
        return found
    if model in outer:
        msg = f"{model.__name__}: cannot rebuild a model that contains itself without validating"
        raise TypeError(msg)
    special: list[tuple[str, Convert]] = []  # the fields whose JSON value is not their value
    for name, field in model.model_fields.items():
        field_convert = _converter(field.annotation, f"{model.__name__}.{name}", (*outer, model))
        if field_convert is not _same:
            special.append((name, field_convert))

    names = frozenset(model.model_fields)
    # Frozen instances never change their fields_set (model_copy copies it), so the instances
    # given every field share one: 2,450 sets fewer in the built-in bundle.
    every_field = set(names)
    direct = (
        _DIRECT
        and model.model_config.get("frozen", False)
        and not model.__private_attributes__
        and model.__pydantic_post_init__ is None
    )

    def convert(data: dict[str, Any]) -> BaseModel:
        values = dict(data)
        for name, field_convert in special:
            if name in values:
                values[name] = field_convert(values[name])
        if not direct or values.keys() != names:  # pydantic fills in the defaults
            return model.model_construct(**values)
        made = _new(model)
        _set(made, "__dict__", values)
        _set(made, "__pydantic_fields_set__", every_field)
        _set(made, "__pydantic_extra__", None)
        _set(made, "__pydantic_private__", None)
        return made

    _converters[model] = convert
    return convert


def _converter(annotation: Any, where: str, outer: tuple[type[BaseModel], ...]) -> Convert:  # noqa: PLR0911 one return per kind of type
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _converter(typing.get_args(annotation)[0], where, outer)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) != 1:
            msg = f"{where}: cannot rebuild a union of {options} without validating"
            raise TypeError(msg)
        inner = _converter(options[0], where, outer)
        return _same if inner is _same else lambda value: None if value is None else inner(value)
    if origin is tuple:
        args = typing.get_args(annotation)
        if len(args) != 2 or args[1] is not Ellipsis:  # noqa: PLR2004 tuple[X, ...]
            msg = f"{where}: cannot rebuild {annotation} without validating"
            raise TypeError(msg)
        item = _converter(args[0], where, outer)
        return tuple if item is _same else lambda values: tuple(map(item, values))
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return _model_converter(annotation, outer)
        if issubclass(annotation, enum.Enum):
            return annotation
        if annotation in _FROM_ISO:
            return _FROM_ISO[annotation]
        if issubclass(annotation, _PLAIN):
            return _same
    msg = f"{where}: cannot rebuild {annotation!r} without validating"
    raise TypeError(msg)
