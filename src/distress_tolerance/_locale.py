"""Locale identifiers: validate before any file is touched, normalise, fall back, negotiate."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from distress_tolerance.exceptions import UnknownLocaleError

SOURCE_LOCALE = "en"

# language, optional script, optional region (two letters or three digits); ``-`` or ``_``.
_LOCALE = re.compile(
    r"^(?P<lang>[A-Za-z]{2,3})(?:[-_](?P<script>[A-Za-z]{4}))?(?:[-_](?P<region>[A-Za-z]{2}|[0-9]{3}))?$"
)
_MAX_LENGTH = 16
# Languages written right to left (CLDR character order), as far as we ship or expect them.
_RTL = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"})


@lru_cache(maxsize=512)
def parse_locale(identifier: str) -> str:
    """Return the normalised form of a locale identifier (``es-mx`` -> ``es_MX``).

    Raises UnknownLocaleError for anything that is not a well-formed identifier, such as
    ``../evil``; nothing is read from disk.
    """
    if not isinstance(identifier, str) or len(identifier) > _MAX_LENGTH:
        raise UnknownLocaleError(identifier)
    match = _LOCALE.match(identifier)
    if match is None:
        raise UnknownLocaleError(identifier)
    parts = [match["lang"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    return "_".join(parts)


@lru_cache(maxsize=512)
def fallback_chain(locale: str) -> tuple[str, ...]:
    """The locales to try in order, ending with English: ``pt_BR`` -> ``(pt_BR, pt, en)``."""
    chain = list(_prefixes(locale))
    if SOURCE_LOCALE not in chain:
        chain.append(SOURCE_LOCALE)
    return tuple(chain)


def _prefixes(locale: str) -> tuple[str, ...]:
    parts = parse_locale(locale).split("_")
    return tuple("_".join(parts[:end]) for end in range(len(parts), 0, -1))


def region_of(locale: str) -> str | None:
    """The two-letter region of a locale, if it names one (``es_MX`` -> ``MX``)."""
    last = parse_locale(locale).split("_")[-1]
    return last if len(last) == 2 and last.isupper() else None  # noqa: PLR2004 (ISO 3166 alpha-2)


def language_tag(locale: str) -> str:
    """The BCP 47 tag for an HTML ``lang`` attribute (``pt_BR`` -> ``pt-BR``)."""
    return parse_locale(locale).replace("_", "-")


def text_direction(locale: str) -> str:
    """``rtl`` for languages written right to left, else ``ltr``."""
    return "rtl" if parse_locale(locale).split("_")[0] in _RTL else "ltr"


def negotiate(preferred: str | Iterable[str], available: Iterable[str]) -> str:
    """Pick the best available locale for an ``Accept-Language`` header or a list of locales.

    Malformed entries in the header are ignored; when nothing matches, English is returned.
    """
    wanted = _accept_language(preferred) if isinstance(preferred, str) else list(preferred)
    offered: dict[str, str] = {}
    for item in available:
        offered.setdefault(parse_locale(item).lower(), parse_locale(item))
    for item in wanted:
        try:
            candidates = _prefixes(item)
        except UnknownLocaleError:
            continue
        for candidate in candidates:
            if candidate.lower() in offered:
                return offered[candidate.lower()]
    return SOURCE_LOCALE


def _accept_language(header: str) -> list[str]:
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header[:1000].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, index, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]
