"""Checks of the arguments of the render functions, and the Jinja environment class that
records where in which template an error happened. Used by :mod:`distress_tolerance.render`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeGuard

from distress_tolerance._i18n.fields import CRISIS_CONTEXT, crisis_fields
from distress_tolerance._i18n.locale import SOURCE_LOCALE, language_tag, text_direction
from distress_tolerance._i18n.lru import LRU, shared
from distress_tolerance._i18n.schedule import cldr_name, duration, language_name, list_of, schedule
from distress_tolerance._i18n.translate import Translator, UIText
from distress_tolerance._render.crisis_view import RouteView, hours_label, route_view
from distress_tolerance._render.formats import substitute
from distress_tolerance._render.labels import Labels
from distress_tolerance.exceptions import RenderError
from distress_tolerance.localized import LocalizedTechnique, LocalizedText, TextStatus

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from distress_tolerance.library import Library
    from distress_tolerance.models import CrisisService, EmergencyNumbers, Technique

MIN_WIDTH = 20
"""The narrowest ``width`` text output is wrapped to."""
MAX_WIDTH = 1000
"""The widest ``width`` accepted."""


def check_options(fmt: object, formats: tuple[str, ...] | list[str], heading_level: object) -> None:
    """Raise RenderError for a format not in ``formats`` or a heading level that is not a whole
    number from 1 to 5 (h1 to h5, leaving room for a level below)."""
    if not isinstance(fmt, str) or fmt not in formats:
        msg = f"unknown format {fmt!r}: choose one of {', '.join(formats)}"
        raise RenderError(msg)
    if not whole(heading_level) or not 1 <= heading_level <= 5:  # noqa: PLR2004
        msg = f"heading_level must be a whole number between 1 and 5, not {heading_level!r}"
        raise RenderError(msg)


def check_arguments(
    *,
    require_reviewed: object = False,
    region: object = None,
    error: type[Exception] = RenderError,
    **texts: object,
) -> None:
    """Raise ``error`` (RenderError for render functions, ArgumentError elsewhere) naming the
    argument that is not what the function takes: each of ``texts`` (``technique_id=...``) a
    non-empty string, ``region`` a string or None, ``require_reviewed`` a bool."""
    for name, value in texts.items():
        if not isinstance(value, str) or not value:
            msg = f"{name} must be a non-empty string, not {short(value)}"
            raise error(msg)
    if region is not None and not isinstance(region, str):
        msg = f"region must be a string such as 'US' or None, not {short(region)}"
        raise error(msg)
    if not isinstance(require_reviewed, bool):
        msg = f"require_reviewed must be True or False, not {short(require_reviewed)}"
        raise error(msg)


def check_time(at: object) -> None:
    """Raise RenderError unless ``at`` is None or an aware datetime (one with a time zone)."""
    import datetime as dt

    if at is None:
        return
    if not isinstance(at, dt.datetime) or at.tzinfo is None or at.utcoffset() is None:
        msg = f"at must be an aware datetime (with a time zone) or None, not {short(at)}"
        raise RenderError(msg)


def whole(value: object) -> TypeGuard[int]:
    """True for an int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def short(value: object) -> str:
    """A value as shown in an error message, cut short (it may be hostile)."""
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."  # noqa: PLR2004


def check_width(width: object) -> None:
    """Raise RenderError unless ``width`` is None or a whole number from MIN_WIDTH to MAX_WIDTH."""
    if width is not None and (not whole(width) or not MIN_WIDTH <= width <= MAX_WIDTH):
        msg = f"width must be a whole number from {MIN_WIDTH} to {MAX_WIDTH}, not {short(width)}"
        raise RenderError(msg)


_HOST_CHECKS: LRU[tuple[Technique, bool]] = shared(256)


def is_host_technique(technique: Technique) -> bool:
    """Whether ``technique`` is a host's, not the built-in one (credited under its own licence, not
    to this project): the same object in the usual case; a copied pack's is compared field by
    field once per technique object (the entry keeps the object alive, so no other object can
    have its id while the entry is kept)."""
    return _HOST_CHECKS.get(id(technique), lambda: (technique, _differs_from_ours(technique)))[1]


def _differs_from_ours(technique: Technique) -> bool:
    from distress_tolerance.library import load

    ours = load().get(technique.id)
    return ours is None or (ours is not technique and ours != technique)


def technique_flags(
    library: Library, technique: LocalizedTechnique, context: dict[str, Any]
) -> dict[str, Any]:
    """What a technique adds to the notices: cautions in English or not yet reviewed, a pointer
    to the first hour after self-harm (for the skills it links), and whether the technique is a
    host's (credited under its own licence, not to this project)."""
    unreviewed = any(
        text.status is TextStatus.UNREVIEWED
        for caution in technique.cautions
        for text in (caution.text, caution.stop_signal)
        if text is not None
    )
    shown = library.get(technique.id)
    first = library.first_hour()
    after_harm = None
    if first is not None and technique.id in first.techniques:
        after_harm = library.localize_first_hour(technique.locale).title.text
    return {
        # the first hour's title, for a technique meant for after self-harm
        "after_harm": after_harm,
        "safety_english": context["safety_english"] or technique.safety_fallback,
        "safety_unreviewed": context["safety_unreviewed"] or unreviewed,
        "host_content": shown is None or is_host_technique(shown),
    }


