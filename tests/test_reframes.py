"""The reframe bank: localized by theme, drawn reproducibly, rendered with a pointer to help."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import distress_tolerance as dt
from distress_tolerance._content.pack import Pack
from distress_tolerance._i18n.fields import reframe_fields
from distress_tolerance._i18n.translate import Translator, localize_reframe
from distress_tolerance._render.reframes import (
    draw_reframe,
    localized_reframes,
)
from distress_tolerance.cli import main
from distress_tolerance.library import Library
from distress_tolerance.localized import LocalizedReframe, LocalizedText, TextStatus
from distress_tolerance.models import PackContent, ReframeTheme
from tests.conftest import shipped_locales
from tests.htmlcheck import injected, parse
from tests.strategies import VALID_PAYLOADS


def seeded(seed: int) -> random.Random:
    """A seeded generator for reproducible draws."""
    return random.Random(seed)  # noqa: S311 (choosing a text to show, not a secret)


POINTER = "If you are struggling, you do not have to cope alone"
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_contexts_are_the_extracted_ones(library: dt.Library) -> None:
    """localize_reframe asks for exactly the msgctxts the extractor writes for a reframe."""
    asked: set[str] = set()

    class Recorder(Translator):
        def text(self, context: str | None, msgid: str, *, require_reviewed: bool = False) -> LocalizedText:
            asked.add(str(context))
            return super().text(context, msgid, require_reviewed=require_reviewed)

    for reframe in library.reframes():
        asked.clear()
        localize_reframe(reframe, Recorder((), "es"))
        assert asked == {field.context for field in reframe_fields(reframe)}


@pytest.mark.parametrize("locale", shipped_locales())
def test_every_reframe_is_translated_in_shipped_locales(library: dt.Library, locale: str) -> None:
    """Shipped catalogs translate the whole bank: nothing falls back to English."""
    items = localized_reframes(library, locale=locale)
    assert len(items) == len(library.reframes())
    assert all(r.harsh.status is not TextStatus.SOURCE and r.kinder.lang != "en" for r in items)


def test_localized_matches_technique_pages(library: dt.Library) -> None:
    """A reframe reads the same in the bank as on a technique page that uses it."""
    technique = next(t for t in library.techniques() if t.reframes)
    on_page = {r.id: r for r in library.localize(technique.id, "es").reframes}
    in_bank = {r.id: r for r in localized_reframes(library, locale="es")}
    assert all(in_bank[key] == value for key, value in on_page.items())


def test_theme_filter_and_order(library: dt.Library) -> None:
    """One theme gives only that theme; the whole bank is in theme order, then id order."""
    worth = localized_reframes(library, theme="worth")
    assert worth and {r.theme for r in worth} == {ReframeTheme.WORTH}
    everything = localized_reframes(library)
    order = list(ReframeTheme)
    assert [(order.index(r.theme), r.id) for r in everything] == sorted(
        (order.index(r.theme), r.id) for r in everything
    )
    with pytest.raises(dt.ArgumentError, match=r"theme must be one of .*bogus"):
        localized_reframes(library, theme="bogus")


@given(st.integers(), st.none() | st.sampled_from(ReframeTheme))
def test_property_draw_is_reproducible_and_keeps_the_theme(seed: int, theme: ReframeTheme | None) -> None:
    """The same seed draws the same reframe; a theme is respected."""
    library = dt.load()
    first = draw_reframe(library, theme=theme, rng=seeded(seed))
    again = draw_reframe(library, theme=theme, rng=seeded(seed))
    assert first == again
    assert theme is None or first.theme is theme


def test_draw_reaches_the_whole_bank(library: dt.Library) -> None:
    """Different seeds draw different reframes (the choice is not stuck on one)."""
    drawn = {draw_reframe(library, rng=seeded(seed)).id for seed in range(200)}
    assert len(drawn) > len(library.reframes()) // 2


def test_draw_without_rng_and_in_a_locale(library: dt.Library) -> None:
    """Without an rng a draw still works; the texts are in the locale asked for."""
    item = draw_reframe(library, theme="shame", locale="pt_BR")
    assert item.theme is ReframeTheme.SHAME and item.kinder.lang == "pt-BR"


def test_draw_from_an_empty_bank_is_an_argument_error() -> None:
    """A library without reframes has nothing to draw."""
    with pytest.raises(dt.ArgumentError, match="empty"):
        draw_reframe(dt.load(builtin=False))


def test_host_reframes_are_localized_from_the_host_catalog(tmp_path: Path) -> None:
    """A host's reframe is found and, without a catalog, shown in English."""
    pack = Pack(tmp_path, "host")
    content = PackContent(
        reframes=(
            dt.Reframe(
                id="host-one", theme=ReframeTheme.FUTURE, harsh="It will never change.", kinder="It may."
            ),
        )
    )
    library = Library(((pack, content),))
    (item,) = localized_reframes(library, locale="en")
    assert item.harsh.text == "It will never change." and item.harsh.status is TextStatus.SOURCE


