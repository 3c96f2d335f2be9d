"""Locale identifiers and regions: validate before any file is touched, normalise, fall back, negotiate.

A locale is a BCP 47 language tag or its POSIX-like form (``es-MX``, ``es_MX``, ``de-DE-1996``,
``zh-Hant-TW``, ``en-US-u-ca-gregory``): a language of two or three letters, then optionally a script
and a region; variants, extensions and private-use subtags are well-formed but dropped. Anything else
raises :class:`~distress_tolerance.exceptions.UnknownLocaleError`.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice

from distress_tolerance.exceptions import UnknownLocaleError, UnknownRegionError

SOURCE_LOCALE = "en"

MAX_LOCALE_LENGTH = 64
"""The longest locale identifier parsed (RFC 5646 asks for at least 35 characters)."""
MAX_HEADER_LENGTH = 4096
"""An ``Accept-Language`` header longer than this is ignored as a whole (English is used)."""
MAX_RANGES = 32
"""Only the first 32 language ranges of a header (or items of an iterable) are considered."""
NOT_LISTED = "ZZ"
"""The region a reader gives when theirs is not listed (CLDR's unknown region): no crisis services,
and the locale's region is not used instead."""

_SUBTAG = re.compile(r"[A-Za-z0-9]{1,8}")
_ALPHA = re.compile(r"[A-Za-z]+")
_REGION = re.compile(r"[A-Za-z]{2}|[0-9]{3}")
_VARIANT = re.compile(r"[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}")
_QVALUE = re.compile(r"(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)")
# Languages written right to left (CLDR character order), as far as we ship or expect them.
_RTL = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"})
# ISO 3166-1 alpha-2, the 249 officially assigned codes (owned here, not read from Babel's CLDR).
ISO_REGIONS = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG
SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW""".split()  # noqa: SIM905 (249 codes, kept compact)
)
# Codes ISO reserves for an assigned one: suggested, never silently used.
_RESERVED = {"UK": "GB", "EL": "GR", "FX": "FR"}


def parse_locale(identifier: object) -> str:
    """Return the normalised form of a locale identifier (``es-mx`` -> ``es_MX``).

    BCP 47 variants, extensions and private-use subtags are dropped (``de-DE-1996`` -> ``de_DE``).
    Raises UnknownLocaleError for anything that is not a well-formed identifier (``../evil``, a
    non-string); nothing is read from disk.
    """
    if not isinstance(identifier, str) or len(identifier) > MAX_LOCALE_LENGTH:
        raise UnknownLocaleError(identifier)
    normal = _parse(str(identifier))
    if normal is None:
        raise UnknownLocaleError(identifier)
    return normal


@lru_cache(maxsize=256)
def _parse(identifier: str) -> str | None:
    subtags = re.split(r"[-_]", identifier)
    if not all(_SUBTAG.fullmatch(s) for s in subtags):
        return None
    language = subtags[0]
    if not (2 <= len(language) <= 3 and _ALPHA.fullmatch(language)):  # noqa: PLR2004
        return None
    rest = subtags[1:]
    extlangs = 0
    while rest and extlangs < 3 and len(rest[0]) == 3 and _ALPHA.fullmatch(rest[0]):  # noqa: PLR2004
        rest, extlangs = rest[1:], extlangs + 1  # extended language subtags (zh-yue): dropped
    parts = [language.lower()]
    if rest and len(rest[0]) == 4 and _ALPHA.fullmatch(rest[0]):  # noqa: PLR2004
        parts.append(rest.pop(0).title())
    if rest and _REGION.fullmatch(rest[0]):
        parts.append(rest.pop(0).upper())
    return "_".join(parts) if _well_formed_tail(rest) else None


def _well_formed_tail(rest: list[str]) -> bool:
    """Variants, then extensions (``u-ca-gregory``), then private use (``x-...``)."""
    while rest and _VARIANT.fullmatch(rest[0]):
        rest = rest[1:]
    while rest:
        singleton = rest[0].lower()
        if len(singleton) != 1:
            return False
        body = 0
        rest = rest[1:]
        while rest and (len(rest[0]) >= 2 or singleton == "x"):  # noqa: PLR2004
            rest, body = rest[1:], body + 1
        if body == 0:
            return False
        if singleton == "x":
            return not rest
    return True


@lru_cache(maxsize=256)
def fallback_chain(locale: str) -> tuple[str, ...]:
    """The locales to try in order, ending with English: ``pt_BR`` -> ``(pt_BR, pt, en)``."""
    chain = list(_prefixes(locale))
    if SOURCE_LOCALE not in chain:
        chain.append(SOURCE_LOCALE)
    return tuple(chain)


def clear_locale_cache() -> None:
    """Forget the parsed identifiers and fallback chains (bounded caches; for tests)."""
    _parse.cache_clear()
    fallback_chain.cache_clear()


def _prefixes(locale: str) -> tuple[str, ...]:
    parts = parse_locale(locale).split("_")
    return tuple("_".join(parts[:end]) for end in range(len(parts), 0, -1))


def region_of(locale: str) -> str | None:
    """The ISO 3166 region a locale names, if any (``es_MX`` -> ``MX``; ``es_419``, ``es_XX`` -> None)."""
    last = parse_locale(locale).split("_")[-1]
    return last if last in ISO_REGIONS else None


def language_tag(locale: str) -> str:
    """The BCP 47 tag for an HTML ``lang`` attribute (``pt_BR`` -> ``pt-BR``)."""
    return parse_locale(locale).replace("_", "-")


def language_of(locale: str) -> str:
    """The language part of a locale identifier or language tag (``pt-BR``, ``pt_BR`` -> ``pt``)."""
    return parse_locale(locale).split("_", maxsplit=1)[0]


def foreign_tag(tag: str, reader: str) -> str:
    """``tag`` when it names another language than ``reader`` (a language code such as ``es``),
    else ``""``: the ``lang`` a part needs inside text in the reader's language."""
    return tag if tag and language_of(tag) != reader else ""


def text_direction(locale: str) -> str:
    """``rtl`` for languages written right to left, else ``ltr``."""
    return "rtl" if language_of(locale) in _RTL else "ltr"


# The comma between items of a run-on list ("24 hours, free"), by language: CLDR's list patterns
# give a conjunction ("و") for Arabic, not a comma, so they cannot be used for this.
_ARABIC_COMMA = frozenset({"ar", "ckb", "fa", "ks", "ps", "sd", "ug", "ur"})
_IDEOGRAPHIC_COMMA = frozenset({"ja", "zh"})


def list_separator(locale: str) -> str:
    """What separates the items of a list written as a run, in ``locale``'s script: ``، `` in
    Arabic script, ``、`` in Chinese and Japanese, else ``, ``."""
    language = language_of(locale)
    if language in _ARABIC_COMMA:
        return "\u060c "
    return "\u3001" if language in _IDEOGRAPHIC_COMMA else ", "


def check_region(region: object, known: Iterable[str] = ()) -> str:
    """The normalised region code (``us`` -> ``US``).

    :data:`NOT_LISTED` (``ZZ``) is accepted: the reader's region is not listed, so no crisis
    services are shown and the locale's region is not used. ``known`` are extra codes to accept (a
    host pack's regions). Raises UnknownRegionError, with close matches, for anything else
    (``usa``, ``XX``, ``../x``, a non-string).
    """
    known = tuple(known)
    code = region.strip().upper() if isinstance(region, str) else None
    if code is not None and (code in ISO_REGIONS or code in known or code == NOT_LISTED):
        return code
    raise UnknownRegionError(region, _close_regions(code or "", known))


def _close_regions(code: str, known: tuple[str, ...]) -> list[str]:
    if not code or len(code) > MAX_LOCALE_LENGTH:
        return []
    if code in _RESERVED:
        return [_RESERVED[code]]
    scored = []
    for candidate in ISO_REGIONS.union(known):
        ratio = difflib.SequenceMatcher(None, code, candidate).ratio()
        if ratio >= 0.6:  # noqa: PLR2004 (difflib's default cutoff)
            # the closest first; among equals, regions with services, then those the input starts with
            scored.append((-ratio, candidate not in known, not code.startswith(candidate), candidate))
    return [candidate for *_, candidate in sorted(scored)[:3]]


def negotiate(preferred: object, available: Iterable[str]) -> str:
    """Pick the locale to render for what a reader prefers, among ``available`` catalogs' locales.

    ``preferred`` is None (English), an ``Accept-Language`` header, an iterable of locale strings
    (best first) or of ``(tag, quality)`` pairs (Werkzeug's ``request.accept_languages``). For each
    wanted tag, best first: if it or one of its prefixes (``es_MX`` -> ``es``) is available, the
    result is the wanted tag itself, region and script kept (``es_MX``: rendering falls back to the
    ``es`` catalog and shows Mexico's crisis lines); else a bare language (``pt``) takes the first
    available locale of that language (``pt_BR``). Nothing matching gives ``en``. Malformed tags and
    q-values are skipped; see :data:`MAX_HEADER_LENGTH` and :data:`MAX_RANGES`. Raises
    UnknownLocaleError for a ``preferred`` of another type or a malformed ``available`` locale.
    """
    offered = {SOURCE_LOCALE, *(parse_locale(item) for item in available)}
    for tag in _wanted(preferred):
        try:
            normal = parse_locale(tag)
        except UnknownLocaleError:
            continue
        if any(prefix in offered for prefix in _prefixes(normal)):
            head, _, last = normal.rpartition("_")
            # keep an ISO region (es_MX) or a UN M49 area (es_419); drop one that is neither (es_QQ)
            return head if head and last.isalpha() and last.isupper() and last not in ISO_REGIONS else normal
        if "_" not in normal or len(normal.split("_")[-1]) == 4:  # noqa: PLR2004 (a bare language or language_Script)
            regional = sorted(o for o in offered if o.startswith(f"{normal}_"))
            if regional:
                return regional[0]
    return SOURCE_LOCALE


def _wanted(preferred: object) -> list[str]:
    """The wanted tags, best first (stable for equal quality)."""
    if preferred is None:
        return []
    if isinstance(preferred, str):
        return _accept_language(preferred)
    if not isinstance(preferred, Iterable):
        raise UnknownLocaleError(preferred)
    weighted: list[tuple[float, int, str]] = []
    for index, item in enumerate(islice(preferred, MAX_RANGES)):
        if isinstance(item, str):
            weighted.append((-1.0, index, item))
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):  # noqa: PLR2004
            quality = item[1]
            ok = isinstance(quality, (int, float)) and not isinstance(quality, bool)
            if ok and math.isfinite(quality) and 0 < quality <= 1:
                weighted.append((-float(quality), index, item[0]))
    return [tag for _, _, tag in sorted(weighted)]


def _accept_language(header: str) -> list[str]:
    if len(header) > MAX_HEADER_LENGTH:
        return []
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:MAX_RANGES]):
        tag, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                value = value.strip()
                quality = float(value) if _QVALUE.fullmatch(value) else -1.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(weighted)]
