"""The safety linter: a pack's YAML and ``.po`` catalogs against the content guide's rules.

Rules and how each is checked (wording rules come from the per-locale lexicons in
``lexicons/``; see :mod:`distress_tolerance._safety.lexicon` for matching and for what "near" means):

=====  ==========  ===================================================================
Rule   Severity    Check
=====  ==========  ===================================================================
L1-L5  block       lexicon wording ("committed suicide", "failed attempt", "epidemic"
                   near suicide, "political suicide", "selfish"/"choice" near suicide)
C1-C3  block       lexicon wording: method/means/dose/tool/height/location detail near
                   suicide or self-harm (C1, also needs human review); suicide or
                   self-harm framed as solution/option/escape/relief (C2); graphic
                   injury words (C3)
C9     warn        lexicon wording: "suffering from" and other labels
K1     warn        lexicon wording: "killed themselves"
C5     block       Every full rendering of a technique ends with the crisis route, so C5
                   holds for techniques by construction. A reframe can be drawn alone,
                   without a route: a reframe whose text mentions suicide or self-harm
                   must point to help in its kinder text. Checked in English and in each
                   catalog (a translation must not lose the pointer).
C6     block       A technique meant for crisis moments needs a compassion_prompt or a
                   caution that points to help; in each catalog, at least one of those
                   cautions must still point to help once translated.
C7     block       A technique whose text mentions suicide or self-harm needs an
                   emotional caution: it is the content note, and cautions always render
                   before the steps ("Before you start"), so the note comes first. A
                   translation that brings in such a mention counts too.
C8     block       A technique tagged (``cold-water``, ``exercise``, ...) or worded as
                   physically intense (cold water, intense exercise, breath holding,
                   muscle tension) needs a caution of kind ``medical``.
R1     warn/info   English reading grade of each technique (Flesch-Kincaid, see
                   :mod:`distress_tolerance._tools.readability`): info at 8 or lower, warn above.
R2     warn        A step longer than :data:`STEP_LIMIT` characters: more than a phone
                   screen shows at once.
U1     warn        A catalog whose locale has no lexicon is not checked.
=====  ==========  ===================================================================

The English interface texts of ``locales/*.pot`` (messages without a msgctxt, from the
templates) get the English wording rules too; content texts are linted in the YAML.

Translator notes are not linted: they talk *about* wording and may quote what not to write.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distress_tolerance._content.marked_yaml import Document, Loc, dotted, parse_bytes
from distress_tolerance._i18n.fields import Field, guidance_fields, reframe_fields, technique_fields
from distress_tolerance._safety.lexicon import Lexicon, lexicon_for
from distress_tolerance._tools.lint_catalog import lint_catalog, lint_template
from distress_tolerance._tools.lint_rules import (
    C5_MESSAGE,
    C6_MESSAGE,
    STEP_LIMIT,
    At,
    Finding,
    c7,
    c8,
    help_texts,
    physical_place,
    reframe_needs_help,
    wording,
)
from distress_tolerance._tools.readability import GRADE_GOAL, grade, hardest_sentence
from distress_tolerance.models import CautionKind, FirstHour, Moment, Reframe, SafetyPlanForm, Technique

__all__ = ["STEP_LIMIT", "Finding", "lint_pack"]

_CRISIS_TEXT = frozenset({"name", "name_latin", "operator", "notes", "note", "title", "method", "by"})
_KEY = re.compile(r"^(\s*(?:-\s+)*)[A-Za-z_][\w-]*\s*:\s?")
_BLOCK_INDICATOR = re.compile(r"^[|>][-+0-9]*$")


def lint_pack(root: Path) -> list[Finding]:
    """Lint the content pack at ``root`` (``data/`` and ``locales/``); findings sorted by file and line.

    Raises ContentError when the pack does not load, and CatalogError for an unreadable ``.po``.
    """
    from distress_tolerance._content.loader import load_yaml_pack

    root = Path(root)
    content = load_yaml_pack(root)
    english = lexicon_for("en")
    assert english is not None, "the English lexicon ships with the package"
    findings: list[Finding] = []
    techniques = {t.id: t for t in content.techniques}
    for path in sorted((root / "data" / "techniques").glob("*.yaml")):
        source = _Source.read(path, root)
        findings.extend(_technique(techniques[path.stem], source, english))
    reframes = {r.id: r for r in content.reframes}
    for path in sorted((root / "data" / "reframes").glob("*.yaml")):
        source = _Source.read(path, root)
        for index, item in enumerate(source.doc.data["reframes"]):
            findings.extend(_reframe(reframes[item["id"]], index, source, english))
    for guidance in (content.first_hour, content.safety_plan):
        if guidance is not None:
            findings.extend(
                _guidance(guidance, _Source.read(root / "data" / f"{guidance.id}.yaml", root), english)
            )
    for path in sorted((root / "data" / "crisis").glob("*.yaml")):
        source = _Source.read(path, root)
        for loc, text in _crisis_texts(source.doc.data, ()):
            findings.extend(wording(english, text, source.at(loc, text), dotted(loc)))
    for path in sorted((root / "locales").glob("*.pot")):
        findings.extend(lint_template(path, root))
    for path in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
        findings.extend(lint_catalog(path, root, content))
    return sorted(findings, key=lambda f: (f.file, f.line or 0, f.rule, f.phrase))


@dataclass(frozen=True)
class _Source:
    """A YAML file: its path as shown, its lines and its parsed document (for line numbers)."""

    path: str
    lines: tuple[str, ...]
    doc: Document

    @classmethod
    def read(cls, path: Path, root: Path) -> _Source:
        from distress_tolerance._content.loader import read_pack_yaml

        # The pack has loaded, so the file is a regular, small, UTF-8 file inside it: read it the
        # same bounded way all the same, in case it changed since (ContentError if it did).
        shown = path.relative_to(root).as_posix()
        data = read_pack_yaml(path, root, shown)
        text = data.decode("utf-8", "replace").removeprefix("\ufeff")
        return cls(shown, tuple(text.splitlines()), parse_bytes(data, shown))

    def line(self, loc: Loc, text: str | None = None, offset: int = 0) -> int | None:
        """The line of ``loc``; with its text, the line inside a multi-line value where ``offset`` is."""
        line = self.doc.line_of(loc)
        if line is None or text is None or offset == 0:
            return line
        return _value_line(self.lines, line, text, offset)

    def at(self, loc: Loc, text: str | None = None) -> At:
        """Make findings located at ``loc`` (and inside ``text``, at a given offset)."""
        return lambda rule, severity, phrase, message, offset=0: Finding(
            self.path, self.line(loc, text, offset), rule, severity, phrase, message
        )


def _value_line(lines: tuple[str, ...], key_line: int, text: str, offset: int) -> int:
    """Follow a (possibly folded) scalar from its key's line to the line holding ``offset``."""
    before = text[:offset]
    index = len(before.split())
    if before and not before[-1].isspace() and index:
        index -= 1  # the match starts inside a word
    match = _KEY.match(lines[key_line - 1])
    if match is None:
        return key_line
    column = len(match.group(1))
    rest = lines[key_line - 1][match.end() :].strip()
    seen = 0 if _BLOCK_INDICATOR.match(rest) else len(rest.split())
    if seen > index:
        return key_line
    for number in range(key_line + 1, len(lines) + 1):
        raw = lines[number - 1]
        if raw.strip() and len(raw) - len(raw.lstrip()) <= column:
            break
        seen += len(raw.split())
        if seen > index:
            return number
    return key_line


