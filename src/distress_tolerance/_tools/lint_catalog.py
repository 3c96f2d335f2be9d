"""The safety linter on one gettext catalog: the locale's wording rules, and what a translation breaks.

Every non-empty msgstr (fuzzy ones too: they may be unfuzzied later) is checked against the
locale's lexicon. The structural rules are about the English content and are checked on the
YAML; here they catch what a translation changes:

- C7 and C8: a translation that brings in a mention of suicide or self-harm, or a physically
  intense activity, that its English source does not have, in a technique without an emotional
  (C7) or medical (C8) caution.
- C6: a crisis technique that relies on its cautions to point to help, whose every such caution
  is translated without pointing to help.
- C5: a reframe that mentions suicide or self-harm in the translation, while its kinder text (as
  shown in that locale) does not point to help.

Line numbers are those of the msgstr line that holds the phrase, not of the msgid.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po, unescape

from distress_tolerance._i18n.catalog_files import PSEUDO_LOCALE
from distress_tolerance._i18n.fields import technique_fields
from distress_tolerance._i18n.locale import parse_locale
from distress_tolerance._safety.lexicon import Lexicon, lexicon_for
from distress_tolerance._tools.lint_rules import (
    C5_MESSAGE,
    At,
    Finding,
    c7,
    c8,
    is_physical,
    reframe_needs_help,
    wording,
)
from distress_tolerance.exceptions import CatalogError, UnknownLocaleError
from distress_tolerance.models import CautionKind, Moment, PackContent, Technique


@dataclass(frozen=True)
class _Message:
    """One msgstr (or one plural form), with the lines it spans in the file."""

    context: str
    source: str
    text: str
    fuzzy: bool
    pieces: tuple[tuple[int, int], ...]
    """(line number, offset in ``text`` where that line's piece ends), in order."""

    def line_at(self, offset: int) -> int:
        for line, end in self.pieces:
            if offset < end:
                return line
        return self.pieces[0][0]

    def at(self, path: str) -> At:
        return lambda rule, severity, phrase, message, offset=0: Finding(
            path, self.line_at(offset), rule, severity, phrase, message
        )


def lint_catalog(path: Path, root: Path, content: PackContent) -> list[Finding]:
    """Lint one ``locales/LOCALE/LC_MESSAGES/*.po`` file of the pack at ``root``."""
    shown = path.relative_to(root).as_posix()
    folder = path.parent.parent.name
    if folder == PSEUDO_LOCALE:
        return []  # generated English for layout tests, not a translation: nothing to check
    try:
        locale = parse_locale(folder)
    except UnknownLocaleError:
        return [
            Finding(shown, None, "U1", "warn", folder, "not a locale folder: this catalog is not checked")
        ]
    lexicon = lexicon_for(locale)
    if lexicon is None:
        unchecked = (
            f"no safe-messaging lexicon for locale {locale!r}: this catalog is not checked "
            f"(add distress_tolerance/lexicons/{locale}.yaml)"
        )
        return [Finding(shown, None, "U1", "warn", locale, unchecked)]
    english = lexicon_for("en")
    assert english is not None
    techniques = {t.id: t for t in content.techniques}
    physical = {t.id: is_physical(t, english) for t in content.techniques}
    findings: list[Finding] = []
    translated: dict[str, _Message] = {}
    for message in _read(path, shown, locale):
        at = message.at(shown)
        findings.extend(wording(lexicon, message.text, at, message.context or "(interface text)"))
        if not message.fuzzy:
            translated.setdefault(message.context, message)
        technique = techniques.get(message.context.partition(".")[0])
        if technique is not None:
            findings.extend(_introduced(technique, physical[technique.id], message, lexicon, english, at))
    findings.extend(_help_lost(content, translated, lexicon, english, shown))
    findings.extend(_reframes(content, translated, lexicon, english, shown))
    return findings


def _introduced(
    technique: Technique, physical: bool, message: _Message, lexicon: Lexicon, english: Lexicon, at: At
) -> Iterator[Finding]:
    kinds = {c.kind for c in technique.cautions}
    if CautionKind.EMOTIONAL not in kinds and english.mentions(message.source) is None:
        mention = lexicon.mentions(message.text)
        if mention is not None:
            yield c7(at, mention, message.context, message.text.find(mention))
    if (
        CautionKind.MEDICAL not in kinds
        and not physical
        and english.physical_intensity(message.source) is None
    ):
        phrase = lexicon.physical_intensity(message.text)
        if phrase is not None:
            yield c8(at, phrase, message.context, message.text.find(phrase))


def _help_lost(
    content: PackContent, translated: dict[str, _Message], lexicon: Lexicon, english: Lexicon, shown: str
) -> Iterator[Finding]:
    for technique in content.techniques:
        if Moment.CRISIS not in technique.when.moments or technique.compassion_prompt:
            continue
        helping = [
            field.context
            for field in technique_fields(technique)
            if field.loc[0] == "cautions" and english.points_to_help(field.text)
        ]
        if not helping or not all(context in translated for context in helping):
            continue  # the YAML check reports the first case; English shows in the second
        if not any(lexicon.points_to_help(translated[context].text) for context in helping):
            first = translated[helping[0]]
            message = (
                f"{first.context}: the English points to help, this translation does not, and no other "
                "caution of this crisis technique does in this locale"
            )
            yield first.at(shown)("C6", "block", first.text[:60], message)


def _reframes(
    content: PackContent, translated: dict[str, _Message], lexicon: Lexicon, english: Lexicon, shown: str
) -> Iterator[Finding]:
    for reframe in content.reframes:
        if reframe_needs_help(
            english.mentions(reframe.harsh) or english.mentions(reframe.kinder),
            english.points_to_help(reframe.kinder),
        ):
            continue  # reported on the YAML
        harsh = translated.get(f"reframes.{reframe.id}.harsh")
        kinder = translated.get(f"reframes.{reframe.id}.kinder")
        if harsh is None and kinder is None:
            continue
        harsh_text, harsh_lexicon = (harsh.text, lexicon) if harsh else (reframe.harsh, english)
        kinder_text, kinder_lexicon = (kinder.text, lexicon) if kinder else (reframe.kinder, english)
        mention = harsh_lexicon.mentions(harsh_text) or kinder_lexicon.mentions(kinder_text)
        if reframe_needs_help(mention, kinder_lexicon.points_to_help(kinder_text)):
            where = kinder or harsh
            assert where is not None
            yield where.at(shown)("C5", "block", mention or "", f"{where.context}: {C5_MESSAGE}")


def lint_template(path: Path, root: Path) -> list[Finding]:
    """Lint the English interface texts (no msgctxt) of a ``.pot``; content texts are linted in the YAML."""
    english = lexicon_for("en")
    assert english is not None
    shown = path.relative_to(root).as_posix()
    findings: list[Finding] = []
    for message in _read(path, shown, "en", sources=True):
        if not message.context:
            findings.extend(wording(english, message.text, message.at(shown), "(interface text)"))
    return findings


def _read(path: Path, shown: str, locale: str, *, sources: bool = False) -> Iterator[_Message]:
    """The msgstrs of a catalog (with ``sources``, its msgids), each plural form on its own."""
    from distress_tolerance._i18n.catalog_files import read_catalog_bytes

    try:
        raw = read_catalog_bytes(path, locale)
    except CatalogError as exc:
        raise CatalogError(locale, shown, exc.reason) from exc
    try:
        catalog = read_po(io.BytesIO(raw), locale=None, abort_invalid=True)
        lines = raw.decode("utf-8").split("\n")  # not splitlines(): a msgstr may hold U+2028
    except (PoFileError, UnicodeDecodeError, ValueError, LookupError, TypeError) as exc:
        raise CatalogError(locale, shown, f"invalid .po ({exc})") from exc
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        plural = isinstance(message.id, (tuple, list))
        for index, text in enumerate(ids if sources else strings):
            if not text:
                continue
            if sources:
                key = "msgid_plural" if index else "msgid"
            else:
                key = f"msgstr[{index}]" if plural else "msgstr"
            pieces = _pieces(lines, message.lineno or 1, key)
            source = str(ids[min(index, len(ids) - 1)])
            yield _Message(message.context or "", source, str(text), message.fuzzy, pieces)


def _pieces(lines: list[str], lineno: int, key: str) -> tuple[tuple[int, int], ...]:
    start = next(
        (n for n in range(lineno - 1, len(lines)) if lines[n].startswith((f"{key} ", f'{key}"'))), None
    )
    if start is None:
        return ((lineno, 0),)
    pieces: list[tuple[int, int]] = []
    end = 0
    for number in range(start, len(lines)):
        raw = lines[number].strip()
        if number > start and not raw.startswith('"'):
            break
        quoted = raw[len(key) :].strip() if number == start else raw
        end += len(unescape(quoted))
        pieces.append((number + 1, end))
    return tuple(pieces)
