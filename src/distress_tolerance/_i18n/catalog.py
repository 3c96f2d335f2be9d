"""Translation catalogs: read ``.mo`` (or ``.po`` in a source checkout), reject unsafe entries.

A msgstr is kept only when it is safe to show: no forbidden characters, the same placeholders
as its msgid. Everything else falls back to the source text and is listed in ``rejected``.

Catalog files come from outside contributors and host packs, so reading them is bounded: the
size limits below are checked before a file is read, a ``.mo`` header cannot make us allocate
more than the file holds, and a broken catalog is read once (its failure is cached until the
file changes) and then skipped with one :class:`CatalogWarning`, so a render never fails on it.
"""

from __future__ import annotations

import gettext
import json
import re
import struct
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from distress_tolerance._content.text import forbidden_character, same_placeholders
from distress_tolerance._i18n.catalog_files import (
    MAX_ENTRIES,
    MAX_PLURAL_EXPRESSION,
    MAX_REVIEWED_BYTES,
    catalog_path,
    read_catalog_bytes,
    reviewed_path,
)
from distress_tolerance._i18n.warn import warn_at_caller
from distress_tolerance.exceptions import CatalogError, CatalogWarning

_CONTEXT_SEP = "\x04"

CACHE_SIZE = 256
"""How many (locales folder, locale) lookups are remembered, found or not (least recently used go)."""


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
        """The plural form of ``singular`` for ``n``, or None (the caller shows the English source)."""
        key = singular if context is None else f"{context}{_CONTEXT_SEP}{singular}"
        forms = self.plurals.get(key)
        if not forms:
            return None
        index = self.plural(n)
        return forms[index] if 0 <= index < len(forms) else None


_Signature = tuple[tuple[int, int] | None, tuple[int, int] | None]
_cache: OrderedDict[tuple[str, str], tuple[_Signature, Catalog | CatalogError | None]] = OrderedDict()
_lock = threading.Lock()


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


def load_catalog(locales_dir: Path, locale: str, *, strict: bool = False) -> Catalog | None:
    """The catalog for an already validated ``locale``, cached; None when the pack has none.

    The compiled ``.mo`` is used unless its ``.po`` is newer (a source checkout being edited).
    A catalog that cannot be read is read once: its CatalogError is cached until the file
    changes (size or modification time) or :func:`clear_catalog_cache`. It is then skipped: one
    :class:`CatalogWarning` names the path and None is returned, so the caller falls back to the
    next locale of its chain. With ``strict`` the (cached) CatalogError is raised instead.
    """
    key = (str(locales_dir), locale)
    mo = catalog_path(locales_dir, locale, ".mo")
    po = catalog_path(locales_dir, locale, ".po")
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
    if cached is not None and not isinstance(cached[1], CatalogError):
        return cached[1]
    signature = (_stat(mo), _stat(po))
    if cached is not None and cached[0] == signature:
        return _failed(cached[1], strict=strict, first=False)
    result: Catalog | CatalogError | None
    try:
        mo_info, po_info = signature
        if mo_info is not None and (po_info is None or mo_info[0] >= po_info[0]):
            result = read_mo(mo, locale)
        elif po_info is not None:
            result = read_po(po, locale)
        else:
            result = None
    except CatalogError as exc:
        result = exc
    with _lock:
        _cache[key] = (signature, result)
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return _failed(result, strict=strict, first=True)


def _failed(result: Catalog | CatalogError | None, *, strict: bool, first: bool) -> Catalog | None:
    if not isinstance(result, CatalogError):
        return result
    if strict:
        raise result
    if first:
        message = f"{result}; using the next locale of the fallback chain"
        warn_at_caller(message, CatalogWarning)
    return None


def catalog_failure(locales_dir: Path, locale: str) -> CatalogError | None:
    """The cached error of a catalog that could not be read, or None (never reads a file)."""
    with _lock:
        cached = _cache.get((str(locales_dir), locale))
    return cached[1] if cached is not None and isinstance(cached[1], CatalogError) else None


def clear_catalog_cache() -> None:
    """Forget every loaded catalog and every cached failure."""
    with _lock:
        _cache.clear()


def read_mo(path: Path, locale: str) -> Catalog:
    """Parse a GNU ``.mo`` file (and the ``.reviewed.json`` beside it); CatalogError when it is bad."""
    data = read_catalog_bytes(path, locale)
    try:
        entries = _parse_mo(data)
    except ValueError as exc:
        raise CatalogError(locale, str(path), f"corrupt or truncated .mo ({exc})") from exc
    catalog = _build(entries, locale, str(path))
    sidecar = reviewed_path(path)
    if not sidecar.is_file() and not sidecar.is_symlink():
        return catalog
    raw = read_catalog_bytes(sidecar, locale, max_bytes=MAX_REVIEWED_BYTES)
    try:
        reviewed = _parse_reviewed(raw)
    except ValueError as exc:
        raise CatalogError(locale, str(sidecar), f"invalid review list ({exc})") from exc
    return replace(catalog, reviewed=reviewed & catalog.messages.keys())


