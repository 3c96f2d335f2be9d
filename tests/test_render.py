"""Rendering: structure, languages, headings, crisis route, host overrides."""

from __future__ import annotations

import re
import warnings

import jinja2
import pytest

import distress_tolerance as dt
from tests.conftest import shipped_locales
from tests.htmlcheck import injected, parse

LOCALES = ["en", *shipped_locales()]


def _ids(library: dt.Library) -> list[str]:
    return [t.id for t in library.techniques()]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("fmt", ["text", "html"])
def test_every_technique_renders_in_every_locale_and_format(
    renderer: dt.Renderer, library: dt.Library, locale: str, fmt: str
) -> None:
    """All techniques x locales x formats render, carry their title and end with the crisis route."""
    for technique_id in _ids(library):
        out = renderer.render(technique_id, format=fmt, locale=locale, region="US")
        title = library.localize(technique_id, locale).title.text
        assert (title if fmt == "text" else title.replace("&", "&amp;").replace("'", "&#39;")) in out
        assert "988" in out
        if fmt == "html":
            assert injected(out) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_lang_and_dir_on_the_root(renderer: dt.Renderer, locale: str) -> None:
    """The root element carries lang and dir for the locale (ar is right to left)."""
    root = parse(renderer.render("stop", format="html", locale=locale)).root
    assert root["lang"] == locale.replace("_", "-")
    assert root["dir"] == ("rtl" if locale.startswith("ar") else "ltr")


def test_translated_text_is_used_and_marked(renderer: dt.Renderer, library: dt.Library) -> None:
    """es renders Spanish; a regional locale uses the language's catalog."""
    for locale in ("es", "es_MX"):
        localized = library.localize("contrary-action", locale)
        assert localized.title.lang == "es"
        assert localized.title.text != library.lookup("contrary-action").title
    html = renderer.render("contrary-action", format="html", locale="es_MX")
    assert 'lang="es-MX"' in html


def test_pt_br_falls_back_along_the_chain(library: dt.Library) -> None:
    """pt_BR has its own catalog; pt_PT falls back to pt (absent) and then English."""
    assert library.localize("stop", "pt_BR").title.lang == "pt-BR"
    with pytest.warns(UserWarning, match="pt_PT"):
        assert library.localize("stop", "pt_PT").title.lang == "en"


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_headings_start_at_the_base_level_and_never_skip(
    renderer: dt.Renderer, library: dt.Library, level: int
) -> None:
    """The title is at the host's level; nothing below it skips a level."""
    for technique_id in _ids(library):
        headings = parse(renderer.render(technique_id, format="html", heading_level=level)).headings
        assert headings[0] == level
        assert all(h in (level, level + 1) for h in headings)
        assert headings.count(level) == 1


@pytest.mark.parametrize("level", [0, 6, -1])
def test_heading_level_out_of_range_is_an_error(renderer: dt.Renderer, level: int) -> None:
    """Levels that cannot fit h1-h6 are refused."""
    with pytest.raises(dt.RenderError, match="heading_level"):
        renderer.render("stop", format="html", heading_level=level)


@pytest.mark.parametrize("locale", LOCALES)
def test_steps_in_html_equal_steps_in_text(renderer: dt.Renderer, library: dt.Library, locale: str) -> None:
    """The same steps, in the same order, in both formats."""
    for technique_id in _ids(library):
        expected = [s.text.text for s in library.localize(technique_id, locale).steps]
        html_steps = parse(renderer.render(technique_id, format="html", locale=locale)).steps
        text = renderer.render(technique_id, format="text", locale=locale)
        text_steps = re.findall(r"^\d+\. (.*)$", text, re.MULTILINE)
        assert html_steps == expected
        assert text_steps == expected


def test_cautions_come_before_steps(renderer: dt.Renderer) -> None:
    """A caution is read before the steps it guards."""
    html = renderer.render("tipp", format="html")
    assert html.index("dt-cautions") < html.index("dt-steps")
    text = renderer.render("tipp")
    assert text.index("heart") < text.index("1. ")


