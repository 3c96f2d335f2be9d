"""Tool definitions for chat bots and their dispatcher: schemas, answers, errors, the published file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import distress_tolerance as dtol
from distress_tolerance._channels.tool_args import TOOL_NAMES, argument_models, input_schema
from distress_tolerance._channels.tools import STYLES, call_tool, main, tool_definitions, tools_file
from distress_tolerance.exceptions import ArgumentError
from distress_tolerance.models import ReframeTheme
from distress_tolerance.render import FORMATS, PLAN_FORMATS

ROOT = Path(__file__).resolve().parent.parent
# A Wednesday, 16:00 UTC: 11:00 in New York. And a Sunday, 03:00 UTC.
WEEKDAY = dt.datetime(2026, 3, 4, 16, 0, tzinfo=dt.UTC)
SUNDAY = dt.datetime(2026, 3, 8, 3, 0, tzinfo=dt.UTC)


def _schema(name: str) -> dict[str, Any]:
    return next(d["input_schema"] for d in tool_definitions() if d["name"] == name)


# Definitions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_every_definition_is_a_draft_2020_12_schema(style: str) -> None:
    """Every tool, in every shape, has a name, a description and an input schema that is valid
    JSON Schema (draft 2020-12), closed to unknown arguments."""
    found = tool_definitions(style=style)
    names = []
    for given_shape in found:
        definition = given_shape
        if style == "openai":
            assert given_shape["type"] == "function"
            definition = given_shape["function"]
            schema = definition["parameters"]
        elif style == "mcp":
            schema = definition["inputSchema"]
            assert definition["annotations"]["readOnlyHint"] is True
        else:
            schema = definition["input_schema"]
        names.append(definition["name"])
        assert len(definition["description"]) > 100
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False
        assert "$defs" not in json.dumps(schema)
        assert '"title"' not in json.dumps(schema)
        assert all(p.get("description") for p in schema["properties"].values())
    assert names == list(TOOL_NAMES)


def test_the_wording_a_model_reads_follows_the_safe_messaging_rules(library: dtol.Library) -> None:
    """Descriptions, argument descriptions, guidance and the server's instructions pass the English
    lexicon, and each that mentions suicide or self-harm points to help (C5)."""
    from distress_tolerance._channels.mcp_server import INSTRUCTIONS
    from distress_tolerance._channels.tools import DESCRIPTIONS
    from distress_tolerance._safety.lexicon import lexicon_for

    lexicon = lexicon_for("en")
    assert lexicon is not None
    texts = [*DESCRIPTIONS.values(), INSTRUCTIONS]
    for definition in tool_definitions():
        texts += [p["description"] for p in definition["input_schema"]["properties"].values()]
    for name, arguments in [
        ("find_skill", {"distress": 10, "minutes": 1, "setting": "public"}),
        ("find_skill", {"distress": 9, "minutes": 30, "harm_just_happened": True}),
        ("find_skill", {"distress": 4, "minutes": 30}),
        ("get_reframe", {"theme": "future"}),
        ("get_reframe", {"theme": "body"}),
        ("get_safety_plan", {}),
    ]:
        texts.append(call_tool(library, name, arguments)["guidance"])
    for text in texts:
        assert lexicon.scan(text) == [], text
        if lexicon.mentions(text):
            assert lexicon.points_to_help(text), text


def test_an_unknown_style_is_refused() -> None:
    with pytest.raises(ArgumentError, match="style must be one of generic, anthropic, openai, mcp"):
        tool_definitions(style="gemini")


def test_enums_come_from_the_library_and_the_models(library: dtol.Library) -> None:
    """Locales, technique ids and themes are the library's; formats the renderer's."""
    find = _schema("find_skill")["properties"]
    assert find["locale"]["enum"] == list(library.locales())
    assert find["setting"]["enum"] == ["private", "public"]
    technique = _schema("get_technique")["properties"]
    assert technique["id"]["enum"] == [t.id for t in library.techniques()]
    assert technique["format"]["enum"] == list(FORMATS)
    assert technique["format"]["default"] == "markdown"
    themes = _schema("get_reframe")["properties"]["theme"]["enum"]
    assert themes == [t.value for t in ReframeTheme if library.reframes(theme=t)]
    assert _schema("get_reframe")["required"] == ["theme"]
    assert _schema("find_skill")["required"] == ["distress", "minutes"]
    assert _schema("get_safety_plan")["properties"]["format"]["enum"] == list(PLAN_FORMATS)


def test_a_library_without_content_keeps_patterns_instead_of_empty_enums() -> None:
    empty = dtol.load(builtin=False)
    schema = input_schema(empty, "get_technique")
    assert "enum" not in schema["properties"]["id"]
    assert schema["properties"]["id"]["pattern"].startswith("^[a-z0-9]")
    assert input_schema(empty, "get_reframe")["properties"]["theme"]["enum"] == [
        t.value for t in ReframeTheme
    ]
    with pytest.raises(ArgumentError, match="get_technique: id: String should match pattern"):
        call_tool(empty, "get_technique", {"id": "Not An Id"})


def test_argument_models_are_kept_per_library(library: dtol.Library) -> None:
    assert argument_models(library) is argument_models(library)
    assert argument_models(library) is not argument_models(dtol.load(builtin=False))


def test_renderers_are_kept_for_the_last_few_libraries(library: dtol.Library) -> None:
    from distress_tolerance._channels import tools

    assert tools._renderer(library) is tools._renderer(library)
    others = [dtol.load(builtin=False) for _ in range(tools.RENDERERS_KEPT + 2)]
    for other in others:
        assert tools._renderer(other).library is other
    assert len(tools._renderers) == tools.RENDERERS_KEPT


def test_the_published_file_is_current() -> None:
    """docs/schema/tools.json equals the definitions (regenerate:
    python -m distress_tolerance._channels.tools > docs/schema/tools.json)."""
    committed = (ROOT / "docs" / "schema" / "tools.json").read_text(encoding="utf-8")
    assert committed == tools_file()
    document = json.loads(committed)
    assert document["tools"] == tool_definitions()
    assert document["input_schema_dialect"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_generator_prints_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main() == 0
    assert capsys.readouterr().out == tools_file()


# find_skill -------------------------------------------------------------------------------------


def test_find_skill_answers_skills_in_the_locale_with_cautions_and_the_crisis_route(
    library: dtol.Library,
) -> None:
    answer = call_tool(
        library, "find_skill", {"distress": 8, "minutes": 20, "locale": "es", "region": "mx"}, now=WEEKDAY
    )
    assert answer["tool"] == "find_skill"
    assert answer["locale"] == "es"
    assert 1 <= len(answer["skills"]) <= 3
    ids = [s["id"] for s in answer["skills"]]
    expected = dtol.suggest(library, distress=8, minutes=20, setting="private", locale="es", region="MX")
    assert ids == [item.id for item in expected.items][:3]
    first = answer["skills"][0]
    localized = library.localize(first["id"], "es")
    assert first["title"] == localized.title.text
    assert first["summary"] == localized.summary.text
    assert [c["text"] for c in first["cautions"]] == [c.text.text for c in localized.cautions]
    tipp = next((s for s in answer["skills"] if s["id"] == "tipp"), None)
    if tipp is not None:
        assert "medical" in {c["kind"] for c in tipp["cautions"]}
    crisis = answer["crisis"]
    assert crisis["region"] == "MX"
    assert crisis["services"] and crisis["emergency_numbers"]
    assert crisis["text"] == dtol.Renderer(library).render_crisis(format="text", locale="es", region="MX")
    json.dumps(answer, allow_nan=False)


def test_find_skill_limit_and_setting(library: dtol.Library) -> None:
    many = call_tool(library, "find_skill", {"distress": 5, "minutes": 60, "limit": 10}, now=WEEKDAY)
    one = call_tool(library, "find_skill", {"distress": 5, "minutes": 60, "limit": 1}, now=WEEKDAY)
    assert [s["id"] for s in one["skills"]] == [s["id"] for s in many["skills"]][:1]
    assert one["more_available"] is True
    public = call_tool(
        library, "find_skill", {"distress": 5, "minutes": 60, "setting": "public", "limit": 10}
    )
    for skill in public["skills"]:
        assert library.lookup(skill["id"]).when.discreet
        assert "discreet" in skill["reasons"]


def test_find_skill_at_the_top_of_the_scale_asks_to_reach_out(library: dtol.Library) -> None:
    answer = call_tool(library, "find_skill", {"distress": 10, "minutes": 5, "region": "GB"})
    assert answer["reach_out_now"] is True
    assert answer["crisis"]["prominent"] is True
    assert "crisis line" in answer["guidance"]


def test_find_skill_after_harm_starts_with_the_first_hour(library: dtol.Library) -> None:
    answer = call_tool(
        library, "find_skill", {"distress": 6, "minutes": 30, "region": "US", "harm_just_happened": True}
    )
    assert "911" in answer["first_hour"]["text"]
    assert answer["guidance"].startswith("The person has just hurt themselves")
    for skill in answer["skills"]:
        assert "medical" not in {c["kind"] for c in skill["cautions"]}


def test_find_skill_without_a_fit_still_carries_the_crisis_route(library: dtol.Library) -> None:
    answer = call_tool(library, "find_skill", {"distress": 10, "minutes": 1, "setting": "public"})
    assert answer["skills"] == []
    assert "No skill fits" in answer["guidance"]
    assert answer["crisis"]["text"]
    assert answer["crisis"]["instruction"]  # no region: contact local emergency services
    assert "US" in answer["crisis"]["regions_available"]


# get_technique ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_technique_renders_every_format(library: dtol.Library, renderer: dtol.Renderer, fmt: str) -> None:
    answer = call_tool(
        library,
        "get_technique",
        {"id": "tipp", "format": fmt, "locale": "de", "region": "DE"},
        renderer=renderer,
    )
    assert answer["content"] == str(renderer.render("tipp", format=fmt, locale="de", region="DE"))
    assert answer["format"] == fmt
    assert answer["region"] == "DE"
    assert answer["review_status"] == library.lookup("tipp").review.status.value
    if fmt == "json":
        assert answer["media_type"] == "application/json"
        assert json.loads(answer["content"])["crisis"]["region"] == "DE"


def test_get_technique_defaults_to_markdown_in_english(library: dtol.Library) -> None:
    answer = call_tool(library, "get_technique", {"id": "stop"})
    assert answer["format"] == "markdown"
    assert answer["media_type"] == "text/markdown"
    assert answer["content"].startswith("## STOP")
    assert "region_note" not in answer


# get_crisis_services ----------------------------------------------------------------------------


def test_get_crisis_services_lists_the_region_with_emergency_numbers(library: dtol.Library) -> None:
    answer = call_tool(library, "get_crisis_services", {"region": "us"}, now=WEEKDAY)
    assert answer["region"] == "US"
    assert [s["id"] for s in answer["services"]] == [s.id for s in library.crisis_services("US")]
    assert answer["services"][0]["primary"] is True
    assert answer["emergency_numbers"][0] == {"number": "911", "services": ["general"], "href": "tel:911"}
    assert "In an emergency, call 911." in answer["message"]
    assert answer["checked_at"] == WEEKDAY.isoformat()


def test_open_now_follows_the_hours(library: dtol.Library) -> None:
    """A weekday-only line is kept on a weekday morning in its time zone and left out on Sunday night."""
    weekday_only = [
        s
        for s in library.crisis_services("US")
        if not all(c.hours.always for c in s.contacts)
        and not any(c.is_open(SUNDAY) for c in s.contacts)
        and any(c.is_open(WEEKDAY) for c in s.contacts)
    ]
    assert weekday_only, "the US data has a line with office hours"
    service_id = weekday_only[0].id
    on_weekday = call_tool(library, "get_crisis_services", {"region": "US", "open_now": True}, now=WEEKDAY)
    on_sunday = call_tool(library, "get_crisis_services", {"region": "US", "open_now": True}, now=SUNDAY)
    assert service_id in [s["id"] for s in on_weekday["services"]]
    assert service_id not in [s["id"] for s in on_sunday["services"]]
    for answer in (on_weekday, on_sunday):
        assert all(c["open_now"] for s in answer["services"] for c in s["contacts"])


def test_audience_and_language_filters(library: dtol.Library) -> None:
    answer = call_tool(library, "get_crisis_services", {"region": "US", "language": "es"}, now=WEEKDAY)
    assert answer["services"]
    for service in answer["services"]:
        assert all(any(lang.split("-")[0] == "es" for lang in c["languages"]) for c in service["contacts"])
    youth = call_tool(library, "get_crisis_services", {"region": "US", "audience": "youth"}, now=WEEKDAY)
    for service in youth["services"]:
        assert all({"youth", "everyone"} & set(c["audience"]) for c in service["contacts"])


def test_filters_that_leave_nothing_say_so_and_keep_the_emergency_number(library: dtol.Library) -> None:
    answer = call_tool(library, "get_crisis_services", {"region": "US", "language": "tlh"}, now=WEEKDAY)
    assert answer["services"] == []
    assert "No line for US matches these filters" in answer["message"]
    assert "call 911" in answer["message"]
    assert answer["emergency_numbers"][0]["number"] == "911"
    assert [s["id"] for s in answer["other_services"]] == [s.id for s in library.crisis_services("US")]


def test_without_a_region_the_answer_says_to_contact_local_emergency_services(library: dtol.Library) -> None:
    answer = call_tool(library, "get_crisis_services", {}, now=WEEKDAY)
    assert answer["region"] is None
    assert answer["services"] == []
    assert answer["emergency_numbers"] == []
    assert answer["instruction"]
    assert "no region was given" in answer["message"]
    assert "local emergency number" in answer["message"]
    assert answer["regions_available"] == list(library.regions())


def test_a_code_that_is_not_a_region_is_answered_not_refused(library: dtol.Library) -> None:
    """Two letters that are not ISO 3166-1 get no services (never a guessed country) and a note."""
    answer = call_tool(library, "get_crisis_services", {"region": "XX", "locale": "pt_BR"}, now=WEEKDAY)
    assert answer["region"] == "ZZ"  # not listed; pt_BR's own region (BR) is not used
    assert answer["services"] == []
    assert "'XX' is not an ISO 3166-1 region code" in answer["region_note"]
    assert "local emergency number" in answer["message"]


def test_a_region_with_emergency_numbers_but_no_lines(library: dtol.Library) -> None:
    region = next(r for r in library.emergency_regions() if r not in library.regions())
    answer = call_tool(library, "get_crisis_services", {"region": region}, now=WEEKDAY)
    assert answer["services"] == []
    assert answer["emergency_numbers"]
    assert f"No crisis lines: no lines are listed for {region}." in answer["message"]
    assert f"call {answer['emergency_numbers'][0]['number']}" in answer["message"]


# get_reframe ------------------------------------------------------------------------------------


def test_get_reframe_gives_the_theme_in_the_locale(library: dtol.Library) -> None:
    answer = call_tool(library, "get_reframe", {"theme": "mistakes", "locale": "fr"})
    assert [r["id"] for r in answer["reframes"]] == [r.id for r in library.reframes(theme="mistakes")]
    assert all(r["lang"] == "fr" for r in answer["reframes"])
    assert answer["crisis"]["text"]


def test_risk_reframes_carry_the_crisis_route_prominently(library: dtol.Library) -> None:
    theme = next(r.theme.value for r in library.reframes() if r.risk)
    answer = call_tool(library, "get_reframe", {"theme": theme, "region": "AU"})
    assert answer["risk"] is True
    assert any(r["risk"] for r in answer["reframes"])
    assert answer["crisis"]["prominent"] is True
    assert answer["crisis"]["region"] == "AU"
    assert answer["crisis"]["services"]
    assert "share crisis.text" in answer["guidance"]


# get_safety_plan --------------------------------------------------------------------------------


def test_get_safety_plan_gives_every_part_and_a_rendering_ending_with_the_route(
    library: dtol.Library,
) -> None:
    """The blank plan's parts in the person's language, a rendering in the asked format that ends
    with the region's crisis route, and the route as data."""
    form = library.localize_plan_form("pt_BR")
    answer = call_tool(library, "get_safety_plan", {"locale": "pt_BR", "region": "BR", "format": "text"})
    assert [p["id"] for p in answer["parts"]] == [s.id.value for s in form.sections]
    assert [p["heading"] for p in answer["parts"]] == [s.heading.text for s in form.sections]
    assert answer["title"] == form.title.text and answer["lang"] == "pt-BR"
    assert answer["content"] == str(
        dtol.Renderer(library).render_plan(format="text", locale="pt_BR", region="BR")
    )
    assert "188" in answer["content"].rsplit(form.sections[-1].heading.text, 1)[1]  # the route comes last
    assert answer["crisis"]["region"] == "BR" and answer["crisis"]["prominent"] is False
    assert answer["media_type"] == "text/plain"


