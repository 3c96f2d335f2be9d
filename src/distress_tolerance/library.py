"""The library of loaded content: look techniques up, filter them, localize them."""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, overload

from distress_tolerance._content.pack import Pack, builtin_pack, host_pack
from distress_tolerance._i18n.locale import (
    SOURCE_LOCALE,
    check_region,
    parse_locale,
    region_of,
)
from distress_tolerance._i18n.localizer import Localizer
from distress_tolerance._i18n.translate import (
    Translator,
    content_locale,
)
from distress_tolerance._i18n.translators import Translators
from distress_tolerance.exceptions import (
    ArgumentError,
    ContentError,
    ErrorLocation,
    UnknownRegionError,
    UnknownTechniqueError,
)
from distress_tolerance.localized import (
    LocalizedFirstHour,
    LocalizedPlanForm,
    LocalizedTechnique,
)
from distress_tolerance.models import (
    Category,
    CrisisService,
    EmergencyNumbers,
    FirstHour,
    PackContent,
    Reframe,
    ReframeTheme,
    SafetyPlanForm,
    Technique,
)

__all__ = ["Library", "UnknownRegionError", "clear_caches", "load"]

T = TypeVar("T")


class Library:
    """Techniques, reframes and crisis services from one or more content packs.

    Build one with :func:`load`. A library is immutable and safe to share between threads.
    """

    def __init__(self, packs: tuple[tuple[Pack, PackContent], ...]) -> None:
        self._packs = packs
        techniques: dict[str, tuple[Technique, Pack]] = {}
        reframes: dict[str, tuple[Reframe, Pack]] = {}
        problems: list[ErrorLocation] = []
        for pack, content in packs:
            for technique in content.techniques:
                if technique.id in techniques:
                    problems.append(_clash(pack, "technique", technique.id, techniques[technique.id][1]))
                techniques[technique.id] = (technique, pack)
            for reframe in content.reframes:
                if reframe.id in reframes:
                    problems.append(_clash(pack, "reframe", reframe.id, reframes[reframe.id][1]))
                reframes[reframe.id] = (reframe, pack)
        # A later pack replaces the first hour and the safety plan's form.
        first_hour = next(((c.first_hour, p) for p, c in reversed(packs) if c.first_hour), None)
        plan_form = next(((c.safety_plan, p) for p, c in reversed(packs) if c.safety_plan), None)
        if first_hour is not None:
            problems.extend(
                ErrorLocation(
                    f"{first_hour[1].label or '.'}/data/first-hour.yaml",
                    None,
                    f"techniques.{i}",
                    f"no technique with id {ref!r} in any pack",
                )
                for i, ref in enumerate(first_hour[0].techniques)
                if ref not in techniques
            )
        if problems:
            raise ContentError(problems)
        self._first_hour = first_hour
        self._plan_form = plan_form
        self._techniques = techniques
        self._reframes = reframes
        # A later pack replaces a service with the same id, and a region's emergency numbers.
        services = {s.id: s for _, content in packs for s in content.crisis_services}
        self._services = tuple(services.values())
        self._emergency = {e.region: e for _, content in packs for e in content.emergency_numbers}
        # Looked up on every rendering: sorted once (the primary line first, then crisis lines).
        self._regions = tuple(sorted({s.region for s in self._services}))
        self._emergency_regions = tuple(sorted(self._emergency))
        self._by_region = {
            code: tuple(
                sorted(
                    (s for s in self._services if s.region == code),
                    key=lambda s: (not s.primary, s.kind != "crisis-line"),
                )
            )
            for code in self._regions
        }
        self._translators = Translators(tuple(pack for pack, _ in packs))
        self._localizer = Localizer(self._translators, techniques, reframes, first_hour, plan_form)

    def __len__(self) -> int:
        return len(self._techniques)

    def __iter__(self) -> Iterator[Technique]:
        return (technique for technique, _ in self._techniques.values())

    def __contains__(self, technique_id: object) -> bool:
        return technique_id in self._techniques

    @overload
    def get(self, technique_id: str) -> Technique | None: ...
    @overload
    def get(self, technique_id: str, default: T) -> Technique | T: ...
    def get(self, technique_id: str, default: object = None) -> object:
        """The technique with this id, or ``default``."""
        found = self._techniques.get(technique_id)
        return default if found is None else found[0]

    def lookup(self, technique_id: str) -> Technique:
        """The technique with this id; raises UnknownTechniqueError if there is none."""
        found = self._techniques.get(technique_id)
        if found is None:
            raise UnknownTechniqueError(technique_id)
        return found[0]

    def techniques(
        self, *, category: Category | str | None = None, tag: str | None = None
    ) -> tuple[Technique, ...]:
        """Techniques in id order, optionally only those of a category or with a tag."""
        wanted = None if category is None else Category(category)
        return tuple(
            technique
            for technique in sorted(self, key=lambda t: t.id)
            if (wanted is None or technique.category is wanted) and (tag is None or tag in technique.tags)
        )

    def reframes(self, *, theme: ReframeTheme | str | None = None) -> tuple[Reframe, ...]:
        """Reframes from the bank in id order, optionally of one theme (ArgumentError for an
        unknown theme)."""
        wanted = None if theme is None else _theme(theme)
        items = sorted((r for r, _ in self._reframes.values()), key=lambda r: r.id)
        return tuple(r for r in items if wanted is None or r.theme is wanted)

    def crisis_services(self, region: str | None) -> tuple[CrisisService, ...]:
        """The crisis services for an ISO 3166-1 region (``US``): the region's primary line first,
        then crisis lines, then the rest, each group in data order.

        A region without services or a missing one gives an empty tuple: never a guessed country.
        Raises UnknownRegionError for a value that is not a string or None.
        """
        code = _region_code(region)
        if code is None:
            return ()
        return self._by_region.get(code, ())

    def crisis_service(self, service_id: str) -> CrisisService | None:
        """The crisis service with this id (a safety plan links services by id), or None."""
        return next((s for s in self._services if s.id == service_id), None)

    def emergency_numbers(self, region: str | None) -> EmergencyNumbers | None:
        """The emergency numbers of an ISO 3166-1 region, or None when none are recorded or no
        region is given (never a guessed country). Raises UnknownRegionError for a value that is
        not a string or None."""
        code = _region_code(region)
        return None if code is None else self._emergency.get(code)

    def locales(self) -> tuple[str, ...]:
        """The locales with a catalog in any of the library's packs, plus ``en``, sorted.

        Pass them to :func:`negotiate` to pick one from an ``Accept-Language`` header.
        """
        return self._translators.locales()

    def regions(self) -> tuple[str, ...]:
        """The regions with at least one crisis service, sorted."""
        return self._regions

    def emergency_regions(self) -> tuple[str, ...]:
        """The regions with emergency numbers, sorted."""
        return self._emergency_regions

    def localize(
        self, technique: str | Technique, locale: str, *, require_reviewed: bool = False
    ) -> LocalizedTechnique:
        """The technique in ``locale`` (falling back along ``es_MX -> es -> en``), cached.

        With ``require_reviewed``, cautions use English wherever their translation is unreviewed.
        Any well-formed locale works (one without a catalog gives English, with a
        LocaleFallbackWarning); a malformed one raises UnknownLocaleError.
        """
        return self._localizer.technique(technique, locale, require_reviewed=require_reviewed)

    def first_hour(self) -> FirstHour | None:
        """The first hour after self-harm, in English (None when no pack has one)."""
        return None if self._first_hour is None else self._first_hour[0]

    def safety_plan_form(self) -> SafetyPlanForm | None:
        """The safety plan's headings and prompts, in English (None when no pack has them)."""
        return None if self._plan_form is None else self._plan_form[0]

    def localize_first_hour(self, locale: str, *, require_reviewed: bool = False) -> LocalizedFirstHour:
        """The first hour after self-harm in ``locale``, with the techniques it links named in
        that locale. All of it is safety text: ``require_reviewed`` shows English wherever its
        translation is unreviewed. Raises ContentError when no pack has a first hour."""
        return self._localizer.first_hour(locale, require_reviewed=require_reviewed)

    def localize_plan_form(self, locale: str) -> LocalizedPlanForm:
        """The safety plan's headings and prompts in ``locale``. Raises ContentError when no
        pack has them."""
        return self._localizer.plan_form(locale)

    def translator(self, pack: Pack | None, locale: str) -> Translator:
        """The translator for a locale: of ``pack``'s content, or (``None``) of the templates' UI
        strings, taken from host packs first and then from the built-in pack. Cached (bounded);
        raises UnknownLocaleError for a malformed locale."""
        return self._translators.get(pack, locale)

    def resolution(self, locale: str, region: str | None = None) -> tuple[Hashable, ...]:
        """What a rendering in ``locale`` for ``region`` depends on besides the technique and the
        options, for a renderer's cache key: the locale its root is tagged with
        (:func:`~distress_tolerance._i18n.translate.content_locale`: ``en`` for ``tlh``), the catalogs
        found along the chain (the UI's, which decide every pack's), the CLDR locale of dates and
        durations, and the region used. Equal for every locale that resolves alike (``qaa_US`` and
        ``tlh_US``). Raises UnknownLocaleError or UnknownRegionError like :meth:`region_for`.
        """
        from distress_tolerance._i18n.schedule import cldr_name

        normal = parse_locale(locale)
        ui = self.translator(None, normal)
        return (content_locale(ui), ui.resolved[1], cldr_name(normal), self.region_for(normal, region))

    def region_for(self, locale: str, region: str | None = None) -> str | None:
        """The region a rendering uses: the one named (``us`` -> ``US``), else the locale's
        (``es_MX`` -> ``MX``; none for ``en`` or ``es``).

        ``"ZZ"`` says the reader's region is not listed: it is kept (no services have it), and the
        locale's is not used. A named
        region that is neither ISO 3166-1 alpha-2 nor one of :meth:`regions` or
        :meth:`emergency_regions` (``XK``, Kosovo, has emergency numbers but no ISO code) raises
        UnknownRegionError listing close matches (``usa`` -> ``US``); a malformed locale raises
        UnknownLocaleError.
        """
        normal = parse_locale(locale)
        if region is None or region == "":
            return None if normal == SOURCE_LOCALE else region_of(normal)
        if isinstance(region, str) and region.strip().upper() in self.emergency_regions():
            return region.strip().upper()
        return check_region(region, self.regions())  # close matches prefer regions with services


