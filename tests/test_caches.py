"""Every cache is bounded and keyed by what was resolved, so memory does not grow with the number of
distinct locale strings a host passes on (a locale taken from a request is attacker-controlled).
The memory figure itself is measured by benchmarks/bench.py, not here."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterator

import pytest

import distress_tolerance as dt
from distress_tolerance._i18n import locale as _locale
from distress_tolerance._i18n import schedule as _schedule
from distress_tolerance._i18n import translate as _translate
from distress_tolerance._i18n.locale import ISO_REGIONS
from distress_tolerance._i18n.translators import CACHE_SIZE
from distress_tolerance.localized import TextStatus


def unknown_locales(count: int) -> Iterator[str]:
    """Distinct well-formed locales no catalog or CLDR has: private-use languages x ISO regions."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    languages = (f"q{a}{b}" for a, b in itertools.product(letters[:20], letters))
    pairs = itertools.product(languages, sorted(ISO_REGIONS))
    return itertools.islice((f"{lang}_{region}" for lang, region in pairs), count)


@pytest.fixture
def quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dt.LocaleFallbackWarning)
        yield


@pytest.mark.usefixtures("quiet")
def test_library_caches_are_bounded_and_share_what_was_resolved() -> None:
    """A thousand locales that all resolve to English share one localized technique."""
    dt.clear_caches()  # a library of its own: other tests localized other things in the shared one
    library = dt.load()
    locales = list(unknown_locales(3 * CACHE_SIZE))
    first = [library.localize("stop", locale) for locale in locales]
    assert len(library._translators) <= CACHE_SIZE
    assert len(library._localizer.views) <= CACHE_SIZE
    assert len(library._localizer.resolved) == 1  # one set of catalogs (none): one shared localization
    assert all(item.title is first[0].title for item in first)  # the texts are shared, not copied
    assert [item.locale for item in first] == locales  # each still says what was asked for
    assert {item.lang for item in first} == {"en"}


@pytest.mark.usefixtures("quiet")
def test_regional_variants_share_their_language_catalog(library: dt.Library) -> None:
    """es_MX, es_AR and es resolve to the es catalog: one localization, three locale tags."""
    views = [library.localize("stop", locale) for locale in ("es_MX", "es_AR", "es")]
    assert [v.lang for v in views] == ["es-MX", "es-AR", "es"]
    assert views[0].title is views[1].title is views[2].title
    assert library.localize("stop", "es_MX") is views[0]  # repeated: the same object


@pytest.mark.usefixtures("quiet")
def test_translators_are_keyed_by_the_catalogs_they_found(library: dt.Library) -> None:
    """Translators for locales of one language hold the same catalogs."""
    mexican, argentine = library.translator(None, "es_MX"), library.translator(None, "es-AR")
    assert mexican.resolved == argentine.resolved
    assert [c.locale for c in mexican.catalogs] == ["es"]
    assert library.translator(None, "tlh").catalogs == ()


@pytest.mark.usefixtures("quiet")
def test_module_caches_are_bounded(renderer: dt.Renderer) -> None:
    """Locale parsing, fallback chains, CLDR lookups and the warn-once record stay bounded."""
    for locale in unknown_locales(600):
        renderer.render_crisis(locale=locale, region="US")  # parses, resolves CLDR (schedules) and catalogs
        renderer.library.localize("stop", locale)  # warns (once per language)
    assert _locale._parse.cache_info().currsize <= 256
    assert _locale.fallback_chain.cache_info().currsize <= 256
    assert _schedule._cldr_name.cache_info().currsize <= 256
    assert _schedule._babel_locale.cache_info().currsize <= 64
    assert len(_translate._warned) <= _translate.MAX_WARNED


def test_warnings_stop_at_the_bound_and_clear_caches_resets_them(library: dt.Library) -> None:
    """At most MAX_WARNED languages are warned about; clear_caches() starts the count again."""
    languages = [f"q{a}{b}" for a, b in itertools.product("abcdefgh", "abcdefghijklmnopqrstuvwxyz")]
    assert len(languages) > _translate.MAX_WARNED
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for language in languages:
            library.localize("stop", language)
    assert len(caught) == _translate.MAX_WARNED
    dt.clear_caches()
    assert not _translate._warned and _schedule._cldr_name.cache_info().currsize == 0
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("always")
        library.localize("stop", languages[0])
    assert len(again) == 1


def test_clear_caches_forgets_warnings_so_order_does_not_matter(library: dt.Library) -> None:
    """A language warned about in one test warns again after clear_caches (test order independent)."""
    for _ in range(2):
        with pytest.warns(dt.LocaleFallbackWarning, match="'qzz'"):
            library.localize("stop", "qzz")
        dt.clear_caches()


def test_require_reviewed_is_part_of_every_key(library: dt.Library) -> None:
    """The strict and the default localization of one resolution never share an entry."""
    loose = library.localize("stop", "de_AT")
    strict = library.localize("stop", "de_CH", require_reviewed=True)
    again = library.localize("stop", "de_AT", require_reviewed=True)
    assert loose.cautions and all(c.text.status is not TextStatus.SOURCE for c in loose.cautions)
    for view in (strict, again):  # the shipped German cautions are unreviewed: English is shown
        assert all(c.text.status is TextStatus.SOURCE and c.text.lang == "en" for c in view.cautions)
        assert view.safety_fallback and view.title.text == loose.title.text
    assert again.cautions[0].text is strict.cautions[0].text  # shared across de_AT and de_CH
    ui = library.translator(None, "de_AT")
    crisis = "If you need help now"
    assert ui.gettext(crisis, "crisis") != crisis
    assert ui.gettext(crisis, "crisis", require_reviewed=True) == crisis
    assert ui.has_unreviewed("crisis")


def test_a_cache_hit_never_waits_for_the_lock_and_the_size_stays_bounded() -> None:
    """Renders on many threads hit the shared caches on every call: a hit is answered while
    another thread holds the lock (it only skips marking the entry recent), a miss waits for it,
    and the number of entries never passes the bound."""
    import threading

    from distress_tolerance._i18n.lru import LRU

    cache: LRU[str] = LRU(2)
    assert cache.get("a", lambda: "A") == "A"
    done = threading.Event()
    with cache._lock:  # another thread is evicting
        worker = threading.Thread(target=lambda: done.set() if cache.get("a", lambda: "?") == "A" else None)
        worker.start()
        assert done.wait(5), "a hit waited for the lock"
        worker.join()
    for key in "bcde":
        cache.get(key, key.upper)
    assert len(cache) == 2 and cache.values() == ["D", "E"]
    assert cache.get("b", lambda: "made again") == "made again"  # evicted, so made anew