def test_get_safety_plan_refuses_a_format_the_plan_has_not(library: dtol.Library) -> None:
    with pytest.raises(ArgumentError, match="get_safety_plan: format: Input should be 'text'"):
        call_tool(library, "get_safety_plan", {"format": "card"})


def test_a_library_without_a_plan_form_says_so_and_still_gives_the_route() -> None:
    answer = call_tool(dtol.load(builtin=False), "get_safety_plan", {"region": "US"})
    assert "no safety plan form" in answer["guidance"]
    assert answer["crisis"]["text"].strip()


# require_reviewed: the host's policy ------------------------------------------------------------

_CRISIS_HEADING = "If you need help now"
_STRICT_CALLS = [
    ("find_skill", {"distress": 6, "minutes": 10, "locale": "de", "region": "DE"}),
    ("get_technique", {"id": "tipp", "locale": "de", "region": "DE", "format": "text"}),
    ("get_crisis_services", {"locale": "de", "region": "DE"}),
    ("get_reframe", {"theme": "future", "locale": "de", "region": "DE"}),
    ("get_safety_plan", {"locale": "de", "region": "DE", "format": "text"}),
]


@pytest.mark.parametrize(("name", "arguments"), _STRICT_CALLS, ids=[n for n, _ in _STRICT_CALLS])
def test_require_reviewed_gives_unreviewed_crisis_wording_in_english(
    library: dtol.Library, name: str, arguments: dict[str, Any]
) -> None:
    """With the policy on, every tool's crisis wording whose German translation is not reviewed
    comes in English; without it, in German (the premise: de ships it unreviewed)."""
    translator = library.translator(None, "de")
    german = translator.gettext(_CRISIS_HEADING, "crisis")
    assert german != _CRISIS_HEADING and translator.has_unreviewed("crisis")
    for strict, shown, hidden in ((True, _CRISIS_HEADING, german), (False, german, _CRISIS_HEADING)):
        answer = call_tool(library, name, arguments, now=WEEKDAY, require_reviewed=strict)
        text = (
            answer["content"]
            if name in {"get_technique", "get_safety_plan"}
            else (answer["text"] if name == "get_crisis_services" else answer["crisis"]["text"])
        )
        assert shown in text and hidden not in text


