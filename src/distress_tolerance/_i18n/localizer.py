"""A library's content in any locale: techniques, the first hour and the plan's form, cached.

Views are kept per locale asked for (bounded), and a technique's texts are shared between every
locale that resolves to the same catalogs (``qaa_US`` and ``tlh_US`` both give English), so a
visitor's locale string cannot grow memory.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from distress_tolerance._content.pack import Pack
from distress_tolerance._i18n.guidance import localize_first_hour, localize_plan_form
from distress_tolerance._i18n.locale import language_tag, parse_locale, text_direction
from distress_tolerance._i18n.lru import LRU
from distress_tolerance._i18n.translate import content_locale, localize_technique, warn_if_untranslated
from distress_tolerance._i18n.translators import CACHE_SIZE, Translators
from distress_tolerance.exceptions import ContentError, ErrorLocation, UnknownTechniqueError
from distress_tolerance.localized import (
    LocalizedFirstHour,
    LocalizedPlanForm,
    LocalizedTechnique,
    TechniqueLink,
)
from distress_tolerance.models import FirstHour, Reframe, SafetyPlanForm, Technique

__all__ = ["RESOLVED_CACHE_SIZE", "Localizer"]

RESOLVED_CACHE_SIZE = 256
"""How many localized techniques are kept per (technique, catalogs used, require_reviewed)."""

T = TypeVar("T")


class Localizer:
    """Localizes one library's content (each item with the pack it came from)."""

    def __init__(
        self,
        translators: Translators,
        techniques: Mapping[str, tuple[Technique, Pack]],
        reframes: Mapping[str, tuple[Reframe, Pack]],
        first_hour: tuple[FirstHour, Pack] | None,
        plan_form: tuple[SafetyPlanForm, Pack] | None,
    ) -> None:
        self._translators = translators
        self._techniques = techniques
        self._reframes = reframes
        self._first_hour = first_hour
        self._plan_form = plan_form
        self.views: LRU[LocalizedTechnique] = LRU(CACHE_SIZE)
        """Localized techniques per locale asked for."""
        self.resolved: LRU[LocalizedTechnique] = LRU(RESOLVED_CACHE_SIZE)
        """Localized techniques per catalogs actually used (shared by the views)."""
        self._first_hours: LRU[LocalizedFirstHour] = LRU(CACHE_SIZE)
        self._plan_forms: LRU[LocalizedPlanForm] = LRU(CACHE_SIZE)

    def technique(
        self, technique: str | Technique, locale: str, *, require_reviewed: bool
    ) -> LocalizedTechnique:
        """A technique (by id or model) in ``locale``; see :meth:`Library.localize`."""
        normal = parse_locale(locale)
        key = technique.id if isinstance(technique, Technique) else technique
        found = self._techniques.get(key) if isinstance(key, str) else None
        if found is None:
            raise UnknownTechniqueError(key)
        source, pack = found
        translator = self._translators.get(pack, normal)
        warn_if_untranslated(normal, translator, pack=pack.label or "distress_tolerance", technique=source.id)
        strict = bool(require_reviewed)

        def resolve() -> LocalizedTechnique:
            bank = {ref: self._reframes[ref][0] for ref in source.reframes}
            return localize_technique(source, bank, translator, require_reviewed=strict)

        def adapt() -> LocalizedTechnique:
            shared = self.resolved.get((source.id, translator.resolved, strict), resolve)
            root = content_locale(translator)
            update = {"locale": normal, "lang": language_tag(root), "dir": text_direction(root)}
            if all(getattr(shared, name) == value for name, value in update.items()):
                return shared
            return shared.model_copy(update=update)

        return self.views.get((source.id, normal, strict), adapt)

    def first_hour(self, locale: str, *, require_reviewed: bool) -> LocalizedFirstHour:
        """The first hour in ``locale``; see :meth:`Library.localize_first_hour`."""
        source, pack = _required(self._first_hour, "data/first-hour.yaml")
        normal = parse_locale(locale)
        strict = bool(require_reviewed)

        def make() -> LocalizedFirstHour:
            links = tuple(
                TechniqueLink(id=t.id, title=t.title, summary=t.summary)
                for t in (self.technique(ref, normal, require_reviewed=False) for ref in source.techniques)
            )
            translator = self._translators.get(pack, normal)
            return localize_first_hour(source, links, translator, require_reviewed=strict)

        return self._first_hours.get((normal, strict), make)

    def plan_form(self, locale: str) -> LocalizedPlanForm:
        """The safety plan's form in ``locale``; see :meth:`Library.localize_plan_form`."""
        source, pack = _required(self._plan_form, "data/safety-plan.yaml")
        normal = parse_locale(locale)
        return self._plan_forms.get(
            normal, lambda: localize_plan_form(source, self._translators.get(pack, normal))
        )


def _required(found: tuple[T, Pack] | None, name: str) -> tuple[T, Pack]:
    if found is None:
        raise ContentError([ErrorLocation(name, None, "", "no content pack of this library has it")])
    return found
