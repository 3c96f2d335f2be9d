"""Choosing a skill for the moment: which techniques fit how someone feels, where, and for how long.

The rules live in one small pure function, :func:`choose`, over English models:

* a technique is *allowed* when the distress level lies in its range, it takes at most the
  minutes available, it can be done in the setting (and, in public, discreetly), and, at
  :data:`HIGH_DISTRESS` or above, it is meant for a crisis (skills to practise only when calm
  are left out);
* allowed techniques are ranked by a tier that depends on the level, then quickest first:
  at high distress, crisis skills that act on the body (tagged with one of :data:`BODY_TAGS`)
  or take at most :data:`QUICK_MINUTES` come first; at :data:`LOW_DISTRESS` or below, skills to
  practise while calm come first; in between, skills meant for a crisis come first.

Each choice carries :class:`SuggestionReason` codes (data, never English); the templates
``text/suggest.txt`` and ``html/suggest.html`` turn them into translated sentences.
:func:`suggest` adds the localized titles and the crisis route for the region.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from distress_tolerance._i18n.locale import language_tag, parse_locale, text_direction
from distress_tolerance._render.support import check_arguments, short
from distress_tolerance.exceptions import ArgumentError
from distress_tolerance.localized import LocalizedFirstHour, LocalizedText
from distress_tolerance.models import (
    Category,
    CautionKind,
    CrisisService,
    Moment,
    ReviewStatus,
    Setting,
    Technique,
)

if TYPE_CHECKING:
    from distress_tolerance.library import Library

__all__ = [
    "BODY_TAGS",
    "HIGH_DISTRESS",
    "LOW_DISTRESS",
    "MAX_DISTRESS",
    "QUICK_MINUTES",
    "REACH_OUT_DISTRESS",
    "Choice",
    "Suggestion",
    "SuggestionReason",
    "Suggestions",
    "allowed",
    "choose",
    "suggest",
]

MAX_DISTRESS = 10
"""The top of the distress scale (0 to 10)."""
HIGH_DISTRESS = 7
"""At or above this level, skills that act on the body fast come first and calm-only skills are left out."""
LOW_DISTRESS = 3
"""At or below this level, skills to practise while calm come first."""
REACH_OUT_DISTRESS = 9
"""At or above this level (the top of the scale), the result suggests reaching out to someone now."""
QUICK_MINUTES = 2
"""A crisis skill this short counts as fast-acting at high distress even without a body tag (STOP)."""
BODY_TAGS = frozenset({"body", "breathing", "tipp"})
"""Tags of skills that change the body's state directly (TIPP, paced breathing, muscle relaxation)."""


class SuggestionReason(StrEnum):
    """Why a technique is suggested; the templates say it in the reader's language."""

    ACTS_ON_BODY = "acts-on-body"
    """It works through the body, so it can bring intense feelings down quickly."""
    QUICK_PAUSE = "quick-pause"
    """It takes a minute or two, so it can be started at once."""
    FOR_STRONG_FEELINGS = "for-strong-feelings"
    """It is made for moments of strong distress."""
    PRACTISE_WHEN_CALM = "practise-when-calm"
    """It builds a skill; it is best practised while calmer."""
    FITS_LEVEL = "fits-level"
    """It suits the level of distress given."""
    DISCREET = "discreet"
    """It can be done in public without others noticing."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One technique chosen by :func:`choose`, with its reasons (the main one first)."""

    technique: Technique
    reasons: tuple[SuggestionReason, ...]


def allowed(technique: Technique, *, distress: int, minutes: int, setting: Setting) -> bool:
    """True when ``technique`` may be suggested at this distress level, time and setting."""
    when = technique.when
    return (
        when.distress.min <= distress <= when.distress.max
        and when.minutes <= minutes
        and setting in when.settings
        and (setting is not Setting.PUBLIC or when.discreet)
        and (distress < HIGH_DISTRESS or Moment.CRISIS in when.moments)
    )


def choose(
    techniques: Iterable[Technique], *, distress: int, minutes: int, setting: Setting | str
) -> tuple[Choice, ...]:
    """The techniques to suggest, best first, each with its reasons (see the module's rules).

    Ties are broken by fewer minutes, then a range reaching higher distress, then id, so the
    order is stable. Raises ValueError for a level outside 0 to 10, fewer than 1 minute or an
    unknown setting.
    """
    place = _check(distress, minutes, setting)
    ranked: list[tuple[tuple[int, int, int, int, str], Choice]] = []
    for technique in techniques:
        if not allowed(technique, distress=distress, minutes=minutes, setting=place):
            continue
        tier, main = _tier(technique, distress)
        reasons = (main, SuggestionReason.DISCREET) if place is Setting.PUBLIC else (main,)
        when = technique.when
        key = (tier, when.minutes, -when.distress.max, -when.distress.min, technique.id)
        ranked.append((key, Choice(technique, reasons)))
    return tuple(choice for _, choice in sorted(ranked, key=lambda item: item[0]))


