"""Where a host's code meets ours: markup in its layouts, its templates' errors, its own content's
licence, its translators, and the arguments it passes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from markupsafe import Markup

import distress_tolerance as dt
from distress_tolerance import cli
from distress_tolerance._content.pack import builtin_pack
from distress_tolerance._render.reframes import localized_reframes
from distress_tolerance.player import timeline

LAYOUT = "<main>{{ html }}</main><p>{{ text }}</p>"


@pytest.mark.parametrize("fmt", ["html", "page"])
def test_html_and_page_are_markup_and_are_not_escaped_twice_in_a_host_layout(
    renderer: dt.Renderer, fmt: str
) -> None:
    """In an autoescaping host layout, {{ html }} inserts our (already escaped) fragment as it is;
    a plain string next to it is still escaped."""
    out = renderer.render("stop", format=fmt, locale="de")
    assert type(out) is Markup
    env = jinja2.Environment(autoescape=True)  # as Flask and most hosts configure it
    page = env.from_string(LAYOUT).render(html=out, text="<b>")
    assert page == f"<main>{out}</main><p>&lt;b&gt;</p>"
    assert "&lt;article" not in page and "&amp;" not in page.replace(str(out), "")


def test_every_html_rendering_is_markup_and_other_formats_stay_str(
    renderer: dt.Renderer, library: dt.Library
) -> None:
    """Crisis routes, suggestions and reframes in HTML are Markup too; text, markdown, json and ssml
    are plain str (Markup there would skip a host's escaping)."""
    assert type(renderer.render_crisis(format="html", region="US")) is Markup
    assert type(renderer.render_crisis(format="page")) is Markup
    found = dt.suggest(library, distress=5, minutes=10, setting="private")
    assert type(renderer.render_suggestions(found, format="html")) is Markup
    reframes = localized_reframes(library, theme="worth")
    assert type(renderer.render_reframes(reframes, format="html")) is Markup
    for fmt in ("text", "markdown", "json", "ssml"):
        assert type(renderer.render("stop", format=fmt)) is str
    assert type(renderer.render_crisis(format="text")) is str
    assert type(renderer.render_suggestions(found, format="text")) is str


def test_hostile_content_stays_escaped_inside_the_markup(make_pack: Callable[..., Path]) -> None:
    """Markup marks our escaped output, never the content: a script in a host's title stays text."""
    root = _host_pack(make_pack, title="<script>alert(1)</script>")
    out = dt.Renderer(dt.load(root)).render("host-stop", format="html")
    page = jinja2.Environment(autoescape=True).from_string(LAYOUT).render(html=out, text="")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("templates", "template", "line"),
    [
        ({"html/technique.html": "<p>\n{% if %}\n</p>"}, "html/technique.html", 2),  # syntax error
        ({"html/technique.html": "<p>\n\n{{ t.nope.deeper }}</p>"}, "html/technique.html", 3),  # undefined
        (  # an error raised in a template the overridden one includes
            {
                "html/technique.html": "<div>\n{% include 'host/part.html' %}</div>",
                "host/part.html": "a\nb\nc\n{{ 1 // 0 }}",
            },
            "host/part.html",
            4,
        ),
    ],
)
def test_a_host_template_error_names_the_template_and_line(
    library: dt.Library, templates: dict[str, str], template: str, line: int
) -> None:
    """A broken host template, or one that raises while rendering, gives our RenderError naming the
    template that failed and its line, with Jinja's error as the cause."""
    renderer = dt.Renderer(library, loader=jinja2.DictLoader(templates))
    with pytest.raises(dt.RenderError) as info:
        renderer.render("stop", format="html")
    assert f"{template}, line {line}:" in str(info.value)
    assert str(info.value).startswith("cannot render html/technique.html:")
    assert info.value.__cause__ is not None


