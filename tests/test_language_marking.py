"""Every part of a rendering in another language than the reader's says so: ``lang`` in HTML,
``<lang xml:lang>`` in a voice script, in the routes of every region and every shipped locale."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

import distress_tolerance as dt
from tests.conftest import shipped_locales

ROOT = Path(__file__).resolve().parent.parent

# --- English words inside text marked as another language ------------------------------------

_ENGLISH = re.compile(
    r"\b(the|and|from|with|your|you|button|hours|call|text|free|only|line|people|who|city|country|any)\b"
)
_VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "wbr", "source", "area", "base", "col"})


class _LangScan(HTMLParser):
    """Text nodes whose language (the nearest ``lang``) is neither English nor a romanization,
    yet read as English: a screen reader would speak them with the wrong voice."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            lang = dict(attrs).get("lang") or (self.stack[-1][1] if self.stack else "")
            self.stack.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not self.stack or self.stack[-1][0] in {"style", "script"}:
            return
        lang = self.stack[-1][1]
        if not lang.startswith("en") and "-Latn" not in lang and _ENGLISH.search(data):
            self.found.append((lang, data.strip()))


@pytest.mark.parametrize("locale", [loc for loc in shipped_locales() if loc != "en"])
def test_no_english_words_are_marked_as_the_readers_language(locale: str) -> None:
    """Every region's crisis route, in the page and in the crisis card: English left in it (a
    service's English name, a note a catalog does not translate) carries ``lang="en"``."""
    library = dt.load()
    renderer = dt.Renderer(library)
    found = set()
    for region in library.regions():
        page = renderer.render("contrary-action", format="html", locale=locale, region=region)
        card = dt.crisis_card(locale, region, library=library).html()
        for html in (page, str(card)):
            scan = _LangScan()
            scan.feed(html)
            found.update((region, *hit) for hit in scan.found)
    assert sorted(found) == []


def test_a_display_in_another_language_than_its_service_name_says_so(
    make_pack: Callable[..., Path],
) -> None:
    """A number spelled in words of another language than the service's name (``display_lang``)
    is marked so in the page, the card and a voice script; a romanized name is ``ja-Latn``."""
    us = (ROOT / "data" / "crisis" / "US.yaml").read_text(encoding="utf-8")
    keyword = '        display: "988"\n        keyword: AYUDA\n'
    assert us.count(keyword) == 1
    us = us.replace(
        keyword, '        display: "988 AYUDA"\n        display_lang: es\n        keyword: AYUDA\n'
    )
    library = dt.load(make_pack({"data/crisis/US.yaml": us}, base=True), builtin=False)
    renderer = dt.Renderer(library)
    english = renderer.render("contrary-action", format="html", locale="en", region="US")
    assert 'lang="es">988 AYUDA</a>' in english
    card = dt.crisis_card("en", "US", library=library)
    assert [c.value_lang for c in card.services[0].contacts] == ["", "", "es"]
    ssml = renderer.render("contrary-action", format="ssml", locale="en", region="US")
    assert '<lang xml:lang="es">988 AYUDA</lang>' in ssml
    japanese_name = dt.Renderer().render("contrary-action", format="html", locale="es", region="JP")
    assert '(<span lang="ja-Latn">Jisatsu Yob' in japanese_name


def test_a_voice_speaks_each_part_of_a_route_line_in_its_language() -> None:
    """In a Spanish voice script, an English service name and an English number display are
    ``<lang xml:lang="en">``; a number of digits alone is read in the reader's voice."""
    ssml = dt.Renderer().render("contrary-action", format="ssml", locale="es", region="US")
    assert '<s><lang xml:lang="en">988 Suicide &amp; Crisis Lifeline</lang>: Línea de crisis</s>' in ssml
    assert '<lang xml:lang="en">1-800-950-NAMI (6264)</lang>, lun' in ssml
    assert '<s>Llamada: <say-as interpret-as="telephone">988</say-as>, 24 horas' in ssml
    english = dt.Renderer().render("contrary-action", format="ssml", locale="en", region="US")
    assert "<lang " not in english  # everything in the US route is English for an English reader


def test_a_number_of_digits_alone_has_no_language() -> None:
    spanish = dt.Renderer().render("contrary-action", format="html", locale="es", region="US")
    assert 'href="tel:988" dir="ltr">988</a>' in spanish
    assert 'dir="ltr" lang="en">1-800-950-NAMI (6264)</a>' in spanish


@pytest.mark.parametrize("locale", shipped_locales())
def test_a_spoken_route_line_is_its_written_line(locale: str) -> None:
    """Split into parts for a voice, every contact line of every region still reads as written."""
    from distress_tolerance._i18n.translate import MixedText

    library = dt.load()
    renderer = dt.Renderer(library)
    for region in library.regions():
        route = renderer.context(locale, region=region)["route"]
        contacts = [*route.emergency, *(c for s in route.services for c in s.contacts)]
        assert [c.line() for c in contacts] == ["".join(p for p, _ in c.parts()) for c in contacts]
        mixed = [line for line, _ in route.spoken(locale) if isinstance(line, MixedText)]
        assert len(mixed) == len(contacts) + len(route.services)


def test_a_voice_reads_a_phone_number_digit_by_digit() -> None:
    """ "988" is "nine eight eight", never "nine hundred eighty-eight": every number of digits
    alone, emergency numbers included, is ``<say-as interpret-as="telephone">``; a number spelled
    as a word ("1-800-950-NAMI (6264)") is read as written."""
    ssml = dt.Renderer().render("contrary-action", format="ssml", locale="en", region="US")
    assert '<s>All emergency services: <say-as interpret-as="telephone">911</say-as></s>' in ssml
    assert 'Call: <say-as interpret-as="telephone">1-866-488-7386</say-as>, 24 hours' in ssml
    assert "Call: 1-800-950-NAMI (6264)," in ssml
    peru = dt.Renderer().render("contrary-action", format="ssml", locale="es", region="PE")
    assert '<s>Llamada: <say-as interpret-as="telephone">113</say-as>, ' in peru
    text = dt.Renderer().render("contrary-action", format="text", locale="en", region="US")
    assert "say-as" not in text and "Call: 988 ·" in text
