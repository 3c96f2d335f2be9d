"""Locale identifiers: validated before any file is opened; fallback chains; negotiation."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest

import distress_tolerance as dt
from distress_tolerance._i18n.locale import (
    MAX_HEADER_LENGTH,
    MAX_RANGES,
    fallback_chain,
    language_of,
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
        ("de-DE-1996", "de_DE"),
        ("sr-Latn", "sr_Latn"),
        ("en-US-u-ca-gregory-nu-latn", "en_US"),
        ("en-GB-oxendict-x-private", "en_GB"),
        ("zh-yue-HK", "zh_HK"),
        ("qq_ZZ", "qq_ZZ"),
        ("tlh", "tlh"),
    ],
)
def test_parse_normalises(raw: str, normal: str) -> None:
    """Identifiers are normalised to Babel's form; BCP 47 variants, extensions and private use
    are well-formed and dropped."""
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
        "i-klingon",
        "en-US-x",
        "en-a",
        "en-a-b",
        "x-private",
        "de-DE-1996-",
        "abcd",
        "e" * 65,
        "en-" + "-".join(["x"] * 40),
        5,
        None,
        ["en"],
        b"en",
    ],
)
def test_malformed_identifiers_are_rejected_before_any_file_is_opened(bad: object) -> None:
    """A path-like or malformed locale never reaches the filesystem."""
    library = dt.load()
    with (
        mock.patch.object(Path, "is_file", side_effect=AssertionError("touched the filesystem")),
        mock.patch.object(Path, "open", side_effect=AssertionError("touched the filesystem")),
        pytest.raises(dt.UnknownLocaleError) as info,
    ):
        library.localize("contrary-action", bad)  # type: ignore[arg-type]
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
        ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr_CH"),
        ("pt-BR,pt;q=0.9", "pt_BR"),
        ("pt-PT,en;q=0.5", "en"),  # a region is never swapped for another (crisis lines differ)
        ("pt", "pt_BR"),  # a bare language takes a shipped regional variant
        ("pt;q=0.9, de;q=0.8", "pt_BR"),
        ("es-MX", "es_MX"),  # the region is kept: rendering falls back to es, Mexico's lines show
        ("es-MX, es;q=0.9", "es_MX"),
        ("es-419", "es_419"),
        ("es-QQ", "es"),  # a region that is not ISO 3166 is dropped
        ("de-DE-1996", "de_DE"),
        ("de-1996, fr;q=0.5", "de"),
        ("zh-Hant-TW, ar;q=0.1", "ar"),
        ("xx, ../evil, de;q=0.1", "de"),
        ("", "en"),
        ("ar;q=0, de", "de"),
        ("en-US, es", "en_US"),  # English is always available, first choice or not
        ("es;q=1.5, de", "de"),  # q-values out of range, malformed or not numbers: the range is ignored
        ("es;q=abc, de", "de"),
        ("es;q=-1, de", "de"),
        ("es;q=NaN, de", "de"),
        ("es;q=inf, de", "de"),
        ("es;q=0.0001, de;q=0.5", "de"),
        ("es;q=, de;q=0.5", "de"),
        ("es;Q=0.3, de;q=0.2", "es"),
        ("es ; q=0.3 , de;q=0.2", "es"),
        ("es;q=1.000, de", "es"),
        ("es;q=0.5, de;q=0.5", "es"),  # equal quality: the earlier one
        ("*", "en"),
        (",,,;;;q=,", "en"),
    ],
)
def test_negotiate_accept_language(header: str, expected: str) -> None:
    """The best available locale for an Accept-Language header."""
    assert negotiate(header, ["en", "es", "fr", "de", "pt_BR", "ar"]) == expected


@pytest.mark.parametrize(
    ("preferred", "expected"),
    [
        (None, "en"),
        ([], "en"),
        (["xx", "de_AT", "es"], "de_AT"),
        (("fr",), "fr"),
        (lambda: iter(["../evil", "ar"]), "ar"),  # a one-shot iterator, made afresh for each run
        ([("es-MX", 0.8), ("de", 0.9)], "de"),  # pairs are ordered by quality
        ([("es-MX", 1), ("de", 1)], "es_MX"),
        ([("es", 1.5), ("de", 0.1)], "de"),
        ([("es", float("nan")), ("es", -1), ("es", 0), ("es", True), ("es", "1"), ("de", 0.1)], "de"),
        ([("es",), 5, None, b"es", ("de", 0.5, "x"), ("fr", 0.2)], "fr"),
        ([("pt", 1.0)], "pt_BR"),
    ],
)
def test_negotiate_takes_none_lists_and_parsed_pairs(preferred: object, expected: str) -> None:
    """None, locale lists and (tag, quality) pairs, as Werkzeug and Starlette hosts have them."""
    if callable(preferred):
        preferred = preferred()
    assert negotiate(preferred, ["en", "es", "fr", "de", "pt_BR", "ar"]) == expected


def test_negotiate_limits() -> None:
    """A header longer than MAX_HEADER_LENGTH is ignored; only the first MAX_RANGES ranges count."""
    available = ["en", "de"]
    padding = ", ".join(["xx"] * (MAX_RANGES - 1))
    assert negotiate(f"{padding}, de", available) == "de"
    assert negotiate(f"{padding}, xx, de", available) == "en"
    assert negotiate(["xx"] * MAX_RANGES + ["de"], available) == "en"
    long_header = "de, " + "x" * (MAX_HEADER_LENGTH - 4)
    assert len(long_header) == MAX_HEADER_LENGTH and negotiate(long_header, available) == "de"
    assert negotiate(long_header + "x", available) == "en"


def test_negotiate_rejects_what_is_not_a_preference() -> None:
    """A preference of another type, or a malformed available locale, is our documented error."""
    for bad in (5, 1.0, object()):
        with pytest.raises(dt.UnknownLocaleError):
            negotiate(bad, ["en"])
    with pytest.raises(dt.UnknownLocaleError):
        negotiate("de", ["en", "../evil"])


def test_unknown_but_well_formed_locale_falls_back_with_one_warning() -> None:
    """A locale we have no catalog for renders in English, says so in lang, and warns once."""
    library = dt.load()
    with pytest.warns(UserWarning, match="no translation for locale 'sw'"):
        localized = library.localize("stop", "sw")
    assert localized.title.lang == "en"
    assert (localized.locale, localized.lang, localized.dir) == ("sw", "en", "ltr")
    assert library.localize("stop", "ar_EG").lang == "ar-EG"  # a catalog of its language: its own tag


@pytest.mark.parametrize(
    ("locale", "language"),
    [("pt-BR", "pt"), ("pt_BR", "pt"), ("zh-Hant-TW", "zh"), ("EN-us", "en"), ("ckb", "ckb"), ("ar", "ar")],
)
def test_the_language_of_a_locale_or_tag(locale: str, language: str) -> None:
    assert language_of(locale) == language


@pytest.mark.parametrize("bad", ["", "../x", "e", 3])
def test_the_language_of_a_malformed_locale_is_refused(bad: object) -> None:
    with pytest.raises(dt.UnknownLocaleError):
        language_of(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("tag", "reader", "expected"),
    [("en", "es", "en"), ("es", "es", ""), ("es-AR", "es", ""), ("ja-Latn", "es", "ja-Latn"), ("", "es", "")],
)
def test_foreign_tag_marks_only_another_language(tag: str, reader: str, expected: str) -> None:
    from distress_tolerance._i18n.locale import foreign_tag

    assert foreign_tag(tag, reader) == expected
