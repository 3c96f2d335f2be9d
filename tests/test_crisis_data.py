"""The built-in crisis directory: coverage, the reference's rules, machine-checked numbers, and
renderings that put the emergency number first and say which lines answer in the reader's language."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

import distress_tolerance as dtol
from distress_tolerance._content.pack import builtin_pack
from distress_tolerance._i18n.schedule import language_name
from distress_tolerance._render.crisis_view import _named_by_us
from distress_tolerance._tools.crisis_check import stale_services
from distress_tolerance.models import Confidence, PackContent
from tests.conftest import shipped_locales

pytest.importorskip("phonenumbers")  # a test dependency: `pip install -e ".[test]"`


@pytest.fixture(scope="module")
def content() -> PackContent:
    return builtin_pack().read()


def test_coverage(content: PackContent) -> None:
    """At least 200 regions with emergency numbers and 40 with a crisis or support line."""
    assert len({e.region for e in content.emergency_numbers}) >= 200
    assert len({s.region for s in content.crisis_services}) >= 40


@pytest.mark.parametrize(
    "service_id",
    [
        "ie-pieta",
        "ca-kids-help-phone",
        "ca-hope-for-wellness",
        "au-kids-helpline",
        "au-13yarn",
        "gb-papyrus-hopeline247",
        "gb-childline",
        "fr-sos-amitie",
        "de-nummer-gegen-kummer",
        "es-anar",
        "es-telefono-de-la-esperanza",
    ],
)
def test_the_services_that_matter_most_after_self_harm_are_listed(
    content: PackContent, service_id: str
) -> None:
    assert service_id in {s.id for s in content.crisis_services}


def test_every_region_records_when_it_was_checked_and_what_is_unconfirmed(content: PackContent) -> None:
    """So a reviewer knows where to start: every region with lines has a dated review note."""
    noted = {n.region: n for n in content.crisis_regions}
    assert set(noted) == {s.region for s in content.crisis_services}
    assert all(n.checked >= dt.date(2026, 12, 5) for n in noted.values())


def test_every_source_is_an_article_and_high_means_an_official_source(content: PackContent) -> None:
    """The reference's definitions, for lines and emergency numbers alike."""
    records = [*content.crisis_services, *content.emergency_numbers]
    for record in records:
        for source in record.sources:
            assert source.url is not None and re.match(r"^https?://[^/]+/.+", source.url), source
            assert source.accessed is not None
        if record.confidence is Confidence.HIGH:
            assert any(s.kind == "official" for s in record.sources) and len(record.sources) >= 2, record


def test_every_number_passes_libphonenumber_or_has_a_waiver() -> None:
    """crisis-check on the built-in data: every emergency and service number machine-checked."""
    report = stale_services(dtol.load(), today=dt.date(2026, 12, 5))
    assert report.problems == ()
    assert report.libphonenumber is not None and report.numbers_checked >= 400
    assert report.waivers <= 60  # each one a recorded reason; a jump means something to review
    assert report.ok


def test_one_primary_line_per_region_and_it_comes_first(content: PackContent) -> None:
    primaries = Counter(s.region for s in content.crisis_services if s.primary)
    assert max(primaries.values()) == 1
    library = dtol.load()
    for region in primaries:
        assert library.crisis_services(region)[0].primary


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_emergency_number_comes_first(fmt: str) -> None:
    """Every route with a region prints its emergency number before any line."""
    renderer = dtol.Renderer()
    library = renderer.library
    for region in ("US", "DE", "JP", "AU", "IN"):
        emergency = library.emergency_numbers(region)
        assert emergency is not None
        out = str(renderer.render_crisis(format=fmt, region=region))
        first_line = library.crisis_services(region)[0].contacts[0].display
        first_service = out.index("- **") if fmt == "markdown" else out.index(first_line)
        assert out.index("In an emergency, call:") < out.index(emergency.first.number) < first_service


def test_a_region_without_lines_still_gets_its_emergency_number() -> None:
    """Regions with emergency numbers but no line (Kenya here) print the number and say to choose."""
    renderer = dtol.Renderer()
    assert renderer.library.crisis_services("KE") == ()
    out = renderer.render_crisis(region="KE")
    assert "999" in out and "nearest emergency department" in out


def test_without_a_region_no_number_is_guessed() -> None:
    out = dtol.Renderer().render_crisis(locale="en")
    assert "In an emergency, call:" not in out and "112" not in out and "911" not in out


