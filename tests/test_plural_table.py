"""The project's own plural rules: well-formed, CLDR's categories, and used whatever Babel is installed."""

from __future__ import annotations

import gettext

import pytest

from distress_tolerance._i18n.plural_table import PLURAL_RULES, plural_rule
from distress_tolerance._tools.i18n_rules import expected_plural_forms
from distress_tolerance.exceptions import UnknownLocaleError

SAMPLE = [*range(0, 2001), 10_000, 100_000, 1_000_000, 2_000_000, 1_000_001, 10**9]


@pytest.mark.parametrize("locale", sorted(PLURAL_RULES))
def test_every_rule_compiles_and_stays_in_range(locale: str) -> None:
    """Each expression compiles as gettext's, gives an index below nplurals, and reaches every form."""
    nplurals, expression = PLURAL_RULES[locale]
    function = gettext.c2py(expression)
    seen = {function(n) for n in SAMPLE}
    assert seen <= set(range(nplurals)), (locale, seen)
    # Every form is reachable: the sample holds a million for the "many" of es, fr, it, pt.
    assert len(seen) == nplurals, (locale, seen)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        # CLDR 49: zero, one, two, few (n % 100 in 3..10), many (11..99), other.
        ("ar", {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5, 101: 5, 102: 5, 103: 3, 111: 4}),
        # one, many (a million), other.
        ("es", {0: 2, 1: 0, 2: 2, 21: 2, 1_000_000: 1, 2_000_000: 1, 1_000_001: 2}),
        ("fr", {0: 0, 1: 0, 2: 2, 1_000_000: 1}),
        ("pt_BR", {0: 0, 1: 0, 2: 2, 1_000_000: 1}),
        ("pt_PT", {0: 2, 1: 0, 2: 2, 1_000_000: 1}),
        ("de", {0: 1, 1: 0, 2: 1, 1_000_000: 1}),
        ("ja", {0: 0, 1: 0, 5: 0}),
        ("ru", {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1}),
    ],
)
def test_rules_give_cldr_categories(locale: str, expected: dict[int, int]) -> None:
    """Known numbers land in CLDR's category for the locale, as the catalogs' forms are ordered."""
    function = gettext.c2py(expected_plural_forms(locale)[1])
    assert {n: function(n) for n in expected} == expected


def test_a_region_takes_its_language_unless_the_table_has_its_own() -> None:
    """``es_MX`` takes Spanish's rule, ``pt_PT`` its own, a pseudo-locale its language's; an unknown
    language has none and the checker says so."""
    assert plural_rule("es_MX") == PLURAL_RULES["es"]
    assert plural_rule("pt_PT") != plural_rule("pt_BR") == PLURAL_RULES["pt"]
    assert plural_rule("en_XA") == PLURAL_RULES["en"]
    assert plural_rule("tlh") is None
    with pytest.raises(UnknownLocaleError):
        expected_plural_forms("tlh")
