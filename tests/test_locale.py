"""Locale identifiers: validated before any file is opened; fallback chains; negotiation."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest

import distress_tolerance as dt
from distress_tolerance._locale import (
    fallback_chain,
    language_tag,
    negotiate,
    parse_locale,
    region_of,
    text_direction,
)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("es", "es"),
        ("es-mx", "es_MX"),
        ("ES_mx", "es_MX"),
        ("pt-BR", "pt_BR"),
        ("zh-hant-tw", "zh_Hant_TW"),
        ("es-419", "es_419"),
    ],
)
def test_parse_normalises(raw: str, normal: str) -> None:
    """Identifiers are normalised to Babel's form."""
    assert parse_locale(raw) == normal


@pytest.mark.parametrize(
    "bad",
    [
        "../evil",
        "de/../../x",
        "es\x00",
        "a" * 10_000,
        "",
        "e",
        "es_MX_extra_long",
        "es MX",
        "..",
        "C.UTF-8",
    ],
)
def test_malformed_identifiers_are_rejected_before_any_file_is_opened(bad: str) -> None:
    """A path-like or malformed locale never reaches the filesystem."""
    library = dt.load()
    with (
        mock.patch.object(Path, "is_file", side_effect=AssertionError("touched the filesystem")),
        mock.patch.object(Path, "open", side_effect=AssertionError("touched the filesystem")),
        pytest.raises(dt.UnknownLocaleError) as info,
    ):
        library.localize("contrary-action", bad)
    assert info.value.identifier == bad


@pytest.mark.parametrize(
    ("locale", "chain"),
    [
        ("es_MX", ("es_MX", "es", "en")),
        ("pt_BR", ("pt_BR", "pt", "en")),
        ("en", ("en",)),
        ("en_GB", ("en_GB", "en")),
    ],
)
def test_fallback_chain(locale: str, chain: tuple[str, ...]) -> None:
    """Regional locales fall back to their language, then to English."""
    assert fallback_chain(locale) == chain


def test_region_tag_and_direction() -> None:
    """Helpers used on every rendered root."""
    assert (region_of("es_MX"), region_of("es"), region_of("es_419")) == ("MX", None, None)
    assert (language_tag("pt_BR"), text_direction("ar"), text_direction("ar_EG"), text_direction("fr")) == (
        "pt-BR",
        "rtl",
        "rtl",
        "ltr",
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr"),
        ("pt-BR,pt;q=0.9", "pt_BR"),
        ("pt-PT,en;q=0.5", "en"),
        ("es-MX", "es"),
        ("xx, ../evil, de;q=0.1", "de"),
        ("", "en"),
        ("ar;q=0, de", "de"),
    ],
)
def test_negotiate_accept_language(header: str, expected: str) -> None:
    """The best available locale for an Accept-Language header."""
    assert negotiate(header, ["en", "es", "fr", "de", "pt_BR", "ar"]) == expected


def test_unknown_but_well_formed_locale_falls_back_with_one_warning() -> None:
    """A locale we have no catalog for renders in English and warns once."""
    library = dt.load()
    with pytest.warns(UserWarning, match="no translation for locale 'sw'"):
        localized = library.localize("stop", "sw")
    assert localized.title.lang == "en"
    assert localized.lang == "sw"
