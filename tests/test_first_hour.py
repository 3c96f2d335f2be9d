"""The first hour after self-harm: model, loading, every format and locale, suggest, card, CLI."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

import distress_tolerance as dt
from distress_tolerance.cli import main
from distress_tolerance.localized import TextStatus
from distress_tolerance.models import FirstHour, Urgency
from distress_tolerance.render import FORMATS

from .conftest import ROOT, shipped_locales
from .htmlcheck import injected

FIRST_HOUR = ROOT / "data" / "first-hour.yaml"


def _data() -> dict[str, object]:
    return yaml.safe_load(FIRST_HOUR.read_text(encoding="utf-8"))


def test_the_model_needs_a_section_that_says_to_get_help_now() -> None:
    data = _data()
    sections = [dict(s, urgency="today") for s in data["sections"]]  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="urgency 'now'"):
        FirstHour.model_validate({**data, "sections": sections})


def test_the_model_refuses_repeated_item_ids() -> None:
    data = _data()
    first = dict(data["sections"][0])  # type: ignore[index]
    first["items"] = [first["items"][0], first["items"][0]]
    with pytest.raises(ValidationError, match="duplicate id"):
        FirstHour.model_validate({**data, "sections": [first]})


def test_a_bad_first_hour_names_file_line_and_field(make_pack: Callable[..., Path]) -> None:
    text = FIRST_HOUR.read_text(encoding="utf-8").replace("urgency: today", "urgency: later", 1)
    root = make_pack({"data/first-hour.yaml": text}, base=True)
    with pytest.raises(dt.ContentError) as caught:
        dt.load(root, builtin=False)
    [error] = caught.value.errors
    line = next(i for i, s in enumerate(text.splitlines(), start=1) if "urgency: later" in s)
    assert error.path.endswith("data/first-hour.yaml")
    assert (error.line, error.field) == (line, "sections.1.urgency")


def test_an_unknown_linked_technique_is_an_error(make_pack: Callable[..., Path]) -> None:
    text = FIRST_HOUR.read_text(encoding="utf-8").replace("  - self-soothe\n", "  - no-such-skill\n")
    root = make_pack({"data/first-hour.yaml": text}, base=True)
    with pytest.raises(dt.ContentError, match="no-such-skill"):
        dt.load(root, builtin=False)


def _sections(text: str) -> list[str]:
    return re.split(r"\n(?=[^\n]+\n-{3,}\n)", text)


def test_the_emergency_number_comes_right_under_get_help_now(renderer: dt.Renderer) -> None:
    text = renderer.render_first_hour(region="GB")
    first_hour = renderer.library.localize_first_hour("en")
    now = next(s for s in first_hour.sections if s.urgency is Urgency.NOW)
    section = next(part for part in _sections(text) if part.startswith(now.heading.text))
    assert "999" in section
    # The content note is said before anything else (rule C7); the route ends the rendering.
    assert text.index(first_hour.content_note.text) < text.index(now.heading.text)
    assert _sections(text)[-1].startswith("If you need help now")
    assert "Samaritans" in _sections(text)[-1]


def test_without_a_region_nothing_is_guessed(renderer: dt.Renderer) -> None:
    text = renderer.render_first_hour()
    assert "999" not in text
    assert "911" not in text
    assert "contact emergency services" in text


@pytest.mark.parametrize("locale", ["en", *shipped_locales()])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_and_locale(renderer: dt.Renderer, locale: str, fmt: str) -> None:
    out = renderer.render_first_hour(format=fmt, locale=locale, region="US")
    first_hour = renderer.library.localize_first_hour(locale)
    assert first_hour.title.text.split()[0] in out or fmt == "json"
    assert "911" in out
    if fmt == "html":
        assert injected(str(out)) == []
    if fmt in {"html", "page"}:
        assert f'lang="{first_hour.lang}"' in out
    if fmt == "json":
        document = json.loads(out)
        assert document["first_hour"]["id"] == "first-hour"
        assert document["crisis"]["emergency"]["region"] == "US"


@pytest.mark.parametrize("locale", shipped_locales())
def test_every_shipped_locale_translates_it(renderer: dt.Renderer, locale: str) -> None:
    first_hour = renderer.library.localize_first_hour(locale)
    texts = [first_hour.title, first_hour.content_note, first_hour.closing]
    texts += [item.text for s in first_hour.sections for item in s.items]
    english = [t.text for t in texts if t.status is TextStatus.SOURCE]
    assert english == []


def test_require_reviewed_shows_english_and_says_so(renderer: dt.Renderer) -> None:
    strict = renderer.library.localize_first_hour("es", require_reviewed=True)
    assert strict.title.status is TextStatus.SOURCE
    assert strict.safety_fallback
    text = renderer.render_first_hour(locale="es", require_reviewed=True)
    assert strict.title.text in text
    assert "inglés" in text or "English" in text


def test_a_host_first_hour_is_escaped_and_credited_to_the_host(make_pack: Callable[..., Path]) -> None:
    text = FIRST_HOUR.read_text(encoding="utf-8").replace(
        "title: The first hour after hurting yourself", 'title: "<script>alert(1)</script> & <b>x</b>"'
    )
    root = make_pack({"data/first-hour.yaml": text})
    renderer = dt.Renderer(dt.load(root))
    html = renderer.render_first_hour(format="html")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert injected(str(html)) == []
    assert "distress_tolerance project" not in renderer.render_first_hour()
    markdown = renderer.render_first_hour(format="markdown")
    assert "\\<script\\>" in markdown


def test_skills_meant_for_after_self_harm_point_to_it(renderer: dt.Renderer) -> None:
    linked = renderer.library.first_hour().techniques  # type: ignore[union-attr]
    title = renderer.library.localize_first_hour("en").title.text
    assert linked
    for technique in renderer.library.techniques():
        text = renderer.render(technique.id)
        assert (title in text) is (technique.id in linked), technique.id
    html = renderer.render(linked[0], format="html", locale="de")
    assert 'class="dt-after-harm"' in html


def test_suggest_shows_it_first_when_harm_has_just_happened(
    library: dt.Library, renderer: dt.Renderer
) -> None:

    plain = dt.suggest(library, distress=8, minutes=15, setting="private", region="US")
    after = dt.suggest(
        library, distress=8, minutes=15, setting="private", region="US", harm_just_happened=True
    )
    assert plain.first_hour is None
    assert after.first_hour is not None
    assert "tipp" in [i.id for i in plain.items]
    assert all("medical" not in i.cautions for i in after.items)
    for fmt in ("text", "html"):
        out = renderer.render_suggestions(after, format=fmt)
        title = after.first_hour.title.text
        assert out.index(title) < out.index("911") < out.index("Skills to try now")
    with pytest.raises(dt.ArgumentError):
        dt.suggest(library, distress=8, minutes=5, setting="private", harm_just_happened="yes")  # type: ignore[arg-type]


def test_card_is_short_and_ends_with_the_route(renderer: dt.Renderer, library: dt.Library) -> None:
    for technique in library.techniques():
        for region in (None, *library.regions(), "KE"):
            card = renderer.render(technique.id, format="card", region=region)
            assert len(card) <= 280, (technique.id, region, card)
            last = card.splitlines()[-1]
            services = library.crisis_services(region)
            if services:
                assert services[0].name in last
            elif library.emergency_numbers(region):
                assert library.emergency_numbers(region).first.number in last  # type: ignore[union-attr]
            else:
                assert "emergency" in last
    for locale in shipped_locales():
        card = renderer.render("stop", format="card", locale=locale, region="US")
        assert len(card) <= 400
        assert "988" in card


def test_first_hour_card_gives_the_emergency_number(renderer: dt.Renderer) -> None:
    card = renderer.render_first_hour(format="card", region="GB")
    assert card.splitlines()[-1].endswith("999")


def test_risk_reframes_show_the_route(renderer: dt.Renderer, library: dt.Library) -> None:
    from distress_tolerance._i18n.translate import localize_reframe

    translator = library.translator(None, "en")
    risky = [r for r in library.reframes() if r.risk]
    calm = [r for r in library.reframes() if not r.risk]
    assert len(risky) >= 8
    assert len([r for r in library.reframes() if r.id.startswith("after-")]) >= 8
    for fmt in ("text", "html"):
        out = renderer.render_reframes([localize_reframe(risky[0], translator)], format=fmt, region="US")
        assert "988" in out and "If you need help now" in out  # the whole route
        out = renderer.render_reframes([localize_reframe(calm[0], translator)], format=fmt, region="US")
        # a calm thought gets no whole route: the region's main line in one line, and the pointer
        shown = str(out).replace("&amp;", "&")
        assert "If you need help now" not in shown and "Need help now? 988 Suicide & Crisis Lifeline" in shown


def test_cli_first_hour(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["first-hour", "--region", "US"]) == 0
    out = capsys.readouterr().out
    assert "911" in out
    assert main(["first-hour", "--locale", "es", "--region", "MX", "--format", "compact"]) == 0
    assert "911" in capsys.readouterr().out
    assert main(["suggest", "--distress", "8", "--minutes", "5", "--setting", "private", "--just-hurt"]) == 0
    assert "distress-tolerance first-hour" in capsys.readouterr().out


def test_messages_and_ssml_are_built_from_data(renderer: dt.Renderer) -> None:
    messages = renderer.first_hour_messages(region="US")
    first_hour = renderer.library.localize_first_hour("en")
    assert messages[0].startswith(first_hour.content_note.text)
    assert any("911" in m and first_hour.sections[0].heading.text in m for m in messages)
    assert "988" in messages[-1]
    ssml = renderer.render_first_hour(format="ssml", region="US")
    assert ssml.startswith("<speak")
    assert "911" in ssml
