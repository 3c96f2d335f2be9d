"""Render localized techniques through Jinja templates a host can override.

Content and translations are plain text: HTML templates escape every value, translated UI
strings included (our gettext callables return plain ``str``, never markup). A host puts its own
loader first to replace any template; nothing is ever compiled from data or from a translation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from distress_tolerance._locale import parse_locale
from distress_tolerance._schedule import schedule
from distress_tolerance.exceptions import RenderError
from distress_tolerance.library import Library, load

if TYPE_CHECKING:
    import jinja2

__all__ = ["FORMATS", "Renderer"]

FORMATS: tuple[str, ...] = ("text", "html")
"""The output formats of :meth:`Renderer.render`."""

_TEMPLATES = {"text": "text/{name}.txt", "html": "html/{name}.html"}


def _autoescape(name: str | None) -> bool:
    # Every template under html/ escapes, whichever loader (ours or a host's) provided it.
    return name is None or not name.startswith("text/")


class Renderer:
    """Renders techniques and crisis routes to text and HTML.

    ``loader`` is a Jinja loader consulted before ours, so a host can replace any template
    (``html/technique.html``, ``text/technique.txt``, ``html/crisis.html``, ...). Renderings are
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
                autoescape=_autoescape,  # noqa: S701 (escapes every template but text/ ones)
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
    ) -> str:
        """Render one technique, ending with the route to crisis help for ``region``.

        Without a region (and none in the locale, as in ``es_MX``) the route says to contact
        local emergency services. ``heading_level`` (1 to 5) is the level of the title heading.
        """
        key = (
            "technique",
            technique_id,
            format,
            parse_locale(locale),
            region,
            heading_level,
            require_reviewed,
        )
        return self._cached(
            key,
            lambda: self._render_technique(
                technique_id, format, locale, region, heading_level, require_reviewed
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
        """Render only the route to crisis help for a region."""
        key = ("crisis", format, parse_locale(locale), region, heading_level)
        return self._cached(key, lambda: self._render("crisis", format, locale, region, heading_level, {}))

    def clear_cache(self) -> None:
        """Forget every cached rendering."""
        with self._lock:
            self._cache.clear()

    def _cached(self, key: tuple[object, ...], produce: Any) -> str:
        if self._cache_size:
            with self._lock:
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
                    return hit
        result: str = produce()
        if self._cache_size:
            with self._lock:
                self._cache[key] = result
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return result

    def _render_technique(
        self, technique_id: str, fmt: str, locale: str, region: str | None, level: int, require_reviewed: bool
    ) -> str:
        localized = self.library.localize(technique_id, locale, require_reviewed=require_reviewed)
        return self._render("technique", fmt, locale, region, level, {"t": localized})

    def _render(
        self, name: str, fmt: str, locale: str, region: str | None, level: int, extra: dict[str, Any]
    ) -> str:
        if fmt not in _TEMPLATES:
            msg = f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}"
            raise RenderError(msg)
        if not 1 <= level <= 5:  # noqa: PLR2004
            msg = f"heading_level must be between 1 and 5, not {level}"
            raise RenderError(msg)
        context = self.context(locale, region=region, heading_level=level)
        context.update(extra)
        try:
            template = self.environment.get_template(_TEMPLATES[fmt].format(name=name))
            return template.render(context)
        except Exception as exc:  # a host template may fail in any way: report it as ours
            msg = f"cannot render {name} as {fmt}: {exc}"
            raise RenderError(msg) from exc

    def context(self, locale: str, *, region: str | None = None, heading_level: int = 2) -> dict[str, Any]:
        """The variables our templates expect, for hosts that render them in their own way."""
        normal = parse_locale(locale)
        translator = self.library.translator(None, normal)
        chosen = self.library.region_for(normal, region)

        def gettext(msgid: str, **variables: object) -> str:
            text = translator.gettext(msgid)
            return text % variables if variables else text

        def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
            text = translator.ngettext(singular, plural, n)
            return text % {"n": n, **variables}

        return {
            "_": gettext,
            "gettext": gettext,
            "ngettext": ngettext,
            "h": heading_level,
            "locale": normal,
            "region": chosen,
            "services": self.library.crisis_services(chosen),
            "schedule": lambda hours: schedule(hours, normal),
        }