# --- rendering ---------------------------------------------------------------------------------


def test_drawn_text_ends_with_the_pointer(library: dt.Library, renderer: dt.Renderer) -> None:
    """A drawn reframe shows both thoughts and ends with the pointer (and the command, if given)."""
    item = draw_reframe(library, rng=seeded(1))
    plain = renderer.render_reframes([item]).rstrip()
    assert item.harsh.text in plain and item.kinder.text in plain
    assert plain.splitlines()[-1].startswith(POINTER) and "local emergency number" in plain
    command = renderer.render_reframes([item], help_command="distress-tolerance crisis --region GB")
    assert command.rstrip().splitlines()[-1].startswith(POINTER)
    assert "distress-tolerance crisis --region GB" in command


@pytest.mark.parametrize("locale", ["en", *shipped_locales()])
@pytest.mark.parametrize("level", [1, 4])
def test_html_listing_structure(library: dt.Library, renderer: dt.Renderer, locale: str, level: int) -> None:
    """The bank in HTML: lang and dir on the root, headings from the base level; the bank holds
    risk thoughts, so the whole crisis route comes last (its heading one level down), not a pointer."""
    items = localized_reframes(library, locale=locale)
    html = renderer.render_reframes(items, locale=locale, format="html", grouped=True, heading_level=level)
    parsed = parse(html)
    assert parsed.root["lang"] == locale.replace("_", "-")
    assert parsed.root["dir"] == ("rtl" if locale == "ar" else "ltr")
    assert parsed.headings == [level] + [level + 1] * (len({r.theme for r in items}) + 1)
    assert injected(html) == []
    assert html.rstrip().endswith("</section>\n</section>") and "dt-crisis" in html
    assert "dt-help-pointer" not in html
    calm = [r for r in items if not r.risk]
    html = renderer.render_reframes(calm, locale=locale, format="html", grouped=True, heading_level=level)
    assert html.rstrip().endswith("</p>\n</section>") and "dt-help-pointer" in html


def test_text_listing_has_a_heading_per_theme(library: dt.Library, renderer: dt.Renderer) -> None:
    """The bank in text: every theme once, in order, each reframe under its theme."""
    items = localized_reframes(library)
    text = renderer.render_reframes(items, grouped=True)
    labels = ["Failure", "Mistakes", "Self-worth", "Shame", "Body image", "Relationships", "The future"]
    positions = [
        text.index(f"\n{label}\n") if i else text.index(f"{label}\n") for i, label in enumerate(labels)
    ]
    assert positions == sorted(positions)
    route = renderer.render_crisis().strip().splitlines()
    assert text.rstrip().splitlines()[-len(route) :] == route  # risk thoughts: the whole route
    calm = renderer.render_reframes([r for r in items if not r.risk], grouped=True)
    assert calm.rstrip().splitlines()[-1].startswith(POINTER)


def test_every_theme_has_its_own_label(renderer: dt.Renderer) -> None:
    """Each ReframeTheme renders a distinct heading in both formats."""
    for fmt in ("text", "html"):
        headings = set()
        for theme in ReframeTheme:
            text = LocalizedText(text="x", lang="en", status=TextStatus.SOURCE)
            item = LocalizedReframe(id="x", theme=theme, harsh=text, kinder=text)
            out = renderer.render_reframes([item], format=fmt, grouped=True)
            found = out.split("\n")[0] if fmt == "text" else re.findall(r"<h3[^>]*>([^<]*)</h3>", out)[0]
            headings.add(found)
        assert len(headings) == len(ReframeTheme), fmt


