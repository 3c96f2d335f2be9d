"""Translation catalogs: read ``.mo`` (or ``.po`` in a source checkout), reject unsafe entries.

A msgstr is kept only when it is safe to show: no forbidden characters, the same placeholders
as its msgid. Everything else falls back to the source text and is listed in ``rejected``.
"""

from __future__ import annotations

import gettext
import json
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from distress_tolerance._text import forbidden_character, same_placeholders
from distress_tolerance.exceptions import CatalogError

DOMAIN = "distress_tolerance"
_CONTEXT_SEP = "\x04"


@dataclass(frozen=True)
class Catalog:
    """The usable messages of one locale's catalog, keyed by ``msgctxt\\x04msgid`` or ``msgid``."""

    locale: str
    path: str
    messages: dict[str, str]
    plurals: dict[str, tuple[str, ...]]
    plural: Callable[[int], int]
    headers: dict[str, str]
    rejected: tuple[tuple[str, str], ...] = field(default=())
    reviewed: frozenset[str] = field(default=frozenset())

    def get(self, msgid: str, context: str | None = None) -> str | None:
        """The translation of ``msgid`` in ``context``, or None."""
        key = msgid if context is None else f"{context}{_CONTEXT_SEP}{msgid}"
        return self.messages.get(key)

    def get_plural(self, singular: str, n: int, context: str | None = None) -> str | None:
        """The plural form of ``singular`` for ``n``, or None."""
        key = singular if context is None else f"{context}{_CONTEXT_SEP}{singular}"
        forms = self.plurals.get(key)
        if not forms:
            return None
        index = self.plural(n)
        return forms[index] if 0 <= index < len(forms) else None


def catalog_path(locales_dir: Path, locale: str, suffix: str) -> Path:
    """Where a locale's catalog lives: ``locales/LOCALE/LC_MESSAGES/distress_tolerance.SUFFIX``."""
    return locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


_cache: dict[tuple[str, str], Catalog | None] = {}
_lock = threading.Lock()


def load_catalog(locales_dir: Path, locale: str) -> Catalog | None:
    """The catalog for an already validated ``locale``, cached; None when the pack has none.

    The compiled ``.mo`` is used unless its ``.po`` is newer (a source checkout being edited).
    """
    key = (str(locales_dir), locale)
    with _lock:
        if key in _cache:
            return _cache[key]
    mo = catalog_path(locales_dir, locale, ".mo")
    po = catalog_path(locales_dir, locale, ".po")
    catalog: Catalog | None
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        catalog = read_mo(mo, locale)
    elif po.is_file():
        catalog = read_po(po, locale)
    else:
        catalog = None
    with _lock:
        return _cache.setdefault(key, catalog)


def clear_catalog_cache() -> None:
    """Forget every loaded catalog."""
    with _lock:
        _cache.clear()


