"""Opening hours and durations in a reader's locale, from CLDR via Babel (loaded only when needed)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from distress_tolerance._i18n.locale import SOURCE_LOCALE, fallback_chain, language_of
from distress_tolerance.models import Hours, Weekday

if TYPE_CHECKING:
    from babel import Locale

_ORDER = list(Weekday)


class Schedule(NamedTuple):
    """Localized pieces of an opening schedule."""

    days: str
    times: str
    zone: str


def schedule(hours: Hours, locale: str) -> Schedule | None:
    """The localized pieces of ``hours``, or None when it is always open."""
    if hours.always or hours.opens is None or hours.closes is None or hours.time_zone is None:
        return None
    from babel.dates import format_time, get_timezone, get_timezone_name
    from babel.lists import format_list

    cldr = _cldr_locale(locale)
    names = cldr.days["format"]["abbreviated"]
    indexes = sorted(_ORDER.index(day) for day in hours.days)
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts = [names[run[0]] if len(run) == 1 else f"{names[run[0]]}\u2013{names[run[-1]]}" for run in runs]
    days = format_list(parts, locale=cldr)
    opens = format_time(hours.opens, "short", locale=cldr)
    times = f"{opens}\u2013{format_time(hours.closes, 'short', locale=cldr)}"
    try:
        zone = get_timezone_name(get_timezone(hours.time_zone), "long", locale=cldr)
    except LookupError:
        zone = hours.time_zone
    return Schedule(days, times, zone)


_SECONDS_UP_TO = 120
"""Durations under two minutes are said in seconds: Babel's default threshold would round 90 seconds
up to "2 minutes", too loose for a breathing step."""


def duration(seconds: int, locale: str) -> str:
    """A step's duration in the reader's language, with CLDR plural rules (``90 seconds``, ``دقيقتان``)."""
    return _duration(seconds, _cldr_name(locale))


@lru_cache(maxsize=512)  # keyed by what CLDR resolved: a visitor's locale string cannot grow it
def _duration(seconds: int, cldr: str) -> str:
    import datetime as dt

    from babel.dates import format_timedelta

    threshold = 2.0 if seconds < _SECONDS_UP_TO else 0.85
    return format_timedelta(dt.timedelta(seconds=seconds), threshold=threshold, locale=_babel_locale(cldr))


def language_name(code: str, locale: str, ours: str | None = None) -> str:
    """The name of the language ``code`` (``es``, ``pt-BR``, ``ase``) in ``locale``'s language,
    from CLDR; else ``ours`` (our catalogs' name, for a language CLDR does not name in every
    language); else its English name from CLDR; else the code."""
    tag = code.replace("-", "_")
    base = tag.split("_")[0]
    own = _cldr_locale(locale).languages
    found = own.get(tag) or own.get(base) or ours
    if not found:  # English names are loaded only when needed (a large part of CLDR)
        english = _babel_locale(SOURCE_LOCALE).languages
        found = english.get(tag) or english.get(base)
    return str(found) if found else code


def list_of(items: list[str], locale: str) -> str:
    """``items`` as a list in ``locale``'s language (``inglés y español``, ``English and Spanish``).

    Plain items (names from data) are listed in the reader's language. Items that all say they
    are in another language (interface words that fell back to English, which know their
    ``lang``) are listed in theirs: "Ambulance and Fire service", never "Ambulance und Fire
    service"."""
    from babel.lists import format_list

    if not items:
        return ""
    langs = {getattr(item, "lang", None) for item in items}
    own = langs.pop() if len(langs) == 1 else None
    if isinstance(own, str) and own and language_of(own) != language_of(locale):
        locale = own.replace("-", "_")
    return format_list(items, locale=_cldr_locale(locale))


def cldr_name(locale: str) -> str:
    """The CLDR locale that dates and durations in ``locale`` use: along its fallback chain, the
    first one CLDR has (``de_AT``; ``de`` for ``de_QQ``; ``en`` for ``tlh``)."""
    return _cldr_name(locale)


def _cldr_locale(locale: str) -> Locale:
    """Babel's locale for ``locale``, along its fallback chain: for one CLDR does not know
    (``en_XA``, ``qq_ZZ``, ``tlh``), its language's, else English. Never raises for a well-formed
    locale. Cached by what CLDR resolved, in bounded caches."""
    return _babel_locale(_cldr_name(locale))


@lru_cache(maxsize=256)
def _cldr_name(locale: str) -> str:
    # Only identifiers CLDR has reach Babel: its ``localedata.exists`` caches every name it is
    # asked about, without bound.
    known = _cldr_identifiers()
    return next((c for c in fallback_chain(locale) if c in known), SOURCE_LOCALE)


@lru_cache(maxsize=1)
def _cldr_identifiers() -> frozenset[str]:
    from babel.localedata import locale_identifiers

    return frozenset(locale_identifiers())


@lru_cache(maxsize=64)
def _babel_locale(name: str) -> Locale:
    from babel import Locale

    return Locale.parse(name)


def clear_schedule_cache() -> None:
    """Forget the CLDR locales resolved so far."""
    _duration.cache_clear()
    _cldr_name.cache_clear()
    _cldr_identifiers.cache_clear()
    _babel_locale.cache_clear()
