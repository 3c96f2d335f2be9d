"""The crisis card a bot appends: the region's numbers from data, in the reader's language, built
without templates, and escaped in its HTML and Markdown forms."""

from __future__ import annotations

import html
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

import distress_tolerance as dt
from distress_tolerance._channels.crisis_card import MAX_CONTACTS, crisis_card
from distress_tolerance.exceptions import ArgumentError, LocaleFallbackWarning, UnknownLocaleError
from distress_tolerance.library import load
from distress_tolerance.models import CrisisService
from distress_tolerance.render import Renderer

ROOT = Path(__file__).resolve().parent.parent


def _expected_numbers(region: str) -> list[str]:
    library = load()
    emergency = library.emergency_numbers(region)
    numbers = [n.number for n in emergency.numbers] if emergency else []
    services: tuple[CrisisService, ...] = library.crisis_services(region)
    return numbers + [c.display for s in services for c in s.contacts[:MAX_CONTACTS]]


@pytest.mark.parametrize("region", ["US", "GB", "DE", "KE"])
@pytest.mark.parametrize("locale", ["en", "de", "es", "ar"])
def test_the_card_shows_the_regions_numbers_from_data(locale: str, region: str) -> None:
    """Every emergency number and every service's first contacts, exactly as stored, in order."""
    card = crisis_card(locale, region)
    assert card.region == region and card.locale == locale
    assert list(card.numbers) == _expected_numbers(region)
    text = card.text()
    assert all(number in text for number in card.numbers)


def test_known_numbers_are_there() -> None:
    """Spot checks against the data: 988 and 911, Samaritans and 999, 112 and 110, Kenya's 999."""
    assert {"911", "988"} <= set(crisis_card("en", "US").numbers)
    assert {"999", "112", "116 123"} <= set(crisis_card("en", "GB").numbers)
    assert {"112", "110", "0800 111 0 111"} <= set(crisis_card("de", "DE").numbers)
    kenya = crisis_card("en", "KE")
    assert kenya.numbers == ("999",) and kenya.services == ()
    assert "Call your local emergency number" in kenya.text()


def test_the_card_is_in_the_readers_language() -> None:
    """Wording from the catalogs: German, Spanish, Arabic; names and numbers as stored."""
    assert crisis_card("de", "DE").title == "Wenn du jetzt Hilfe brauchst"
    assert crisis_card("es", "US").emergency[0].label == "Todos los servicios de emergencia"
    arabic = crisis_card("ar", "GB")
    assert arabic.html().startswith('<aside class="dt-crisis-card" lang="ar" dir="rtl">')
    assert "Samaritans" in arabic.text()


@pytest.mark.parametrize("locale", ["en", "de", "fr", "es", "ar"])
def test_without_a_region_no_number_is_guessed(locale: str) -> None:
    """No region (and none in the locale): no number at all, and the no-region instruction."""
    card = crisis_card(locale, None)
    assert card.region is None and card.numbers == () and card.emergency_intro is None
    assert len(card.notes) == 2
    assert not any(ch.isdigit() for ch in card.text())


def test_the_locales_region_is_used_when_none_is_given() -> None:
    """As everywhere in the library, es_MX means Mexico; "ZZ" says the region is not listed."""
    assert crisis_card("es_MX", None).region == "MX"
    assert "188" in crisis_card("pt_BR", None).numbers  # Brazil's CVV
    assert crisis_card("es_MX", "ZZ").numbers == ()


def test_a_locale_without_catalog_is_worded_in_english_and_warns() -> None:
    """Like a rendering: English wording, one LocaleFallbackWarning, the region's numbers."""
    with pytest.warns(LocaleFallbackWarning):
        card = crisis_card("it_IT", None)
    assert card.locale == "en" and card.region == "IT"
    assert card.title == "If you need help now" and "112" in card.numbers


def test_no_host_template_can_drop_it() -> None:
    """A library whose renderer has host templates replacing the crisis route changes nothing:
    the card is built in Python from the route's data."""
    loader = jinja2.DictLoader({"text/crisis.txt": "", "text/no_region.txt": "", "html/crisis.html": ""})
    renderer = Renderer(loader=loader)
    assert renderer.render_crisis(format="text", region="US").strip() == ""
    assert crisis_card("en", "US", library=renderer.library) == crisis_card("en", "US")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]


def test_html_escapes_everything_and_links_numbers() -> None:
    """Only the card's own tags; every value escaped; numbers link with tel:/sms: and dir=ltr."""
    card = crisis_card("en", "US")
    hostile = card.__class__(
        **{**card.__dict__, "title": "<script>alert(1)</script>", "notes": ('"><img src=x onerror=1>',)}
    )
    markup = hostile.html()
    parser = _Tags()
    parser.feed(markup)
    assert set(parser.tags) <= {"aside", "p", "strong", "ul", "li", "a", "bdi"}
    assert "&lt;script&gt;" in markup and "<img" not in markup
    assert all(h.startswith(("tel:", "sms:", "mailto:", "https:")) for h in parser.hrefs)
    assert '<a href="tel:988" dir="ltr">988</a>' in card.html()
    assert html.escape("988 Suicide & Crisis Lifeline") in card.html()