def test_require_reviewed_gives_unreviewed_cautions_in_english(library: dtol.Library) -> None:
    english = library.lookup("tipp").cautions[0].text
    german = library.localize("tipp", "de").cautions[0].text.text
    skills = {"distress": 8, "minutes": 15, "locale": "de", "limit": 10}
    for strict, shown, hidden in ((True, english, german), (False, german, english)):
        technique = call_tool(
            library, "get_technique", {"id": "tipp", "locale": "de"}, require_reviewed=strict
        )
        assert shown in technique["content"].replace("\\", "") and hidden not in technique["content"]
        found = next(
            s
            for s in call_tool(library, "find_skill", skills, require_reviewed=strict)["skills"]
            if s["id"] == "tipp"
        )
        assert found["cautions"][0]["text"] == shown


def test_require_reviewed_must_be_a_boolean(library: dtol.Library) -> None:
    with pytest.raises(ArgumentError, match="require_reviewed must be True or False, not 'yes'"):
        call_tool(library, "get_crisis_services", {}, require_reviewed="yes")  # type: ignore[arg-type]


# Bad calls --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "arguments", "message"),
    [
        ("nope", {}, "unknown tool 'nope': choose one of find_skill"),
        (None, {}, "unknown tool None"),
        ("find_skill", [], "find_skill: arguments must be an object"),
        ("find_skill", {"minutes": 5}, "find_skill: distress is required"),
        ("find_skill", {"distress": 11, "minutes": 5}, "distress: Input should be less than or equal to 10"),
        ("find_skill", {"distress": "5", "minutes": 5}, "distress: Input should be a valid integer, not '5'"),
        ("find_skill", {"distress": True, "minutes": 5}, "distress: Input should be a valid integer"),
        ("find_skill", {"distress": 5, "minutes": 5, "mood": "low"}, "unknown argument 'mood'"),
        ("find_skill", {"distress": 5, "minutes": 5, "setting": "car"}, "setting: Input should be 'private'"),
        ("find_skill", {"distress": 5, "minutes": 5, "locale": "../evil"}, "locale: Input should be 'ar'"),
        ("find_skill", {"distress": 5, "minutes": 5, "region": "USA"}, "region: String should match pattern"),
        ("find_skill", {"distress": 5, "minutes": float("nan")}, "every argument must be a JSON value"),
        ("find_skill", {1: 5}, "argument names must be strings"),
        ("get_technique", {"id": "stop", "format": "pdf"}, "format: Input should be 'text', 'markdown'"),
        ("get_technique", {"id": "no-such-skill"}, "id: Input should be 'contrary-action'"),
        ("get_crisis_services", {"open_now": "yes"}, "open_now: Input should be a valid boolean"),
        ("get_crisis_services", {"audience": "aliens"}, "audience: Input should be 'everyone'"),
        ("get_crisis_services", {"language": "<script>"}, "language: String should match pattern"),
        ("get_reframe", None, "get_reframe: theme is required"),
        ("get_reframe", {"theme": "weather"}, "theme: Input should be 'failure'"),
    ],
)
def test_bad_calls_raise_argument_error_naming_the_fault(
    library: dtol.Library, name: Any, arguments: Any, message: str
) -> None:
    with pytest.raises(ArgumentError) as caught:
        call_tool(library, name, arguments)
    assert message in str(caught.value)
    assert len(str(caught.value)) < 1000


