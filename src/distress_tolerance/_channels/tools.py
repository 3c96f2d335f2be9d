"""Tools a chat bot can call: their definitions (JSON Schema function definitions) and a dispatcher.

Five tools, each answered from the library's vetted content:

* ``find_skill``: skills that fit the moment (distress, minutes, setting), best first, in the
  person's language, with their cautions, and always the crisis route for the region;
* ``get_technique``: one skill rendered in a locale and a format of the renderer;
* ``get_crisis_services``: crisis lines and emergency numbers for a region, filtered by what is
  open now, audience and language; never an empty answer without saying so and giving the
  emergency number;
* ``get_reframe``: kinder alternatives to a harsh thought of one theme, with the crisis route
  (shown prominently when a thought is a ``risk`` one);
* ``get_safety_plan``: the blank safety plan (its parts, and a rendering for the channel) to go
  through with the person, with the crisis route.

A host that must not show unreviewed safety text passes ``require_reviewed=True`` to
:func:`call_tool` (``distress-tolerance mcp --require-reviewed``): it is the operator's policy, so
no tool argument lets a model turn it off.

:func:`tool_definitions` lists them (in a generic, Anthropic, OpenAI or MCP shape); :func:`call_tool`
validates a call against the same models the schemas come from (see
:mod:`~distress_tolerance._channels.tool_args`) and returns a JSON-ready dict. Regenerate the
published file with ``python -m distress_tolerance._channels.tools > docs/schema/tools.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from distress_tolerance._channels.tool_args import (
    TOOL_NAMES,
    FindSkillArguments,
    GetReframeArguments,
    GetSafetyPlanArguments,
    GetTechniqueArguments,
    ToolArguments,
    input_schema,
    validate_arguments,
)
from distress_tolerance._channels.tool_crisis import Call, crisis_block, get_crisis_services, region_or_note
from distress_tolerance._render.reframes import localized_reframes
from distress_tolerance._render.suggest import suggest
from distress_tolerance._render.support import short
from distress_tolerance.exceptions import ArgumentError

if TYPE_CHECKING:
    from distress_tolerance.library import Library
    from distress_tolerance.render import Renderer

__all__ = [
    "DESCRIPTIONS",
    "DIALECT",
    "RENDERERS_KEPT",
    "STYLES",
    "TOOL_NAMES",
    "call_tool",
    "main",
    "tool_definitions",
    "tools_file",
]

STYLES: tuple[str, ...] = ("generic", "anthropic", "openai", "mcp")
"""The shapes :func:`tool_definitions` gives: ``generic`` and ``anthropic`` (``name``,
``description``, ``input_schema``), ``openai`` (``{"type": "function", "function": {...,
"parameters"}}``) and ``mcp`` (``inputSchema`` and read-only ``annotations``)."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every ``input_schema``."""

DESCRIPTIONS: dict[str, str] = {
    "find_skill": (
        "Suggest DBT-informed distress tolerance skills that fit the moment: how intense the "
        "person's distress is, how many minutes they have and whether others are around. Returns "
        "the best few skills (id, name, one-line summary, cautions) in the person's language and, "
        "always, the crisis route for their region in `crisis`: pass it on whenever distress is "
        "high or the person mentions wanting to die or to hurt themselves. Skills help people cope; "
        "they do not replace crisis help or professional care."
    ),
    "get_technique": (
        "Get the full steps of one skill, by the id find_skill gave, in the person's language and "
        "in a format for your channel (markdown by default). Cautions come before the steps: go "
        "through them before the person starts. The rendering ends with where to get crisis help: "
        "keep that part when you show the skill."
    ),
    "get_crisis_services": (
        "Get crisis lines, support services and emergency numbers for a country or region from a "
        "curated directory that records when each entry was checked. Optionally keep only ways of "
        "contact that are open now, meant for a group of people, or answer in a language. The "
        "answer is never silently empty: when nothing matches it says so and still gives the "
        "region's emergency number. If someone is in immediate danger, give the emergency number "
        "first. Copy numbers exactly as given."
    ),
    "get_reframe": (
        "Get kinder, believable alternatives to a harsh thought, chosen by the thought's theme, in "
        "the person's language. Each item pairs a harsh thought with a kinder one: pick the one "
        "closest to what the person said and offer it gently, as a possibility rather than a "
        "correction. Thoughts of hopelessness, of being a burden or of being alone are marked "
        "`risk`: then check on the person's safety and share the crisis route in `crisis`, which "
        "every answer carries."
    ),
    "get_safety_plan": (
        "Get a blank safety plan to go through with the person: what they notice when a crisis "
        "builds, what helps on their own, people and places, who to ask for help, professionals "
        "and crisis lines, making their surroundings safer, and what matters to them and keeps them "
        "going. Returns each part's heading, prompt "
        "and hint in the person's language, a rendering for your channel, and the crisis route in "
        "`crisis`. Offer it when the person is calm enough to plan, one part at a time, in their "
        "own words. Never store or repeat back what they write without being asked: the plan is "
        "theirs. If they are in danger now, give the crisis route instead."
    ),
}
"""What each tool does, as the model reads it."""

