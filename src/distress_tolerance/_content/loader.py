"""Load a content pack's YAML into validated models: every problem reported, nothing half-loaded."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from distress_tolerance._content.files import FileRefusedError, check_pack_folder, read_pack_file
from distress_tolerance._content.marked_yaml import (
    MAX_ERRORS_PER_FILE,
    MAX_FILE_BYTES,
    MAX_FILES_PER_FOLDER,
    MAX_PACK_BYTES,
    Document,
    Loc,
    dotted,
    parse_bytes,
)
from distress_tolerance.exceptions import ContentError, ErrorLocation
from distress_tolerance.models import (
    CrisisRegionNotes,
    CrisisService,
    EmergencyNumbers,
    FirstHour,
    PackContent,
    Reframe,
    SafetyPlanForm,
    Technique,
)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

_REFRAMES = TypeAdapter(tuple[Reframe, ...])
_SERVICES = TypeAdapter(tuple[CrisisService, ...])
_EMERGENCY = TypeAdapter(tuple[EmergencyNumbers, ...])
_REGION_NOTES = ("checked", "unconfirmed")


def load_yaml_pack(root: Path, *, label: str | None = None) -> PackContent:
    """Read ``root/data`` and return its content, or raise ContentError listing every problem.

    ``label`` is how file paths are shown in errors (default: the paths as given).
    """
    root = Path(root)
    check_pack_folder(root, str(root) if label is None else label or ".")
    errors: list[ErrorLocation] = []
    data = root / "data"
    reader = _Reader(root, label, errors)

    techniques: list[tuple[Technique, Document]] = []
    for path in reader.files(data / "techniques"):
        doc = reader.read(path)
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
        errors.extend(_capped(doc.errors))

    reframe_files = _list_files(reader, data / "reframes", "reframes", _REFRAMES)
    crisis_files = _list_files(reader, data / "crisis", "services", _SERVICES, optional=_REGION_NOTES)
    emergency_files = _list_files(reader, data / "emergency", "regions", _EMERGENCY)
    reframes: list[tuple[Reframe, Document, int]] = _items(reframe_files)
    services: list[tuple[CrisisService, Document, int]] = _items(crisis_files)
    emergency: list[tuple[EmergencyNumbers, Document, int]] = _items(emergency_files)
    notes = [found for doc, items in crisis_files if (found := _region_notes(doc, items)) is not None]
    for doc, _ in (*reframe_files, *crisis_files, *emergency_files):
        errors.extend(_capped(doc.errors))
    errors.extend(_check_services(services))
    errors.extend(_duplicates([(e.region, d, ("regions", i, "region")) for e, d, i in emergency], "region"))

    errors.extend(_duplicates([(t.id, d, ("id",)) for t, d in techniques], "technique"))
    errors.extend(_duplicates([(r.id, d, ("reframes", i, "id")) for r, d, i in reframes], "reframe"))
    errors.extend(_duplicates([(s.id, d, ("services", i, "id")) for s, d, i in services], "service"))
    # Optional single documents; the techniques the first hour links may be in another pack,
    # so the library checks them.
    first_hour = _single(reader, data / "first-hour.yaml", FirstHour, errors)
    safety_plan = _single(reader, data / "safety-plan.yaml", SafetyPlanForm, errors)
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
        emergency_numbers=tuple(e for e, _, _ in emergency),
        crisis_regions=tuple(notes),
        first_hour=first_hour,
        safety_plan=safety_plan,
    )


def _single(reader: _Reader, path: Path, model: type[M], errors: list[ErrorLocation]) -> M | None:
    """An optional one-document file (``data/first-hour.yaml``): None when the pack has none or
    it is invalid (its problems are added to ``errors``)."""
    if not path.is_file() and not path.is_symlink():
        return None
    doc = reader.read(path)
    found = _validate_one(doc, model)
    errors.extend(_capped(doc.errors))
    return found


def _list_files(
    reader: _Reader,
    folder: Path,
    key: str,
    adapter: TypeAdapter[tuple[Any, ...]],
    *,
    optional: tuple[str, ...] = (),
) -> list[tuple[Document, tuple[Any, ...]]]:
    """Every file of ``folder`` holding a list under ``key``: its document and the valid items."""
    return [
        (doc, _validate_list(doc, key, adapter, optional=optional))
        for doc in map(reader.read, reader.files(folder))
    ]


def _items(files: list[tuple[Document, tuple[Any, ...]]]) -> list[Any]:
    """(item, document, index) for every item of every file."""
    return [(item, doc, i) for doc, items in files for i, item in enumerate(items)]


def _capped(found: list[ErrorLocation]) -> list[ErrorLocation]:
    """At most ``MAX_ERRORS_PER_FILE`` problems of one file, and a last line saying how many more."""
    if len(found) <= MAX_ERRORS_PER_FILE:
        return found
    more = len(found) - MAX_ERRORS_PER_FILE
    last = ErrorLocation(found[0].path, None, "", f"and {more:,} more problems in this file")
    return [*found[:MAX_ERRORS_PER_FILE], last]


def _show(path: Path, root: Path, label: str | None) -> str:
    if label is None:
        shown = str(path)
    else:
        relative = path.relative_to(root).as_posix()
        shown = f"{label}/{relative}" if label else relative
    # A file name with a newline or a control character must not break the one-line-per-error output.
    return shown if shown.isprintable() else shown.encode("unicode_escape").decode("ascii")


def read_pack_yaml(path: Path, root: Path, shown: str) -> bytes:
    """The bytes of one YAML file of the pack at ``root``, within ``MAX_FILE_BYTES``.

    Raises ContentError naming the file as ``shown`` for a link out of the pack, a FIFO, a device,
    a file over the limit, or one that cannot be read. Every reader of pack YAML uses this.
    """
    try:
        return read_pack_file(path, root, max_bytes=MAX_FILE_BYTES)
    except FileRefusedError as exc:
        raise ContentError([ErrorLocation(shown, None, "", f"refused: it {exc.strerror}")]) from exc
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ContentError([ErrorLocation(shown, None, "", f"cannot read: {reason}")]) from exc


@dataclass
class _Reader:
    """Reads a pack's YAML files within the limits, recording what it refuses in ``errors``."""

    root: Path
    label: str | None
    errors: list[ErrorLocation]
    total: int = 0
    full: bool = field(default=False)

    def files(self, folder: Path) -> list[Path]:
        """The ``*.yaml`` files of ``folder``, sorted; none when there are too many."""
        found = list(islice(folder.glob("*.yaml"), MAX_FILES_PER_FOLDER + 1))
        if len(found) > MAX_FILES_PER_FOLDER:
            message = f"more than {MAX_FILES_PER_FOLDER:,} YAML files in one folder"
            self.errors.append(ErrorLocation(_show(folder, self.root, self.label), None, "", message))
            return []
        return sorted(found)

    def read(self, path: Path) -> Document:
        """Parse one file; a file refused, unreadable or past the pack's size limit gives errors."""
        shown = _show(path, self.root, self.label)
        if self.full:
            message = f"not read: the pack's YAML is over {MAX_PACK_BYTES:,} bytes"
            return Document(shown, errors=[ErrorLocation(shown, None, "", message)])
        try:
            data = read_pack_yaml(path, self.root, shown)
        except ContentError as exc:
            return Document(shown, errors=list(exc.errors))
        self.total += len(data)
        if self.total > MAX_PACK_BYTES:
            self.full = True
            message = f"the pack's YAML is over {MAX_PACK_BYTES:,} bytes"
            return Document(shown, errors=[ErrorLocation(shown, None, "", message)])
        return parse_bytes(data, shown)


