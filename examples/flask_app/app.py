"""A Flask app that shows distress_tolerance skills in the reader's language.

The locale comes from ``Accept-Language`` (or a ``?locale=`` override), the region for crisis lines
from a ``?region=`` query parameter that a small form sets; nothing is stored. Pages are rendered by
the library's own renderer: this app gives it a loader with three host templates (``index.html``,
``error.html`` and an override of ``page/technique.html`` that adds navigation and the region form),
so every value on every page is escaped by Jinja's autoescape and nothing is ever marked safe.

Run it with ``flask --app examples/flask_app/app.py run`` (see README.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from babel import Locale, UnknownLocaleError
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

import distress_tolerance as dt

HERE = Path(__file__).resolve().parent
NOT_LISTED = "ZZ"
"""The region value for "my region is not listed" (CLDR's code for an unknown region)."""

SECURITY_HEADERS = {
    # The pages hold one inline stylesheet and nothing else: no scripts, frames or foreign forms.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def choose_locale(
    override: str | None, accepted: Iterable[tuple[str, float]], available: tuple[str, ...]
) -> str:
    """The locale to render: the ``?locale=`` override if given, else the best match for the
    ``Accept-Language`` header as Werkzeug parsed it (``request.accept_languages``). A malformed
    override raises ``dt.UnknownLocaleError``."""
    if override:
        return dt.negotiate([dt.parse_locale(override)], available)
    return dt.negotiate(accepted, available)


def choose_region(raw: str | None, regions: tuple[str, ...]) -> str | None:
    """A region with crisis lines, ``NOT_LISTED`` for any other value, ``None`` when none was chosen
    (then the renderer uses the locale's region, if it names one, as ``pt_BR`` does)."""
    if not raw:
        return None
    code = raw.strip().upper()
    return code if code in regions else NOT_LISTED


def region_name(code: str, locale: str) -> str:
    """The region's name in the reader's language (from CLDR, through Babel): for a locale CLDR
    does not know (``es_AQ``), its language's, else English."""
    for candidate in (locale, locale.split("_", maxsplit=1)[0], "en"):
        try:
            return str(Locale.parse(candidate).territories.get(code, code))
        except (UnknownLocaleError, ValueError):
            continue
    return code


def query(locale: str, region: str | None) -> str:
    """The query string that keeps the reader's locale and region on every link."""
    return urlencode({"locale": locale, **({"region": region} if region else {})})


def create_app(library: dt.Library | None = None) -> Flask:
    """The Flask application, over ``library`` (default: the built-in content)."""
    library = library if library is not None else dt.load()
    available = library.locales()
    regions = library.regions()
    renderer = dt.Renderer(library, loader=jinja2.FileSystemLoader(HERE / "templates"))
    # Constant helpers for the host templates; the renderer's context brings the rest.
    renderer.environment.globals.update(
        regions=regions, not_listed=NOT_LISTED, region_name=region_name, query=query
    )
    app = Flask(__name__)

    def html(text: str, locale: str, status: int = 200) -> Response:
        response = Response(text, status=status, mimetype="text/html")
        response.headers["Content-Language"] = locale.replace("_", "-")
        response.headers["Vary"] = "Accept-Language"
        response.headers.update(SECURITY_HEADERS)
        return response

    def error(
        status: int, heading: str, message: str, locale: str, home: str, region: str | None = None
    ) -> Response:
        context = renderer.context(locale, region=region, heading_level=2)
        context.update(heading=heading, message=message, home=home)
        return html(renderer.environment.get_template("error.html").render(context), locale, status)

    def header_locale() -> str:
        # Werkzeug parses the header into (tag, quality) pairs; negotiate() takes them as they are.
        return dt.negotiate(request.accept_languages, available)

    def request_locale() -> str:
        return choose_locale(request.args.get("locale"), request.accept_languages, available)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        # Any other address (and any method but GET): our own page, never a bare error.
        status = exc.code or 500
        if status == 404:  # noqa: PLR2004
            return error(404, "Not found", "There is nothing at this address.", header_locale(), "/")
        return error(status, "Cannot show this page", exc.description or "", header_locale(), "/")

    @app.get("/")
    def index() -> Response:
        try:
            locale = request_locale()
        except dt.UnknownLocaleError as exc:
            return error(400, "Unknown language", str(exc), header_locale(), "./")
        region = choose_region(request.args.get("region"), regions) or library.region_for(locale)
        context = renderer.context(locale, region=region, heading_level=2)  # lang, dir, _, crisis route
        context["techniques"] = [library.localize(t, locale) for t in library.techniques()]
        return html(renderer.environment.get_template("index.html").render(context), locale)

    @app.get("/techniques/<technique_id>")
    def technique(technique_id: str) -> Response:
        try:
            locale = request_locale()
        except dt.UnknownLocaleError as exc:
            return error(400, "Unknown language", str(exc), header_locale(), "../")
        region = choose_region(request.args.get("region"), regions)
        try:
            page = renderer.render(technique_id, format="page", locale=locale, region=region, heading_level=1)
        except dt.UnknownTechniqueError:
            message = "There is no skill at this address."
            return error(404, "No such skill", message, locale, "../", region)
        return html(page, locale)

    return app


app = create_app()
