"""Exact behaviour of locale parsing, regions and negotiation (mutation killers for ``_i18n/locale.py``).

Each case pins one decision: a changed bound, character class, branch or sort key makes one fail.
"""

from __future__ import annotations

import pytest

from distress_tolerance._i18n.locale import (
    MAX_HEADER_LENGTH,
    MAX_LOCALE_LENGTH,
    MAX_RANGES,
    check_region,
    fallback_chain,
    language_tag,
    negotiate,
    parse_locale,
    region_of,
    text_direction,
)
from distress_tolerance.exceptions import UnknownLocaleError, UnknownRegionError

AVAILABLE = ["en", "es", "fr", "de", "pt_BR", "ar"]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("de-DE-1996", "de_DE"),  # a variant of four characters starting with a digit
        ("sl-rozaj", "sl"),  # a variant of five letters
        ("sl-rozaj-biske", "sl"),  # two variants
        ("sl-IT-nedis", "sl_IT"),
        ("de-CH-1901-x-old", "de_CH"),  # variant, then private use
        ("en-US-u-ca-gregory", "en_US"),  # an extension
        ("en-u-ca-gregory-nu-latn", "en"),  # an extension of several pairs
        ("en-a-bbb-u-ccc", "en"),  # two extensions
        ("en-u-ca-x-a", "en"),  # an extension, then private use
        ("en-x-a", "en"),  # private use allows one-character subtags
        ("en-x-a-u-1", "en"),  # after x everything is private use
        ("EN-us-U-CA-Gregory", "en_US"),  # singletons in either case
        ("zh-yue-HK", "zh_HK"),  # an extended language subtag, dropped
        ("zh-Hant-TW-u-nu-hanidec", "zh_Hant_TW"),
        ("es-419", "es_419"),
        ("abc", "abc"),
        ("ab_CD", "ab_CD"),
    ],
)
def test_well_formed_tags_keep_language_script_and_region(tag: str, expected: str) -> None:
    """Variants, extensions and private use are accepted and dropped."""
    assert parse_locale(tag) == expected


@pytest.mark.parametrize(
    "tag",
    [
        "en-US-u",  # a singleton with no body
        "en-u-x-a",  # an extension with no body before private use
        "en-x",  # private use with no body
        "en-US-a-b",  # an extension body of one character
        "en-US-ab",  # two characters: neither variant nor singleton
        "en-US-abc",  # three letters after the region: not a variant
        "en-US-123",  # three digits after a region: not a variant
        "en-US-a199",  # four characters starting with a letter: not a variant
        "en-US-1996-u",  # a variant, then an empty extension
        "en-US-x-abcdefghi",  # a subtag of nine characters
        "e",  # a one-letter language
        "engl",  # a four-letter language
        "e1",  # a digit in the language
        "",  # nothing
        "en--US",  # an empty subtag
        "en-US-",  # a trailing separator
    ],
)
def test_malformed_tags_are_refused(tag: str) -> None:
    """Anything not a BCP 47 tag (or a POSIX-style locale) raises UnknownLocaleError."""
    with pytest.raises(UnknownLocaleError):
        parse_locale(tag)


def test_length_limit_is_exact() -> None:
    """A tag of MAX_LOCALE_LENGTH characters parses; one more is refused."""
    longest = "en-x-" + "-".join(["abcdefgh"] * 6) + "-abcde"
    assert len(longest) == MAX_LOCALE_LENGTH
    assert parse_locale(longest) == "en"
    with pytest.raises(UnknownLocaleError):
        parse_locale(longest + "a")


def test_fallback_chain_region_tag_and_direction() -> None:
    """Chains end in English once; tags use hyphens; direction follows the language."""
    assert fallback_chain("zh_Hant_TW") == ("zh_Hant_TW", "zh_Hant", "zh", "en")
    assert fallback_chain("en_GB") == ("en_GB", "en")
    assert fallback_chain("en") == ("en",)
    assert region_of("es_MX") == "MX"
    assert region_of("es_419") is None
    assert region_of("es_QQ") is None
    assert region_of("es") is None
    assert language_tag("zh_Hant_TW") == "zh-Hant-TW"
    assert (text_direction("ar_EG"), text_direction("he"), text_direction("en"), text_direction("arn")) == (
        "rtl",
        "rtl",
        "ltr",
        "ltr",
    )


@pytest.mark.parametrize(
    ("region", "known", "expected"),
    [
        ("us", (), "US"),
        (" gb ", (), "GB"),
        ("zz", (), "ZZ"),
        ("XK", ("XK",), "XK"),  # a host pack's own code
    ],
)
def test_check_region_accepts(region: str, known: tuple[str, ...], expected: str) -> None:
    """ISO codes in any case or spacing, ZZ, and a host's own codes."""
    assert check_region(region, known) == expected


@pytest.mark.parametrize(
    ("region", "known", "first"),
    [
        ("UK", (), "GB"),  # a reserved code points at the assigned one
        ("EL", (), "GR"),
        ("FX", (), "FR"),
        ("USA", ("US", "MX"), "US"),  # the input starts with US, and US has services
        ("MXX", ("US", "MX"), "MX"),
        ("QQQQ", (), None),  # nothing close enough
        ("", (), None),
        (None, (), None),
        (5, (), None),
        ("U" * (MAX_LOCALE_LENGTH + 1), (), None),  # too long to compare
    ],
)
def test_check_region_refuses_with_close_matches(
    region: object, known: tuple[str, ...], first: str | None
) -> None:
    """Anything else raises UnknownRegionError with at most three suggestions, best first."""
    with pytest.raises(UnknownRegionError) as info:
        check_region(region, known)
    found = info.value.suggestions
    assert len(found) <= 3
    assert (found[0] if found else None) == first
    assert info.value.region == region
    if region in _RESERVED_EXAMPLES:
        assert found == (first,)