def test_a_whole_float_counts_as_the_number(library: dtol.Library) -> None:
    """JSON Schema's integer takes 5.0, so the dispatcher does too."""
    answer = call_tool(library, "find_skill", {"distress": 5.0, "minutes": 10.0})
    assert answer["distress"] == 5


def test_now_and_renderer_are_checked(library: dtol.Library) -> None:
    with pytest.raises(ArgumentError, match="now must be an aware datetime"):
        call_tool(library, "get_crisis_services", {}, now=dt.datetime(2026, 1, 1))
    with pytest.raises(ArgumentError, match="renderer must render the library"):
        call_tool(library, "get_technique", {"id": "stop"}, renderer=dtol.Renderer(dtol.load(builtin=False)))


# Schema and dispatcher agree --------------------------------------------------------------------

_SCHEMAS = {name: _schema(name) for name in TOOL_NAMES}
_VALIDATORS = {name: jsonschema.Draft202012Validator(schema) for name, schema in _SCHEMAS.items()}


_NEAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=1500),
    st.sampled_from([2.0, 2.5, -1.0, 1e30]),
    st.text(max_size=6),
    st.sampled_from(["US", "gb", "ZZ", "XX", "usa", "es", "pt-BR", "tlh", "EN", "markdown", "stop"]),
    st.lists(st.integers(), max_size=2),
)
_STRINGS = ["US", "gb", "ZZ", "XX", "mx", "AQ", "es", "pt-BR", "ase", "tlh", "en_GB"]


