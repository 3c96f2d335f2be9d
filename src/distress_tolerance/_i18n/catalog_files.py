"""Where a pack's catalog files are, how large they may be, and how they are read (bounded).

The lowest piece of the i18n layer: :mod:`distress_tolerance._i18n.catalog` (runtime catalogs),
:mod:`distress_tolerance._i18n.po` (``.po`` scanning) and the build all name and read catalog
files through here, so none of them needs another.
"""

from __future__ import annotations

from pathlib import Path

from distress_tolerance._content.files import read_pack_file
from distress_tolerance.exceptions import CatalogError

DOMAIN = "distress_tolerance"

MAX_CATALOG_BYTES = 4 * 1024 * 1024
"""The largest ``.po`` or ``.mo`` read (the shipped ``.po`` files are about 120 kB)."""
MAX_ENTRIES = 20_000
"""The most messages one catalog may hold (the built-in pack has about 500)."""
MAX_PO_LINES = 200_000
"""The most lines a ``.po`` may have (the shipped ones have about 4,000)."""
MAX_REVIEWED_BYTES = 2 * 1024 * 1024
"""The largest ``.reviewed.json`` read; it must be a flat JSON list of strings."""
MAX_PLURAL_EXPRESSION = 1000
"""The longest ``plural=`` expression compiled (gettext refuses longer ones, and nesting over 20)."""
PSEUDO_LOCALE = "en_XA"
"""The generated layout-testing locale (:mod:`distress_tolerance._tools.i18n_pseudo`), never shipped."""


def catalog_path(locales_dir: Path, locale: str, suffix: str) -> Path:
    """Where a locale's catalog lives: ``locales/LOCALE/LC_MESSAGES/distress_tolerance.SUFFIX``."""
    return locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def pack_file_root(path: Path) -> Path:
    """The folder a catalog file must stay inside: the locales folder for ``LOCALE/LC_MESSAGES/x``."""
    return path.parents[2] if path.parent.name == "LC_MESSAGES" and len(path.parents) > 2 else path.parent  # noqa: PLR2004


def read_catalog_bytes(path: Path, locale: str, *, max_bytes: int = MAX_CATALOG_BYTES) -> bytes:
    """The bytes of a pack's catalog file, bounded (see :func:`read_pack_file`); CatalogError otherwise."""
    try:
        return read_pack_file(path, pack_file_root(path), max_bytes=max_bytes)
    except OSError as exc:
        raise CatalogError(locale, str(path), exc.strerror or "unreadable") from exc


def reviewed_path(mo_path: Path) -> Path:
    """Where the build writes the keys of reviewed messages, beside the ``.mo``."""
    return mo_path.with_suffix(".reviewed.json")
