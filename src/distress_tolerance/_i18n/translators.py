"""Which catalogs a library's packs have, and a translator per (pack, locale), bounded.

A pack's content is translated by its own catalogs; the templates' interface strings (``pack``
None) by every host pack's catalogs first, then the built-in pack's. Catalog folders are listed
once per library, so a locale nobody has a catalog for never touches the disk.
"""

from __future__ import annotations

import threading
from pathlib import Path

from distress_tolerance._content.pack import Pack, builtin_pack
from distress_tolerance._i18n.catalog_files import DOMAIN
from distress_tolerance._i18n.locale import SOURCE_LOCALE, fallback_chain, parse_locale
from distress_tolerance._i18n.lru import LRU
from distress_tolerance._i18n.translate import Translator

__all__ = ["CACHE_SIZE", "Translators", "catalog_locales"]

CACHE_SIZE = 64
"""How many translators (and localized views, see :mod:`.localizer`) are kept per locale asked
for; the least recently used go (each is small)."""


class Translators:
    """The translators of one library (``packs``: all its packs, in order, the built-in one first)."""

    def __init__(self, packs: tuple[Pack, ...]) -> None:
        self._packs = packs
        self._cache: LRU[Translator] = LRU(CACHE_SIZE)
        self._names: dict[tuple[Path, ...], frozenset[str]] = {}
        self._dirs: dict[Path | None, tuple[Path, ...]] = {}  # one entry per pack, plus the UI's
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._cache)

    def get(self, pack: Pack | None, locale: str) -> Translator:
        """The translator for a locale: of ``pack``'s content, or (None) of the interface strings.
        Raises UnknownLocaleError for a malformed locale."""
        normal = parse_locale(locale)
        key = (None if pack is None else pack.root, normal)  # no Path is built per call
        return self._cache.get(key, lambda: self._make(pack, normal))

    def locales(self) -> tuple[str, ...]:
        """The locales with a catalog in any pack (the built-in one included), plus ``en``, sorted."""
        found = {SOURCE_LOCALE}
        for pack in (builtin_pack(), *self._packs):
            found.update(catalog_locales(pack.locales_dir))
        return tuple(sorted(found))

    def _make(self, pack: Pack | None, locale: str) -> Translator:
        dirs = self._dirs.get(None if pack is None else pack.root)
        if dirs is None:
            if pack is not None:
                dirs = (pack.locales_dir,)
            else:
                builtin = builtin_pack().locales_dir
                dirs = (*(p.locales_dir for p in self._packs if p.locales_dir != builtin), builtin)
            with self._lock:
                dirs = self._dirs.setdefault(None if pack is None else pack.root, dirs)
        names = self._names.get(dirs)
        if names is None:
            names = frozenset(name for locales_dir in dirs for name in catalog_locales(locales_dir))
            with self._lock:
                names = self._names.setdefault(dirs, names)
        chain = tuple(c for c in fallback_chain(locale) if c != SOURCE_LOCALE and c in names)
        return Translator(dirs, locale, chain=chain)


def catalog_locales(locales_dir: Path) -> set[str]:
    """The locales with a catalog in a locales folder (folder names that are not locales are ignored)."""
    found = set()
    for path in locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.[mp]o"):
        name = path.parent.parent.name
        try:
            if parse_locale(name) == name:
                found.add(name)
        except LookupError:
            continue
    return found