def _validate_one(doc: Document, model: type[M]) -> M | None:
    if doc.errors:
        return None
    return _validated(doc, (), lambda: model.model_validate(doc.data))


def _validate_list(
    doc: Document, key: str, adapter: TypeAdapter[tuple[Any, ...]], *, optional: tuple[str, ...] = ()
) -> tuple[Any, ...]:
    if doc.errors:
        return ()
    if not isinstance(doc.data, dict) or key not in doc.data or not set(doc.data) <= {key, *optional}:
        also = f" (and optionally {', '.join(map(repr, optional))})" if optional else ""
        doc.errors.append(ErrorLocation(doc.path, 1, "", f"expected a mapping with the key {key!r}{also}"))
        return ()
    result = _validated(doc, (key,), lambda: adapter.validate_python(doc.data[key]))
    return () if result is None else result


def _region_notes(doc: Document, services: tuple[CrisisService, ...]) -> CrisisRegionNotes | None:
    """A crisis file's ``checked`` and ``unconfirmed`` keys, for the region all its services share."""
    if doc.errors or not isinstance(doc.data, dict) or not set(_REGION_NOTES) & set(doc.data):
        return None
    regions = {s.region for s in services}
    if len(regions) != 1:
        message = "checked and unconfirmed need every service of the file in one region"
        doc.errors.append(ErrorLocation(doc.path, doc.line_of(("checked",)), "checked", message))
        return None
    given = {k: doc.data[k] for k in _REGION_NOTES if k in doc.data}
    return _validated(doc, (), lambda: CrisisRegionNotes.model_validate({"region": regions.pop(), **given}))


def _check_services(services: list[tuple[CrisisService, Document, int]]) -> list[ErrorLocation]:
    """One primary line per region at most; ``shown_with`` names services of the same region."""
    errors: list[ErrorLocation] = []
    by_id = {s.id: s for s, _, _ in services}
    primary: dict[str, str] = {}
    for service, doc, i in services:
        if service.primary:
            if service.region in primary:
                loc: Loc = ("services", i, "primary")
                message = f"{service.region} already has a primary line: {primary[service.region]!r}"
                errors.append(ErrorLocation(doc.path, doc.line_of(loc), dotted(loc), message))
            primary.setdefault(service.region, service.id)
        for j, other in enumerate(service.shown_with):
            found = by_id.get(other)
            if found is None or found.region != service.region or other == service.id:
                loc = ("services", i, "shown_with", j)
                message = f"no other service {other!r} in region {service.region}"
                errors.append(ErrorLocation(doc.path, doc.line_of(loc), dotted(loc), message))
    return errors


def _validated(doc: Document, prefix: Loc, validate: Callable[[], T]) -> T | None:
    try:
        return validate()
    except ValidationError as exc:
        doc.errors.extend(validation_errors(doc, prefix, exc))
    return None


def validation_errors(doc: Document, prefix: Loc, exc: ValidationError) -> list[ErrorLocation]:
    """``exc``'s errors by file, line and field (``prefix``: where the validated value sits in
    ``doc``). A list's "should have at least 1 item" is left out when its items have errors of
    their own: it only repeats that none of them was valid."""
    found = exc.errors(include_url=False)
    inner = [tuple(e["loc"]) for e in found]
    errors = []
    for error in found:
        loc = tuple(error["loc"])
        if error["type"] == "too_short" and any(len(o) > len(loc) and o[: len(loc)] == loc for o in inner):
            continue
        where = (*prefix, *loc)
        errors.append(ErrorLocation(doc.path, doc.line_of(where), dotted(where), _message(error)))
    return errors


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
