"""The safety plan: the reader's model, every format, hostile text, the offline page, the CLI."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markupsafe import escape
from pydantic import ValidationError

import distress_tolerance as dt
from distress_tolerance.cli import main
from distress_tolerance.localized import TextStatus
from distress_tolerance.models import MAX_ENTRIES, PlanPart
from distress_tolerance.render import PLAN_FORMATS

from .conftest import ROOT, shipped_locales
from .htmlcheck import injected

PLAN = dt.SafetyPlan(
    warning_signs=("I stop answering messages",),
    on_my_own=("Walk around the block",),
    techniques=("paced-breathing",),
    people_to_ask=(dt.PlanContact(name="Sam", contact="07700 900123"),),
    services=("gb-samaritans",),
    reasons_for_living=("My sister's kids",),
)
HOSTILE = '<script>alert(1)</script> [x](javascript:alert(1)) # *no* "quote" &amp; \u05d0'


def test_a_blank_plan_is_valid_and_blank() -> None:
    assert dt.SafetyPlan().is_blank
    assert not PLAN.is_blank
    assert PLAN.entries(PlanPart.PEOPLE_TO_ASK)[0] == dt.PlanContact(name="Sam", contact="07700 900123")


@pytest.mark.parametrize(
    "data",
    [
        {"warning_signs": ["x" * 501]},
        {"warning_signs": ["ok"] * (MAX_ENTRIES + 1)},
        {"warning_signs": ["a\u202eb"]},
        {"warning_signs": ["   "]},
        {"techniques": ["Not A Slug"]},
        {"unknown": []},
        {"format_version": 2},
        {"people_to_ask": [{"name": "Sam", "phone": "1"}]},
    ],
)
def test_the_plan_refuses_bad_input(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        dt.SafetyPlan.model_validate(data)


@pytest.mark.parametrize("locale", ["en", *shipped_locales()])
@pytest.mark.parametrize("fmt", PLAN_FORMATS)
def test_every_format_and_locale(renderer: dt.Renderer, locale: str, fmt: str) -> None:
    form = renderer.library.localize_plan_form(locale)
    for plan in (None, PLAN):
        out = renderer.render_plan(plan, format=fmt, locale=locale, region="GB")
        assert "116 123" in out  # the crisis route, and the linked service's current number
        if fmt != "json":
            for section in form.sections:
                heading = section.heading.text
                assert (
                    str(escape(heading)) if fmt in {"html", "page"} else heading
                ) in out or fmt == "markdown"
        if plan is not None and fmt != "json":
            assert "Sam" in out
            assert "07700 900123" in out


def test_the_json_format_keeps_the_plan_and_the_linked_content(renderer: dt.Renderer) -> None:
    document = json.loads(renderer.render_plan(PLAN, format="json", region="GB"))
    assert dt.SafetyPlan.model_validate(document["plan"]) == PLAN
    assert [t["id"] for t in document["techniques"]] == ["paced-breathing"]
    assert [s["id"] for s in document["services"]] == ["gb-samaritans"]
    assert document["crisis"]["region"] == "GB"
    schema = json.loads((ROOT / "docs" / "schema" / "safety-plan.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) == set(dt.SafetyPlan.model_fields)


@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip()))
def test_any_reader_text_is_escaped_everywhere(text: str) -> None:
    try:
        plan = dt.SafetyPlan(warning_signs=(text, HOSTILE), people_to_ask=(dt.PlanContact(name=text),))
    except ValidationError:
        return  # control and invisible characters are refused, never rendered
    renderer = _RENDERER
    fragment = str(renderer.render_plan(plan, format="html"))
    assert injected(fragment) == []
    assert "<script" not in fragment
    page = str(renderer.render_plan(plan, format="page"))
    assert page.count("<script>") == 1
    ssml = renderer.render_plan(plan, format="ssml")
    assert "<script" not in ssml
    markdown = MarkdownIt("commonmark").render(renderer.render_plan(plan, format="markdown"))
    assert "<script" not in markdown
    assert 'href="javascript' not in markdown


_RENDERER = dt.Renderer()


def test_the_page_is_an_offline_form_that_sends_nothing(renderer: dt.Renderer) -> None:
    page = str(renderer.render_plan(PLAN, format="page", region="GB"))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.group(1).split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["form-action"] == "'none'"
    script = re.search(r"<script>(.*?)</script>", page, re.DOTALL)
    assert script is not None
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    assert rules["script-src"] == f"'sha256-{digest}'"
    for banned in (
        "fetch(",
        "XMLHttpRequest",
        "localStorage",
        "sendBeacon",
        "WebSocket",
        "http://",
        "https://",
    ):
        assert banned not in script.group(1)
    # one text area per part, labelled by its heading and prompt, holding the reader's entries
    areas = re.findall(r'<textarea id="([^"]+)" name="([^"]+)"[^>]*aria-labelledby="([^"]+)"', page)
    assert [name for _, name, _ in areas] == [p.value for p in PlanPart]
    for _, _, labels in areas:
        for label in labels.split():
            assert f'id="{label}"' in page
    assert "I stop answering messages</textarea>" in page


def test_unknown_links_are_clear_errors(renderer: dt.Renderer) -> None:
    with pytest.raises(dt.ArgumentError, match="no-such-line"):
        renderer.render_plan(dt.SafetyPlan(services=("no-such-line",)))
    with pytest.raises(dt.UnknownTechniqueError):
        renderer.render_plan(dt.SafetyPlan(techniques=("no-such-skill",)))
    with pytest.raises(dt.ArgumentError):
        renderer.render_plan({"warning_signs": []})  # type: ignore[arg-type]
    with pytest.raises(dt.RenderError):
        renderer.render_plan(format="card")


def test_a_readers_plan_is_never_kept(renderer: dt.Renderer) -> None:
    marker = "a private sentence 8f3e"
    renderer.render_plan(dt.SafetyPlan(reasons_for_living=(marker,)), format="text")
    renderer.render_plan(None, format="text")
    assert all(marker not in value for value in renderer._cache.values())


@pytest.mark.parametrize("locale", shipped_locales())
def test_every_shipped_locale_translates_the_prompts(renderer: dt.Renderer, locale: str) -> None:
    form = renderer.library.localize_plan_form(locale)
    texts = [form.title, form.intro, form.privacy, *(s.prompt for s in form.sections)]
    assert [t.text for t in texts if t.status is TextStatus.SOURCE] == []


def test_messages(renderer: dt.Renderer) -> None:
    messages = renderer.plan_messages(PLAN, region="GB")
    assert len(messages) == len(PlanPart) + 3  # opening, parts, closing, route
    assert "Sam: 07700 900123" in messages[4]
    assert "116 123" in messages[-1]


def test_cli_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--region", "GB"]) == 0
    assert "116 123" in capsys.readouterr().out
    path = tmp_path / "plan.json"
    path.write_text(PLAN.model_dump_json(), encoding="utf-8")
    assert main(["plan", "--from", str(path), "--format", "markdown"]) == 0
    assert "Sam" in capsys.readouterr().out
    path.write_text('{"warning_signs": ["ok"], "people_to_ask": [{"name": ""}]}', encoding="utf-8")
    assert main(["plan", "--from", str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err
    assert "people_to_ask.0.name" in err
    path.write_text('{\n  "warning_signs": [\n', encoding="utf-8")
    assert main(["plan", "--from", str(path)]) == 1
    assert str(path) in capsys.readouterr().err
