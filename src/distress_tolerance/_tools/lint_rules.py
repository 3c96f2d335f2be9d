"""The safety linter's findings and the rules shared by its YAML and catalog passes.

:mod:`distress_tolerance._tools.lint` checks a pack's YAML, :mod:`distress_tolerance._tools.lint_catalog` its
catalogs; both make :class:`Finding` objects with the helpers here (the rule table is in ``_lint``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, Protocol

from distress_tolerance._content.marked_yaml import Loc
from distress_tolerance._i18n.fields import technique_fields
from distress_tolerance._safety.lexicon import Lexicon
from distress_tolerance.models import Technique

__all__ = ["STEP_LIMIT", "Finding"]

STEP_LIMIT = 280
"""Characters in one step: about eight lines of 35 characters, what a small phone (320 CSS px
wide, 16 px text) shows at once beside the step's number and the player's controls."""

PHYSICAL_TAGS = frozenset(
    {
        "cold-water",
        "ice-water",
        "temperature",
        "exercise",
        "intense-exercise",
        "breath-holding",
        "breath-hold",
        "muscle-tension",
    }
)
"""Technique tags that mark a physically intense skill (C8)."""


Severity = Literal["block", "warn", "info"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or, for R1, one report) found by the linter."""

    file: str
    """The file, relative to the pack's root (``data/techniques/tipp.yaml``)."""
    line: int | None
    rule: str
    severity: Severity
    phrase: str
    """The offending words, as written in the file."""
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        quoted = f' ("{self.phrase}")' if self.phrase else ""
        return f"{where}: {self.rule} {self.severity}: {self.message}{quoted}"


class At(Protocol):
    """Makes a finding at a known place; ``offset`` is where in the text the phrase starts."""

    def __call__(
        self, rule: str, severity: Severity, phrase: str, message: str, offset: int = 0
    ) -> Finding: ...


def wording(lexicon: Lexicon, text: str, at: At, where: str) -> Iterator[Finding]:
    """The wording rules of ``lexicon`` that fire on ``text``, as findings."""
    for hit in lexicon.scan(text):
        severity: Severity = "block" if hit.kind == "block" else "warn"
        yield at(hit.rule, severity, hit.phrase, f"{where}: {hit.reason}", hit.start)


def help_texts(technique: Technique) -> Iterator[str]:
    """The caution texts and stop signals of a technique."""
    for caution in technique.cautions:
        yield caution.text
        if caution.stop_signal:
            yield caution.stop_signal


C6_MESSAGE = "meant for crisis moments, yet it has no compassion_prompt and no caution points to help"


def c7(at: At, mention: str, where: str, offset: int = 0) -> Finding:
    """A C7 finding: a mention of suicide or self-harm with no content note."""
    message = f"{where}: mentions suicide or self-harm, but the technique has no emotional caution"
    return at("C7", "block", mention, message + " (the content note shown before the steps)", max(offset, 0))


def c8(at: At, phrase: str, where: str, offset: int = 0) -> Finding:
    """A C8 finding: a physically intense skill with no medical caution."""
    message = f"{where}: a physically intense skill needs a caution of kind medical, with a stop signal"
    return at("C8", "block", phrase, message, max(offset, 0))


def is_physical(technique: Technique, english: Lexicon) -> bool:
    """Whether a technique is physically intense, by its tags or its English wording (C8)."""
    return physical_place(technique, english) is not None


def physical_place(technique: Technique, english: Lexicon) -> tuple[Loc, str, str] | None:
    """Where a technique is physically intense: (location, phrase, text the phrase is in)."""
    for index, tag in enumerate(technique.tags):
        if tag in PHYSICAL_TAGS:
            return ("tags", index), tag, tag
    for field in technique_fields(technique):
        phrase = english.physical_intensity(field.text)
        if phrase is not None:
            return field.loc, phrase, field.text
    return None


def reframe_needs_help(mention: str | None, kinder_points_to_help: bool) -> bool:
    """C5 for a reframe: it mentions suicide or self-harm and its kinder text does not point to help."""
    return mention is not None and not kinder_points_to_help


C5_MESSAGE = (
    "a reframe can be shown alone, without the crisis route: one that mentions suicide or self-harm "
    "must point to help in its kinder text (reach out, a crisis line, emergency services)"
)