def test_no_region_never_guesses_a_country(renderer: dt.Renderer) -> None:
    """Without a region: local emergency services, and no country's numbers."""
    for locale in ("en", "es", "ar"):
        out = renderer.render("stop", locale=locale)
        assert "988" not in out and "116 123" not in out
    assert "local emergency number" in renderer.render("stop")


def test_region_follows_the_locale(renderer: dt.Renderer) -> None:
    """es_MX shows the Mexican line; an explicit region wins."""
    assert "800 911 2000" in renderer.render("stop", locale="es_MX")
    assert "988" in renderer.render("stop", locale="es_MX", region="US")


def test_nami_is_labelled_peer_support(renderer: dt.Renderer) -> None:
    """The NAMI HelpLine is never presented as a crisis line."""
    text = renderer.render_crisis(region="US")
    line = next(row for row in text.splitlines() if row.startswith("NAMI HelpLine"))
    assert "not a crisis line" in line


def test_host_loader_overrides_a_template(library: dt.Library) -> None:
    """A host loader placed before ours replaces any template, with autoescape kept."""
    host = jinja2.DictLoader({"html/technique.html": "<div class=host>{{ t.title }} {{ '<b>' }}</div>"})
    out = dt.Renderer(library, loader=host).render("stop", format="html")
    assert out == "<div class=host>STOP &lt;b&gt;</div>"


def test_broken_host_template_raises_render_error(library: dt.Library) -> None:
    """A host template error surfaces as our RenderError, never a bare Jinja error."""
    host = jinja2.DictLoader({"text/technique.txt": "{{ t.nope.deeper }}"})
    with pytest.raises(
        dt.RenderError, match=re.escape("cannot render text/technique.txt: text/technique.txt, line 1")
    ):
        dt.Renderer(library, loader=host).render("stop")


def test_unknown_format_and_technique(renderer: dt.Renderer) -> None:
    """Clear errors for an unknown format or id."""
    with pytest.raises(dt.RenderError, match="unknown format"):
        renderer.render("stop", format="pdf")
    with pytest.raises(dt.UnknownTechniqueError) as info:
        renderer.render("no-such-skill")
    assert info.value.technique_id == "no-such-skill"


def test_repeated_renders_are_identical_and_cached(library: dt.Library) -> None:
    """Two renders give identical output; the cache is bounded."""
    renderer = dt.Renderer(library, cache_size=2)
    first = renderer.render("stop", format="html", locale="de")
    assert renderer.render("stop", format="html", locale="de") is first
    for technique_id in ("tipp", "self-soothe", "willingness"):
        renderer.render(technique_id)
    assert renderer.render("stop", format="html", locale="de") == first
    assert len(renderer._cache) == 2


@pytest.mark.parametrize("size", [-1, 2.5, True, "256", None])
def test_a_cache_size_that_is_not_a_whole_number_is_refused(library: dt.Library, size: object) -> None:
    """A negative or non-integer cache size is our ArgumentError, never a cache that breaks later."""
    with pytest.raises(dt.ArgumentError, match="cache_size must be a whole number"):
        dt.Renderer(library, cache_size=size)  # type: ignore[arg-type]


def test_require_reviewed_uses_english_for_unreviewed_cautions(library: dt.Library) -> None:
    """A host requiring reviewed safety text gets English there, and the output says so."""
    localized = library.localize("tipp", "de", require_reviewed=True)
    assert all(c.text.lang == "en" for c in localized.cautions)
    assert localized.steps[0].text.lang == "de"
    assert localized.safety_fallback
    out = dt.Renderer(library).render("tipp", locale="de", require_reviewed=True)
    assert library.lookup("tipp").cautions[0].text in out


def test_library_lookup_and_filters(library: dt.Library) -> None:
    """get returns a default; lookup raises; filters narrow."""
    assert library.get("nope") is None
    assert library.get("nope", "fallback") == "fallback"
    assert library.lookup("stop").id == "stop"
    assert {t.category.value for t in library.techniques(category="reality-acceptance")} == {
        "reality-acceptance"
    }
    assert all("urges" in t.tags for t in library.techniques(tag="urges"))
    assert len(library.reframes()) >= 40
    assert library.crisis_services("us")[0].kind == "crisis-line"
    assert library.crisis_services("ZZ") == ()