@st.composite
def _value(draw: st.DrawFn, spec: dict[str, Any]) -> Any:
    """A value for one property: mostly of a type its schema allows, sometimes a near miss."""
    if draw(st.integers(0, 5)) == 0:
        return draw(_NEAR)
    option = draw(st.sampled_from(spec.get("anyOf", [spec])))
    if "enum" in option:
        return draw(st.sampled_from(option["enum"]))
    kind = option.get("type")
    if kind == "integer":
        return draw(st.integers(option.get("minimum", -5) - 1, option.get("maximum", 100) + 1))
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "string":
        return draw(st.sampled_from(_STRINGS))
    return None


@st.composite
def _calls(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(TOOL_NAMES))
    schema = _SCHEMAS[name]
    arguments: dict[str, Any] = {}
    for prop in schema["properties"]:
        required = prop in schema.get("required", [])
        if (required and draw(st.integers(0, 19)) > 0) or draw(st.integers(0, 2)) == 0:
            arguments[prop] = draw(_value(schema["properties"][prop]))
    if draw(st.integers(0, 9)) == 0:
        arguments[draw(st.sampled_from(["extra", "Locale", "distress", "id"]))] = draw(st.integers(0, 3))
    return name, arguments


@given(call=_calls())
def test_the_schema_and_the_dispatcher_accept_the_same_calls(
    library: dtol.Library, renderer: dtol.Renderer, call: tuple[str, dict[str, Any]]
) -> None:
    """A call is answered exactly when its schema accepts its arguments; an answer is JSON, and
    find_skill, get_reframe and get_safety_plan answers always carry the crisis route; get_crisis_services is
    never silently empty."""
    name, arguments = call
    valid = _VALIDATORS[name].is_valid(arguments)
    try:
        answer = call_tool(library, name, arguments, renderer=renderer, now=WEEKDAY)
    except ArgumentError as exc:
        assert not valid, f"the schema accepts {arguments} but the dispatcher said: {exc}"
        return
    assert valid, f"the dispatcher answered {arguments}, which the schema refuses"
    json.dumps(answer, allow_nan=False)
    if name in {"find_skill", "get_reframe", "get_safety_plan"}:
        crisis = answer["crisis"]
        assert crisis["text"].strip()
        assert crisis["emergency_numbers"] or crisis["instruction"]
    if name == "get_crisis_services":
        assert answer["message"]
        assert answer["text"].strip()
        if not answer["services"]:
            assert answer["emergency_numbers"] or "local emergency number" in answer["message"]
