"""The crisis part of the chat-bot tools: ``get_crisis_services`` and the crisis route every other
tool's answer carries, as JSON-ready dicts (see :mod:`~distress_tolerance._channels.tools`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from distress_tolerance._channels.tool_args import GetCrisisServicesArguments, ToolArguments
from distress_tolerance._i18n.locale import NOT_LISTED
from distress_tolerance.exceptions import UnknownRegionError
from distress_tolerance.models import Audience

if TYPE_CHECKING:
    from collections.abc import Mapping

    from distress_tolerance.library import Library
    from distress_tolerance.localized import LocalizedText
    from distress_tolerance.models import Contact, CrisisService, EmergencyNumbers, Hours
    from distress_tolerance.render import Renderer

__all__ = ["Call", "crisis_block", "get_crisis_services", "region_or_note"]


@dataclass(frozen=True, slots=True)
class Call:
    """What a handler needs besides its arguments."""

    library: Library
    renderer: Renderer
    now: dt.datetime
    require_reviewed: bool = False
    """The host's policy: safety text whose translation is not reviewed is shown in English."""


def get_crisis_services(call: Call, args: ToolArguments) -> dict[str, Any]:
    assert isinstance(args, GetCrisisServicesArguments)
    locale = str(args.locale)
    region, note = region_or_note(call.library, locale, args.region)
    route = call.renderer.crisis_route(locale, region, require_reviewed=call.require_reviewed)
    language = args.language

    def keep(service: CrisisService, contact: Contact) -> bool:
        return (
            (not args.open_now or contact.is_open(call.now))
            and (
                args.audience is None
                or args.audience in contact.audience
                or Audience.EVERYONE in contact.audience
            )
            and (language is None or service.answers_in(language, contact))
        )

    matched = []
    for service in route.services:
        contacts = [c for c in service.contacts if keep(service, c)]
        if contacts:
            matched.append(_service(service, locale, call.now, contacts, route.notes))
    numbers = _numbers(route.emergency)
    filters = {
        "open_now": args.open_now,
        "audience": None if args.audience is None else args.audience.value,
        "language": language,
    }
    answer: dict[str, Any] = {
        "tool": "get_crisis_services",
        "region": route.region,
        "locale": locale,
        "checked_at": call.now.isoformat(),
        "filters": filters,
        "services": matched,
        "emergency_numbers": numbers,
    }
    said = []
    if not route.services:
        answer["instruction"] = route.instruction
        answer["regions_available"] = list(route.regions_available)
        where = "no region was given" if route.region is None else f"no lines are listed for {route.region}"
        said.append(f"No crisis lines: {where}.")
    elif not matched:
        answer["other_services"] = [
            _service(s, locale, call.now, list(s.contacts), route.notes) for s in route.services
        ]
        said.append(
            f"No line for {route.region} matches these filters; other_services lists every line the "
            f"region has ({len(route.services)})."
        )
    else:
        said.append(f"{len(matched)} of the {len(route.services)} services for {route.region} match.")
    if numbers:
        said.append(f"In an emergency, call {numbers[0]['number']}.")
    elif route.region is not None:
        said.append(f"No emergency number is recorded for {route.region}.")
    if not route.services or not numbers:
        said.append(
            "Tell the person to call their local emergency number if they are in danger, and ask which "
            "country they are in."
        )
    answer["message"] = " ".join(said)
    if note is not None:
        answer["region_note"] = note
    answer["text"] = call.renderer.render_crisis(
        format="text", locale=locale, region=region, require_reviewed=call.require_reviewed
    )
    return answer


def region_or_note(library: Library, locale: str, region: str | None) -> tuple[str | None, str | None]:
    """The region to use and, for a code that is not ISO 3166-1, a note saying so: such a region
    is answered as not listed (no services, never a guessed country) rather than refused."""
    try:
        return library.region_for(locale, region), None
    except UnknownRegionError as exc:
        hint = f" (did you mean {' or '.join(exc.suggestions)}?)" if exc.suggestions else ""
        note = (
            f"{region!r} is not an ISO 3166-1 region code{hint}; no crisis lines are shown for it. "
            "Ask the person which country they are in."
        )
        return NOT_LISTED, note


def crisis_block(
    call: Call, locale: str, region: str | None, note: str | None, *, prominent: bool
) -> dict[str, Any]:
    """The crisis route as data and as text ready to show, in ``locale``."""
    route = call.renderer.crisis_route(locale, region, require_reviewed=call.require_reviewed)
    block: dict[str, Any] = {
        "prominent": prominent,
        "region": route.region,
        "emergency_numbers": _numbers(route.emergency),
        "services": [_service(s, locale, call.now, list(s.contacts), route.notes) for s in route.services],
        "text": call.renderer.render_crisis(
            format="text", locale=locale, region=region, require_reviewed=call.require_reviewed
        ),
    }
    if not route.services:
        block["instruction"] = route.instruction
        block["regions_available"] = list(route.regions_available)
    if note is not None:
        block["region_note"] = note
    return block


def _numbers(emergency: EmergencyNumbers | None) -> list[dict[str, Any]]:
    if emergency is None:
        return []
    first = emergency.first
    ordered = [first, *(n for n in emergency.numbers if n is not first)]
    return [{"number": n.number, "services": [s.value for s in n.services], "href": n.href} for n in ordered]


def _service(
    service: CrisisService,
    locale: str,
    now: dt.datetime,
    contacts: list[Contact],
    notes: Mapping[str, LocalizedText],
) -> dict[str, Any]:
    return {
        "id": service.id,
        "name": service.name,
        "operator": service.operator,
        "kind": service.kind.value,
        "primary": service.primary,
        "languages": list(service.all_languages),
        "answers_in_reader_language": service.answers_in(locale),
        "open_now": any(c.is_open(now) for c in contacts),
        "contacts": [_contact(c, service, now, notes) for c in contacts],
        "notes": service.notes,
        "confidence": service.confidence.value,
        "last_verified": {
            "status": service.last_verified.status.value,
            "date": service.last_verified.date.isoformat(),
        },
    }


def _contact(
    contact: Contact, service: CrisisService, now: dt.datetime, notes: Mapping[str, LocalizedText]
) -> dict[str, Any]:
    def said(note: str | None) -> str | None:  # a note in the reader's language (the route's)
        return None if note is None else notes[note].text if note in notes else note

    return {
        "mode": contact.mode.value,
        "value": contact.value,
        "display": contact.display,
        "note": said(contact.note),
        "href": contact.href,
        "keyword": contact.keyword,
        "hours": _hours(contact.hours, said(contact.hours.note)),
        "open_now": contact.is_open(now),
        "cost": contact.cost.value,
        "cost_note": said(contact.cost_note),
        "audience": [a.value for a in contact.audience],
        "languages": list(contact.languages or service.languages),
    }


def _hours(hours: Hours, note: str | None) -> dict[str, Any]:
    if hours.always:
        return {"always": True}
    return {
        "always": False,
        "days": [d.value for d in hours.days],
        "opens": None if hours.opens is None else hours.opens.strftime("%H:%M"),
        "closes": None if hours.closes is None else hours.closes.strftime("%H:%M"),
        "time_zone": hours.time_zone,
        "note": note,
    }