def _technique(technique: Technique, source: _Source, english: Lexicon) -> Iterator[Finding]:
    fields = list(technique_fields(technique))
    for field in fields:
        yield from wording(english, field.text, source.at(field.loc, field.text), dotted(field.loc))
    kinds = {c.kind for c in technique.cautions}
    crisis = Moment.CRISIS in technique.when.moments and not technique.compassion_prompt
    if crisis and not any(english.points_to_help(text) for text in help_texts(technique)):
        yield source.at(("when", "moments"))("C6", "block", "crisis", C6_MESSAGE)
    if CautionKind.EMOTIONAL not in kinds:
        for field in fields:
            mention = english.mentions(field.text)
            if mention is not None:
                at = source.at(field.loc, field.text)
                yield c7(at, mention, dotted(field.loc), field.text.find(mention))
                break
    if CautionKind.MEDICAL not in kinds:
        trigger = physical_place(technique, english)
        if trigger is not None:
            loc, phrase, text = trigger
            yield c8(source.at(loc, text), phrase, dotted(loc), text.find(phrase))
    yield from _readability(technique, fields, source)


def _readability(technique: Technique, fields: list[Field], source: _Source) -> Iterator[Finding]:
    texts = [f.text for f in fields if f.loc != ("title",)]
    value = grade(texts)
    hardest = hardest_sentence(texts) or ""
    if value > GRADE_GOAL:
        message = f"reading grade {value:.1f} is above the goal of {GRADE_GOAL:g}; start with this sentence"
        yield Finding(source.path, source.line(("title",)), "R1", "warn", hardest, message)
    else:
        message = f"reading grade {value:.1f} (Flesch-Kincaid; goal {GRADE_GOAL:g} or lower)"
        yield Finding(source.path, source.line(("title",)), "R1", "info", "", message)
    for index, step in enumerate(technique.steps):
        if len(step.text) > STEP_LIMIT:
            loc: Loc = ("steps", index, "text")
            message = (
                f"{dotted(loc)}: {len(step.text)} characters, longer than a phone screen "
                f"(limit {STEP_LIMIT}); split the step"
            )
            yield Finding(source.path, source.line(loc), "R2", "warn", step.text[:60] + "…", message)


def _guidance(guidance: FirstHour | SafetyPlanForm, source: _Source, english: Lexicon) -> Iterator[Finding]:
    """The first hour and the safety plan's form: the wording rules on every text, and the
    reading grade (they talk about self-harm, so they carry the crisis route in every rendering
    and their content note comes first: the model and the templates make sure of both)."""
    fields = list(guidance_fields(guidance))
    for field in fields:
        yield from wording(english, field.text, source.at(field.loc, field.text), dotted(field.loc))
    texts = [f.text for f in fields if f.loc != ("title",)]
    value = grade(texts)
    message = f"reading grade {value:.1f} (Flesch-Kincaid; goal {GRADE_GOAL:g} or lower)"
    at = source.line(("title",))
    yield Finding(source.path, at, "R1", "warn" if value > GRADE_GOAL else "info", "", message)


def _reframe(reframe: Reframe, index: int, source: _Source, english: Lexicon) -> Iterator[Finding]:
    fields = list(reframe_fields(reframe, ("reframes", index)))
    for field in fields:
        yield from wording(english, field.text, source.at(field.loc, field.text), dotted(field.loc))
    mention = english.mentions(reframe.harsh) or english.mentions(reframe.kinder)
    if reframe_needs_help(mention, english.points_to_help(reframe.kinder)):
        loc: Loc = ("reframes", index, "kinder")
        yield source.at(loc)("C5", "block", mention or "", C5_MESSAGE)


def _crisis_texts(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and key in _CRISIS_TEXT:
                yield (*loc, key), value
            else:
                yield from _crisis_texts(value, (*loc, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _crisis_texts(item, (*loc, index))
