"""Turn English models into localized views, one locale at a time, without global state."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Self

from distress_tolerance._i18n.catalog import Catalog, load_catalog
from distress_tolerance._i18n.fields import Field, reframe_fields, technique_fields
from distress_tolerance._i18n.locale import SOURCE_LOCALE, fallback_chain, language_tag, text_direction
from distress_tolerance._i18n.warn import warn_at_caller
from distress_tolerance.exceptions import LocaleFallbackWarning
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

__all__ = [
    "Digits",
    "MixedText",
    "Translator",
    "UIText",
    "content_locale",
    "localize_reframe",
    "localize_technique",
    "translate_fields",
]

MAX_WARNED = 100
"""At most this many (pack, language) fallbacks are warned about per process, until
:func:`~distress_tolerance.clear_caches`: a locale taken from a request must not grow memory (Python's
warning registry keeps every distinct message)."""


_UI_MEMO = 4096
"""At most this many interface strings are remembered per translator (a host's template may ask
for any msgid; ours ask for a few hundred)."""


class UIText(str):
    """A translated interface string that knows its language tag, for ``lang`` attributes."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Self:
        value = super().__new__(cls, text)
        value.lang = lang
        return value


class MixedText(UIText):
    """A sentence put together from parts, some of them in another language than the sentence
    (an English service name and English notes in a Spanish line of the crisis route): ``parts``
    are ``(text, language tag)``, ``""`` for the sentence's own language, and join to the text. A
    voice marks each part in its language."""

    parts: tuple[tuple[str, str], ...]

    def __new__(cls, parts: tuple[tuple[str, str], ...], lang: str = "") -> MixedText:
        value = super().__new__(cls, "".join(text for text, _ in parts), lang)
        value.parts = parts
        return value


class Digits(str):
    """A part of a :class:`MixedText` that is a phone number written with digits alone
    (``988``, ``0800 111 0 111``): a voice reads it digit by digit, never as a quantity."""

    __slots__ = ()


_warned: set[tuple[tuple[Path, ...], str]] = set()
_warned_lock = threading.Lock()


class Translator:
    """Look up texts for one locale in one pack's catalogs, along the fallback chain.

    ``chain`` is the locales of the chain that have a catalog in ``locales_dirs`` (as a library
    resolved them); by default every locale of the chain but English is tried.
    """

    def __init__(
        self, locales_dirs: tuple[Path, ...], locale: str, *, chain: tuple[str, ...] | None = None
    ) -> None:
        self.locale = locale
        self.locales_dirs = locales_dirs
        self.chain = (
            chain if chain is not None else tuple(c for c in fallback_chain(locale) if c != SOURCE_LOCALE)
        )
        self._unreviewed: dict[str, bool] = {}
        self._ui: dict[tuple[str, str | None, bool], UIText] = {}  # bounded by the catalogs' msgids
        self.catalogs: tuple[Catalog, ...] = tuple(
            catalog
            for candidate in self.chain
            for locales_dir in locales_dirs
            if (catalog := load_catalog(locales_dir, candidate)) is not None
        )

    @property
    def resolved(self) -> tuple[tuple[Path, ...], tuple[str, ...]]:
        """What this translator's texts depend on: its folders and the catalogs found along the chain."""
        return (self.locales_dirs, tuple(catalog.locale for catalog in self.catalogs))

    def text(self, context: str | None, msgid: str, *, require_reviewed: bool = False) -> LocalizedText:
        """The best text for ``msgid``: a translation along the chain, else the English source."""
        text, catalog, reviewed = self._find(context, msgid, require_reviewed=require_reviewed)
        if catalog is None:
            return LocalizedText(text=msgid, lang=SOURCE_LOCALE, status=TextStatus.SOURCE)
        status = TextStatus.REVIEWED if reviewed else TextStatus.UNREVIEWED
        return LocalizedText(text=text, lang=language_tag(catalog.locale), status=status)

    def shown_text(self, context: str | None, msgid: str, *, require_reviewed: bool = False) -> LocalizedText:
        """:meth:`text` of an interface or crisis string shown without variables: ``%%``, how a
        translator writes a percent sign there, is one ``%`` (as substitution makes it in a
        string with variables). Content texts are shown as written: use :meth:`text`."""
        found = self.text(context, msgid, require_reviewed=require_reviewed)
        if "%%" not in found.text:
            return found
        return found.model_copy(update={"text": found.text.replace("%%", "%")})

    def gettext(self, msgid: str, context: str | None = None, *, require_reviewed: bool = False) -> UIText:
        """A UI string, translated or English, that knows its language (``.lang``). Looked up
        once per translator (the interface's strings are a fixed set; content goes through
        :meth:`text`)."""
        key = (msgid, context, require_reviewed)
        found = self._ui.get(key)
        if found is None:
            text, catalog, _ = self._find(context, msgid, require_reviewed=require_reviewed)
            found = UIText(text, SOURCE_LOCALE if catalog is None else language_tag(catalog.locale))
            if len(self._ui) < _UI_MEMO:
                self._ui[key] = found
        return found

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