def test_require_reviewed_covers_crisis_wording(library: dt.Library) -> None:
    """Unreviewed crisis wording falls back to English under require_reviewed, and the page says so."""
    renderer = dt.Renderer(library)
    plain = renderer.render("grounding-5-4-3-2-1", locale="fr", format="html")
    strict = renderer.render("grounding-5-4-3-2-1", locale="fr", format="html", require_reviewed=True)
    assert "If you need help now" not in plain
    assert "If you need help now" in strict
    assert 'class="dt-notice"' in strict and 'class="dt-notice"' not in plain
    document = renderer.render("grounding-5-4-3-2-1", locale="fr", format="json", require_reviewed=True)
    assert "local emergency number" in document


@pytest.mark.parametrize(
    ("seconds", "locale", "expected"),
    [
        (90, "en", "90 seconds"),  # Babel's default threshold would say "2 minutes"
        (119, "en", "119 seconds"),
        (120, "en", "2 minutes"),
        (120, "ar", "دقيقتان"),  # CLDR's dual form, not "2 دقيقة"
        (180, "de", "3 Minuten"),
        (1, "fr", "1\xa0seconde"),
        (30, "en_XA", "30 seconds"),  # a locale CLDR does not know: its language
    ],
)
def test_durations_use_cldr_plurals_and_keep_seconds_under_two_minutes(
    seconds: int, locale: str, expected: str
) -> None:
    """Step durations are formatted by Babel in the reader's locale."""
    from distress_tolerance._i18n.schedule import duration

    assert duration(seconds, locale) == expected


def test_english_fallback_strings_are_marked_lang_en(library: dt.Library) -> None:
    """UI strings shown in English on another language's page carry lang="en" (WCAG 3.1.2)."""
    renderer = dt.Renderer(library)
    strict = renderer.render("stop", locale="fr", format="html", require_reviewed=True)
    assert '<h3 id="dt-stop-crisis-title" lang="en">If you need help now</h3>' in strict
    plain = str(renderer.render("stop", locale="fr", format="html"))  # str: Markup.replace escapes
    # only the English citations; the notice that safety text is unreviewed is in French
    assert '<p class="dt-unreviewed">' in plain
    assert 'lang="en"' not in plain.replace('<li lang="en">', "")
    with warnings.catch_warnings():  # the once-per-locale warning may have been given already
        warnings.simplefilter("ignore", dt.LocaleFallbackWarning)
        swahili = renderer.render("stop", locale="sw", format="html")
    # English on a Swahili page says so; a page that fell back to English as a whole needs no mark
    mark = "" if parse(swahili).root["lang"] == "en" else ' lang="en"'
    assert f'<h3 id="dt-stop-steps"{mark}>Steps</h3>' in swahili
    regional = renderer.render("stop", locale="es_MX", format="html")
    assert 'lang="es"' not in regional  # es text on an es-MX page needs no attribute


def test_the_number_to_show_first_leads_the_route_and_the_card(library: dt.Library) -> None:
    """``EmergencyNumbers.first`` (the number for every service, else the ambulance's) comes first
    in the route of every region and is the one a card names when there is no crisis line: data
    order is not display order (Andorra lists 116 before 112)."""
    renderer = dt.Renderer(library, cache_size=0)
    for region in library.emergency_regions():
        first = library.emergency_numbers(region).first.number  # type: ignore[union-attr]
        text = renderer.render_crisis(region=region)
        lines = text.splitlines()
        after = lines[lines.index("In an emergency, call:") + 1]
        assert after.endswith(f": {first}"), (region, after)
        if not library.crisis_services(region):
            card = renderer.render("stop", format="card", region=region)
            assert card.splitlines()[-1] == f"In danger? Call {first}.", region