def test_languages_are_named_and_no_reader_is_left_guessing() -> None:
    """988 answers in Spanish (named in Spanish); an Arabic reader in the US is told plainly that
    no line lists Arabic, and the lines are shown anyway."""
    renderer = dtol.Renderer()
    es = renderer.render_crisis(locale="es", region="US")
    assert "español" in es and "988" in es
    ar = renderer.render_crisis(locale="ar", region="US")
    route = renderer.crisis_route("ar", "US")
    assert route.in_reader_language == ()
    assert "العربية" in ar and "988" in ar
    assert "us-988-lifeline" in renderer.crisis_route("es", "US").in_reader_language


def test_open_now_marks_closed_lines_without_hiding_them() -> None:
    """At 03:00 on a Sunday in New York the NAMI HelpLine is closed: shown, and said to be closed."""
    renderer = dtol.Renderer()
    at = dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    out = renderer.render_crisis(region="US", at=at)
    nami = out[out.index("NAMI HelpLine") :]
    assert "closed now" in nami.split("\n\n")[0]
    assert "open now" in out[out.index("988") :]
    route = renderer.crisis_route("en", "US", at=at)
    assert route.open_now is not None and "us-988-lifeline" in route.open_now
    assert "us-nami-helpline" not in route.open_now
    assert renderer.crisis_route("en", "US").open_now is None
    with pytest.raises(dtol.RenderError, match="aware datetime"):
        renderer.render_crisis(region="US", at=dt.datetime(2026, 12, 6, 3, 0))


def test_hours_notes_audiences_and_costs_are_rendered() -> None:
    """The note explaining a number's limits, who a line is for, and what it costs reach the reader."""
    renderer = dtol.Renderer()
    library = renderer.library
    for region in library.regions():
        out = renderer.render_crisis(region=region)
        for service in library.crisis_services(region):
            for contact in service.contacts:
                if contact.hours.note:
                    assert " ".join(contact.hours.note.split()) in " ".join(out.split()), service.id
                if contact.ages and contact.ages.max is not None:
                    assert str(contact.ages.max) in out, service.id
    kids = renderer.render_crisis(region="AU")
    assert "young people" in kids


def test_html_links_dial_what_a_domestic_phone_dials() -> None:
    """A freephone number with a ``dial`` form links to it, never to an E.164 form that fails."""
    renderer = dtol.Renderer()
    library = renderer.library
    for region in library.regions():
        html = str(renderer.render_crisis(format="html", region=region))
        for service in library.crisis_services(region):
            for contact in service.contacts:
                if contact.dial and contact.href:
                    assert f'href="{contact.href}"' in html
                    assert contact.href.endswith(contact.dial.replace("#", "%23"))


@pytest.mark.parametrize("locale", shipped_locales())
def test_every_language_the_crisis_data_lists_is_named_in_the_readers_language(locale: str) -> None:
    """No route says "Answers in: English, Cantonese, and cmn": every language tag a service or
    contact lists has a name, from CLDR or, where CLDR has none in this language, from our
    catalogs, translated."""
    library = dtol.load()
    translator = library.translator(None, locale)
    ours = _named_by_us(lambda context, msgid, **_: str(translator.gettext(msgid, context)))
    tags = {
        tag
        for region in library.regions()
        for service in library.crisis_services(region)
        for tag in (*service.languages, *(t for c in service.contacts for t in c.languages or ()))
    }
    assert {"ase", "cmn"} <= tags
    names = {tag: language_name(tag, locale, ours.get(tag)) for tag in sorted(tags)}
    assert [tag for tag, name in names.items() if name == tag] == []
    if locale != "en":  # our own names are translated, never left in English
        english = _named_by_us(lambda context, msgid, **_: msgid)
        assert [tag for tag in ours if names[tag] == english[tag]] == []


@pytest.mark.parametrize("locale", shipped_locales())
def test_a_route_names_mandarin_not_its_code(locale: str) -> None:
    text = dtol.Renderer().render("contrary-action", format="text", locale=locale, region="HK")
    assert "cmn" not in text


def test_a_language_named_in_the_readers_language_never_loads_english_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """English CLDR names (a large part of CLDR) are loaded only for a language neither the
    reader's CLDR data nor our catalogs name."""
    from distress_tolerance._i18n import schedule

    asked: list[str] = []
    real = schedule._babel_locale

    def spy(name: str) -> object:
        asked.append(name)
        return real(name)

    monkeypatch.setattr(schedule, "_babel_locale", spy)
    assert language_name("ase", "es", "lengua de señas americana") == "lengua de señas americana"
    assert language_name("en", "es") == "inglés"
    assert "en" not in asked
    assert language_name("qaa", "es") == "qaa" and asked[-1] == "en"
