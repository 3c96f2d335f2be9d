"""The library of loaded content: look techniques up, filter them, localize them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, overload

from distress_tolerance._locale import SOURCE_LOCALE, parse_locale, region_of
from distress_tolerance._pack import Pack, builtin_pack, host_pack
from distress_tolerance._translate import Translator, localize_technique, warn_if_untranslated
from distress_tolerance.exceptions import ContentError, ErrorLocation, UnknownTechniqueError
from distress_tolerance.localized import LocalizedTechnique
from distress_tolerance.models import Category, CrisisService, PackContent, Reframe, ReframeTheme, Technique

__all__ = ["Library", "clear_caches", "load"]

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
        if problems:
            raise ContentError(problems)
        self._techniques = techniques
        self._reframes = reframes
        self._services = tuple(s for _, content in packs for s in content.crisis_services)
        self._translators: dict[tuple[Path | None, str], Translator] = {}
        self._localized: dict[tuple[str, str, bool], LocalizedTechnique] = {}
        self._lock = threading.Lock()

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
        """Reframes from the bank in id order, optionally of one theme."""
        wanted = None if theme is None else ReframeTheme(theme)
        items = sorted((r for r, _ in self._reframes.values()), key=lambda r: r.id)
        return tuple(r for r in items if wanted is None or r.theme is wanted)

    def crisis_services(self, region: str | None) -> tuple[CrisisService, ...]:
        """The crisis services for an ISO 3166-1 region (``US``), crisis lines first.

        An unknown or missing region gives an empty tuple: never a guessed country.
        """
        if not region:
            return ()
        code = region.upper()
        return tuple(
            sorted((s for s in self._services if s.region == code), key=lambda s: s.kind != "crisis-line")
        )

    def locales(self) -> tuple[str, ...]:
        """The locales with a catalog in any of the library's packs, plus ``en``, sorted.

        Pass them to :func:`negotiate` to pick one from an ``Accept-Language`` header.
        """
        from distress_tolerance._catalog import DOMAIN

        found = {SOURCE_LOCALE}
        for pack in (builtin_pack(), *(p for p, _ in self._packs)):
            for path in pack.locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.[mp]o"):
                found.add(path.parent.parent.name)
        return tuple(sorted(found))

    def regions(self) -> tuple[str, ...]:
        """The regions with at least one crisis service, sorted."""
        return tuple(sorted({s.region for s in self._services}))

    def localize(
        self, technique: str | Technique, locale: str, *, require_reviewed: bool = False
    ) -> LocalizedTechnique:
        """The technique in ``locale`` (falling back along ``es_MX -> es -> en``), cached.

        With ``require_reviewed``, cautions use English wherever their translation is unreviewed.
        """
        normal = parse_locale(locale)
        technique_id = technique if isinstance(technique, str) else technique.id
        key = (technique_id, normal, require_reviewed)
        cached = self._localized.get(key)
        if cached is not None:
            return cached
        found = self._techniques.get(technique_id)
        if found is None:
            raise UnknownTechniqueError(technique_id)
        source, pack = found
        translator = self.translator(pack, normal)
        warn_if_untranslated(normal, translator)
        bank = {ref: self._reframes[ref][0] for ref in source.reframes}
        result = localize_technique(source, bank, translator, require_reviewed=require_reviewed)
        with self._lock:
            return self._localized.setdefault(key, result)

    def translator(self, pack: Pack | None, locale: str) -> Translator:
        """The translator for an already parsed locale: of ``pack``'s content, or (``None``) of the
        templates' UI strings, taken from host packs first and then from the built-in pack."""
        key = (None if pack is None else pack.locales_dir, locale)
        found = self._translators.get(key)  # one dict lookup per render: no paths, no stat()
        if found is None:
            if pack is not None:
                dirs: tuple[Path, ...] = (pack.locales_dir,)
            else:
                builtin = builtin_pack().locales_dir
                dirs = (*(p.locales_dir for p, _ in self._packs if p.locales_dir != builtin), builtin)
            found = Translator(dirs, locale)
            with self._lock:
                found = self._translators.setdefault(key, found)
        return found

    def region_for(self, locale: str, region: str | None = None) -> str | None:
        """The region a rendering uses: the one named, else the locale's (``es_MX`` -> ``MX``)."""
        if region:
            return region.upper()
        return None if parse_locale(locale) == SOURCE_LOCALE else region_of(locale)


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
    from distress_tolerance._catalog import clear_catalog_cache
    from distress_tolerance._translate import forget_warnings

    _builtin.cache_clear()
    clear_catalog_cache()
    forget_warnings()
