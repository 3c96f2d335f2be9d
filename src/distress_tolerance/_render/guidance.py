"""What the first hour after self-harm and the safety plan add to a rendering's context, and their
voice scripts and chat messages, built from the localized views (never from rendered text)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from distress_tolerance._content.guidance_models import PlanPart, Urgency
from distress_tolerance._content.plan import PlanContact, SafetyPlan
from distress_tolerance.localized import (
    LocalizedFirstHour,
    LocalizedPlanForm,
    LocalizedText,
    TechniqueLink,
    TextStatus,
)

if TYPE_CHECKING:
    from distress_tolerance._render.crisis_view import RouteView
    from distress_tolerance.library import Library

Line = tuple[str, str]
"""A sentence and its language tag."""


def first_hour_flags(
    library: Library, first_hour: LocalizedFirstHour, context: dict[str, Any]
) -> dict[str, bool]:
    """The notices the first hour adds (all of it is safety text), and whether it is a host's."""
    from distress_tolerance.library import load

    texts = [first_hour.title, first_hour.summary, first_hour.content_note, first_hour.closing]
    for section in first_hour.sections:
        texts += [section.heading, *(i.text for i in section.items)]
        texts += [] if section.intro is None else [section.intro]
    return {
        "safety_english": context["safety_english"] or first_hour.safety_fallback,
        "safety_unreviewed": context["safety_unreviewed"]
        or any(t.status is TextStatus.UNREVIEWED for t in texts),
        "host_content": library.first_hour() != load().first_hour(),
    }


def first_hour_groups(
    first_hour: LocalizedFirstHour, route: RouteView, label: Callable[[str], str]
) -> list[list[Line]]:
    """The first hour as groups of sentences in reading order, each with its language: the
    opening (content note, title, summary), one group per section (the emergency numbers within
    the `now` one), the skills for afterwards and the closing. The voice script speaks them all;
    each group is one chat message."""
    t = first_hour
    groups = [list(_said(t.content_note, t.title, t.summary))]
    for section in t.sections:
        group = list(_said(section.heading, *([] if section.intro is None else [section.intro])))
        group += _said(*(i.text for i in section.items))
        if section.urgency is Urgency.NOW:
            group += _emergency(route)
        groups.append(group)
    if t.techniques:
        heading = label("Skills for afterwards")
        group = [(str(heading), getattr(heading, "lang", t.lang))]
        group += [(f"{link.title.text}: {link.summary.text}", link.title.lang) for link in t.techniques]
        groups.append(group)
    groups.append(list(_said(t.closing)))
    return groups


def _said(*texts: LocalizedText) -> Iterator[Line]:
    for text in texts:
        yield text.text, text.lang


def _emergency(route: RouteView) -> list[Line]:
    lines = [route.emergency_intro or route.danger, *(f"{c.label}: {c.value}" for c in route.emergency)]
    return [(line, getattr(line, "lang", "")) for line in lines]


def plan_groups(
    form: LocalizedPlanForm, parts: tuple[dict[str, Any], ...], linked: RouteView
) -> list[list[Line]]:
    """A plan as groups of sentences (title and privacy; then one per part: its heading, the
    reader's entries or, when there are none, the prompt), for the voice script and messages."""
    groups = [list(_said(form.title, form.intro, form.privacy))]
    for number, part in enumerate(parts, start=1):
        heading: LocalizedText = part["heading"]
        group: list[Line] = [(f"{number}. {heading.text}", heading.lang)]
        group += [(_entry(e), "") for e in part["entries"]]
        group += [(link.title.text, link.title.lang) for link in part["techniques"]]
        if part["services"]:
            for service in linked.services:
                group.append((service.name, ""))
                group += [(f"{c.label}: {c.value}", getattr(c.label, "lang", "")) for c in service.contacts]
        if len(group) == 1:
            group += _said(part["prompt"])
        groups.append(group)
    groups.append(list(_said(form.closing)))
    return groups


def _entry(entry: dict[str, str | None]) -> str:
    return f"{entry['name']}: {entry['contact']}" if entry["contact"] else str(entry["name"])


def plan_parts(
    form: LocalizedPlanForm,
    plan: SafetyPlan,
    techniques: tuple[TechniqueLink, ...],
) -> tuple[dict[str, Any], ...]:
    """Each part of the plan with its heading, prompt and hint, and the reader's entries
    (``entries``: plain strings; contacts as ``name`` and ``contact``), the techniques linked
    to ``on-my-own``, and whether the crisis services go under it (``professionals``)."""
    parts = []
    for section in form.sections:
        entries = [
            {"name": e.name, "contact": e.contact}
            if isinstance(e, PlanContact)
            else {"name": e, "contact": None}
            for e in plan.entries(section.id)
        ]
        parts.append(
            {
                "id": section.id.value,
                "heading": section.heading,
                "prompt": section.prompt,
                "hint": section.hint,
                "entries": tuple(entries),
                "techniques": techniques if section.id is PlanPart.ON_MY_OWN else (),
                "services": section.id is PlanPart.PROFESSIONALS,
                "contacts": section.id in _CONTACT_PARTS,
            }
        )
    return tuple(parts)


_CONTACT_PARTS = frozenset({PlanPart.DISTRACTIONS, PlanPart.PEOPLE_TO_ASK, PlanPart.PROFESSIONALS})