_Entries = list[tuple[str, tuple[str, ...], tuple[str, ...]]]


def _parse_mo(data: bytes) -> _Entries:
    """The entries of a ``.mo``; ValueError for anything but a well-formed UTF-8 catalog.

    Every count and offset is checked against the file's length before it is used, so a header
    claiming 2**32 entries is refused at once, without allocating for them.
    """
    if len(data) < 20:  # noqa: PLR2004 (magic, revision, count and two table offsets)
        msg = "shorter than a .mo header"
        raise ValueError(msg)
    order = {0x950412DE: "<", 0xDE120495: ">"}.get(struct.unpack("<I", data[:4])[0])
    if order is None:
        msg = "bad magic number"
        raise ValueError(msg)
    _, count, originals, translations = struct.unpack(f"{order}4I", data[4:20])
    if count > MAX_ENTRIES + 1:  # the header is an entry too
        msg = f"claims {count:,} entries, over the limit of {MAX_ENTRIES:,}"
        raise ValueError(msg)
    if originals + 8 * count > len(data) or translations + 8 * count > len(data):
        msg = "its index points past the end of the file"
        raise ValueError(msg)
    table = struct.Struct(f"{order}2I")
    entries: _Entries = []
    for i in range(count):
        pair = []
        for base in (originals, translations):
            length, offset = table.unpack_from(data, base + 8 * i)
            if offset + length > len(data):
                msg = f"entry {i} points past the end of the file"
                raise ValueError(msg)
            try:
                pair.append(data[offset : offset + length].decode("utf-8"))
            except UnicodeDecodeError as exc:
                msg = f"entry {i} is not UTF-8"
                raise ValueError(msg) from exc
        ids, strs = tuple(pair[0].split("\x00")), tuple(pair[1].split("\x00"))
        entries.append((ids[0], ids, strs))
    return entries


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _parse_reviewed(raw: bytes) -> frozenset[str]:
    """The keys of a ``.reviewed.json``: a flat JSON list of strings, nothing nested."""
    text = raw.decode("utf-8")
    skeleton = _JSON_STRING.sub('""', text)
    if skeleton.count("[") > 1 or "{" in skeleton:  # nesting: refused before the parser recurses
        msg = "not a flat list of strings"
        raise ValueError(msg)
    keys = json.loads(text)
    if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
        msg = "not a list of strings"
        raise ValueError(msg)
    return frozenset(keys)


def read_po(path: Path, locale: str) -> Catalog:
    """Parse a ``.po`` file (used in a source checkout); fuzzy entries are skipped.

    The raw syntax is checked first (Babel silently accepts a file cut off inside a string);
    CatalogError names the locale, the path and the line of the first problem.
    """
    from distress_tolerance._i18n.po import po_entries  # a checkout's path only: import stays cheap

    entries, reviewed = po_entries(path, locale)
    catalog = _build(entries, locale, str(path))
    return replace(catalog, reviewed=reviewed & catalog.messages.keys())


def _build(entries: _Entries, locale: str, path: str) -> Catalog:
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
    return Catalog(locale, path, messages, plurals, plural_function(headers), headers, tuple(rejected))


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
    for line in text.split("\n"):  # never str.splitlines(): U+2028 and friends are not line ends here
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return headers


def compile_plural(expression: str) -> Callable[[int], int]:
    """The gettext ``plural=`` C expression as a Python function; ValueError when it is not one."""
    if len(expression) > MAX_PLURAL_EXPRESSION:
        msg = f"plural expression over {MAX_PLURAL_EXPRESSION} characters"
        raise ValueError(msg)
    try:
        function: Callable[[int], int] = gettext.c2py(expression)
    except (ValueError, RecursionError, SyntaxError, MemoryError) as exc:
        raise ValueError(str(exc) or "not a plural expression") from exc
    return function


def plural_function(headers: dict[str, str]) -> Callable[[int], int]:
    """A total plural function for a catalog's headers: it never raises.

    An index it cannot compute (the expression divides by zero for this n, or cannot be compiled
    at all) is -1, which no form has, so the caller shows the English source's plural.
    """
    _, sep, expression = headers.get("plural-forms", "").partition("plural=")
    if not sep:
        return _english
    try:
        compiled = compile_plural(expression.strip().rstrip(";").strip())
    except ValueError:
        return _unknown

    def plural(n: int) -> int:
        try:
            return int(compiled(n))
        except (ArithmeticError, ValueError, TypeError, RecursionError, MemoryError):
            return -1

    return plural


def _english(n: int) -> int:
    return int(n != 1)


def _unknown(n: int) -> int:
    del n
    return -1
