"""How far each locale is translated and reviewed, and by whom: ``distress-tolerance i18n stats``.

Counts are taken against the pack's ``.pot``: a plural message counts once, the header entry and
obsolete entries never count (``pybabel compile --statistics`` counts differently). A message is

- *translated* when every form of its msgstr is filled in and it is not fuzzy,
- *fuzzy* when it carries the ``fuzzy`` flag (its translation is never used),
- *untranslated* otherwise (missing from the ``.po``, empty, or with an empty plural form),
- *reviewed* when it is translated and carries the ``reviewed`` flag, which only a fluent
  reviewer adds, by hand, in the ``.po`` file (``#, reviewed``).

Who translated a locale and how far it is reviewed live in the catalog's header, edited by hand:
``Last-Translator``, ``Language-Team``, ``X-Review-Status`` (``unreviewed``, ``partial`` or
``reviewed``) and ``X-Reviewed-By`` (``Name <email>`` entries separated by ``;``).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from distress_tolerance._i18n.catalog_files import DOMAIN, catalog_path
from distress_tolerance._i18n.locale import parse_locale
from distress_tolerance._i18n.po import (
    REVIEW_STATUS,
    REVIEWED_BY,
    forms_of,
    key_of,
    read_catalog,
    read_scan,
)
from distress_tolerance.exceptions import CatalogError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

__all__ = ["MessageCounts", "ReviewState", "TranslationStatus", "pack_statuses", "translation_status"]

_PLACEHOLDER_NAMES = frozenset({"", "FULL NAME <EMAIL@ADDRESS>", "LANGUAGE <LL@li.org>"})


class ReviewState(StrEnum):
    """A locale's review state, as its reviewers declare it in the ``X-Review-Status`` header."""

    UNREVIEWED = "unreviewed"
    PARTIAL = "partial"
    REVIEWED = "reviewed"


class MessageCounts(BaseModel):
    """Message counts of one catalog against its pack's ``.pot`` (``total`` messages)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    total: int = Field(ge=0)
    translated: int = Field(ge=0)
    fuzzy: int = Field(ge=0)
    untranslated: int = Field(ge=0)
    reviewed: int = Field(ge=0)

    def percent(self, count: int) -> float:
        """``count`` as a percentage of ``total``, to one decimal (0.0 for an empty template)."""
        return round(100 * count / self.total, 1) if self.total else 0.0


class TranslationStatus(BaseModel):
    """Who translated a locale, how far its reviewers say it is reviewed, and its message counts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    locale: str
    path: str
    translators: tuple[str, ...]
    """From ``Last-Translator`` (several names separated by ``;``); empty when it is a placeholder."""
    language_team: str | None
    review_status: ReviewState
    """From ``X-Review-Status``; ``unreviewed`` when the header is absent or holds an unknown value."""
    reviewed_by: tuple[str, ...]
    """From ``X-Reviewed-By`` (names separated by ``;``)."""
    counts: MessageCounts


def count_messages(template: Catalog, catalog: Catalog) -> MessageCounts:
    """Count ``catalog``'s messages against ``template`` (see the module's docstring)."""
    by_key = {key_of(m): m for m in catalog if m.id}
    translated = fuzzy = reviewed = total = 0
    for wanted in template:
        if not wanted.id:
            continue
        total += 1
        found = by_key.get(key_of(wanted))
        if found is None:
            continue
        if found.fuzzy:
            fuzzy += 1
        elif all(forms_of(found)):
            translated += 1
            reviewed += "reviewed" in found.flags
    return MessageCounts(
        total=total,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=total - translated - fuzzy,
        reviewed=reviewed,
    )


def catalog_status(po_path: Path, locale: str, template: Catalog) -> TranslationStatus:
    """The status of one ``.po`` file against ``template``; raises CatalogError if unreadable."""
    scan = read_scan(po_path, locale)
    catalog = read_catalog(po_path, locale)
    declared = (scan.header(REVIEW_STATUS) or "").strip().lower()
    team = (scan.header("Language-Team") or "").strip()
    return TranslationStatus(
        locale=locale,
        path=str(po_path),
        translators=_names(scan.header("Last-Translator")),
        language_team=None if team in _PLACEHOLDER_NAMES or team.endswith("<LL@li.org>") else team,
        review_status=ReviewState(declared) if declared in set(ReviewState) else ReviewState.UNREVIEWED,
        reviewed_by=_names(scan.header(REVIEWED_BY)),
        counts=count_messages(template, catalog),
    )