def read_mo(path: Path, locale: str) -> Catalog:
    """Parse a GNU ``.mo`` file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(locale, str(path), exc.strerror or "unreadable") from exc
    try:
        catalog = _parse_mo(data, locale, str(path))
    except (struct.error, UnicodeDecodeError, IndexError, ValueError) as exc:
        raise CatalogError(locale, str(path), f"corrupt or truncated .mo ({exc})") from exc
    sidecar = reviewed_path(path)
    if not sidecar.is_file():
        return catalog
    try:
        reviewed = frozenset(str(key) for key in json.loads(sidecar.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise CatalogError(locale, str(sidecar), f"invalid review list ({exc})") from exc
    return replace(catalog, reviewed=reviewed & catalog.messages.keys())


def reviewed_path(mo_path: Path) -> Path:
    """Where the build writes the keys of reviewed messages, beside the ``.mo``."""
    return mo_path.with_suffix(".reviewed.json")


def _parse_mo(data: bytes, locale: str, path: str) -> Catalog:
    magic = struct.unpack("<I", data[:4])[0]
    order = {0x950412DE: "<", 0xDE120495: ">"}.get(magic)
    if order is None:
        msg = "bad magic number"
        raise ValueError(msg)
    _, count, originals, translations = struct.unpack(f"{order}4I", data[4:20])
    raw: list[tuple[str, str]] = []
    for i in range(count):
        olen, ooff = struct.unpack(f"{order}2I", data[originals + 8 * i : originals + 8 * i + 8])
        tlen, toff = struct.unpack(f"{order}2I", data[translations + 8 * i : translations + 8 * i + 8])
        if ooff + olen > len(data) or toff + tlen > len(data):
            msg = "an entry points past the end of the file"
            raise ValueError(msg)
        raw.append((data[ooff : ooff + olen].decode("utf-8"), data[toff : toff + tlen].decode("utf-8")))
    entries: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    for original, translation in raw:
        ids = tuple(original.split("\x00"))
        strs = tuple(translation.split("\x00"))
        entries.append((ids[0], ids, strs))
    return _build(entries, locale, path)


def read_po(path: Path, locale: str) -> Catalog:
    """Parse a ``.po`` file (used in a source checkout); fuzzy entries are skipped.

    The raw syntax is checked first: Babel silently accepts a file cut off inside a string.
    """
    from distress_tolerance._i18n_po import read_catalog, read_scan

    scan = read_scan(path, locale)
    if scan.problems:
        line, reason = scan.problems[0]
        raise CatalogError(locale, str(path), f"line {line}: {reason}")
    po = read_catalog(path, locale)
    entries: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    reviewed: set[str] = set()
    meta = "\n".join(f"{k}: {v}" for k, v in po.mime_headers)
    entries.append(("", ("",), (meta,)))
    for message in po:
        if not message.id or message.fuzzy:
            continue
        ids = tuple(str(i) for i in (message.id if isinstance(message.id, (tuple, list)) else (message.id,)))
        raw = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        strs = tuple(str(s or "") for s in raw)
        key = ids[0] if message.context is None else f"{message.context}{_CONTEXT_SEP}{ids[0]}"
        entries.append((key, (key, *ids[1:]), strs))
        if "reviewed" in message.flags:
            reviewed.add(key)
    catalog = _build(entries, locale, str(path))
    return replace(catalog, reviewed=frozenset(reviewed) & catalog.messages.keys())


def _build(entries: list[tuple[str, tuple[str, ...], tuple[str, ...]]], locale: str, path: str) -> Catalog:
    headers: dict[str, str] = {}
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    rejected: list[tuple[str, str]] = []
    for key, ids, strs in entries:
        if key == "":
            headers = _headers(strs[0])
            continue
        sources = [ids[0].rpartition(_CONTEXT_SEP)[2], *ids[1:]]
        problem = _problem(sources, strs)
        if problem is not None:
            rejected.append((key, problem))
            continue
        if any(_untranslated(sources, text) for text in strs):  # a missing form: use the source
            continue
        if len(ids) > 1:
            plurals[key] = strs
        else:
            messages[key] = strs[0]
    return Catalog(locale, path, messages, plurals, _plural_function(headers), headers, tuple(rejected))


def _problem(sources: list[str], strs: tuple[str, ...]) -> str | None:
    """Why the msgstr forms ``strs`` may not be shown, or None.

    A form that is empty, or only whitespace where the source is not, is untranslated rather
    than a problem: the caller skips it and the source text is shown.
    """
    for text in strs:
        bad = forbidden_character(text)
        if bad is not None:
            return f"msgstr contains a {bad}"
        if _untranslated(sources, text):
            continue
        # Every form must carry the placeholders of the singular or the plural source.
        if not any(same_placeholders(source, text) for source in sources):
            return "msgstr placeholders differ from the msgid's"
    return None


def _untranslated(sources: list[str], text: str) -> bool:
    """True for a msgstr form that says nothing: empty, or whitespace for a source with words."""
    return not text or (not text.strip() and any(source.strip() for source in sources))


def _headers(text: str) -> dict[str, str]:
    headers = {}
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return headers


def _plural_function(headers: dict[str, str]) -> Callable[[int], int]:
    forms = headers.get("plural-forms", "")
    _, sep, expression = forms.partition("plural=")
    if not sep:
        return lambda n: int(n != 1)
    expression = expression.strip().rstrip(";")
    try:
        function: Callable[[int], int] = gettext.c2py(expression)
    except (ValueError, RecursionError):
        return lambda n: int(n != 1)
    return function