def localized_notes(
    translator: Translator, services: tuple[CrisisService, ...], *, require_reviewed: bool
) -> dict[str, LocalizedText]:
    """The notes of ``services`` in ``translator``'s language, by their English text; with
    ``require_reviewed``, an unreviewed translation gives way to the English. A note is crisis
    wording, shown as the route shows it (:meth:`Translator.shown_text`)."""
    return {
        field.text: translator.shown_text(field.context, field.text, require_reviewed=require_reviewed)
        for service in services
        for field in crisis_fields(service)
    }


ROUTE_CACHE_SIZE = 64
"""How many worded crisis routes are kept (per library, catalogs, CLDR locale, reader language,
region and options); each is a small frozen view."""
_ROUTES: LRU[RouteView] = shared(ROUTE_CACHE_SIZE)


def template_context(
    library: Library,
    locale: str,
    region: str | None,
    heading_level: int,
    escape: Callable[[str], str] | None,
    require_reviewed: bool,
    at: dt.datetime | None = None,
    *,
    with_route: bool = True,
    linked: tuple[CrisisService, ...] | None = None,
) -> dict[str, Any]:
    """The variables our templates expect (see :meth:`Renderer.context`), for a parsed locale.

    ``route`` (the crisis route's view, the costliest part) is left out with ``with_route=False``,
    for the small pieces that never lay it out (attribution, notices, the no-region instruction).

    ``escape`` (Markdown's) is applied to the text around placeholders of translated strings.
    ``safety_english`` and ``safety_unreviewed`` say whether crisis wording is shown in English
    (``require_reviewed``) or in a translation nobody has reviewed yet.
    """
    translator = library.translator(None, locale)
    chosen = library.region_for(locale, region)

    def words(
        escape: Callable[[str], str] | None, *, source: Translator = translator
    ) -> tuple[Callable[..., str], Callable[..., str]]:
        """gettext and pgettext of ``source``; with ``escape``, the text around placeholders is
        escaped. Every message with a percent sign goes through substitution, variables or not
        (``%%``, how a translator writes a percent sign, becomes ``%`` in every format)."""

        def shown(found: UIText, variables: dict[str, object]) -> str:
            if not (variables or escape or "%" in found):
                return found
            text = substitute(found, variables, escape)
            return text if escape else UIText(text, found.lang)

        def gettext(msgid: str, **variables: object) -> str:
            return shown(source.gettext(msgid), variables)

        def pgettext(context: str, msgid: str, **variables: object) -> str:
            # "crisis" wording is safety-critical: a host may require it reviewed.
            strict = require_reviewed and context == CRISIS_CONTEXT
            return shown(source.gettext(msgid, context, require_reviewed=strict), variables)

        return gettext, pgettext

    gettext, pgettext = words(escape)

    def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
        text = translator.ngettext(singular, plural, n)
        return substitute(text, {"n": n, **variables}, escape)

    # Crisis wording whose translation is unreviewed is shown in English with require_reviewed,
    # and as it is without: either way the rendering says which (as it does for cautions).
    unreviewed = translator.has_unreviewed(CRISIS_CONTEXT)
    services = library.crisis_services(chosen)
    context: dict[str, Any] = {
        "safety_english": require_reviewed and unreviewed,
        "safety_unreviewed": unreviewed and not require_reviewed,
        "host_content": False,
        "_": gettext,
        "gettext": gettext,
        "ngettext": ngettext,
        "pgettext": pgettext,
        "h": heading_level,
        "locale": locale,
        "lang_tag": language_tag(locale),
        "dir": text_direction(locale),
        "region": chosen,
        "services": services,
        "schedule": lambda hours: schedule(hours, locale),
        "format_duration": lambda seconds: duration(seconds, locale),
    }
    about = translator.gettext("About %(duration)s")
    context["labels"] = Labels(gettext, duration, locale=locale, about_lang=about.lang)
    if with_route or linked is not None:
        # When crisis wording is shown in English (require_reviewed), the whole route is worded in
        # English, its labels, hours and language names too: one language to a line, never
        # "Llamada: 988 · answers in: inglés" for a reader in crisis.
        worded = SOURCE_LOCALE if context["safety_english"] else locale
        source = library.translator(None, worded) if context["safety_english"] else translator
        # Plain text throughout (labels and data alike), escaped once with the rest of the context.
        plain_gettext, plain_pgettext = words(None, source=source)

        def data_note(text: str) -> str:
            # A note from the crisis data: crisis wording, translated and substituted like the rest
            # (a translator writes a percent sign as in any other crisis message).
            return plain_pgettext(CRISIS_CONTEXT, text)

        def view(shown: tuple[CrisisService, ...], numbers: EmergencyNumbers | None) -> RouteView:
            return route_view(
                plain_gettext,
                plain_pgettext,
                data_note=data_note,
                locale=locale,
                wording=worded,
                services=shown,
                emergency=numbers,
                language_name=lambda code, ours: language_name(code, worded, ours),
                schedule_label=lambda contact: hours_label(plain_gettext, schedule(contact.hours, worded)),
                join=lambda items: list_of(items, worded),
                at=at,
            )

        if with_route:
            # The route is the costliest part of a context: worded once per what it depends on
            # (never per locale string: a visitor's cannot grow the cache), unless a time is given.
            key = (
                library,
                translator.resolved,
                cldr_name(locale),
                locale.split("_", maxsplit=1)[0],
                chosen,
                require_reviewed,
                escape is not None,
            )
            numbers = library.emergency_numbers(chosen)
            context["route"] = (
                view(services, numbers)
                if at is not None
                else _ROUTES.get(key, lambda: view(services, numbers))
            )
        if linked is not None:  # a safety plan's own services, worded like the route's
            context["linked"] = view(linked, None)
    return context
