"""Load a content pack's YAML into validated models: every problem reported, nothing half-loaded."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from distress_tolerance._yaml import Document, Loc, dotted, parse
from distress_tolerance.exceptions import ContentError, ErrorLocation
from distress_tolerance.models import CrisisService, PackContent, Reframe, Technique

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

_REFRAMES = TypeAdapter(tuple[Reframe, ...])
_SERVICES = TypeAdapter(tuple[CrisisService, ...])


def load_yaml_pack(root: Path, *, label: str | None = None) -> PackContent:
    """Read ``root/data`` and return its content, or raise ContentError listing every problem.

    ``label`` is how file paths are shown in errors (default: the paths as given).
    """
    errors: list[ErrorLocation] = []
    data = root / "data"
    if not data.is_dir():
        raise ContentError([ErrorLocation(_show(data, root, label), None, "", "no data/ folder")])

    techniques: list[tuple[Technique, Document]] = []
    for path in sorted((data / "techniques").glob("*.yaml")):
        doc = _read(path, root, label)
        technique = _validate_one(doc, Technique)
        if technique is not None:
            if technique.id != path.stem:
                errors.append(
                    ErrorLocation(
                        doc.path,
                        doc.line_of(("id",)),
                        "id",
                        f"id {technique.id!r} does not match the file name {path.name!r}",
                    )
                )
            techniques.append((technique, doc))
        errors.extend(doc.errors)

    reframes: list[tuple[Reframe, Document, int]] = []
    for path in sorted((data / "reframes").glob("*.yaml")):
        doc = _read(path, root, label)
        items = _validate_list(doc, "reframes", _REFRAMES)
        reframes.extend((item, doc, i) for i, item in enumerate(items))
        errors.extend(doc.errors)

    services: list[tuple[CrisisService, Document, int]] = []
    for path in sorted((data / "crisis").glob("*.yaml")):
        doc = _read(path, root, label)
        items = _validate_list(doc, "services", _SERVICES)
        services.extend((item, doc, i) for i, item in enumerate(items))
        errors.extend(doc.errors)

    errors.extend(_duplicates([(t.id, d, ("id",)) for t, d in techniques], "technique"))
    errors.extend(_duplicates([(r.id, d, ("reframes", i, "id")) for r, d, i in reframes], "reframe"))
    errors.extend(_duplicates([(s.id, d, ("services", i, "id")) for s, d, i in services], "service"))
    known = {r.id for r, _, _ in reframes}
    for technique, doc in techniques:
        for i, ref in enumerate(technique.reframes):
            if ref not in known:
                loc: Loc = ("reframes", i)
                errors.append(
                    ErrorLocation(
                        doc.path,
                        doc.line_of(loc),
                        dotted(loc),
                        f"no reframe with id {ref!r} in data/reframes/",
                    )
                )
    if errors:
        raise ContentError(errors)
    return PackContent(
        techniques=tuple(t for t, _ in techniques),
        reframes=tuple(r for r, _, _ in reframes),
        crisis_services=tuple(s for s, _, _ in services),
    )


def _show(path: Path, root: Path, label: str | None) -> str:
    if label is None:
        return str(path)
    relative = path.relative_to(root).as_posix()
    return f"{label}/{relative}" if label else relative


def _read(path: Path, root: Path, label: str | None) -> Document:
    shown = _show(path, root, label)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Document(shown, errors=[ErrorLocation(shown, None, "", f"not UTF-8 text: {exc.reason}")])
    except OSError as exc:
        return Document(shown, errors=[ErrorLocation(shown, None, "", f"cannot read: {exc.strerror}")])
    return parse(text, shown)


def _validate_one(doc: Document, model: type[M]) -> M | None:
    if doc.errors:
        return None
    return _validated(doc, (), lambda: model.model_validate(doc.data))


def _validate_list(doc: Document, key: str, adapter: TypeAdapter[tuple[Any, ...]]) -> tuple[Any, ...]:
    if doc.errors:
        return ()
    if not isinstance(doc.data, dict) or set(doc.data) != {key}:
        doc.errors.append(ErrorLocation(doc.path, 1, "", f"expected a mapping with the single key {key!r}"))
        return ()
    result = _validated(doc, (key,), lambda: adapter.validate_python(doc.data[key]))
    return () if result is None else result


def _validated(doc: Document, prefix: Loc, validate: Callable[[], T]) -> T | None:
    try:
        return validate()
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = (*prefix, *error["loc"])
            doc.errors.append(ErrorLocation(doc.path, doc.line_of(loc), dotted(loc), _message(error)))
    return None


def _message(error: Any) -> str:
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if error["type"] == "extra_forbidden":
        message = "unknown field (check the spelling)"
    return message


def _duplicates(items: Iterable[tuple[str, Document, Loc]], what: str) -> list[ErrorLocation]:
    first: dict[str, str] = {}
    errors = []
    for key, doc, loc in items:
        line = doc.line_of(loc)
        where = f"{doc.path}:{line}"
        if key in first:
            errors.append(
                ErrorLocation(
                    doc.path, line, dotted(loc), f"duplicate {what} id {key!r} (first at {first[key]})"
                )
            )
        else:
            first[key] = where
    return errors
