"""Turn English models into localized views, one locale at a time, without global state."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Mapping
from pathlib import Path

from distress_tolerance._catalog import Catalog, load_catalog
from distress_tolerance._fields import reframe_context
from distress_tolerance._locale import SOURCE_LOCALE, fallback_chain, language_tag, text_direction
from distress_tolerance.localized import (
    LocalizedCaution,
    LocalizedReframe,
    LocalizedSense,
    LocalizedStep,
    LocalizedTechnique,
    LocalizedText,
    TextStatus,
)
from distress_tolerance.models import Reframe, Technique

__all__ = ["LocaleFallbackWarning", "Translator", "UIText", "localize_technique"]


class LocaleFallbackWarning(UserWarning):
    """A well-formed locale has no catalog at all: English is used instead."""


class UIText(str):
    """A translated interface string that knows its language tag, for ``lang`` attributes."""

    lang: str

    def __new__(cls, text: str, lang: str) -> UIText:
        value = super().__new__(cls, text)
        value.lang = lang
        return value


_warned: set[tuple[str, str]] = set()
_warned_lock = threading.Lock()


class Translator:
    """Look up texts for one locale in one pack's catalogs, along the fallback chain."""

    def __init__(self, locales_dirs: tuple[Path, ...], locale: str) -> None:
        self.locale = locale
        self.locales_dirs = locales_dirs
        self._unreviewed: dict[str, bool] = {}
        self.catalogs: tuple[Catalog, ...] = tuple(
            catalog
            for candidate in fallback_chain(locale)
            if candidate != SOURCE_LOCALE
            for locales_dir in locales_dirs
            if (catalog := load_catalog(locales_dir, candidate)) is not None
        )

    def text(self, context: str | None, msgid: str, *, require_reviewed: bool = False) -> LocalizedText:
        """The best text for ``msgid``: a translation along the chain, else the English source."""
        text, catalog, reviewed = self._find(context, msgid, require_reviewed=require_reviewed)
        if catalog is None:
            return LocalizedText(text=msgid, lang=SOURCE_LOCALE, status=TextStatus.SOURCE)
        status = TextStatus.REVIEWED if reviewed else TextStatus.UNREVIEWED
        return LocalizedText(text=text, lang=language_tag(catalog.locale), status=status)

    def gettext(self, msgid: str, context: str | None = None, *, require_reviewed: bool = False) -> UIText:
        """A UI string, translated or English, that knows its language (``.lang``)."""
        text, catalog, _ = self._find(context, msgid, require_reviewed=require_reviewed)
        return UIText(text, SOURCE_LOCALE if catalog is None else language_tag(catalog.locale))

    def has_unreviewed(self, context: str) -> bool:
        """True when a translation in this message context is used but not reviewed (cached)."""
        found = self._unreviewed.get(context)
        if found is None:
            prefix = f"{context}\x04"
            found = any(
                key.startswith(prefix) and key not in catalog.reviewed
                for catalog in self.catalogs
                for key in catalog.messages
            )
            self._unreviewed[context] = found
        return found

    def _find(
        self, context: str | None, msgid: str, *, require_reviewed: bool
    ) -> tuple[str, Catalog | None, bool]:
        for catalog in self.catalogs:
            found = catalog.get(msgid, context)
            if found is not None:
                key = msgid if context is None else f"{context}\x04{msgid}"
                reviewed = key in catalog.reviewed
                if require_reviewed and not reviewed:
                    break
                return found, catalog, reviewed
        return msgid, None, False

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """A counted UI string, with the locale's plural rules."""
        for catalog in self.catalogs:
            found = catalog.get_plural(singular, n)
            if found is not None:
                return found
        return singular if n == 1 else plural


def forget_warnings() -> None:
    """Forget which locales were already warned about, so the next fallback warns again."""
    with _warned_lock:
        _warned.clear()


def warn_if_untranslated(locale: str, translator: Translator) -> None:
    """Warn once per locale when a well-formed locale has no catalog at all."""
    if translator.catalogs or fallback_chain(locale)[0] == SOURCE_LOCALE:
        return
    key = (str(translator.locales_dirs), locale)
    with _warned_lock:
        if key in _warned:
            return
        _warned.add(key)
    message = f"no translation for locale {locale!r}: using English"
    warnings.warn(message, LocaleFallbackWarning, stacklevel=3)


def localize_technique(
    technique: Technique,
    reframes: Mapping[str, Reframe],
    translator: Translator,
    *,
    require_reviewed: bool = False,
) -> LocalizedTechnique:
    """The localized view of ``technique`` (its reframes resolved from the bank)."""
    fallback = False

    def tr(context: str, text: str, *, safety: bool = False) -> LocalizedText:
        nonlocal fallback
        result = translator.text(context, text, require_reviewed=require_reviewed and safety)
        if safety and require_reviewed and result.status is TextStatus.SOURCE:
            fallback = fallback or translator.text(context, text).status is not TextStatus.SOURCE
        return result

    tid = technique.id
    cautions = tuple(
        LocalizedCaution(
            id=c.id,
            kind=c.kind,
            text=tr(f"{tid}.cautions.{c.id}.text", c.text, safety=True),
            stop_signal=None
            if c.stop_signal is None
            else tr(f"{tid}.cautions.{c.id}.stop_signal", c.stop_signal, safety=True),
        )
        for c in technique.cautions
    )
    steps = tuple(
        LocalizedStep(
            id=s.id,
            text=tr(f"{tid}.steps.{s.id}.text", s.text),
            seconds=s.seconds,
            breathing=s.breathing,
            check_in=s.check_in,
            senses=tuple(
                LocalizedSense(
                    sense=p.sense, prompt=tr(f"{tid}.steps.{s.id}.senses.{p.key}.prompt", p.prompt)
                )
                for p in s.senses
            ),
        )
        for s in technique.steps
    )
    bank = tuple(
        LocalizedReframe(
            id=r.id,
            theme=r.theme,
            harsh=tr(f"{reframe_context(r.id)}.harsh", r.harsh),
            kinder=tr(f"{reframe_context(r.id)}.kinder", r.kinder),
        )
        for r in (reframes[ref] for ref in technique.reframes)
    )
    prompt = technique.compassion_prompt
    return LocalizedTechnique(
        id=tid,
        version=technique.version,
        locale=translator.locale,
        lang=language_tag(translator.locale),
        dir=text_direction(translator.locale),
        title=tr(f"{tid}.title", technique.title),
        summary=tr(f"{tid}.summary", technique.summary),
        why=tr(f"{tid}.why", technique.why),
        category=technique.category,
        tags=technique.tags,
        when=technique.when,
        cautions=cautions,
        steps=steps,
        reframes=bank,
        compassion_prompt=None if prompt is None else tr(f"{tid}.compassion_prompt", prompt),
        sources=technique.sources,
        review=technique.review,
        license=technique.license,
        safety_fallback=fallback,
    )