def _names(value: str | None) -> tuple[str, ...]:
    names = (name.strip() for name in (value or "").split(";"))
    return tuple(name for name in names if name not in _PLACEHOLDER_NAMES)


def _template(root: Path, locale: str = "") -> Catalog:
    pot = root / "locales" / f"{DOMAIN}.pot"
    if not pot.is_file():
        raise CatalogError(locale, str(pot), "the pack has no .pot: run `distress-tolerance i18n extract`")
    return read_catalog(pot, locale)


def translation_status(locale: str, *, pack: str | Path | None = None) -> TranslationStatus:
    """The translation and review status of ``locale`` in the built-in pack or in the pack at ``pack``.

    Raises UnknownLocaleError for a malformed locale and CatalogError when the locale has no
    catalog or its catalog (or the pack's ``.pot``) cannot be read.
    """
    from distress_tolerance._content.pack import builtin_pack

    normal = parse_locale(locale)
    root = builtin_pack().root if pack is None else Path(pack)
    po = catalog_path(root / "locales", normal, ".po")
    if not po.is_file():
        raise CatalogError(normal, str(po), "no catalog for this locale")
    return catalog_status(po, normal, _template(root, normal))


def pack_statuses(root: Path) -> tuple[TranslationStatus, ...]:
    """The status of every locale of the pack at ``root``, by locale (the pseudo-locale left out)."""
    from distress_tolerance._i18n.catalog_files import PSEUDO_LOCALE

    template = _template(root)
    return tuple(
        catalog_status(po, po.parent.parent.name, template)
        for po in sorted((root / "locales").glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
        if po.parent.parent.name != PSEUDO_LOCALE
    )


def stats_json(statuses: tuple[TranslationStatus, ...]) -> str:
    """The statuses as JSON: counts, percentages of the ``.pot``'s messages, translators, review."""
    rows = []
    for status in statuses:
        row = status.model_dump(mode="json")
        counts = status.counts
        row["percent"] = {
            name: counts.percent(getattr(counts, name))
            for name in ("translated", "fuzzy", "untranslated", "reviewed")
        }
        rows.append(row)
    total = statuses[0].counts.total if statuses else 0
    return json.dumps({"messages": total, "locales": rows}, ensure_ascii=False, indent=2) + "\n"


def stats_table(statuses: tuple[TranslationStatus, ...]) -> str:
    """The statuses as a plain-text table, then who translated and reviewed each locale."""
    if not statuses:
        return "no catalogs\n"
    total = statuses[0].counts.total
    columns = ("translated", "fuzzy", "untranslated", "reviewed")
    width = max(6, *(len(s.locale) for s in statuses))
    lines = [f"{'LOCALE':<{width}}  " + "  ".join(f"{c.upper():>14}" for c in columns) + "  REVIEW STATUS"]
    for status in statuses:
        counts = status.counts
        cells = (f"{getattr(counts, c)} ({counts.percent(getattr(counts, c)):.1f}%)" for c in columns)
        lines.append(f"{status.locale:<{width}}  " + "  ".join(f"{cell:>14}" for cell in cells))
        lines[-1] += f"  {status.review_status.value}"
    lines.append(f"\n{total} messages in the .pot (a plural message counts once).\n")
    for status in statuses:
        lines.append(f"{status.locale}:")
        lines.append(f"  Last-Translator: {'; '.join(status.translators) or '(not set)'}")
        lines.append(f"  Language-Team:   {status.language_team or '(not set)'}")
        lines.append(f"  X-Review-Status: {status.review_status.value}")
        lines.append(f"  X-Reviewed-By:   {'; '.join(status.reviewed_by) or '(nobody yet)'}")
    return "\n".join(lines) + "\n"
