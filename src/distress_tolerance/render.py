"""Render localized techniques through Jinja templates a host can override.

Content and translations are plain text. HTML and SSML templates escape every value, translated UI
strings included (our gettext callables return plain ``str``, never markup); Markdown receives data
that is already escaped. A host puts its own loader first to replace any template; nothing is ever
compiled from data or from a translation.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from distress_tolerance._content.pack import precompiled_templates
from distress_tolerance._content.version import package_version
from distress_tolerance._i18n.locale import language_tag, parse_locale
from distress_tolerance._i18n.lru import LRU
from distress_tolerance._i18n.translate import content_locale
from distress_tolerance._render.environment import TEMPLATE_FILTERS as TEMPLATE_FILTERS  # noqa: PLC0414 (public: hosts use render.TEMPLATE_FILTERS)
from distress_tolerance._render.environment import precompiled_loader, template_environment, template_location
from distress_tolerance._render.formats import escape_context, markdown_escape, wrap_text
from distress_tolerance._render.support import (
    MAX_WIDTH,
    MIN_WIDTH,
    check_arguments,
    check_options,
    check_time,
    check_width,
    localized_notes,
    short,
    technique_flags,
    template_context,
    whole,
)
from distress_tolerance.exceptions import ArgumentError, RenderError
from distress_tolerance.library import Library, load
from distress_tolerance.localized import (
    CrisisRoute,
    FirstHourDocument,
    LocalizedFirstHour,
    LocalizedReframe,
    LocalizedTechnique,
    PlanDocument,
    TechniqueDocument,
    TechniqueLink,
)
from distress_tolerance.models import ReframeTheme

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from distress_tolerance._content.plan import SafetyPlan
    from distress_tolerance._render.crisis_view import RouteView
    from distress_tolerance._render.suggest import Suggestions
    from distress_tolerance.models import CrisisService

__all__ = ["FORMATS", "MAX_WIDTH", "MIN_WIDTH", "PLAN_FORMATS", "Renderer"]

FORMATS: tuple[str, ...] = ("text", "markdown", "html", "page", "json", "ssml", "card")
"""The output formats of :meth:`Renderer.render` and :meth:`Renderer.render_first_hour`
(``card``: a few lines for a lock screen, a widget or one SMS, ending with the route to help)."""
PLAN_FORMATS: tuple[str, ...] = tuple(f for f in FORMATS if f != "card")
"""The output formats of :meth:`Renderer.render_plan` (every one but ``card``)."""

_TEMPLATES = {
    "text": "text/{name}.txt",
    "markdown": "markdown/{name}.md",
    "html": "html/{name}.html",
    "page": "page/{name}.html",
}
_KEEP = frozenset({"h", "locale", "lang_tag", "dir", "region", "labels"})  # labels: escaped by `_`
_PIECES = frozenset({"attribution", "notices", "no_region"})  # never lay out the crisis route


def render_template(environment: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render the template ``name`` (ours or a host's) with ``context``.

    Every error becomes a RenderError that names the template and line where it happened (the
    template that failed, which may be one ``name`` includes): a host sees our error, never a bare
    Jinja one.
    """
    try:
        return environment.get_template(name).render(context)
    except Exception as exc:  # a host template may fail in any way: report it as ours
        where = template_location(exc)
        at = f" {where[0]}, line {where[1]}:" if where is not None else ""
        msg = f"cannot render {name}:{at} {type(exc).__name__}: {exc}"
        raise RenderError(msg) from exc


def mark_escaped(text: str) -> Markup:
    """``text``, which autoescaped templates produced, as ``markupsafe.Markup`` so that a host's
    ``{{ html }}`` does not escape it twice. The one audited place that marks text as safe: it is
    only ever given the output of an ``html/`` or ``page/`` template rendered with autoescape."""
    from markupsafe import Markup

    return Markup(text)  # noqa: S704 (autoescaped template output, see above)