def test_a_suggestions_template_error_names_the_template_and_line(library: dt.Library) -> None:
    """The same one place wraps errors for suggestions and reframes."""
    host = jinja2.DictLoader({"text/suggest.txt": "ok\n{{ s.nope.deeper }}", "text/reframe.txt": "{% for %}"})
    renderer = dt.Renderer(library, loader=host)
    found = dt.suggest(library, distress=5, minutes=10, setting="private")
    with pytest.raises(dt.RenderError, match=re.escape("text/suggest.txt, line 2:")):
        renderer.render_suggestions(found)
    with pytest.raises(dt.RenderError, match=re.escape("text/reframe.txt, line 1:")):
        renderer.render_reframes(localized_reframes(library))


def _host_pack(make_pack: Callable[..., Path], **changes: Any) -> Path:
    """A host pack with one technique: our STOP under another id, with ``changes``."""
    data = yaml.safe_load((builtin_pack().root / "data" / "techniques" / "stop.yaml").read_text("utf-8"))
    data.update({"id": "host-stop", "reframes": [], **changes})
    return make_pack({"data/techniques/host-stop.yaml": yaml.safe_dump(data, allow_unicode=True)})


@pytest.mark.parametrize(
    "fmt",
    ["text", "html", "page", "json", "ssml", "markdown"],
)
def test_host_content_carries_its_own_licence_not_our_credit(
    make_pack: Callable[..., Path], fmt: str
) -> None:
    """A host's technique is credited under the host's licence, never to this project; ours still is."""
    library = dt.load(_host_pack(make_pack, license="LicenseRef-Acme-1.0"))
    renderer = dt.Renderer(library)
    credit = "distress\\_tolerance project" if fmt == "markdown" else "distress_tolerance project"
    host = renderer.render("host-stop", format=fmt)
    assert "LicenseRef-Acme-1.0" in host
    assert credit not in host
    ours = renderer.render("stop", format=fmt)
    assert credit in ours and "CC-BY-SA-4.0" in ours


def test_host_content_with_the_default_licence_is_still_not_credited_to_us(
    make_pack: Callable[..., Path],
) -> None:
    """Leaving ``license`` at its default does not make a host's text ours."""
    out = dt.Renderer(dt.load(_host_pack(make_pack))).render("host-stop")
    assert "CC-BY-SA-4.0" in out and "distress_tolerance project" not in out


def test_a_copy_of_our_pack_is_credited_to_us_and_a_changed_copy_is_not(
    make_pack: Callable[..., Path],
) -> None:
    """Whether a technique is ours is decided by its content, not by the object: a second library
    read from our pack is ours on every render (the answer is remembered per object), while the
    same id with changed text is a host's."""
    from distress_tolerance.library import Library

    pack = builtin_pack()
    copy = Library(((pack, pack.read()),))
    assert copy.get("stop") is not dt.load().get("stop")
    renderer = dt.Renderer(copy, cache_size=0)
    for _ in range(2):
        assert "distress_tolerance project" in renderer.render("stop")
    data = yaml.safe_load((pack.root / "data" / "techniques" / "stop.yaml").read_text("utf-8"))
    data["summary"] = "A host's own summary of this skill."
    changed = dt.load(
        make_pack({"data/techniques/stop.yaml": yaml.safe_dump(data, allow_unicode=True)}), builtin=False
    )
    renderer = dt.Renderer(changed, cache_size=0)
    for _ in range(2):
        out = renderer.render("stop")
        assert "A host's own summary" in out and "distress_tolerance project" not in out


def test_timeline_refuses_a_translator_for_another_locale(library: dt.Library) -> None:
    """Portuguese steps with French cues would mix languages: our documented error instead."""
    localized = library.localize("paced-breathing", "pt_BR")
    with pytest.raises(dt.RenderError, match=r"'fr'.*'pt_BR'"):
        timeline(localized, translator=library.translator(None, "fr"))
    cues = timeline(localized, translator=library.translator(None, "pt_BR"))
    assert cues[-1].lang == "pt-BR"