_MEDIA_TYPES = {
    "text": "text/plain",
    "card": "text/plain",
    "markdown": "text/markdown",
    "html": "text/html",
    "page": "text/html",
    "json": "application/json",
    "ssml": "application/ssml+xml",
}


def tool_definitions(library: Library | None = None, *, style: str = "generic") -> list[dict[str, Any]]:
    """The tools as JSON Schema function definitions, in the order of :data:`TOOL_NAMES`.

    The enums (locales, technique ids, reframe themes) are those of ``library`` (default: the
    built-in content). ``style`` is one of :data:`STYLES`. Raises ArgumentError for another style.
    """
    if style not in STYLES:
        msg = f"style must be one of {', '.join(STYLES)}, not {short(style)}"
        raise ArgumentError(msg)
    chosen = _library(library)
    found = []
    for name in TOOL_NAMES:
        schema = input_schema(chosen, name)
        description = DESCRIPTIONS[name]
        if style == "openai":
            found.append(
                {
                    "type": "function",
                    "function": {"name": name, "description": description, "parameters": schema},
                }
            )
        elif style == "mcp":
            found.append(
                {
                    "name": name,
                    "description": description,
                    "inputSchema": schema,
                    "annotations": {"readOnlyHint": True, "idempotentHint": True, "openWorldHint": False},
                }
            )
        else:
            found.append({"name": name, "description": description, "input_schema": schema})
    return found