def _region_code(region: object) -> str | None:
    if region is not None and not isinstance(region, str):
        raise UnknownRegionError(region)
    return region.upper() if region else None


def _clash(pack: Pack, what: str, key: str, first: Pack) -> ErrorLocation:
    where = pack.label or str(pack.root)
    return ErrorLocation(where, None, "id", f"{what} id {key!r} is also in {first.label or first.root}")


@lru_cache(maxsize=1)
def _builtin() -> Library:
    pack = builtin_pack()
    return Library(((pack, pack.read()),))


_lock = threading.Lock()


def load(*packs: str | Path, builtin: bool = True) -> Library:
    """Load the built-in content (cached) and any host packs beside it.

    A host pack is a folder with the same layout as ours: ``data/`` and optionally ``locales/``.
    Ids must be unique across packs. Raises ContentError listing every problem found.
    """
    if not packs:
        if not builtin:
            return Library(())
        with _lock:
            return _builtin()
    loaded: list[tuple[Pack, PackContent]] = []
    if builtin:
        loaded.extend(_builtin()._packs)
    for path in packs:
        pack = host_pack(path)
        loaded.append((pack, pack.read()))
    return Library(tuple(loaded))


def clear_caches() -> None:
    """Forget every cached pack, catalog and rendering (for tests and long-running editors)."""
    from distress_tolerance._i18n.catalog import clear_catalog_cache
    from distress_tolerance._i18n.locale import clear_locale_cache
    from distress_tolerance._i18n.lru import clear_shared
    from distress_tolerance._i18n.schedule import clear_schedule_cache
    from distress_tolerance._i18n.translate import forget_warnings

    _builtin.cache_clear()
    clear_catalog_cache()
    clear_locale_cache()
    clear_schedule_cache()
    forget_warnings()
    clear_shared()


def _theme(theme: ReframeTheme | str) -> ReframeTheme:
    try:
        return ReframeTheme(theme)
    except ValueError:
        msg = f"theme must be one of {', '.join(t.value for t in ReframeTheme)}, not {str(theme)[:40]!r}"
        raise ArgumentError(msg) from None