def content_locale(translator: Translator) -> str:
    """The locale the translator's texts are in, for ``lang`` and ``dir``: its own when it found a
    catalog or its language is English (``es_MX`` with an ``es`` catalog), else English (``tlh``)."""
    language = translator.locale.split("_", maxsplit=1)[0]
    return translator.locale if translator.catalogs or language == SOURCE_LOCALE else SOURCE_LOCALE


def warn_if_untranslated(
    locale: str, translator: Translator, *, pack: str | None = None, technique: str | None = None
) -> None:
    """Warn (:class:`LocaleFallbackWarning`) once per pack and language when a well-formed locale
    has no catalog at all; the warning points at the first caller outside this package."""
    language = locale.split("_", maxsplit=1)[0]
    if translator.catalogs or language == SOURCE_LOCALE:
        return
    key = (translator.locales_dirs, language)
    with _warned_lock:
        if key in _warned or len(_warned) >= MAX_WARNED:
            return
        _warned.add(key)
    where = f" in pack {pack!r}" if pack else ""
    what = f" for technique {technique!r}" if technique else ""
    message = f"no translation for locale {locale!r}{where}{what}: using English"
    warn_at_caller(message, LocaleFallbackWarning)


Loc = tuple[str | int, ...]
"""A text's place in its model (``("steps", 2, "text")``), as :mod:`._i18n.fields` walks it."""


def translate_fields(
    fields: Iterable[Field],
    translator: Translator,
    *,
    require_reviewed: bool,
    safety: Callable[[Loc], bool] = lambda _: True,
) -> tuple[dict[Loc, LocalizedText], bool]:
    """Every text of a model by its place, looked up under the context the extractor wrote for it.

    Texts whose place ``safety`` accepts are safety text: with ``require_reviewed`` an unreviewed
    translation of one gives way to English. Also returns whether that happened to any of them.
    """
    found: dict[Loc, LocalizedText] = {}
    fallback = False
    for field in fields:
        strict = require_reviewed and safety(field.loc)
        text = translator.text(field.context, field.text, require_reviewed=strict)
        if strict and text.status is TextStatus.SOURCE:
            fallback = fallback or translator.text(field.context, field.text).status is not TextStatus.SOURCE
        found[field.loc] = text
    return found, fallback


def localize_reframe(reframe: Reframe, translator: Translator) -> LocalizedReframe:
    """The localized view of one reframe from the bank."""
    t, _ = translate_fields(reframe_fields(reframe), translator, require_reviewed=False)
    return LocalizedReframe(
        id=reframe.id, theme=reframe.theme, harsh=t["harsh",], kinder=t["kinder",], risk=reframe.risk
    )


def localize_technique(
    technique: Technique,
    reframes: Mapping[str, Reframe],
    translator: Translator,
    *,
    require_reviewed: bool = False,
) -> LocalizedTechnique:
    """The localized view of ``technique`` (its reframes resolved from the bank). Its cautions are
    safety text (see :func:`translate_fields`)."""
    t, fallback = translate_fields(
        technique_fields(technique),
        translator,
        require_reviewed=require_reviewed,
        safety=lambda loc: loc[0] == "cautions",
    )
    cautions = tuple(
        LocalizedCaution(
            id=c.id,
            kind=c.kind,
            text=t["cautions", i, "text"],
            stop_signal=None if c.stop_signal is None else t["cautions", i, "stop_signal"],
        )
        for i, c in enumerate(technique.cautions)
    )
    steps = tuple(
        LocalizedStep(
            id=s.id,
            text=t["steps", i, "text"],
            seconds=s.seconds,
            breathing=s.breathing,
            check_in=s.check_in,
            senses=tuple(
                LocalizedSense(sense=p.sense, prompt=t["steps", i, "senses", j, "prompt"])
                for j, p in enumerate(s.senses)
            ),
        )
        for i, s in enumerate(technique.steps)
    )
    root = content_locale(translator)
    return LocalizedTechnique(
        id=technique.id,
        version=technique.version,
        locale=translator.locale,
        lang=language_tag(root),
        dir=text_direction(root),
        title=t["title",],
        summary=t["summary",],
        why=t["why",],
        category=technique.category,
        tags=technique.tags,
        when=technique.when,
        cautions=cautions,
        steps=steps,
        reframes=tuple(localize_reframe(reframes[ref], translator) for ref in technique.reframes),
        compassion_prompt=None if technique.compassion_prompt is None else t["compassion_prompt",],
        sources=technique.sources,
        review=technique.review,
        license=technique.license,
        safety_fallback=fallback,
    )
