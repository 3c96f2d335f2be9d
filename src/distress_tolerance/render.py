"""Render localized techniques through Jinja templates a host can override.

Content and translations are plain text. HTML and SSML templates escape every value, translated UI
strings included (our gettext callables return plain ``str``, never markup); Markdown receives data
that is already escaped. A host puts its own loader first to replace any template; nothing is ever
compiled from data or from a translation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from distress_tolerance._formats import escape_context, markdown_escape, substitute, wrap_text
from distress_tolerance._locale import language_tag, parse_locale, text_direction
from distress_tolerance._schedule import duration, schedule
from distress_tolerance._translate import UIText
from distress_tolerance.exceptions import RenderError
from distress_tolerance.library import Library, load
from distress_tolerance.localized import CrisisRoute, LocalizedTechnique, TechniqueDocument

if TYPE_CHECKING:
    import jinja2

__all__ = ["FORMATS", "Renderer"]

FORMATS: tuple[str, ...] = ("text", "markdown", "html", "page", "json", "ssml")
"""The output formats of :meth:`Renderer.render`."""

_TEMPLATES = {
    "text": "text/{name}.txt",
    "markdown": "markdown/{name}.md",
    "html": "html/{name}.html",
    "page": "page/{name}.html",
}
_UNESCAPED = ("text/", "markdown/")  # markdown gets escaped data instead (see _formats.py)
_KEEP = frozenset({"h", "locale", "lang_tag", "dir", "region"})


def check_options(fmt: str, formats: tuple[str, ...] | list[str], heading_level: int) -> None:
    """Raise RenderError for a format not in ``formats`` or a heading level outside 1 to 5."""
    if fmt not in formats:
        msg = f"unknown format {fmt!r}: choose one of {', '.join(formats)}"
        raise RenderError(msg)
    if not 1 <= heading_level <= 5:  # noqa: PLR2004 (h1 to h5, leaving room for a level below)
        msg = f"heading_level must be between 1 and 5, not {heading_level}"
        raise RenderError(msg)


def _autoescape(name: str | None) -> bool:
    # Every template escapes but text/ and markdown/ ones, whichever loader provided it.
    return name is None or not name.startswith(_UNESCAPED)


class Renderer:
    """Renders techniques and crisis routes in every format of :data:`FORMATS`.

    ``loader`` is a Jinja loader consulted before ours, so a host can replace any template
    (``html/technique.html``, ``text/technique.txt``, ``page/technique.html``, ...). Renderings are
    cached (at most ``cache_size`` of them; 0 turns the cache off). A renderer is thread-safe.
    """

    def __init__(
        self,
        library: Library | None = None,
        *,
        loader: jinja2.BaseLoader | None = None,
        cache_size: int = 256,
    ) -> None:
        self.library = library if library is not None else load()
        self._host_loader = loader
        self._cache_size = cache_size
        self._cache: OrderedDict[tuple[object, ...], str] = OrderedDict()
        self._lock = threading.Lock()
        self._env: jinja2.Environment | None = None

    @property
    def environment(self) -> jinja2.Environment:
        """The Jinja environment (created on first use): hosts may include our templates."""
        if self._env is None:
            import jinja2

            loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("distress_tolerance", "templates")]
            if self._host_loader is not None:
                loaders.insert(0, self._host_loader)
            env = jinja2.Environment(
                loader=jinja2.ChoiceLoader(loaders),
                autoescape=_autoescape,  # noqa: S701 (escapes every template but text/ and markdown/)
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                auto_reload=False,
                cache_size=-1,
            )
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
        wording whose translation is not reviewed are shown in English. ``heading_level`` (1 to 5)
        is the level of the title heading in ``html`` and ``markdown``; ``width`` wraps ``text``
        output to that many columns.
        """
        normal = parse_locale(locale)
        key = ("technique", technique_id, format, normal, region, heading_level, require_reviewed, width)
        return self._cached(
            key,
            lambda: self._render_technique(
                technique_id, format, normal, region, heading_level, require_reviewed, width
            ),
        )

    def render_crisis(
        self,
        *,
        format: str = "text",  # noqa: A002
        locale: str = "en",
        region: str | None = None,
        heading_level: int = 2,
    ) -> str:
        """Render only the route to crisis help for a region (text, markdown, html or page)."""
        normal = parse_locale(locale)
        key = ("crisis", format, normal, region, heading_level)
        return self._cached(key, lambda: self._template("crisis", format, normal, region, heading_level, {}))

    def messages(
        self,
        technique_id: str,
        *,
        locale: str = "en",
        region: str | None = None,
        require_reviewed: bool = False,
    ) -> tuple[str, ...]:
        """The technique as short plain-text messages for SMS or chat bubbles: one per step.

        The first message names the technique, each caution follows in its own message, then one
        message per step; the last is the crisis route.
        """
        normal = parse_locale(locale)
        text = self._template(
            "messages",
            "text",
            normal,
            region,
            2,
            {"t": self.library.localize(technique_id, normal, require_reviewed=require_reviewed)},
        )
        return tuple(part.strip() for part in text.split("\f") if part.strip())

    def crisis_route(
        self, locale: str, region: str | None = None, *, require_reviewed: bool = False
    ) -> CrisisRoute:
        """The crisis route for a locale and region, as data (the ``json`` format's ``crisis``)."""
        normal = parse_locale(locale)
        chosen = self.library.region_for(normal, region)
        services = self.library.crisis_services(chosen)
        instruction = self._template(
            "no_region", "text", normal, region, 2, {}, require_reviewed=require_reviewed
        ).strip()
        return CrisisRoute(
            region=chosen,
            services=services,
            instruction=instruction,
            regions_available=self.library.regions(),
        )

    def clear_cache(self) -> None:
        """Forget every cached rendering."""
        with self._lock:
            self._cache.clear()

    def context(self, locale: str, *, region: str | None = None, heading_level: int = 2) -> dict[str, Any]:
        """The variables our templates expect, for hosts that render them in their own way."""
        return self._context(parse_locale(locale), region, heading_level, None)

    def _cached(self, key: tuple[object, ...], produce: Callable[[], str]) -> str:
        if self._cache_size:
            with self._lock:
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
                    return hit
        result = produce()
        if self._cache_size:
            with self._lock:
                self._cache[key] = result
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return result

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
        check_options(fmt, FORMATS, level)
        localized = self.library.localize(technique_id, locale, require_reviewed=require_reviewed)
        if fmt == "json":
            attribution = self._template("attribution", "text", locale, region, level, {"t": localized})
            document = TechniqueDocument(
                technique=localized,
                crisis=self.crisis_route(locale, region, require_reviewed=require_reviewed),
                attribution=attribution.strip(),
                generator=f"distress_tolerance {_version()}",
            )
            return document.model_dump_json(indent=2) + "\n"
        if fmt == "ssml":
            return self._ssml(localized, locale, region, require_reviewed)
        text = self._template(
            "technique", fmt, locale, region, level, {"t": localized}, require_reviewed=require_reviewed
        )
        if width is not None and fmt == "text":
            text = wrap_text(text, width)
        return text

    def _ssml(self, localized: LocalizedTechnique, locale: str, region: str | None, strict: bool) -> str:
        """A voice script: title, then the guided-playback cues with their pauses, then the crisis
        route and the attribution, all spoken in the reader's language."""
        from distress_tolerance._cues import cues_to_ssml, timeline

        cues = timeline(localized, translator=self.library.translator(None, locale))
        lang = language_tag(locale)
        route = self._template("crisis", "text", locale, region, 2, {}, require_reviewed=strict)
        attribution = self._template("attribution", "text", locale, region, 2, {"t": localized})
        spoken = [line.strip() for line in route.splitlines() if line.strip().strip("-=")]
        before = [
            (localized.title.text, localized.title.lang),
            (localized.summary.text, localized.summary.lang),
        ]
        after = [(line, lang) for line in [*spoken, attribution.strip()]]
        return cues_to_ssml(cues, lang=locale, before=before, after=after)

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
    ) -> str:
        check_options(fmt, tuple(_TEMPLATES), level)
        escape = markdown_escape if fmt == "markdown" else None
        context = self._context(locale, region, level, escape, require_reviewed=require_reviewed)
        context.update(extra)
        if escape is not None:
            context = escape_context(context, escape, keep=_KEEP | {"_", "gettext", "ngettext", "pgettext"})
        try:
            template = self.environment.get_template(_TEMPLATES[fmt].format(name=name))
            return template.render(context)
        except Exception as exc:  # a host template may fail in any way: report it as ours
            msg = f"cannot render {name} as {fmt}: {exc}"
            raise RenderError(msg) from exc

    def _context(
        self,
        locale: str,
        region: str | None,
        heading_level: int,
        escape: Callable[[str], str] | None,
        *,
        require_reviewed: bool = False,
    ) -> dict[str, Any]:
        translator = self.library.translator(None, locale)
        chosen = self.library.region_for(locale, region)

        def gettext(msgid: str, **variables: object) -> str:
            found = translator.gettext(msgid)
            if not (variables or escape):
                return found
            text = substitute(found, variables, escape)
            return text if escape else UIText(text, found.lang)

        def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
            text = translator.ngettext(singular, plural, n)
            return substitute(text, {"n": n, **variables}, escape)

        def pgettext(context: str, msgid: str, **variables: object) -> str:
            # "crisis" wording is safety-critical: a host may require it reviewed.
            strict = require_reviewed and context == "crisis"
            found = translator.gettext(msgid, context, require_reviewed=strict)
            if not (variables or escape):
                return found
            text = substitute(found, variables, escape)
            return text if escape else UIText(text, found.lang)

        # With require_reviewed, crisis wording whose translation is unreviewed is shown in English:
        # the rendering then says so, as it does for cautions.
        crisis_fallback = require_reviewed and translator.has_unreviewed("crisis")
        return {
            "crisis_fallback": crisis_fallback,
            "_": gettext,
            "gettext": gettext,
            "ngettext": ngettext,
            "pgettext": pgettext,
            "h": heading_level,
            "locale": locale,
            "lang_tag": language_tag(locale),
            "dir": text_direction(locale),
            "region": chosen,
            "services": self.library.crisis_services(chosen),
            "schedule": lambda hours: schedule(hours, locale),
            "format_duration": lambda seconds: duration(seconds, locale),
        }


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("distress-tolerance")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "unknown"
