"""Every output format a host needs: markdown, page, json, compact messages, wrapped text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt

import distress_tolerance as dt
from distress_tolerance.localized import TechniqueDocument
from tests.conftest import shipped_locales
from tests.htmlcheck import parse

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["en", *shipped_locales()]
SCHEMA = json.loads((ROOT / "docs" / "schema" / "technique-document.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("locale", LOCALES)
def test_json_validates_against_the_published_schema_and_round_trips(
    renderer: dt.Renderer, library: dt.Library, locale: str
) -> None:
    """json output validates against docs/schema and loads back into the same model."""
    for technique in library.techniques():
        out = renderer.render(technique.id, format="json", locale=locale, region="US")
        data = json.loads(out)
        jsonschema.validate(data, SCHEMA)
        document = TechniqueDocument.model_validate_json(out)
        assert document.technique == library.localize(technique.id, locale)
        assert document.crisis.services[0].region == "US"
        assert "CC-BY-SA-4.0" in document.attribution


def test_json_without_region_carries_the_instruction(renderer: dt.Renderer) -> None:
    """No region: no services, and the instruction to contact local emergency services."""
    crisis = json.loads(renderer.render("stop", format="json", locale="en"))["crisis"]
    assert crisis["services"] == [] and crisis["region"] is None
    assert "local emergency number" in crisis["instruction"]
    assert "US" in crisis["regions_available"]


@pytest.mark.parametrize("locale", LOCALES)
def test_markdown_is_commonmark_with_no_links_or_html_from_text(
    renderer: dt.Renderer, library: dt.Library, locale: str
) -> None:
    """Markdown renders through a CommonMark parser into headings and lists, nothing from the text."""
    md = MarkdownIt("commonmark")
    for technique in library.techniques():
        out = renderer.render(technique.id, format="markdown", locale=locale, region="US")
        tokens = [t.type for t in md.parse(out)]
        html = md.render(out)
        assert "link_open" not in tokens and "html_inline" not in tokens and "html_block" not in tokens
        assert "image" not in html and "<code" not in html
        assert tokens.count("ordered_list_open") == 1
        headings = re.findall(r"<h(\d)>", html)
        assert headings[0] == "2" and set(headings) <= {"2", "3"}


def test_markdown_escapes_hostile_host_text(tmp_path: Path) -> None:
    """Text that looks like Markdown or HTML stays literal."""
    from distress_tolerance._render.formats import markdown_escape

    md = MarkdownIt("commonmark")
    for text in [
        "[x](javascript:alert(1))",
        "<script>alert(1)</script>",
        "# heading",
        "1. list",
        "*em* _u_",
        "![i](x)",
        "`code`",
        "- item",
        "a\n\n# b",
        "&amp; &lt;",
    ]:
        html = md.render(markdown_escape(text))
        assert html.count("<p>") == 1, (text, html)
        assert not re.search(r"<(a|img|script|h\d|ol|ul|em|code|strong)\b", html), (text, html)


@pytest.mark.parametrize("locale", LOCALES)
def test_page_is_a_complete_offline_document(renderer: dt.Renderer, locale: str) -> None:
    """page: doctype, lang/dir, title, one main, inline CSS with dark and reduced-motion rules, no assets."""
    out = renderer.render("tipp", format="page", locale=locale, region="US")
    assert out.startswith("<!DOCTYPE html>\n<html lang=")
    parsed = parse(out)
    assert parsed.root["lang"] == locale.replace("_", "-")
    assert parsed.root["dir"] == ("rtl" if locale == "ar" else "ltr")
    assert parsed.tags.count("main") == 1 and parsed.tags.count("title") == 1
    assert (
        "prefers-color-scheme: dark" in out
        and "prefers-reduced-motion: reduce" in out
        and "@media print" in out
    )
    assert not [a for a in parsed.attributes if a[1] == "src"]
    links = [a[2] for a in parsed.attributes if a[1] == "href"]
    assert links and all(re.match(r"^(tel|sms|mailto):|^https://", link) for link in links)
    assert "url(" not in out and "@import" not in out
    # its one script element is the schema.org JSON-LD data block, which is never run
    assert out.count("<script") == out.count('<script type="application/ld+json">') == 1


@pytest.mark.parametrize("level", [1, 2])
def test_page_heading_levels(renderer: dt.Renderer, level: int) -> None:
    """A page always has one h1; at level 2 the technique title is an h2 under the page heading."""
    headings = parse(renderer.render("stop", format="page", heading_level=level)).headings
    assert headings.count(1) == 1
    assert headings[1] == 2 if level == 2 else headings[0] == 1


def test_compact_messages_one_per_step(renderer: dt.Renderer, library: dt.Library) -> None:
    """messages(): title, one per caution, one per step in order, then the crisis route."""
    for technique in library.techniques():
        parts = renderer.messages(technique.id, locale="es", region="ES")
        localized = library.localize(technique.id, "es")
        steps = parts[1 + len(localized.cautions) : -1]
        assert len(steps) == len(localized.steps)
        for index, (part, step) in enumerate(zip(steps, localized.steps, strict=True), start=1):
            assert part.startswith(f"{index}/{len(localized.steps)} {step.text.text}")
        assert "024" in parts[-1]


@pytest.mark.parametrize("width", [30, 50, 72])
def test_text_wraps_to_the_width(renderer: dt.Renderer, width: int) -> None:
    """No line is longer than the width the host sets, and no word is lost."""
    out = renderer.render("tipp", locale="de", region="DE", width=width)
    assert max(len(line) for line in out.splitlines()) <= width
    assert out.split() == renderer.render("tipp", locale="de", region="DE").split()


def test_every_full_rendering_carries_route_and_licence(renderer: dt.Renderer) -> None:
    """Every format ends with a crisis route and carries the licence line."""
    for fmt in ("text", "markdown", "html", "page", "json"):
        out = renderer.render("urge-surfing", format=fmt, locale="fr", region="FR")
        assert "3114" in out and "CC-BY-SA-4.0" in out, fmt


@pytest.mark.parametrize("locale", LOCALES)
def test_ssml_is_well_formed_paced_and_ends_with_the_route(
    renderer: dt.Renderer, library: dt.Library, locale: str
) -> None:
    """ssml parses as XML, waits out every timed second, and speaks the crisis route and licence."""
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2001/10/synthesis}"
    for technique in library.techniques():
        out = renderer.render(technique.id, format="ssml", locale=locale, region="US")
        root = ET.fromstring(out)
        assert root.tag == f"{ns}speak"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == locale.replace("_", "-")
        assert {child.tag for child in root} <= {f"{ns}s", f"{ns}break"}
        waited = sum(int(b.get("time", "0s")[:-1]) for b in root.iter(f"{ns}break"))
        assert waited == sum(step.seconds or 0 for step in technique.steps)
        spoken = " ".join("".join(s.itertext()) for s in root.iter(f"{ns}s"))  # <lang>, <say-as> inside
        assert "988" in spoken and "CC-BY-SA-4.0" in spoken
