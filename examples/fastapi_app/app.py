"""A FastAPI app that shows distress_tolerance skills in the reader's language.

The locale comes from ``Accept-Language`` (or a ``?locale=`` override), the region for crisis lines
from a ``?region=`` query parameter that a small form sets; nothing is stored. The library renders each
technique as an HTML fragment (``format="html"``), already escaped; this app builds the page around
it as plain strings, passing every value of its own through ``markupsafe.escape``.

Run it with ``uvicorn app:app`` from this folder, or ``fastapi dev examples/fastapi_app/app.py``
(see README.md).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from markupsafe import escape
from starlette.exceptions import HTTPException

import distress_tolerance as dt
from distress_tolerance.localized import LocalizedText

NOT_LISTED = "ZZ"
"""The region value for "my region is not listed" (CLDR's code for an unknown region)."""

SECURITY_HEADERS = {
    # The pages hold no script, style sheet, frame or foreign form.
    "Content-Security-Policy": "default-src 'none'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def choose_locale(override: str | None, header: str, available: tuple[str, ...]) -> str:
    """The locale to render: the ``?locale=`` override if given, else the best match for the
    ``Accept-Language`` header. A malformed override raises ``dt.UnknownLocaleError``."""
    if override:
        return dt.negotiate([dt.parse_locale(override)], available)
    return dt.negotiate(header, available)


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


def page(locale: str, title: str, body: str) -> str:
    """A whole HTML document; ``title`` is plain text, ``body`` is HTML built from escaped parts."""
    lang = locale.replace("_", "-")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}" dir="{escape(dt.text_direction(locale))}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def region_form(ui: dict[str, Any], regions: tuple[str, ...], locale: str, region: str | None) -> str:
    """The region choice: a GET form, so the choice lives in the address and nothing is stored.

    ``ui`` is the renderer's context for the locale: its ``pgettext`` gives the library's wording.
    """
    label = ui["pgettext"]("crisis", "Choose your region to see crisis lines you can call or text.")
    options = "".join(
        f'<option value="{escape(code)}"{" selected" if code == region else ""}>'
        f"{escape(region_name(code, locale))}</option>\n"
        for code in regions
    )
    unknown = " selected" if region not in regions else ""
    return (
        '<form method="get" class="host-region">\n'
        f'<input type="hidden" name="locale" value="{escape(locale)}">\n'
        f'<label for="host-region">{escape(label)}</label>\n'
        f'<select id="host-region" name="region">\n{options}'
        f'<option value="{escape(NOT_LISTED)}" lang="en"{unknown}>Not listed</option>\n</select>\n'
        '<button type="submit" lang="en">Show crisis lines</button>\n</form>\n'
    )


def lang_attribute(text: LocalizedText, locale: str) -> str:
    """` lang="…"` when a text is not in the page's language (an English fallback), else nothing:
    ``es`` text on an ``es_MX`` page needs none."""
    same = text.lang.split("-")[0] == locale.split("_", maxsplit=1)[0]
    return "" if same else f' lang="{escape(text.lang)}"'


def create_app(library: dt.Library | None = None) -> FastAPI:
    """The FastAPI application, over ``library`` (default: the built-in content)."""
    library = library if library is not None else dt.load()
    available = library.locales()
    regions = library.regions()
    renderer = dt.Renderer(library)
    app = FastAPI(title="distress_tolerance example", docs_url=None, redoc_url=None, openapi_url=None)

    def html(text: str, locale: str, status: int = 200) -> HTMLResponse:
        headers = {"Content-Language": locale.replace("_", "-"), "Vary": "Accept-Language"}
        return HTMLResponse(text, status_code=status, headers={**headers, **SECURITY_HEADERS})

    def error(
        status: int, heading: str, message: str, locale: str, home: str, region: str | None = None
    ) -> HTMLResponse:
        body = (
            f'<h1 lang="en">{escape(heading)}</h1>\n<p lang="en">{escape(message)}</p>\n'
            f'<p><a href="{escape(home)}" lang="en">All skills</a></p>\n'
            # the library's HTML is markupsafe.Markup: join it as str, or `str + Markup` escapes the str
            + str(renderer.render_crisis(format="html", locale=locale, region=region, heading_level=2))
            + "\n"
        )
        return html(page(locale, heading, body), locale, status)

    def request_locale(request: Request, override: str | None) -> str:
        return choose_locale(override, request.headers.get("accept-language", ""), available)

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: HTTPException) -> HTMLResponse:
        # Any other address (and any method but GET): our own page, never FastAPI's JSON.
        locale = request_locale(request, None)
        if exc.status_code == 404:  # noqa: PLR2004
            return error(404, "Not found", "There is nothing at this address.", locale, "/")
        return error(exc.status_code, "Cannot show this page", str(exc.detail), locale, "/")

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request, locale: str | None = None, region: str | None = None) -> HTMLResponse:
        try:
            chosen = request_locale(request, locale)
        except dt.UnknownLocaleError as exc:
            return error(400, "Unknown language", str(exc), request_locale(request, None), "./")
        where = choose_region(region, regions) or library.region_for(chosen)
        ui = renderer.context(chosen, region=where)  # the library's translated UI strings
        items = []
        for technique in library.techniques():
            t = library.localize(technique, chosen)
            href = f"techniques/{t.id}?{query(chosen, where)}"
            minutes = ui["ngettext"]("About %(n)s minute", "About %(n)s minutes", t.when.minutes)
            items.append(
                f'<li>\n<h2><a href="{escape(href)}"{lang_attribute(t.title, chosen)}>'
                f"{escape(t.title.text)}</a></h2>\n"
                f"<p{lang_attribute(t.summary, chosen)}>{escape(t.summary.text)}</p>\n"
                f'<p class="dt-duration">{escape(minutes)}</p>\n</li>\n'
            )
        heading = ui["_"]("Skills for getting through hard moments")
        body = (
            f"<h1>{escape(heading)}</h1>\n"
            + region_form(ui, regions, chosen, where)
            + f'<ul class="host-techniques">\n{"".join(items)}</ul>\n'
            + str(renderer.render_crisis(format="html", locale=chosen, region=where, heading_level=2))
            + "\n"
        )
        return html(page(chosen, heading, body), chosen)

    @app.get("/techniques/{technique_id}", response_class=HTMLResponse)
    def technique(
        request: Request, technique_id: str, locale: str | None = None, region: str | None = None
    ) -> HTMLResponse:
        try:
            chosen = request_locale(request, locale)
        except dt.UnknownLocaleError as exc:
            return error(400, "Unknown language", str(exc), request_locale(request, None), "../")
        wanted = choose_region(region, regions)
        try:
            fragment = renderer.render(
                technique_id, format="html", locale=chosen, region=wanted, heading_level=1
            )
        except dt.UnknownTechniqueError:
            message = "There is no skill at this address."
            return error(404, "No such skill", message, chosen, "../", wanted)
        where = wanted or library.region_for(chosen)
        title = library.localize(technique_id, chosen).title.text
        body = (
            f'<nav class="host-nav"><a href="{escape("../?" + query(chosen, where))}" lang="en">'
            "All skills</a></nav>\n"
            + region_form(renderer.context(chosen, region=where), regions, chosen, where)
            + str(fragment)
            + "\n"
        )
        return html(page(chosen, title, body), chosen)

    return app


app = create_app()