class Renderer:
    """Renders techniques and crisis routes in every format of :data:`FORMATS`.

    ``loader`` is a Jinja loader consulted before ours, so a host can replace any template
    (``html/technique.html``, ``text/technique.txt``, ``page/technique.html``, ...). Renderings are
    cached (at most ``cache_size`` of them; 0 turns the cache off). A renderer is thread-safe.

    ``html`` and ``page`` renderings are ``markupsafe.Markup`` (already escaped: ``{{ html }}`` in
    a host's autoescaped layout inserts them as they are); the other formats are plain ``str``.
    With ``require_reviewed``, cautions and crisis wording whose translation is not reviewed are
    shown in English and the output says so; without it, unreviewed translations are used and the
    output says that instead. Every full rendering says when the content is a draft.
    """

    def __init__(
        self,
        library: Library | None = None,
        *,
        loader: jinja2.BaseLoader | None = None,
        cache_size: int = 256,
    ) -> None:
        if not whole(cache_size) or cache_size < 0:
            msg = f"cache_size must be a whole number, 0 or more, not {short(cache_size)}"
            raise ArgumentError(msg)
        self.library = library if library is not None else load()
        self._host_loader = loader
        self._cache: LRU[str] | None = LRU(cache_size) if cache_size else None
        self._lock = threading.Lock()
        self._env: jinja2.Environment | None = None

    @property
    def environment(self) -> jinja2.Environment:
        """The Jinja environment (created on first use): hosts may include our templates."""
        if self._env is None:
            import jinja2

            loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("distress_tolerance", "templates")]
            folder = precompiled_templates()
            precompiled = precompiled_loader(folder) if folder is not None else None
            if precompiled is not None:
                loaders.insert(0, precompiled)
            if self._host_loader is not None:
                loaders.insert(0, self._host_loader)
            env = template_environment(loaders)
            with self._lock:
                if self._env is None:
                    self._env = env
        assert self._env is not None
        return self._env

    def render(
        self,
        technique_id: str,
        *,
        format: str = "text",  # noqa: A002 (the name users expect)
        locale: str = "en",
        region: str | None = None,
        heading_level: int = 2,
        require_reviewed: bool = False,
        width: int | None = None,
    ) -> str:
        """Render one technique, ending with the route to crisis help for ``region``.

        Without a region (and none in the locale, as in ``es``; ``es_MX`` gives ``MX``) the route
        says to contact local emergency services. With ``require_reviewed``, cautions and crisis
        wording whose translation is not reviewed are shown in English, and the output says so.
        ``heading_level`` (1 to 5) is the level of the title heading in ``html`` and ``markdown``;
        ``width`` (:data:`MIN_WIDTH` to :data:`MAX_WIDTH`) wraps ``text`` output to that many
        columns. ``html`` and ``page`` return ``markupsafe.Markup``. Raises RenderError for an
        invalid argument or a broken template, UnknownTechniqueError and UnknownLocaleError.
        """
        check_arguments(technique_id=technique_id, region=region, require_reviewed=require_reviewed)
        check_options(format, FORMATS, heading_level)
        check_width(width)
        normal = parse_locale(locale)
        effective, chosen = self._resolve(normal, region)
        if effective != normal:  # warns once, at the caller, when the locale has no catalog
            self.library.localize(technique_id, normal, require_reviewed=require_reviewed)
        key = ("technique", technique_id, format, effective, chosen, heading_level, require_reviewed, width)
        return self._cached(
            key,
            lambda: self._render_technique(
                technique_id, format, effective, chosen, heading_level, require_reviewed, width
            ),
        )

    def render_crisis(
        self,
        *,
        format: str = "text",  # noqa: A002
        locale: str = "en",
        region: str | None = None,
        heading_level: int = 2,
        require_reviewed: bool = False,
        at: dt.datetime | None = None,
    ) -> str:
        """Render only the route to crisis help for a region (text, markdown, html or page).

        ``require_reviewed`` shows crisis wording whose translation is not reviewed in English,
        and says so. With ``at`` (an aware datetime, such as now), every contact says whether it
        is open then; a closed line is still shown. ``html`` and ``page`` return
        ``markupsafe.Markup``.
        """
        check_arguments(region=region, require_reviewed=require_reviewed)
        check_time(at)
        effective, chosen = self._resolve(parse_locale(locale), region)

        def produce() -> str:
            return self._template(
                "crisis",
                format,
                effective,
                chosen,
                heading_level,
                {},
                require_reviewed=require_reviewed,
                at=at,
            )

        if at is not None:  # a rendering for one moment is not worth keeping
            return produce()
        return self._cached(("crisis", format, effective, chosen, heading_level, require_reviewed), produce)

    def messages(
        self,
        technique_id: str,
        *,
        locale: str = "en",
        region: str | None = None,
        require_reviewed: bool = False,
    ) -> tuple[str, ...]:
        """The technique as short plain-text messages for SMS or chat bubbles: one per step.

        The first message names the technique (and says when it is a draft, and which safety
        text is in English or an unreviewed translation), each caution follows in its own
        message, then one message per step; the last is the crisis route.
        """
        check_arguments(technique_id=technique_id, region=region, require_reviewed=require_reviewed)
        normal = parse_locale(locale)
        localized = self.library.localize(technique_id, normal, require_reviewed=require_reviewed)
        text = self._template(
            "messages", "text", normal, region, 2, {"t": localized}, require_reviewed=require_reviewed
        )
        return _split_messages(text)

    def crisis_route(
        self,
        locale: str,
        region: str | None = None,
        *,
        require_reviewed: bool = False,
        at: dt.datetime | None = None,
    ) -> CrisisRoute:
        """The crisis route for a locale and region, as data (the ``json`` format's ``crisis``):
        the region's emergency numbers, its services (the primary line first), which of them
        answer in the reader's language and, with ``at`` (an aware datetime), which are open then."""
        check_arguments(region=region, require_reviewed=require_reviewed)
        check_time(at)
        normal = parse_locale(locale)
        chosen = self.library.region_for(normal, region)
        services = self.library.crisis_services(chosen)
        instruction = self._template(
            "no_region", "text", normal, region, 2, {}, require_reviewed=require_reviewed
        ).strip()
        return CrisisRoute(
            region=chosen,
            emergency=self.library.emergency_numbers(chosen),
            services=services,
            in_reader_language=tuple(s.id for s in services if s.answers_in(normal)),
            open_now=None if at is None else tuple(s.id for s in services if s.is_open(at)),
            instruction=instruction,
            regions_available=self.library.regions(),
            notes=localized_notes(
                self.library.translator(None, normal), services, require_reviewed=require_reviewed
            ),
        )

    def render_first_hour(
        self,
        *,
        format: str = "text",  # noqa: A002
        locale: str = "en",
        region: str | None = None,
        heading_level: int = 2,
        require_reviewed: bool = False,
    ) -> str:
        """Render the first hour after self-harm: when to get medical help now (with the region's
        emergency numbers right under it), what helps meanwhile, skills for afterwards, and the
        crisis route. Every format of :data:`FORMATS`; all of it is safety text, so
        ``require_reviewed`` shows English wherever a translation is unreviewed."""
        check_arguments(region=region, require_reviewed=require_reviewed)
        check_options(format, FORMATS, heading_level)
        effective, chosen = self._resolve(parse_locale(locale), region)
        key = ("first-hour", format, effective, chosen, heading_level, require_reviewed)
        return self._cached(
            key, lambda: self._first_hour(format, effective, chosen, heading_level, require_reviewed)
        )

    def first_hour_messages(
        self, *, locale: str = "en", region: str | None = None, require_reviewed: bool = False
    ) -> tuple[str, ...]:
        """The first hour as short messages (SMS, chat bubbles): the content note, title and
        summary first, one per section (the emergency numbers with the first), one for the skills,
        and the crisis route last."""
        check_arguments(region=region, require_reviewed=require_reviewed)
        effective, chosen = self._resolve(parse_locale(locale), region)
        return _split_messages(self._first_hour("messages", effective, chosen, 2, require_reviewed))

    def render_plan(
        self,
        plan: SafetyPlan | None = None,
        *,
        format: str = "text",  # noqa: A002
        locale: str = "en",
        region: str | None = None,
        heading_level: int = 2,
        require_reviewed: bool = False,
    ) -> str:
        """Render a safety plan: blank (``None``: the prompts and room to write) or the reader's own.

        Every format of :data:`PLAN_FORMATS`. ``page`` is a printable form that works offline and
        keeps everything on the device (no network; the reader may save the plan as a JSON file).
        The plan's techniques and crisis services are shown as they are now. A plan is the
        reader's text: it is escaped like any untrusted text and never cached or kept. With
        ``require_reviewed``, crisis wording whose translation is not reviewed is shown in English,
        as in :meth:`render`. Raises ArgumentError for something that is not a SafetyPlan or names
        an unknown crisis service, and UnknownTechniqueError for an unknown technique.
        """
        given = _plan_or_blank(plan)
        check_arguments(region=region, require_reviewed=require_reviewed)
        check_options(format, PLAN_FORMATS, heading_level)
        effective, chosen = self._resolve(parse_locale(locale), region)
        args = (given, format, effective, chosen, heading_level, require_reviewed)
        if plan is None:  # only the blank plan is cached: a reader's plan is never kept
            return self._cached(("plan", *args[1:]), lambda: self._plan(*args))
        return self._plan(*args)

    def plan_messages(
        self,
        plan: SafetyPlan | None = None,
        *,
        locale: str = "en",
        region: str | None = None,
        require_reviewed: bool = False,
    ) -> tuple[str, ...]:
        """A safety plan as short messages: the title and privacy note, one per part, then the
        crisis route. ``require_reviewed`` and errors as for :meth:`render_plan`."""
        given = _plan_or_blank(plan)
        check_arguments(region=region, require_reviewed=require_reviewed)
        effective, chosen = self._resolve(parse_locale(locale), region)
        return _split_messages(self._plan(given, "messages", effective, chosen, 2, require_reviewed))

    def render_suggestions(
        self,
        suggestions: Suggestions,
        *,
        format: str = "text",  # noqa: A002 (the name users expect)
        heading_level: int = 2,
        commands: Mapping[str, str] | None = None,
    ) -> str:
        """Render what :func:`~distress_tolerance.suggest` chose as ``text`` or ``html``, ending
        with the crisis route for its region (its locale, region and ``require_reviewed`` are
        the suggestions'). ``commands`` maps a technique id to a command (or address) that shows
        its steps, shown as plain text under its suggestion. Templates ``text/suggest.txt`` and
        ``html/suggest.html``. Raises RenderError for an unknown format or a broken template.
        """
        check_options(format, ("text", "html"), heading_level)
        strict = suggestions.require_reviewed
        extra = {"s": suggestions, "dir": suggestions.dir, "commands": dict(commands or {})}
        out = self._template(
            "suggest",
            format,
            suggestions.locale,
            suggestions.region,
            heading_level,
            extra,
            require_reviewed=strict,
        )
        if format == "html":
            return out  # the HTML template carries the crisis route inside its own section
        crisis = self.render_crisis(
            locale=suggestions.locale, region=suggestions.region, require_reviewed=strict
        )
        return f"{out.rstrip()}\n\n{crisis}"

    def render_reframes(
        self,
        reframes: Sequence[LocalizedReframe],
        *,
        locale: str = "en",
        format: str = "text",  # noqa: A002 (the name users expect)
        grouped: bool = False,
        help_command: str | None = None,
        heading_level: int = 2,
        region: str | None = None,
    ) -> str:
        """Render reframes (from :func:`~distress_tolerance.draw_reframe` or the bank) as ``text``
        or ``html``, ending with a one-line pointer to crisis help, or with the whole crisis route
        for ``region`` when a thought is a ``risk`` one (hopelessness, being a burden, being alone).

        ``grouped`` shows them under a heading per theme (a listing of the bank). ``help_command``
        is a command that shows crisis lines (the CLI passes ``distress-tolerance crisis ...``);
        without it the pointer names crisis lines and local emergency numbers. Templates
        ``text/reframe.txt`` and ``html/reframe.html``. Raises RenderError for an unknown format or
        a broken template.
        """
        check_options(format, ("text", "html"), heading_level)
        normal = parse_locale(locale)
        groups: list[tuple[ReframeTheme, list[LocalizedReframe]]] = []
        for reframe in reframes:
            if groups and groups[-1][0] is reframe.theme:
                groups[-1][1].append(reframe)
            else:
                groups.append((reframe.theme, [reframe]))
        extra = {
            "risk": any(r.risk for r in reframes),
            "reframes": tuple(reframes),
            "groups": tuple((theme, tuple(items)) for theme, items in groups),
            "grouped": grouped,
            "help_command": help_command,
            "root_lang": language_tag(normal),
        }
        return self._template("reframe", format, normal, region, heading_level, extra)

    def clear_cache(self) -> None:
        """Forget every cached rendering."""
        if self._cache is not None:
            self._cache.clear()

    def context(
        self,
        locale: str,
        *,
        region: str | None = None,
        heading_level: int = 2,
        require_reviewed: bool = False,
    ) -> dict[str, Any]:
        """The variables our templates expect, for hosts that render them in their own way.

        ``require_reviewed`` makes ``pgettext("crisis", ...)`` give English where the crisis
        wording's translation is not reviewed (``safety_english`` is then true).
        """
        check_arguments(region=region, require_reviewed=require_reviewed)
        check_options("text", ("text",), heading_level)
        normal = parse_locale(locale)
        return template_context(self.library, normal, region, heading_level, None, require_reviewed)

    def _resolve(self, locale: str, region: str | None) -> tuple[str, str | None]:
        """What a rendering really depends on: the locale its text is in (``en`` for ``tlh``, which
        has no catalog: every such locale shares one cached rendering) and the region chosen
        (validated; the locale's own when none is named)."""
        chosen = self.library.region_for(locale, region)
        return content_locale(self.library.translator(None, locale)), chosen

    def _cached(self, key: tuple[object, ...], produce: Callable[[], str]) -> str:
        return produce() if self._cache is None else self._cache.get(key, produce)

    def _render_technique(
        self,
        technique_id: str,
        fmt: str,
        locale: str,
        region: str | None,
        level: int,
        require_reviewed: bool,
        width: int | None,
    ) -> str:
        localized = self.library.localize(technique_id, locale, require_reviewed=require_reviewed)
        if fmt == "json":
            attribution = self._template("attribution", "text", locale, region, level, {"t": localized})
            crisis_english = require_reviewed and self.library.translator(None, locale).has_unreviewed(
                "crisis"
            )
            document = TechniqueDocument(
                # safety_fallback: some caution *or crisis wording* is shown in English
                technique=localized.model_copy(
                    update={"safety_fallback": localized.safety_fallback or crisis_english}
                ),
                crisis=self.crisis_route(locale, region, require_reviewed=require_reviewed),
                attribution=attribution.strip(),
                generator=f"distress_tolerance {package_version()}",
            )
            return document.model_dump_json(indent=2) + "\n"
        if fmt == "ssml":
            return self._ssml(localized, locale, region, require_reviewed)
        if fmt == "card":
            return self._template(
                "card", "text", locale, region, level, {"t": localized}, require_reviewed=require_reviewed
            ).strip()
        text = self._template(
            "technique", fmt, locale, region, level, {"t": localized}, require_reviewed=require_reviewed
        )
        if width is not None and fmt == "text":
            text = wrap_text(text, width)
        return text

    def _ssml(self, localized: LocalizedTechnique, locale: str, region: str | None, strict: bool) -> str:
        """A voice script: title, summary and notices (draft, safety text in English or not yet
        reviewed), then the guided-playback cues with their pauses, then the crisis route and the
        attribution, all spoken in the reader's language."""
        from distress_tolerance._play.cues import cues_to_ssml, timeline

        translator = self.library.translator(None, locale)
        cues = timeline(localized, translator=translator)
        lang = language_tag(locale)
        notices = self._template(
            "notices", "text", locale, region, 2, {"t": localized}, require_reviewed=strict
        )
        # The crisis route is spoken from the same view every format lays out (not from text).
        route = template_context(self.library, locale, region, 2, None, strict)["route"]
        attribution = self._template("attribution", "text", locale, region, 2, {"t": localized})
        before = [
            (localized.title.text, localized.title.lang),
            (localized.summary.text, localized.summary.lang),
            *((line.strip(), lang) for line in notices.splitlines() if line.strip()),
        ]
        after = [*route.spoken(lang), (attribution.strip(), lang)]
        return cues_to_ssml(cues, lang=locale, before=before, after=after)

    def _first_hour(self, fmt: str, locale: str, region: str | None, level: int, strict: bool) -> str:
        localized = self.library.localize_first_hour(locale, require_reviewed=strict)
        if fmt == "json":
            document = FirstHourDocument(
                first_hour=localized,
                crisis=self.crisis_route(locale, region, require_reviewed=strict),
                generator=f"distress_tolerance {package_version()}",
            )
            return document.model_dump_json(indent=2) + "\n"
        if fmt == "card":
            extra = {"t": localized, "medical": True}
            return self._template("card", "text", locale, region, level, extra).strip()
        if fmt in {"ssml", "messages"}:
            from distress_tolerance._render.guidance import first_hour_groups

            context = template_context(self.library, locale, region, 2, None, strict)
            groups = first_hour_groups(localized, context["route"], context["_"])
            notices = self._template(
                "notices", "text", locale, region, 2, {"t": localized}, require_reviewed=strict
            )
            groups[0] += [(line.strip(), "") for line in notices.splitlines() if line.strip()]
            return self._spoken(fmt, locale, groups, context["route"])
        return self._template(
            "first_hour", fmt, locale, region, level, {"t": localized}, require_reviewed=strict
        )

    def _plan(
        self, plan: SafetyPlan, fmt: str, locale: str, region: str | None, level: int, strict: bool
    ) -> str:
        from distress_tolerance._render.guidance import plan_groups, plan_parts

        form = self.library.localize_plan_form(locale)
        links = tuple(
            TechniqueLink(id=t.id, title=t.title, summary=t.summary)
            for t in (self.library.localize(ref, locale) for ref in plan.techniques)
        )
        services = tuple(self._service(ref) for ref in plan.services)
        if fmt == "json":
            document = PlanDocument(
                form=form,
                plan=plan,
                techniques=links,
                services=services,
                crisis=self.crisis_route(locale, region, require_reviewed=strict),
                generator=f"distress_tolerance {package_version()}",
            )
            return document.model_dump_json(indent=2) + "\n"
        parts = plan_parts(form, plan, links)
        if fmt in {"ssml", "messages"}:
            context = template_context(self.library, locale, region, 2, None, strict, linked=services)
            groups = plan_groups(form, parts, context["linked"])
            # Spoken and short forms say what the page says first: a draft, safety text in English.
            notices = self._template(
                "notices", "text", locale, region, 2, {"t": form}, require_reviewed=strict
            )
            said = [(line.strip(), "") for line in notices.splitlines() if line.strip()]
            groups[0] = [*groups[0], *said]
            return self._spoken(fmt, locale, groups, context["route"])
        extra: dict[str, Any] = {"t": form, "parts": parts, "plan": plan, "editable": False}
        if fmt == "page":
            extra["script_hash"] = self._script_hash()
        return self._template(
            "plan", fmt, locale, region, level, extra, require_reviewed=strict, linked=services
        )

    @staticmethod
    def _spoken(fmt: str, locale: str, groups: list[list[tuple[str, str]]], route: RouteView) -> str:
        """A voice script of ``groups`` then the crisis route, or (``messages``) one message per
        group and one for the route, separated by form feeds. A sentence with no language of its
        own ("") is in the reader's."""
        tag = language_tag(locale)
        tail = list(route.spoken(tag))
        if fmt == "ssml":
            from distress_tolerance._play.cues import cues_to_ssml

            lines = [(text, lang or tag) for group in groups for text, lang in group]
            return cues_to_ssml((), lang=locale, before=lines, after=tail)
        messages = ["\n".join(text for text, _ in group) for group in groups]
        return "\f".join([*messages, "\n".join(text for text, _ in tail)])

    def _service(self, service_id: str) -> CrisisService:
        found = self.library.crisis_service(service_id)
        if found is None:
            msg = f"the plan names no known crisis service {service_id!r}"
            raise ArgumentError(msg)
        return found

    def _script_hash(self) -> str:
        """The Content-Security-Policy hash of the plan page's one script (a host may replace it)."""
        import base64
        import hashlib

        script = self.environment.get_template("page/plan.js").render()
        return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()

    def _template(
        self,
        name: str,
        fmt: str,
        locale: str,
        region: str | None,
        level: int,
        extra: dict[str, Any],
        *,
        require_reviewed: bool = False,
        at: dt.datetime | None = None,
        linked: tuple[CrisisService, ...] | None = None,
    ) -> str:
        check_options(fmt, tuple(_TEMPLATES), level)
        escape = markdown_escape if fmt == "markdown" else None
        context = template_context(
            self.library,
            locale,
            region,
            level,
            escape,
            require_reviewed,
            at,
            with_route=name not in _PIECES,
            linked=linked,
        )
        technique = extra.get("t")
        if isinstance(technique, LocalizedTechnique):
            context.update(technique_flags(self.library, technique, context))
        elif isinstance(technique, LocalizedFirstHour):
            from distress_tolerance._render.guidance import first_hour_flags

            context.update(first_hour_flags(self.library, technique, context))
        context.update(extra)
        if fmt == "page" and name in {"technique", "first_hour"}:  # schema.org JSON-LD for machine readers
            from distress_tolerance._render.jsonld import page_jsonld

            context["jsonld"] = page_jsonld(technique, context)
        if escape is not None:
            context = escape_context(context, escape, keep=_KEEP | {"_", "gettext", "ngettext", "pgettext"})
        text = render_template(self.environment, _TEMPLATES[fmt].format(name=name), context)
        return mark_escaped(text) if fmt in {"html", "page"} else text


def _split_messages(text: str) -> tuple[str, ...]:
    """The messages of a rendering whose parts are separated by form feeds, blank ones dropped."""
    return tuple(part.strip() for part in text.split("\f") if part.strip())


def _plan_or_blank(plan: object) -> SafetyPlan:
    """``plan`` itself, or a blank plan for None; ArgumentError for anything else."""
    from distress_tolerance._content.plan import SafetyPlan

    if plan is None:
        return SafetyPlan()
    if not isinstance(plan, SafetyPlan):
        msg = f"plan must be a SafetyPlan or None, not {type(plan).__name__}"
        raise ArgumentError(msg)
    return plan