@given(st.sampled_from(VALID_PAYLOADS), st.sampled_from(["text", "html"]), st.booleans())
def test_property_hostile_reframes_render_safely(
    renderer: dt.Renderer, payload: str, fmt: str, grouped: bool
) -> None:
    """Hostile reframe texts and a hostile help command never become markup."""
    text = LocalizedText(text=payload, lang="en", status=TextStatus.SOURCE)
    item = LocalizedReframe(id="x", theme=ReframeTheme.SHAME, harsh=text, kinder=text)
    out = renderer.render_reframes([item, item], format=fmt, grouped=grouped, help_command=payload)
    if fmt == "html":
        assert injected(out) == []
    else:
        assert CONTROL.search(out) is None and payload in out


def test_unknown_format_is_a_render_error(renderer: dt.Renderer) -> None:
    """Only text and html."""
    with pytest.raises(dt.RenderError, match="format"):
        renderer.render_reframes([], format="markdown")


# --- CLI ---------------------------------------------------------------------------------------


def test_cli_draw_is_reproducible_and_points_to_help(capsys: pytest.CaptureFixture[str]) -> None:
    """`reframes draw --seed` prints the same reframe twice, then the pointer with the crisis command."""
    assert main(["reframes", "draw", "--seed", "5", "--locale", "es_MX"]) == 0
    first = capsys.readouterr().out
    assert main(["reframes", "draw", "--seed", "5", "--locale", "es_MX"]) == 0
    assert capsys.readouterr().out == first
    assert "distress-tolerance crisis --locale es_MX" in first.rstrip().splitlines()[-1]


def test_cli_theme_before_or_after_draw(capsys: pytest.CaptureFixture[str]) -> None:
    """`reframes --theme X draw` and `reframes draw --theme X` draw from the same theme."""
    worth = {r.harsh.text for r in localized_reframes(dt.load(), theme="worth")}
    for args in (["reframes", "--theme", "worth", "draw"], ["reframes", "draw", "--theme", "worth"]):
        assert main([*args, "--seed", "3"]) == 0
        harsh = capsys.readouterr().out.splitlines()[0]
        assert any(f'"{text}"' in harsh for text in worth)


def test_cli_list_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    """`reframes` lists the bank by theme; --format json gives localized reframes."""
    assert main(["reframes", "--theme", "body", "--region", "us"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Body image\n") and "distress-tolerance crisis --region US" in out
    assert main(["reframes", "--theme", "future", "--region", "us"]) == 0  # risk thoughts: the route
    out = capsys.readouterr().out
    assert out.startswith("The future\n") and "988" in out
    assert main(["reframes", "--format", "json", "--locale", "fr", "--theme", "future"]) == 0
    data = json.loads(capsys.readouterr().out)
    items = [LocalizedReframe.model_validate(d) for d in data]
    assert items and all(i.theme is ReframeTheme.FUTURE and i.kinder.lang == "fr" for i in items)


def test_cli_refuses_a_region_that_is_not_a_code(capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed --region is a usage error: it never reaches the printed command."""
    with pytest.raises(SystemExit) as info:
        main(["reframes", "draw", "--seed", "1", "--region", "$(rm -rf x)"])
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--region" in captured.err and "Traceback" not in captured.err


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_a_calm_reframe_with_a_region_names_its_main_line_before_the_pointer(
    library: dt.Library, renderer: dt.Renderer, fmt: str
) -> None:
    """Without a risk thought the route is not laid out in full, but a known region's main line
    (or its emergency number) is named in one line, with its number, before the pointer; without
    a region, or for one with nothing listed, only the pointer."""
    calm = [r for r in localized_reframes(library, locale="es") if not r.risk][:1]
    main_line = next(s for s in library.crisis_services("MX") if s.primary)
    number = main_line.contacts[0].display or main_line.contacts[0].value
    text = str(renderer.render_reframes(calm, locale="es", region="MX", format=fmt))
    assert main_line.name in text and number in text
    pointer = library.translator(None, "es").gettext(
        "If you are struggling, you do not have to cope alone: a crisis line or your local emergency "
        "number can help."
    )
    assert pointer.lang == "es" and text.index(number) < text.index(pointer[:30])
    only_emergency = next(r for r in library.emergency_regions() if not library.crisis_services(r))
    emergency = library.emergency_numbers(only_emergency)
    assert emergency is not None
    assert emergency.first.number in str(renderer.render_reframes(calm, region=only_emergency, format=fmt))
    for region in (None, "AQ"):
        bare = str(renderer.render_reframes(calm, locale="es", region=region, format=fmt))
        assert main_line.name not in bare and bare.count("dt-help-pointer") <= 1