def _tier(technique: Technique, distress: int) -> tuple[int, SuggestionReason]:
    when = technique.when
    for_crisis = Moment.CRISIS in when.moments
    if distress >= HIGH_DISTRESS:
        if for_crisis and BODY_TAGS.intersection(technique.tags):
            return 0, SuggestionReason.ACTS_ON_BODY
        if for_crisis and when.minutes <= QUICK_MINUTES:
            return 0, SuggestionReason.QUICK_PAUSE
        return 1, SuggestionReason.FOR_STRONG_FEELINGS
    if distress <= LOW_DISTRESS:
        return (
            (0, SuggestionReason.PRACTISE_WHEN_CALM)
            if Moment.CALM in when.moments
            else (1, SuggestionReason.FITS_LEVEL)
        )
    return (
        (0, SuggestionReason.FOR_STRONG_FEELINGS) if for_crisis else (1, SuggestionReason.PRACTISE_WHEN_CALM)
    )


def _check(distress: int, minutes: int, setting: Setting | str) -> Setting:
    if isinstance(distress, bool) or not isinstance(distress, int) or not 0 <= distress <= MAX_DISTRESS:
        msg = f"distress must be a whole number from 0 to {MAX_DISTRESS}, not {short(distress)}"
        raise ArgumentError(msg)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1:
        msg = f"minutes must be a whole number of at least 1, not {short(minutes)}"
        raise ArgumentError(msg)
    try:
        return Setting(setting)
    except ValueError:
        msg = f"setting must be one of {', '.join(s.value for s in Setting)}, not {short(setting)}"
        raise ArgumentError(msg) from None


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Suggestion(_View):
    """One suggested technique, localized, with the reasons it fits (the main one first)."""

    id: str
    title: LocalizedText
    summary: LocalizedText
    category: Category
    minutes: int
    review_status: ReviewStatus
    cautions: tuple[CautionKind, ...]
    """The kinds of caution the technique carries (read them before starting), each once."""
    reasons: tuple[SuggestionReason, ...]


class Suggestions(_View):
    """Techniques for the moment, best first, always followed by the crisis route for ``region``.

    ``reach_out_now`` is true at the top of the distress scale (:data:`REACH_OUT_DISTRESS` and
    above): show the crisis route prominently. ``services`` is empty when the region is unknown;
    then say to contact local emergency services.
    """

    distress: int
    minutes: int
    setting: Setting
    locale: str
    lang: str
    dir: str
    reach_out_now: bool
    items: tuple[Suggestion, ...]
    region: str | None
    services: tuple[CrisisService, ...]
    require_reviewed: bool = False
    """Renderings show crisis wording whose translation is not reviewed in English (and say so)."""
    first_hour: LocalizedFirstHour | None = None
    """Given when the host said harm has just happened: renderings show when to get medical help
    now, with the emergency numbers, before any skill."""


def suggest(
    library: Library,
    *,
    distress: int,
    minutes: int,
    setting: Setting | str,
    locale: str = "en",
    region: str | None = None,
    require_reviewed: bool = False,
    harm_just_happened: bool = False,
) -> Suggestions:
    """Techniques to try now, best first, localized, with the crisis services for the region.

    With ``harm_just_happened`` (the reader has just hurt themselves), the result carries the
    first hour after self-harm (``first_hour``), which renderings show first: when to get medical
    help now, with the region's emergency numbers. Skills with a medical caution (cold water,
    hard exercise) are then left out.

    ``region`` defaults to the locale's (``es_MX`` -> ``MX``); without one, ``services`` is empty.
    With ``require_reviewed``, renderings of the result show crisis wording whose translation is
    not reviewed in English, and say so. Raises ValueError for invalid arguments (RenderError for
    a ``region`` or ``require_reviewed`` of the wrong type) and UnknownLocaleError for a malformed
    locale.
    """
    check_arguments(region=region, require_reviewed=require_reviewed)
    if not isinstance(harm_just_happened, bool):
        msg = f"harm_just_happened must be True or False, not {short(harm_just_happened)}"
        raise ArgumentError(msg)
    normal = parse_locale(locale)
    techniques = library.techniques()
    first_hour = None
    if harm_just_happened:
        techniques = tuple(
            t for t in techniques if all(c.kind is not CautionKind.MEDICAL for c in t.cautions)
        )
        if library.first_hour() is not None:
            first_hour = library.localize_first_hour(normal, require_reviewed=require_reviewed)
    choices = choose(techniques, distress=distress, minutes=minutes, setting=setting)
    items = []
    for choice in choices:
        localized = library.localize(choice.technique, normal, require_reviewed=require_reviewed)
        items.append(
            Suggestion(
                id=localized.id,
                title=localized.title,
                summary=localized.summary,
                category=localized.category,
                minutes=localized.when.minutes,
                review_status=localized.review.status,
                cautions=tuple(dict.fromkeys(c.kind for c in localized.cautions)),
                reasons=choice.reasons,
            )
        )
    chosen = library.region_for(normal, region)
    return Suggestions(
        distress=distress,
        minutes=minutes,
        setting=Setting(setting),
        locale=normal,
        lang=language_tag(normal),
        dir=text_direction(normal),
        reach_out_now=distress >= REACH_OUT_DISTRESS,
        items=tuple(items),
        region=chosen,
        services=library.crisis_services(chosen),
        require_reviewed=require_reviewed,
        first_hour=first_hour,
    )