_RESERVED_EXAMPLES = ("UK", "EL", "FX")


def test_close_matches_are_the_three_closest() -> None:
    """Closest first, three at most: a host code nearer than any ISO one leads."""
    with pytest.raises(UnknownRegionError) as info:
        check_region("AUS", ("AUSX",))
    assert info.value.suggestions == ("AUSX", "AU", "AS")  # then the one "AUS" starts with


def test_close_matches_prefer_services_then_prefix() -> None:
    """Among equally close codes, one with services comes first."""
    with pytest.raises(UnknownRegionError) as info:
        check_region("BRR", ("BR",))
    assert info.value.suggestions[0] == "BR"
    assert "did you mean BR" in str(info.value)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-MX", "es_MX"),  # the region is kept
        ("es-QQ", "es"),  # a region that is not ISO is dropped
        ("es-419", "es_419"),  # a UN M49 area is kept
        ("pt", "pt_BR"),  # a bare language takes a shipped regional variant
        ("pt-Latn", "en"),  # language_Script looks for that script's regions only (none ship)
        ("pt-PT", "en"),  # another region is never switched to
        ("de;q=0.5, fr;q=0.6", "fr"),  # by quality
        ("de, fr", "de"),  # equal quality: header order
        ("de;q=0, fr;q=0.001", "fr"),  # q=0 means "not this"
        ("de;q=0", "en"),
        ("de;q==0.5, fr;q=0.1", "fr"),  # a malformed parameter value drops the range
        ("de;q=1.000, fr", "de"),
        ("de;q=1.0001, fr", "fr"),  # four decimals: malformed, dropped
        ("de;q=2, fr", "fr"),
        ("de;q=, fr", "fr"),
        ("de; Q = 0.7, fr;q=0.6", "de"),  # parameter name in any case, spaces around
        ("de;level=1, fr;q=0.5", "de"),  # other parameters are ignored
        ("*, fr;q=0.1", "fr"),  # * matches nothing in particular
        (", ,de", "de"),
        ("xx, zz", "en"),
    ],
)
def test_negotiate_headers_exactly(header: str, expected: str) -> None:
    """Accept-Language headers: quality, order, regions, q-value syntax."""
    assert negotiate(header, AVAILABLE) == expected


def test_negotiate_limits_are_exact() -> None:
    """A header of MAX_HEADER_LENGTH characters is read, one more is ignored; the first MAX_RANGES
    ranges count, the next does not; the same for items of an iterable."""
    header = "de," + " " * (MAX_HEADER_LENGTH - 3)
    assert len(header) == MAX_HEADER_LENGTH
    assert negotiate(header, AVAILABLE) == "de"
    assert negotiate(header + " ", AVAILABLE) == "en"
    ranges = ["xx"] * (MAX_RANGES - 1)
    assert negotiate(", ".join([*ranges, "de"]), AVAILABLE) == "de"
    assert negotiate(", ".join([*ranges, "xx", "de"]), AVAILABLE) == "en"
    assert negotiate([*ranges, "de"], AVAILABLE) == "de"
    assert negotiate([*ranges, "xx", "de"], AVAILABLE) == "en"


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([("de", 1), ("fr", 1.0)], "de"),  # stable for equal quality
        ([("de", 0.5), ("fr", 1)], "fr"),
        ([("de", 1.0000001), ("fr", 0.2)], "fr"),  # above 1 is malformed
        ([("de", 0.0), ("fr", 0.2)], "fr"),
        ([("de", 0.0)], "en"),
        ([("de", 1), "fr"], "de"),  # a string weighs exactly as much as quality 1
        ([("de", float("inf")), ("fr", 0.2)], "fr"),
        ([("de", 0.5), "fr"], "fr"),  # a plain string counts as quality 1
        ([("de", 1, 2), ("fr", 0.2)], "fr"),  # not a pair
        ([(5, 1), ("fr", 0.2)], "fr"),
    ],
)
def test_negotiate_pairs_exactly(pairs: list[object], expected: str) -> None:
    """(tag, quality) pairs: only finite numbers in (0, 1], strings count as 1, order is stable."""
    assert negotiate(pairs, AVAILABLE) == expected


def test_negotiate_refuses_what_is_not_a_preference() -> None:
    """A number or an object is not a preference; a malformed available locale is a host bug."""
    with pytest.raises(UnknownLocaleError):
        negotiate(5, AVAILABLE)
    with pytest.raises(UnknownLocaleError):
        negotiate("de", ["de", "../x"])
    with pytest.raises(UnknownLocaleError) as info:
        negotiate(5, AVAILABLE)
    assert info.value.identifier == 5
    assert negotiate("de", []) == "en"
    assert negotiate("zh-Hant", ["zh_Hant_TW"]) == "zh_Hant_TW"  # language_Script takes its region
    assert negotiate("zh-Hant-QQ", ["zh"]) == "zh_Hant"  # the last subtag is the one dropped
    assert negotiate("en-GB", []) == "en_GB"  # English is always available