@pytest.mark.parametrize("width", ["0", "-5", "19", "1001", "99999999999999999999"])
def test_cli_width_out_of_range_is_a_clean_error(capsys: pytest.CaptureFixture[str], width: str) -> None:
    """--width 0, negative or huge: one line on stderr, exit 1, never a traceback."""
    assert cli.main(["show", "stop", "--width", width]) == 1
    err = capsys.readouterr().err
    assert err.startswith("distress-tolerance: error: width must be a whole number from 20 to 1000")
    assert "Traceback" not in err


def test_cli_width_in_range_wraps(capsys: pytest.CaptureFixture[str]) -> None:
    """The bounds themselves are accepted, and wrap the text."""
    assert cli.main(["show", "stop", "--width", "20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 20


def _suggestions(r: dt.Renderer) -> dt.Suggestions:
    return dt.suggest(r.library, distress=5, minutes=5, setting="private")


# call -> (the argument the error names, the call)
BAD_CALLS: dict[str, tuple[str, Callable[[dt.Renderer], object]]] = {
    "render(5)": ("technique_id", lambda r: r.render(5)),  # type: ignore[arg-type]
    "render(None)": ("technique_id", lambda r: r.render(None)),  # type: ignore[arg-type]
    "format=None": ("format", lambda r: r.render("stop", format=None)),  # type: ignore[arg-type]
    "format=[html]": ("format", lambda r: r.render("stop", format=["html"])),  # type: ignore[arg-type]
    "heading_level='2'": ("heading_level", lambda r: r.render("stop", heading_level="2")),  # type: ignore[arg-type]
    "heading_level=True": ("heading_level", lambda r: r.render("stop", heading_level=True)),
    "heading_level=2.0": ("heading_level", lambda r: r.render("stop", heading_level=2.0)),  # type: ignore[arg-type]
    "region=5": ("region", lambda r: r.render("stop", region=5)),  # type: ignore[arg-type]
    "require_reviewed='yes'": ("require_reviewed", lambda r: r.render("stop", require_reviewed="yes")),  # type: ignore[arg-type]
    "width='30'": ("width", lambda r: r.render("stop", width="30")),  # type: ignore[arg-type]
    "messages(5)": ("technique_id", lambda r: r.messages(5)),  # type: ignore[arg-type]
    "messages(region=[])": ("region", lambda r: r.messages("stop", region=[])),  # type: ignore[arg-type]
    "render_crisis(format=None)": ("format", lambda r: r.render_crisis(format=None)),  # type: ignore[arg-type]
    "render_crisis(heading_level='1')": ("heading_level", lambda r: r.render_crisis(heading_level="1")),  # type: ignore[arg-type]
    "render_crisis(region=5)": ("region", lambda r: r.render_crisis(region=5)),  # type: ignore[arg-type]
    "crisis_route(region=5)": ("region", lambda r: r.crisis_route("en", 5)),  # type: ignore[arg-type]
    "context(heading_level='2')": ("heading_level", lambda r: r.context("en", heading_level="2")),  # type: ignore[arg-type]
    "suggest(region=5)": (
        "region",
        lambda r: dt.suggest(r.library, distress=5, minutes=5, setting="private", region=5),  # type: ignore[arg-type]
    ),
    "render_suggestions(format=None)": (
        "format",
        lambda r: r.render_suggestions(_suggestions(r), format=None),  # type: ignore[arg-type]
    ),
    "render_reframes(heading_level=None)": (
        "heading_level",
        lambda r: r.render_reframes((), heading_level=None),  # type: ignore[arg-type]
    ),
}


@pytest.mark.parametrize("call", BAD_CALLS)
def test_invalid_arguments_raise_our_documented_error(renderer: dt.Renderer, call: str) -> None:
    """Arguments of the wrong type or value raise RenderError naming the argument, never TypeError."""
    argument, function = BAD_CALLS[call]
    with pytest.raises(dt.RenderError, match=argument):
        function(renderer)
