"""The exceptions a host can see.

Every error raised on purpose derives from :class:`DistressToleranceError` and from the
built-in exception it means, so ``except ValueError`` and ``except LookupError`` keep working.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "ArgumentError",
    "CatalogError",
    "ContentError",
    "DistressToleranceError",
    "ErrorLocation",
    "ExportError",
    "RenderError",
    "UnknownLocaleError",
    "UnknownTechniqueError",
]


class DistressToleranceError(Exception):
    """Base class of every error this library raises on purpose."""


class ArgumentError(DistressToleranceError, ValueError):
    """A public function was given an argument it does not take: the message names the argument
    and shows the value (cut short). Render functions raise :class:`RenderError` instead."""


@dataclass(frozen=True, slots=True)
class ErrorLocation:
    """One problem found in a content file: where it is and what is wrong."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class ContentError(DistressToleranceError, ValueError):
    """A content pack could not be loaded.

    ``errors`` lists every problem found (file, line, dotted field path, message); the
    message of the exception lists them all, one per line.
    """

    def __init__(self, errors: Sequence[ErrorLocation]) -> None:
        self.errors: tuple[ErrorLocation, ...] = tuple(errors)
        count = len(self.errors)
        head = f"{count} problem{'s' if count != 1 else ''} in content"
        super().__init__("\n".join([head, *(str(e) for e in self.errors)]))

    @property
    def path(self) -> str:
        """The file of the first problem."""
        return self.errors[0].path if self.errors else ""

    @property
    def line(self) -> int | None:
        """The line of the first problem, where known."""
        return self.errors[0].line if self.errors else None

    @property
    def field(self) -> str:
        """The dotted field path of the first problem."""
        return self.errors[0].field if self.errors else ""


class UnknownTechniqueError(DistressToleranceError, LookupError):
    """No technique has the id that was asked for."""

    def __init__(self, technique_id: str) -> None:
        self.technique_id = technique_id
        super().__init__(f"no technique with id {technique_id!r}")


class UnknownLocaleError(DistressToleranceError, LookupError):
    """A locale identifier is malformed; it was rejected before any file was opened."""

    def __init__(self, identifier: object) -> None:
        self.identifier = identifier
        shown = repr(identifier)
        if len(shown) > 60:  # noqa: PLR2004 (keep a hostile value short in messages)
            shown = shown[:57] + "..."
        super().__init__(f"not a valid locale identifier: {shown}")


class UnknownRegionError(DistressToleranceError, LookupError):
    """A region is not an ISO 3166-1 alpha-2 code (nor one of the library's regions).

    ``region`` is the value given; ``suggestions`` lists close matches, regions with crisis
    services first (``usa`` -> ``US``).
    """

    def __init__(self, region: object, suggestions: Iterable[str] = ()) -> None:
        self.region = region
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        shown = repr(region)
        if len(shown) > 60:  # noqa: PLR2004 (keep a hostile value short in messages)
            shown = shown[:57] + "..."
        hint = f"; did you mean {' or '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"not an ISO 3166-1 region code: {shown}{hint}")


class CatalogError(DistressToleranceError, OSError):
    """A translation catalog is missing, truncated or corrupt."""

    def __init__(self, locale: str, path: str, reason: str) -> None:
        self.locale = locale
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: catalog for locale {locale!r} cannot be read: {reason}")


class ExportError(DistressToleranceError, OSError):
    """A static bundle could not be written; the destination was left as it was.

    ``path`` is the destination folder.
    """

    def __init__(self, path: object, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


class RenderError(DistressToleranceError, RuntimeError):
    """A technique could not be rendered: an invalid argument (an unknown format, a width out of
    range, a value of the wrong type) or a broken host template (the message names the template
    and line)."""


class LocaleFallbackWarning(UserWarning):
    """A well-formed locale has no catalog at all in a pack: English is used instead.

    The message names the locale, the pack and, where there is one, the technique; the warning
    points at the code that called the library. Issued once per pack and language.
    """


class CatalogWarning(UserWarning):
    """A catalog could not be read (corrupt, truncated, over a limit): it is reported once, naming
    the file, and its locale falls back along the chain (language, then English)."""