def test_markdown_escapes_values() -> None:
    """Markdown: values cannot open links or emphasis; the numbers are all there."""
    card = crisis_card("en", "GB")
    hostile = card.__class__(**{**card.__dict__, "danger": "[click](javascript:alert(1)) **now**"})
    markdown = hostile.markdown()
    assert "\\[click\\](javascript:alert(1)) \\*\\*now\\*\\*" in markdown
    assert all(number in card.markdown() for number in card.numbers)
    assert str(card) == card.text()


def test_bad_arguments() -> None:
    """A malformed locale, a non-string region or a non-bool require_reviewed are refused."""
    with pytest.raises(UnknownLocaleError):
        crisis_card("../evil", "US")
    with pytest.raises(ArgumentError):
        crisis_card("en", 42)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError):
        crisis_card("en", "US", require_reviewed="yes")  # type: ignore[arg-type]
    with pytest.raises(LookupError):  # UnknownRegionError, with suggestions
        crisis_card("en", "usa")


def test_the_html_card_is_markup_inserted_once_into_an_autoescaped_layout() -> None:
    """html() is markupsafe.Markup: a host's {{ card.html() }} does not escape it a second time."""
    from markupsafe import Markup

    card = crisis_card("en", "US")
    assert isinstance(card.html(), Markup)
    page = jinja2.Environment(autoescape=True).from_string("<main>{{ card.html() }}</main>").render(card=card)
    assert page == f"<main>{card.html()}</main>" and "&lt;aside" not in page


def test_details_are_separated_by_the_readers_comma() -> None:
    """An Arabic card separates a contact's details with the Arabic comma in every form; a Spanish
    one with a Latin comma (CLDR's Arabic list pattern is a conjunction, so it cannot be used)."""
    from distress_tolerance._i18n.locale import list_separator

    assert (list_separator("ar_EG"), list_separator("fa"), list_separator("ja")) == (
        "\u060c ",
        "\u060c ",
        "\u3001",
    )
    assert list_separator("es_MX") == list_separator("tlh") == ", "
    arabic = crisis_card("ar", "US")
    contact = next(c for s in arabic.services for c in s.contacts if len(c.details) > 1)
    joined = "\u060c ".join(contact.details)
    assert f"({joined})" in arabic.text() and f"({joined})" in str(arabic.html())
    assert ", ".join(contact.details) not in arabic.text()
    spanish = crisis_card("es", "US")
    contact = next(c for s in spanish.services for c in s.contacts if len(c.details) > 1)
    assert f"({', '.join(contact.details)})" in spanish.text()


def test_the_spoken_route_separates_details_with_the_readers_comma() -> None:
    """The voice script's contact lines (ContactView.line, shared with retrieval documents) use
    the reader's comma too."""
    renderer = Renderer()
    label = load().translator(None, "ar").gettext("Call")
    arabic = renderer.render("stop", format="ssml", locale="ar", region="US")
    number = '<say-as interpret-as="telephone">988</say-as>'
    assert f"{label}: {number}\u060c " in arabic and f"{label}: {number}, " not in arabic
    assert f"{number}, " in renderer.render("stop", format="ssml", locale="es", region="US")


def test_a_card_worded_in_english_for_require_reviewed_says_so() -> None:
    """The shipped Spanish crisis wording is unreviewed: with ``require_reviewed`` the card is
    English, its ``lang`` says so, and the Spanish service name is marked as Spanish."""
    card = crisis_card("es", "AR", require_reviewed=True)
    assert card.locale == "en"
    html = str(card.html())
    assert html.startswith('<aside class="dt-crisis-card" lang="en" dir="ltr">')
    assert '<strong lang="es">Centro de Asistencia al Suicida (CAS)</strong>' in html
    assert 'lang="es"' not in html.partition("\n")[0]


def test_a_detail_left_in_english_is_marked(
    italian_pack: Callable[[dict[tuple[str | None, str], str]], dt.Library],
) -> None:
    """A detail the reader's catalog does not translate (here a note on a number) keeps its
    language on the card: ``detail_langs`` and a ``<span lang>`` in HTML."""
    note = "in Buenos Aires city and Greater Buenos Aires"
    library = italian_pack({("crisis", note): "a Buenos Aires", ("crisis", "If you need help now"): "Aiuto"})
    card = crisis_card("it", "AR", library=library)
    first, second = card.services[0].contacts
    assert (first.details[0], first.detail_langs[0]) == ("a Buenos Aires", "")
    assert (second.details[0], second.detail_langs[0]) == ("from the rest of the country", "en")
    assert '(<span lang="en">from the rest of the country</span>, ' in str(card.html())
    assert "(a Buenos Aires, " in str(card.html())