def tools_file(library: Library | None = None) -> str:
    """The text of ``docs/schema/tools.json``: the generic definitions, sorted keys, final newline."""
    document = {
        "$comment": "Generated by `python -m distress_tolerance._channels.tools`: do not edit by hand.",
        "input_schema_dialect": DIALECT,
        "tools": tool_definitions(library),
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def call_tool(
    library: Library,
    name: str,
    arguments: Mapping[str, Any] | None = None,
    *,
    renderer: Renderer | None = None,
    now: dt.datetime | None = None,
    require_reviewed: bool = False,
) -> dict[str, Any]:
    """Answer one tool call: a dict of JSON values (strings, numbers, booleans, lists, dicts, None).

    ``arguments`` must satisfy the tool's schema (see :func:`tool_definitions`); ``renderer``
    (default: one kept per library) must render ``library``; ``now`` (an aware datetime, default:
    the current time) decides which lines are open. With ``require_reviewed`` (the host's policy,
    not an argument a model can pass), cautions and crisis wording whose translation is not
    reviewed are given in English, as :meth:`Renderer.render` does. Raises ArgumentError for an
    unknown tool or arguments the schema refuses, naming each argument at fault.
    """
    if not isinstance(require_reviewed, bool):
        msg = f"require_reviewed must be True or False, not {short(require_reviewed)}"
        raise ArgumentError(msg)
    if now is None:
        now = dt.datetime.now(dt.UTC)
    elif not isinstance(now, dt.datetime) or now.tzinfo is None or now.utcoffset() is None:
        msg = f"now must be an aware datetime (with a time zone), not {short(now)}"
        raise ArgumentError(msg)
    if renderer is not None and renderer.library is not library:
        msg = "renderer must render the library the tool is called with"
        raise ArgumentError(msg)
    args = validate_arguments(library, name, arguments)
    call = Call(library, renderer if renderer is not None else _renderer(library), now, require_reviewed)
    return _HANDLERS[name](call, args)


def _find_skill(call: Call, args: ToolArguments) -> dict[str, Any]:
    assert isinstance(args, FindSkillArguments)
    locale = str(args.locale)
    region, note = region_or_note(call.library, locale, args.region)
    found = suggest(
        call.library,
        distress=args.distress,
        minutes=args.minutes,
        setting=args.setting,
        locale=locale,
        region=region,
        harm_just_happened=args.harm_just_happened,
        require_reviewed=call.require_reviewed,
    )
    skills = []
    for item in found.items[: args.limit]:
        localized = call.library.localize(item.id, locale, require_reviewed=call.require_reviewed)
        skills.append(
            {
                "id": item.id,
                "title": item.title.text,
                "summary": item.summary.text,
                "lang": item.title.lang,
                "category": item.category.value,
                "minutes": item.minutes,
                "review_status": item.review_status.value,
                "reasons": [reason.value for reason in item.reasons],
                "cautions": [
                    {
                        "kind": caution.kind.value,
                        "text": caution.text.text,
                        "stop_signal": None if caution.stop_signal is None else caution.stop_signal.text,
                    }
                    for caution in localized.cautions
                ],
            }
        )
    answer: dict[str, Any] = {
        "tool": "find_skill",
        "locale": found.locale,
        "lang": found.lang,
        "dir": found.dir,
        "distress": found.distress,
        "minutes": found.minutes,
        "setting": found.setting.value,
        "reach_out_now": found.reach_out_now,
        "skills": skills,
        "more_available": len(found.items) > len(skills),
    }
    if found.first_hour is not None:
        answer["first_hour"] = {
            "title": found.first_hour.title.text,
            "text": call.renderer.render_first_hour(
                format="text", locale=locale, region=region, require_reviewed=call.require_reviewed
            ),
        }
    answer["crisis"] = crisis_block(call, locale, region, note, prominent=found.reach_out_now)
    guidance = []
    if found.first_hour is not None:
        guidance.append(
            "The person has just hurt themselves: share first_hour's part on getting medical help now, "
            "with the emergency number, before any skill."
        )
    if found.reach_out_now:
        guidance.append(
            "Distress is at the top of the scale: encourage the person to contact a crisis line or "
            "someone they trust now, and share crisis.text before offering a skill."
        )
    if not skills:
        guidance.append(
            "No skill fits these limits: ask whether the person has a little more time or somewhere "
            "more private, and share the crisis route meanwhile."
        )
    else:
        guidance.append(
            "Offer one skill at a time; get_technique gives its steps. Mention cautions before the "
            "person starts. Always make the crisis route available."
        )
    answer["guidance"] = " ".join(guidance)
    return answer


def _get_technique(call: Call, args: ToolArguments) -> dict[str, Any]:
    assert isinstance(args, GetTechniqueArguments)
    locale, technique_id, fmt = str(args.locale), str(args.id), str(args.format)
    region, note = region_or_note(call.library, locale, args.region)
    strict = call.require_reviewed
    localized = call.library.localize(technique_id, locale, require_reviewed=strict)
    content = call.renderer.render(
        technique_id, format=fmt, locale=locale, region=region, require_reviewed=strict
    )
    answer: dict[str, Any] = {
        "tool": "get_technique",
        "id": technique_id,
        "version": localized.version,
        "title": localized.title.text,
        "locale": locale,
        "lang": localized.lang,
        "region": call.library.region_for(locale, region),
        "format": fmt,
        "media_type": _MEDIA_TYPES.get(fmt, "text/plain"),
        "review_status": localized.review.status.value,
        "content": str(content),
        "guidance": "The content ends with where to get crisis help: keep that part when you show it.",
    }
    if note is not None:
        answer["region_note"] = note
    return answer


def _get_reframe(call: Call, args: ToolArguments) -> dict[str, Any]:
    assert isinstance(args, GetReframeArguments)
    locale, theme = str(args.locale), str(args.theme)
    region, note = region_or_note(call.library, locale, args.region)
    items = localized_reframes(call.library, theme=theme, locale=locale)
    risk = any(r.risk for r in items)
    answer: dict[str, Any] = {
        "tool": "get_reframe",
        "theme": theme,
        "locale": locale,
        "risk": risk,
        "reframes": [
            {
                "id": r.id,
                "harsh": r.harsh.text,
                "kinder": r.kinder.text,
                "lang": r.kinder.lang,
                "translation": r.kinder.status.value,
                "risk": r.risk,
            }
            for r in items
        ],
        "crisis": crisis_block(call, locale, region, note, prominent=risk),
        "guidance": (
            "Some of these thoughts can come with thoughts of suicide: gently ask how the person is "
            "doing and share crisis.text before offering a reframe marked risk."
            if risk
            else "Offer the closest reframe as a possibility, not a correction; crisis.text is there "
            "if the person needs more help."
        ),
    }
    if not items:
        answer["guidance"] = f"No reframe has the theme {theme!r} in this library."
    return answer


def _get_safety_plan(call: Call, args: ToolArguments) -> dict[str, Any]:
    assert isinstance(args, GetSafetyPlanArguments)
    locale, fmt = str(args.locale), str(args.format)
    region, note = region_or_note(call.library, locale, args.region)
    answer: dict[str, Any] = {"tool": "get_safety_plan", "locale": locale}
    if call.library.safety_plan_form() is None:
        answer["crisis"] = crisis_block(call, locale, region, note, prominent=False)
        answer["guidance"] = "This library has no safety plan form; crisis.text is there if needed."
        return answer
    form = call.library.localize_plan_form(locale)
    content = call.renderer.render_plan(
        None, format=fmt, locale=locale, region=region, require_reviewed=call.require_reviewed
    )
    answer.update(
        {
            "lang": form.lang,
            "dir": form.dir,
            "version": form.version,
            "title": form.title.text,
            "intro": form.intro.text,
            "privacy": form.privacy.text,
            "parts": [
                {
                    "id": section.id.value,
                    "heading": section.heading.text,
                    "prompt": section.prompt.text,
                    "hint": None if section.hint is None else section.hint.text,
                    "lang": section.prompt.lang,
                }
                for section in form.sections
            ],
            "closing": form.closing.text,
            "format": fmt,
            "media_type": _MEDIA_TYPES.get(fmt, "text/plain"),
            "review_status": form.review.status.value,
            "content": str(content),
            "crisis": crisis_block(call, locale, region, note, prominent=False),
            "guidance": (
                "Go through the parts in order, one at a time, in the person's own words; they can "
                "skip any part. Say the plan stays theirs (privacy). If they are in danger now, stop "
                "and share crisis.text instead."
            ),
        }
    )
    return answer


_HANDLERS: dict[str, Callable[[Call, ToolArguments], dict[str, Any]]] = {
    "find_skill": _find_skill,
    "get_technique": _get_technique,
    "get_crisis_services": get_crisis_services,
    "get_reframe": _get_reframe,
    "get_safety_plan": _get_safety_plan,
}


RENDERERS_KEPT = 4
"""How many libraries' renderers :func:`call_tool` keeps (a renderer holds its library)."""
_renderers: OrderedDict[int, tuple[Library, Renderer]] = OrderedDict()
_lock = threading.Lock()


def _renderer(library: Library) -> Renderer:
    """A renderer for ``library``, kept for the last few libraries (its templates compile once)."""
    from distress_tolerance.render import Renderer

    with _lock:
        found = _renderers.get(id(library))
        if found is not None and found[0] is library:
            _renderers.move_to_end(id(library))
            return found[1]
        renderer = Renderer(library)
        _renderers[id(library)] = (library, renderer)
        while len(_renderers) > RENDERERS_KEPT:
            _renderers.popitem(last=False)
        return renderer


def _library(library: Library | None) -> Library:
    if library is None:
        from distress_tolerance.library import load

        return load()
    return library


def main() -> int:
    """Print the generated ``docs/schema/tools.json`` to stdout."""
    sys.stdout.write(tools_file())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
